"""Signing in through the API, and what a JSON refusal looks like."""

from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from tests.factories import PASSWORD

LIMIT = 3  # A minute: the rate a test lowers a throttle to (the `limit` fixture).


def sign_in(client, username, password=PASSWORD, **extra):
    """One POST to the JWT sign-in; the response (`extra`: REMOTE_ADDR, headers)."""
    return client.post(reverse("jwt-create"), {"username": username, "password": password}, **extra)


def token_pair(client, username, password=PASSWORD):
    """Signs in, which must succeed; the access and refresh tokens it answered."""
    response = sign_in(client, username, password)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def bearer(access, client=None):
    """`client` (a new one by default) sending `access` as its Bearer token."""
    client = APIClient() if client is None else client
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def bearer_client(user):
    """A client that sends the user's JWT access token, as an SPA would."""
    return bearer(RefreshToken.for_user(user).access_token)


def assert_json_error(response, status):
    """The refusal an API client can read: the status and a JSON body with an explanation."""
    assert response.status_code == status, response.content[:500]
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()


def assert_json_detail(response, status):
    assert_json_error(response, status)
    assert "detail" in response.json()
