"""A write saves all it was sent or nothing; a read runs outside any transaction."""

import pytest
from django.db import connection, connections, transaction
from django.urls import URLResolver, get_resolver, path, re_path, reverse
from django.urls.resolvers import RegexPattern
from rest_framework.exceptions import ValidationError

from api.errors import api_not_found
from api.transactions import with_atomic_writes
from posts.models import Post, Tag
from posts.views import PostViewSet
from tests.factories import PASSWORD, PostFactory

NEW_POST = {"title": "Half-way", "body": "Never saved.", "tags": ["brand-new-tag"]}


def fail_after_saving(error):
    def read_back(self, serializer):
        raise error

    return read_back


@pytest.mark.django_db
def test_a_write_that_fails_after_saving_leaves_nothing_behind(auth_client, alice, monkeypatch):
    # The post and its new tag are saved when the answer is being built: an error then is a 500.
    monkeypatch.setattr(PostViewSet, "read_back", fail_after_saving(RuntimeError("boom")))

    response = auth_client(alice).post(reverse("post-list"), NEW_POST)

    assert response.status_code == 500
    assert response.json() == {"detail": "A server error occurred."}
    assert not Post.objects.exists()
    assert not Tag.objects.filter(slug="brand-new-tag").exists()


@pytest.mark.django_db
def test_a_write_refused_after_saving_leaves_nothing_behind(auth_client, alice, monkeypatch):
    refusal = ValidationError({"title": ["Refused late."]})
    monkeypatch.setattr(PostViewSet, "read_back", fail_after_saving(refusal))

    response = auth_client(alice).post(reverse("post-list"), NEW_POST)

    assert response.status_code == 400
    assert response.json() == {"title": ["Refused late."]}
    assert not Post.objects.exists()
    assert not Tag.objects.filter(slug="brand-new-tag").exists()


def transaction_states(client, method, url, data=None):
    """Whether each query the request ran was inside a transaction, and the response."""
    states = []

    def record(execute, sql, params, many, context):
        if sql != "BEGIN IMMEDIATE":  # SQLite's start of a transaction, issued just before it.
            states.append(connection.in_atomic_block)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = getattr(client, method)(url, data)
    return states, response


@pytest.mark.django_db(transaction=True)  # No test transaction around the request's own.
def test_reads_run_outside_a_transaction(auth_client, alice):
    post = PostFactory(author=alice)
    client = auth_client(alice)

    for url in [reverse("post-list"), reverse("post-detail", kwargs={"slug": post.slug})]:
        states, response = transaction_states(client, "get", url)

        assert response.status_code == 200
        assert states
        assert not any(states)


@pytest.mark.django_db(transaction=True)
def test_writes_run_in_one_transaction(auth_client, alice):
    states, response = transaction_states(
        auth_client(alice), "post", reverse("post-list"), NEW_POST
    )

    assert response.status_code == 201
    assert states
    assert all(states)


@pytest.mark.django_db(transaction=True)
def test_signing_in_runs_in_one_transaction(api_client, alice):
    credentials = {"username": alice.username, "password": PASSWORD}

    states, response = transaction_states(api_client, "post", reverse("jwt-create"), credentials)

    assert response.status_code == 200
    assert states
    assert all(states)


# What the API serves: every URL under /api/, and the browsable API's sign-in page, whose form
# would otherwise hold SQLite's write lock while it is read.
API_PREFIXES = ("api/", "api-auth/")


def views_under(resolver, prefix=""):
    """(route, view) for every view `resolver` serves, includes followed."""
    for url in resolver.url_patterns:
        route = prefix + str(url.pattern).removeprefix("^")
        if isinstance(url, URLResolver):
            yield from views_under(url, route)
        else:
            yield route, url.callback


def api_routes_without_atomic_writes(resolver):
    """The routes of the API whose view would read inside a transaction (ATOMIC_REQUESTS opens
    one unless the view is marked non-atomic), or would write outside one."""
    atomic_aliases = {
        alias for alias in connections if connections[alias].settings_dict["ATOMIC_REQUESTS"]
    }
    return [
        route
        for route, view in views_under(resolver)
        if route.startswith(API_PREFIXES)
        and not (
            atomic_aliases <= getattr(view, "_non_atomic_requests", set())
            and getattr(view, "writes_are_atomic", False)
        )
    ]


def test_every_view_of_the_api_reads_outside_a_transaction_and_writes_in_one():
    views = [route for route, _ in views_under(get_resolver()) if route.startswith(API_PREFIXES)]

    assert len(views) > 50  # The walk reaches the router, the sign-in and the docs.
    assert api_routes_without_atomic_writes(get_resolver()) == []


def test_a_view_mounted_under_api_without_the_wrapper_is_found():
    resolver = URLResolver(
        RegexPattern(r"^/"),
        [
            *with_atomic_writes([path("api/wrapped/", api_not_found)]),
            path("api/forgotten/", api_not_found),
            re_path(r"^healthz$", api_not_found),
        ],
    )

    assert api_routes_without_atomic_writes(resolver) == ["api/forgotten/"]


@pytest.mark.django_db(transaction=True)
def test_the_browsable_api_sign_in_page_opens_no_transaction(client, monkeypatch):
    # On SQLite, opening one takes the write lock, even for a view that runs no query.
    opened = []
    enter = transaction.Atomic.__enter__
    monkeypatch.setattr(
        transaction.Atomic, "__enter__", lambda atomic: opened.append(atomic) or enter(atomic)
    )

    page = client.get(reverse("rest_framework:login"))

    assert page.status_code == 200
    assert opened == []


@pytest.mark.django_db(transaction=True)
def test_signing_in_to_the_browsable_api_runs_in_one_transaction(client, alice):
    credentials = {"username": alice.username, "password": PASSWORD}

    states, response = transaction_states(
        client, "post", reverse("rest_framework:login"), credentials
    )

    assert response.status_code == 302
    assert states
    assert all(states)
