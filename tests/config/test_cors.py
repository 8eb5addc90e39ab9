"""Cross-origin requests: only the configured front ends may call the API from a browser."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ALLOWED_ORIGINS = ["http://localhost:3000", "http://localhost:5173"]
EVIL_ORIGIN = "http://evil.example"


def preflight(client, origin):
    return client.options(
        reverse("post-list"),
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )


@pytest.mark.parametrize("origin", ALLOWED_ORIGINS)
def test_preflight_from_an_allowed_origin_names_that_origin(api_client, origin):
    response = preflight(api_client, origin)

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == origin


@pytest.mark.parametrize("origin", ALLOWED_ORIGINS)
def test_preflight_from_an_allowed_origin_allows_the_authorization_header(api_client, origin):
    response = preflight(api_client, origin)

    allowed = [
        h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")
    ]
    assert "authorization" in allowed


def test_preflight_from_another_origin_gets_no_allow_origin(api_client):
    response = preflight(api_client, EVIL_ORIGIN)

    assert "Access-Control-Allow-Origin" not in response.headers


def test_request_from_another_origin_gets_no_allow_origin(api_client):
    response = api_client.get(reverse("post-list"), HTTP_ORIGIN=EVIL_ORIGIN)

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_request_from_an_allowed_origin_is_answered_with_that_origin_not_a_wildcard(api_client):
    response = api_client.get(reverse("post-list"), HTTP_ORIGIN=ALLOWED_ORIGINS[0])

    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGINS[0]


def test_origin_differing_only_in_port_is_not_allowed(api_client):
    response = preflight(api_client, "http://localhost:8080")

    assert "Access-Control-Allow-Origin" not in response.headers


# --- SPA cookie mode: credentialed requests with the X-Auth-Cookie header ------------------------


def cookie_mode_preflight(client, origin):
    return client.options(
        reverse("jwt-refresh"),
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, x-auth-cookie",
    )


def cookie_mode_sign_in(client, user, origin):
    return client.post(
        reverse("jwt-create"),
        {"username": user.username, "password": PASSWORD},
        HTTP_ORIGIN=origin,
        HTTP_X_AUTH_COOKIE="1",
    )


@pytest.mark.parametrize("origin", ALLOWED_ORIGINS)
def test_cookie_mode_preflight_from_an_allowed_origin_allows_credentials(api_client, origin):
    response = cookie_mode_preflight(api_client, origin)

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert response.headers["Access-Control-Allow-Credentials"] == "true"


@pytest.mark.parametrize("origin", ALLOWED_ORIGINS)
def test_cookie_mode_preflight_from_an_allowed_origin_allows_the_cookie_mode_header(
    api_client, origin
):
    response = cookie_mode_preflight(api_client, origin)

    allowed = [
        h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")
    ]
    assert "x-auth-cookie" in allowed
    assert "authorization" in allowed


def test_cookie_mode_preflight_from_another_origin_allows_neither_origin_nor_credentials(
    api_client,
):
    response = cookie_mode_preflight(api_client, EVIL_ORIGIN)

    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_cookie_mode_sign_in_from_an_allowed_origin_allows_credentials(api_client, alice):
    response = cookie_mode_sign_in(api_client, alice, "http://localhost:5173")

    assert response.status_code == 200
    assert "refresh_token" in response.cookies
    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    assert response.headers["Access-Control-Allow-Credentials"] == "true"


def test_cookie_mode_sign_in_from_another_origin_carries_no_cors_headers(api_client, alice):
    response = cookie_mode_sign_in(api_client, alice, EVIL_ORIGIN)

    assert not [name for name in response.headers if name.lower().startswith("access-control-")]
