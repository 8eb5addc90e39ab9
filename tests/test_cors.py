"""Cross-origin requests: only the configured front ends may call the API from a browser."""

import pytest
from django.urls import reverse

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
