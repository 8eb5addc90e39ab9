"""Which requests run in a transaction: the ones that can write."""

import functools

from django.db import connection, transaction
from django.urls import URLPattern, URLResolver
from rest_framework.permissions import SAFE_METHODS


def atomic_writes(view):
    """`view` with each POST, PUT, PATCH and DELETE in one transaction, and reads in none.

    ATOMIC_REQUESTS wraps reads too. On SQLite every transaction takes the write lock when it
    begins (the settings explain why), so concurrent reads would queue for it behind each other
    and behind every write, sleeping in SQLite's busy handler between tries: a read's p99 was
    40 times its p50 under load. Reads write nothing and need no transaction; without one they
    never wait for a writer (WAL). Inside this transaction DRF still rolls back on any error it
    answers, as under ATOMIC_REQUESTS, which the settings keep on.

    A read inside a transaction that is already open (a test's) gets a savepoint of its own:
    DRF marks the innermost open transaction for rollback when it answers an error
    (encode/django-rest-framework#6921), and that must be the read's, not the caller's.
    """

    @functools.wraps(view)
    def view_with_atomic_writes(request, *args, **kwargs):
        if request.method in SAFE_METHODS and not connection.in_atomic_block:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            return view(request, *args, **kwargs)

    view_with_atomic_writes.writes_are_atomic = True  # What the URL walk checks for.
    return transaction.non_atomic_requests(view_with_atomic_writes)


def with_atomic_writes(urlpatterns):
    """`urlpatterns`, and every pattern they include, with each view wrapped by `atomic_writes`.

    Applied once where the API is mounted (config/urls.py), so that no view under /api/ can miss
    it; a test walks the URL resolver to prove it."""
    return [
        URLResolver(
            url.pattern,
            with_atomic_writes(url.url_patterns),
            url.default_kwargs,
            url.app_name,
            url.namespace,
        )
        if isinstance(url, URLResolver)
        else URLPattern(url.pattern, atomic_writes(url.callback), url.default_args, url.name)
        for url in urlpatterns
    ]
