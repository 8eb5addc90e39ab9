"""Sign-in helpers of the account tests: an attempt at any door, and what a refusal looks like.

Each test lowers only the limit under test, to LIMIT a minute (the `limit` fixture); the attacker
comes from ATTACKER, the owner from HOME.
"""

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from tests.clients import LIMIT
from tests.factories import PASSWORD

__all__ = ["LIMIT"]  # With the helpers below, for the tests that import them from here.

ATTACKER = "203.0.113.66"
HOME = "198.51.100.7"

# The API's doors, and the key of what they answer a right password.
API_DOORS = {"jwt-create": "access", "token-login": "auth_token", "legacy-jwt-auth": "token"}
# Every door that takes a password (test_signin.py checks that no other URL does).
DOORS = [*API_DOORS, "rest_framework:login", "admin:login"]


def sign_in_at(door, login, password=PASSWORD, ip=ATTACKER):
    """One attempt at `door`; the response, whose `signed_in` says whether the client got in."""
    data = {"username": login, "password": password}
    if door in API_DOORS:
        response = APIClient().post(reverse(door), data, REMOTE_ADDR=ip)
        response.signed_in = response.status_code == 200 and API_DOORS[door] in response.json()
    else:
        client = Client()
        response = client.post(reverse(door), data, REMOTE_ADDR=ip)
        response.signed_in = SESSION_KEY in client.session
    return response


def assert_throttled(response):
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert not response.signed_in
    if response.headers["Content-Type"] == "application/json":
        assert response.json()["detail"].startswith("Too many sign-in attempts.")
    else:
        assert "Too many sign-in attempts." in response.content.decode()


def assert_refused(response):
    """A wrong password: no entry, and no word of a limit."""
    # Django's forms answer 200 with their errors, Djoser's token login 400.
    assert response.status_code in (200, 400, 401)
    assert not response.signed_in


def sign_in_events(caplog):
    return [record.fields for record in caplog.records if record.name == "accounts.signin"]


def every_url(patterns=None, namespace=""):
    """(name, view) of every URL of the project, names qualified by their namespaces."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from every_url(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback
