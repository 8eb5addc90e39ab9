"""OWASP API8:2023 Security Misconfiguration: error pages, CORS and security headers.

Production settings are read once per process, so the production checks run the app in a fresh
interpreter with DEBUG off (as tests/config/test_production.py does) and request it through Django's
test client there. The in-process checks set what production sets with pytest-django's
`settings` fixture.
"""

import json

import pytest
from django.urls import reverse
from django.utils.datastructures import CaseInsensitiveMapping
from rest_framework.test import APIClient

from posts.views import PostViewSet
from tests.clients import assert_json_detail
from tests.config.test_production import PRODUCTION
from tests.config.test_settings import run_python

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API8:2023")]


APP_ORIGIN = PRODUCTION["CORS_ALLOWED_ORIGINS"]
EVIL_ORIGIN = "https://evil.example"
SECRET_MESSAGE = "boom-with-a-secret-detail"
TRACEBACK_MARKERS = ["Traceback", 'File "', "site-packages", SECRET_MESSAGE]
DEBUG_PAGE_MARKERS = ["Using the URLconf", "Django tried these URL patterns", "DEBUG = True"]

# Runs in a fresh interpreter with the production environment: requests the app as a browser and
# a client would over https behind the TLS proxy, and prints what came back.
REQUEST_IN_PRODUCTION = f"""
import json
import django
from django.conf import settings
django.setup()
from corsheaders.conf import conf as cors
from django.test import Client
from posts.views import PostViewSet

def explode(*args, **kwargs):
    raise RuntimeError({SECRET_MESSAGE!r})

PostViewSet.list = explode  # The post list now fails, as an unexpected bug would.
https = {{"HTTP_HOST": "api.example.com", "HTTP_X_FORWARDED_PROTO": "https"}}
client = Client(raise_request_exception=False)

def seen(response):
    return {{
        "status": response.status_code,
        "headers": dict(response.headers),
        "body": response.content.decode(errors="replace"),
    }}

def preflight(origin):
    return client.options(
        "/api/v1/categories/",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, x-auth-cookie",
        **https,
    )

print(json.dumps({{
    "api_root": seen(client.get("/api/v1/", **https)),
    "api_404": seen(client.get("/api/v1/nothing-here/", **https)),
    "api_500": seen(client.get("/api/v1/posts/", **https)),
    "site_404": seen(client.get("/nothing-here/", **https)),
    "bad_host": seen(client.get("/api/v1/", **{{**https, "HTTP_HOST": "evil.example"}})),
    "plain_http": seen(client.get("/api/v1/", HTTP_HOST="api.example.com")),
    "app_origin": seen(client.get("/api/v1/", HTTP_ORIGIN={APP_ORIGIN!r}, **https)),
    "app_origin_401": seen(
        client.post("/api/v1/posts/", {{}}, HTTP_ORIGIN={APP_ORIGIN!r}, **https)
    ),
    "app_preflight": seen(preflight({APP_ORIGIN!r})),
    "evil_origin": seen(client.get("/api/v1/", HTTP_ORIGIN={EVIL_ORIGIN!r}, **https)),
    "evil_preflight": seen(preflight({EVIL_ORIGIN!r})),
    "null_origin": seen(client.get("/api/v1/", HTTP_ORIGIN="null", **https)),
    "settings": {{
        "DEBUG": settings.DEBUG,
        "CORS_ALLOW_ALL_ORIGINS": cors.CORS_ALLOW_ALL_ORIGINS,
        "CORS_ALLOWED_ORIGIN_REGEXES": list(cors.CORS_ALLOWED_ORIGIN_REGEXES),
        "CORS_ALLOWED_ORIGINS": list(cors.CORS_ALLOWED_ORIGINS),
        "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
        "SECURE_CONTENT_TYPE_NOSNIFF": settings.SECURE_CONTENT_TYPE_NOSNIFF,
        "SECURE_REFERRER_POLICY": settings.SECURE_REFERRER_POLICY,
        "X_FRAME_OPTIONS": settings.X_FRAME_OPTIONS,
    }},
}}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """What the app answered, in production mode, to each request of the script above."""
    database = tmp_path_factory.mktemp("production") / "db.sqlite3"
    result = run_python(
        REQUEST_IN_PRODUCTION,
        **PRODUCTION,
        DATABASE_URL=f"sqlite:///{database}",
        LOG_LEVEL="CRITICAL",
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    for answer in answers.values():
        if "headers" in answer:  # Header names are case-insensitive: CORS writes them lowercase.
            answer["headers"] = CaseInsensitiveMapping(answer["headers"])
    return answers


def shows_internals(body):
    return [marker for marker in TRACEBACK_MARKERS + DEBUG_PAGE_MARKERS if marker in body]


# --- Production: error answers -------------------------------------------------------------------


def test_production_api_404_is_json_without_internals(production):
    answer = production["api_404"]

    assert answer["status"] == 404
    assert answer["headers"]["Content-Type"] == "application/json"
    assert "detail" in json.loads(answer["body"])
    assert shows_internals(answer["body"]) == []


def test_production_api_500_is_json_without_a_traceback(production):
    answer = production["api_500"]

    assert answer["status"] == 500
    assert answer["headers"]["Content-Type"] == "application/json"
    assert json.loads(answer["body"]) == {"detail": "A server error occurred."}
    assert shows_internals(answer["body"]) == []


def test_production_answers_a_host_it_does_not_serve_in_json_under_the_api(production):
    answer = production["bad_host"]

    assert answer["status"] == 400
    assert answer["headers"]["Content-Type"] == "application/json"
    assert json.loads(answer["body"]) == {"detail": "Bad request."}


def test_production_404_outside_the_api_is_not_the_debug_page(production):
    answer = production["site_404"]

    assert answer["status"] == 404
    assert shows_internals(answer["body"]) == []


def test_production_runs_with_debug_off(production):
    assert production["settings"]["DEBUG"] is False


# --- Production: security headers ----------------------------------------------------------------

ANSWERS_WITH_HEADERS = ["api_root", "api_404", "api_500"]


@pytest.mark.parametrize("answer", ANSWERS_WITH_HEADERS)
def test_production_https_answers_carry_hsts(production, answer):
    hsts = production[answer]["headers"]["Strict-Transport-Security"]

    assert hsts == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.parametrize("answer", ANSWERS_WITH_HEADERS)
def test_production_answers_forbid_content_sniffing(production, answer):
    assert production[answer]["headers"]["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("answer", ANSWERS_WITH_HEADERS)
def test_production_answers_carry_a_referrer_policy(production, answer):
    assert production[answer]["headers"]["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("answer", ANSWERS_WITH_HEADERS)
def test_production_answers_may_not_be_framed(production, answer):
    assert production[answer]["headers"]["X-Frame-Options"] == "DENY"


def test_production_plain_http_is_redirected_to_https(production):
    answer = production["plain_http"]

    assert answer["status"] == 301
    assert answer["headers"]["Location"] == "https://api.example.com/api/v1/"


def test_production_settings_hold_the_security_headers(production):
    assert production["settings"]["SECURE_HSTS_SECONDS"] == 31536000
    assert production["settings"]["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["settings"]["SECURE_REFERRER_POLICY"] == "same-origin"
    assert production["settings"]["X_FRAME_OPTIONS"] == "DENY"


# --- Production: CORS ----------------------------------------------------------------------------


def test_production_allows_no_origin_wildcard(production):
    assert production["settings"]["CORS_ALLOW_ALL_ORIGINS"] is False
    assert production["settings"]["CORS_ALLOWED_ORIGIN_REGEXES"] == []
    assert production["settings"]["CORS_ALLOWED_ORIGINS"] == [APP_ORIGIN]


@pytest.mark.parametrize("answer", ["app_origin", "app_origin_401", "app_preflight"])
def test_production_names_the_allowed_origin_never_a_wildcard(production, answer):
    headers = production[answer]["headers"]

    assert headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert headers["Access-Control-Allow-Credentials"] == "true"


@pytest.mark.parametrize("answer", ["evil_origin", "evil_preflight", "null_origin"])
def test_production_gives_another_origin_no_cors_headers(production, answer):
    headers = production[answer]["headers"]

    assert not [name for name in headers if name.lower().startswith("access-control-allow")]


# --- In process, with production's settings ------------------------------------------------------


def explode(*args, **kwargs):
    raise RuntimeError(SECRET_MESSAGE)


def test_api_500_carries_no_traceback_with_debug_off(monkeypatch, settings):
    settings.DEBUG = False
    monkeypatch.setattr(PostViewSet, "list", explode)

    response = APIClient(raise_request_exception=False).get(reverse("post-list"))

    assert_json_detail(response, 500)
    assert shows_internals(response.content.decode()) == []


def test_api_404_carries_no_internals_with_debug_off(api_client, settings):
    settings.DEBUG = False

    response = api_client.get("/api/v1/nothing-here/")

    assert_json_detail(response, 404)
    assert shows_internals(response.content.decode()) == []


def test_404_outside_the_api_is_not_the_debug_page(client, settings):
    settings.DEBUG = False

    response = client.get("/nothing-here/")

    assert response.status_code == 404
    assert shows_internals(response.content.decode()) == []


@pytest.fixture
def production_headers(settings):
    """The header settings production sets when DEBUG is off at import."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


API_ANSWERS = {
    "a list": lambda client: client.get(reverse("post-list"), HTTP_X_FORWARDED_PROTO="https"),
    "a 401": lambda client: client.post(reverse("post-list"), HTTP_X_FORWARDED_PROTO="https"),
    "a 404": lambda client: client.get("/api/v1/nothing/", HTTP_X_FORWARDED_PROTO="https"),
}


@pytest.mark.parametrize("request_", API_ANSWERS.values(), ids=API_ANSWERS.keys())
def test_https_api_answer_carries_every_security_header(api_client, production_headers, request_):
    response = request_(api_client)

    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_hsts_is_not_sent_over_plain_http(api_client, production_headers):
    # Browsers ignore it there, and a proxy that strips X-Forwarded-Proto must not get it cached.
    response = api_client.get(reverse("post-list"))

    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.parametrize(
    "origin", [EVIL_ORIGIN, "null", "http://localhost:3000.evil.example", "http://localhost"]
)
def test_credentialed_request_from_another_origin_gets_no_cors_headers(api_client, origin):
    response = api_client.post(reverse("jwt-refresh"), HTTP_ORIGIN=origin, HTTP_X_AUTH_COOKIE="1")

    assert not [h for h in response.headers if h.lower().startswith("access-control-allow")]


def test_allowed_origin_is_echoed_not_wildcarded_even_on_errors(api_client):
    response = api_client.post(reverse("post-list"), HTTP_ORIGIN="http://localhost:5173")

    assert response.status_code == 401
    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    assert response.headers["Vary"].lower().count("origin") == 1
