"""Health endpoints for load balancers: no auth, no throttling, JSON that names what failed."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # Nothing listens on port 1.
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_healthz_says_the_process_is_alive(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_says_ready_when_database_and_cache_answer(client):
    response = client.get(reverse("readyz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_readyz_names_the_cache_when_it_is_unreachable(client, settings):
    settings.CACHES = DEAD_REDIS

    response = client.get(reverse("readyz"))

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["cache"]}


def test_health_endpoints_are_never_throttled(client, limit):
    limit("anon", 1)

    statuses = {client.get(reverse(name)).status_code for name in ["healthz", "readyz"] * 5}

    assert statuses == {200}


def test_health_endpoints_need_no_credentials_and_ignore_bad_ones(client):
    response = client.get(reverse("readyz"), HTTP_AUTHORIZATION="Bearer not-a-token")

    assert response.status_code == 200
