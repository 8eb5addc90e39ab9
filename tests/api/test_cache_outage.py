"""With Redis unreachable, the API keeps serving; throttling is off meanwhile and says so."""

import logging

import pytest
from django.urls import reverse

from posts.models import Post
from tests.config.test_health import DEAD_REDIS
from tests.factories import PASSWORD, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_is_down(settings):
    settings.CACHES = DEAD_REDIS


def test_reads_are_served_while_the_cache_is_down(api_client, redis_is_down):
    PostFactory()

    response = api_client.get(reverse("post-list"))

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_writes_are_served_while_the_cache_is_down(auth_client, alice, redis_is_down):
    response = auth_client(alice).post(reverse("post-list"), {"title": "Still up", "body": "Yes."})

    assert response.status_code == 201
    assert Post.objects.filter(title="Still up").exists()


def test_logins_are_served_while_the_cache_is_down(api_client, alice, redis_is_down):
    response = api_client.post(
        reverse("jwt-create"), {"username": alice.username, "password": PASSWORD}
    )

    assert response.status_code == 200


def test_the_lapse_in_throttling_is_logged(api_client, redis_is_down, caplog):
    with caplog.at_level(logging.WARNING, logger="api.throttling"):
        api_client.get(reverse("post-list"))

    assert any("Throttling is off" in record.getMessage() for record in caplog.records)
