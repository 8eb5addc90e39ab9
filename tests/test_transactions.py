"""A write saves all it was sent or nothing; a read runs outside any transaction."""

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.exceptions import ValidationError

from posts.models import Post, Tag
from posts.views import PostViewSet
from tests.factories import PASSWORD, PostFactory

NEW_POST = {"title": "Half-way", "body": "Never saved.", "tags": ["brand-new-tag"]}


def fail_after_saving(error):
    def read_back(self, serializer):
        raise error

    return read_back


@pytest.mark.django_db
def test_a_write_that_fails_after_saving_leaves_nothing_behind(auth_client, user, monkeypatch):
    # The post and its new tag are saved when the answer is being built: an error then is a 500.
    monkeypatch.setattr(PostViewSet, "read_back", fail_after_saving(RuntimeError("boom")))

    response = auth_client(user).post(reverse("post-list"), NEW_POST)

    assert response.status_code == 500
    assert response.json() == {"detail": "A server error occurred."}
    assert not Post.objects.exists()
    assert not Tag.objects.filter(slug="brand-new-tag").exists()


@pytest.mark.django_db
def test_a_write_refused_after_saving_leaves_nothing_behind(auth_client, user, monkeypatch):
    refusal = ValidationError({"title": ["Refused late."]})
    monkeypatch.setattr(PostViewSet, "read_back", fail_after_saving(refusal))

    response = auth_client(user).post(reverse("post-list"), NEW_POST)

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
def test_reads_run_outside_a_transaction(auth_client, user):
    post = PostFactory(author=user)
    client = auth_client(user)

    for url in [reverse("post-list"), reverse("post-detail", kwargs={"slug": post.slug})]:
        states, response = transaction_states(client, "get", url)

        assert response.status_code == 200
        assert states
        assert not any(states)


@pytest.mark.django_db(transaction=True)
def test_writes_run_in_one_transaction(auth_client, user):
    states, response = transaction_states(auth_client(user), "post", reverse("post-list"), NEW_POST)

    assert response.status_code == 201
    assert states
    assert all(states)


@pytest.mark.django_db(transaction=True)
def test_signing_in_runs_in_one_transaction(api_client, user):
    credentials = {"username": user.username, "password": PASSWORD}

    states, response = transaction_states(api_client, "post", reverse("jwt-create"), credentials)

    assert response.status_code == 200
    assert states
    assert all(states)
