"""Rate limits: per anonymous client, per user, and the strict `auth` scope per client IP."""

import pytest
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = 3


def lower_rate(monkeypatch, scope):
    """DRF copied the rates at import, so the copy is what a test must lower."""
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, f"{LIMIT}/minute")


@pytest.fixture
def auth_limit(monkeypatch):
    """Only the `auth` scope is lowered, so a 429 cannot come from the anonymous rate."""
    lower_rate(monkeypatch, "auth")


@pytest.fixture
def anon_limit(monkeypatch):
    lower_rate(monkeypatch, "anon")


@pytest.fixture
def user_limit(monkeypatch):
    lower_rate(monkeypatch, "user")


def login(client, user, ip, password=PASSWORD):
    return client.post(
        reverse("jwt-create"), {"username": user.username, "password": password}, REMOTE_ADDR=ip
    )


def assert_throttled(response):
    assert response.status_code == 429
    assert "detail" in response.json()
    assert int(response.headers["Retry-After"]) > 0


def test_fourth_login_from_one_ip_is_throttled(api_client, user, auth_limit):
    for _ in range(LIMIT):
        assert login(api_client, user, "10.0.0.1").status_code == 200

    assert_throttled(login(api_client, user, "10.0.0.1"))


def test_failed_logins_count_towards_the_login_limit(api_client, user, auth_limit):
    for _ in range(LIMIT):
        assert login(api_client, user, "10.0.0.1", password="guess").status_code == 401

    response = login(api_client, user, "10.0.0.1")

    assert_throttled(response)
    assert "access" not in response.json()


def test_login_limit_does_not_affect_another_ip(api_client, user, auth_limit):
    for _ in range(LIMIT + 1):
        login(api_client, user, "10.0.0.1")

    response = login(api_client, user, "10.0.0.2")

    assert response.status_code == 200


def test_forged_forwarded_for_header_does_not_escape_the_login_limit(api_client, user, auth_limit):
    for attempt in range(LIMIT):
        api_client.post(
            reverse("jwt-create"),
            {"username": user.username, "password": "guess"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        )

    response = api_client.post(
        reverse("jwt-create"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )

    assert_throttled(response)


def test_registration_is_throttled_by_the_auth_scope(api_client, auth_limit):
    def register(n):
        return api_client.post(
            reverse("user-list"),
            {"username": f"new{n}", "email": f"new{n}@example.com", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.1",
        )

    for n in range(LIMIT):
        assert register(n).status_code == 201

    assert_throttled(register(LIMIT))
    assert User.objects.count() == LIMIT


def test_password_reset_is_throttled_by_the_auth_scope(api_client, user, auth_limit):
    def reset():
        return api_client.post(
            reverse("user-reset-password"), {"email": user.email}, REMOTE_ADDR="10.0.0.1"
        )

    for _ in range(LIMIT):
        assert reset().status_code == 204

    assert_throttled(reset())


def test_anonymous_reads_are_throttled_past_the_anonymous_rate(api_client, anon_limit):
    for _ in range(LIMIT):
        assert api_client.get(reverse("post-list")).status_code == 200

    assert_throttled(api_client.get(reverse("post-list")))


def test_signed_in_user_is_throttled_past_the_user_rate(auth_client, user, user_limit):
    client = auth_client(user)
    for _ in range(LIMIT):
        assert client.get(reverse("post-list")).status_code == 200

    assert_throttled(client.get(reverse("post-list")))


def test_user_rate_counts_per_user_not_per_ip(auth_client, user, other_user, user_limit):
    client = auth_client(user)
    for _ in range(LIMIT + 1):
        client.get(reverse("post-list"))

    response = auth_client(other_user).get(reverse("post-list"))

    assert response.status_code == 200


def test_anonymous_rate_counts_per_ip(api_client, anon_limit):
    for _ in range(LIMIT + 1):
        api_client.get(reverse("post-list"), REMOTE_ADDR="10.0.0.1")

    response = api_client.get(reverse("post-list"), REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 200
