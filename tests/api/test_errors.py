"""Every error under /api/ answers JSON a client can read, never Django's HTML pages."""

import logging

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from posts.models import Post
from posts.views import PostViewSet

pytestmark = pytest.mark.django_db


def explode(*args, **kwargs):
    raise RuntimeError("boom")


@pytest.fixture
def broken_post_list(monkeypatch):
    monkeypatch.setattr(PostViewSet, "list", explode)


@pytest.fixture
def server_client():
    """A client that sees the 500 response instead of the exception."""
    return APIClient(raise_request_exception=False)


def assert_json_detail(response, status):
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/nothing/", "/api/v2/posts/"])
def test_unknown_api_url_is_a_json_404(api_client, path):
    assert_json_detail(api_client.get(path), 404)


def test_post_to_an_unknown_api_url_is_a_json_404(api_client):
    assert_json_detail(api_client.post("/api/v1/nothing-here/", {"a": 1}), 404)


@pytest.mark.parametrize("name", ["api-root", "post-list", "swagger-ui"])
def test_a_get_without_the_trailing_slash_is_redirected_to_it(api_client, name):
    """As Django's APPEND_SLASH would, which the catch-all not-found view stands in for."""
    response = api_client.get(reverse(name).rstrip("/"), {"page": 2})

    assert response.status_code == 301
    assert response["Location"] == reverse(name) + "?page=2"


def test_a_post_without_the_trailing_slash_is_told_the_url_and_creates_nothing(auth_client, alice):
    path = reverse("post-list").rstrip("/")

    response = auth_client(alice).post(path, {"title": "T", "body": "B"}, format="json")

    assert_json_detail(response, 404)
    assert reverse("post-list") in response.json()["detail"]
    assert not Post.objects.exists()


def test_an_unknown_url_without_its_trailing_slash_is_a_json_404(api_client):
    assert_json_detail(api_client.get("/api/v1/nothing-here"), 404)


def test_an_unknown_url_allows_each_method_once_in_a_stable_order(api_client):
    response = api_client.get("/api/v1/nothing-here/")

    assert response["Allow"] == "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"


def test_unknown_post_is_a_json_404(api_client):
    response = api_client.get(reverse("post-detail", kwargs={"slug": "no-such-post"}))

    assert_json_detail(response, 404)


def test_malformed_json_body_is_a_json_400(auth_client, alice):
    response = auth_client(alice).post(
        reverse("post-list"), data='{"title": "Broken', content_type="application/json"
    )

    assert_json_detail(response, 400)
    assert not Post.objects.exists()


def test_validation_error_names_the_missing_field(auth_client, alice):
    response = auth_client(alice).post(reverse("post-list"), {"body": "No title."})

    assert response.status_code == 400
    assert list(response.json()) == ["title"]
    assert isinstance(response.json()["title"], list)


def test_anonymous_write_is_a_json_401(api_client):
    response = api_client.post(reverse("post-list"), {"title": "Hi", "body": "There."})

    assert_json_detail(response, 401)


def test_server_error_is_a_json_500(server_client, broken_post_list):
    response = server_client.get(reverse("post-list"))

    assert_json_detail(response, 500)
    assert "boom" not in response.content.decode()


def test_server_error_is_a_json_500_with_debug_on(server_client, broken_post_list, settings):
    settings.DEBUG = True

    response = server_client.get(reverse("post-list"))

    assert_json_detail(response, 500)
    assert b"<html" not in response.content.lower()


def test_server_error_is_logged(server_client, broken_post_list, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        server_client.get(reverse("post-list"))

    with_traceback = [
        record
        for record in caplog.records
        if record.levelno == logging.ERROR and record.exc_info is not None
    ]
    assert len(with_traceback) == 1
    assert reverse("post-list") in with_traceback[0].getMessage()
    assert isinstance(with_traceback[0].exc_info[1], RuntimeError)


# --- Refused before any view: Django's own error answers -----------------------------------------


@pytest.fixture
def production_hosts(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["api.example.com"]


def test_a_host_not_allowed_is_a_json_400_under_the_api(server_client, production_hosts):
    response = server_client.post(
        reverse("post-list"), {"title": "Hi", "body": "Text."}, HTTP_HOST="evil.example"
    )

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Bad request."}
    assert not Post.objects.exists()


def test_a_host_not_allowed_is_djangos_400_page_outside_the_api(server_client, production_hosts):
    response = server_client.get("/admin/login/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/html")


def test_a_middlewares_exception_is_a_json_500_under_the_api(
    server_client, production_hosts, monkeypatch
):
    monkeypatch.setattr(
        "django.contrib.sessions.middleware.SessionMiddleware.process_request", explode
    )

    response = server_client.get(reverse("post-list"), HTTP_HOST="api.example.com")

    assert_json_detail(response, 500)
    assert "boom" not in response.content.decode()


def documented_paths():
    schema = APIClient().get(reverse("schema"), {"format": "json"}).json()
    return {
        path.format(id=1, slug="a-post", post_slug="a-post", username="alice"): {
            method.upper() for method in item
        }
        for path, item in schema["paths"].items()
    }


def test_every_method_an_endpoint_lacks_is_a_405_before_any_sign_in(api_client):
    """DRF authenticates before it looks for the handler: a TRACE to the sign-up URL was 401."""
    for path, documented in documented_paths().items():
        for method in {"GET", "POST", "PUT", "PATCH", "DELETE", "TRACE"} - documented:
            response = api_client.generic(method, path)
            assert_json_detail(response, 405)
            allowed = set(response["Allow"].split(", "))
            assert allowed - {"HEAD", "OPTIONS"} == documented, (method, path)


def test_an_unsupported_method_is_a_405_even_with_a_bad_token(api_client):
    response = api_client.put(reverse("post-list"), HTTP_AUTHORIZATION="Bearer not-a-token")

    assert_json_detail(response, 405)
    assert response["Allow"] == "GET, POST, HEAD, OPTIONS"
