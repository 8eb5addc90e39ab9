"""Production mode (DEBUG off): deploy checks clean, shared services, JSON logs, no write forms."""

import json

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory, force_authenticate

from api.renderers import BrowsableAPIRendererWithoutForms
from posts.views import PostViewSet
from tests.config.test_settings import run_python
from tests.factories import PostFactory

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "Zq8vR2mX7pL4tN9wB6yH1cF5gJ0sD3aE" * 2,
    "ALLOWED_HOSTS": "api.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://app.example.com",
    "CORS_ALLOWED_ORIGINS": "https://app.example.com",
    "FRONTEND_URL": "https://app.example.com",
}

PRINT_PRODUCTION_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
database = settings.DATABASES["default"]
print(json.dumps({
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"].get("LOCATION"),
    "ENGINE": database["ENGINE"],
    "CONN_MAX_AGE": database["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": database["CONN_HEALTH_CHECKS"],
    "CONNECT_TIMEOUT": database.get("OPTIONS", {}).get("connect_timeout"),
    "STATICFILES": settings.STORAGES["staticfiles"]["BACKEND"],
    "RENDERERS": settings.REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"],
    "LOG_FORMAT": settings.LOG_FORMAT,
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
    "CSRF_TRUSTED_ORIGINS": settings.CSRF_TRUSTED_ORIGINS,
}))
"""


@pytest.fixture(scope="module")
def production_settings():
    result = run_python(
        PRINT_PRODUCTION_SETTINGS,
        **PRODUCTION,
        DATABASE_URL="postgres://blog:secret@db.internal:5432/blog",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_prints_no_warning_in_production_mode():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        **PRODUCTION,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_redis_url_makes_every_worker_share_one_cache(production_settings):
    assert production_settings["CACHE_BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert production_settings["CACHE_LOCATION"] == "redis://cache.internal:6379/0"


def test_postgres_connections_persist_are_checked_and_time_out(production_settings):
    assert production_settings["ENGINE"] == "django.db.backends.postgresql"
    assert production_settings["CONN_MAX_AGE"] == 60
    assert production_settings["CONN_HEALTH_CHECKS"] is True
    assert production_settings["CONNECT_TIMEOUT"] == 3


def test_static_files_are_served_compressed_and_fingerprinted(production_settings):
    assert production_settings["STATICFILES"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_production_logs_are_json_lines(production_settings):
    assert production_settings["LOG_FORMAT"] == "json"


def test_https_is_recognised_behind_a_tls_proxy(production_settings):
    assert production_settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert production_settings["CSRF_TRUSTED_ORIGINS"] == ["https://app.example.com"]


def test_production_browsable_api_has_no_write_forms(production_settings):
    assert production_settings["RENDERERS"] == [
        "api.renderers.OrjsonRenderer",
        "api.renderers.BrowsableAPIRendererWithoutForms",
    ]


@pytest.mark.django_db
def test_the_formless_browsable_api_shows_data_but_no_form(alice):
    post = PostFactory(author=alice, title="Readable")
    # Views copy the renderer setting when imported, so the production renderers are given here.
    view = PostViewSet.as_view(
        {"get": "retrieve"},
        renderer_classes=[JSONRenderer, BrowsableAPIRendererWithoutForms],
    )
    request = APIRequestFactory().get(f"/api/v1/posts/{post.slug}/", HTTP_ACCEPT="text/html")
    force_authenticate(request, user=alice)

    response = view(request, slug=post.slug).render()

    page = response.content.decode()
    assert response.status_code == 200
    assert "Readable" in page
    assert 'name="title"' not in page
    assert 'name="_content"' not in page
