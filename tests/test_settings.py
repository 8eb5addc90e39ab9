"""Settings come from the environment, with development defaults and production guard rails.

Settings are read once per process, so each case starts a fresh Python with its own environment.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent

PRINT_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": settings.DATABASES["default"]["ENGINE"],
    "DATABASE_NAME": str(settings.DATABASES["default"]["NAME"]),
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "CORS_ALLOWED_ORIGINS": settings.CORS_ALLOWED_ORIGINS,
    "THROTTLE_RATES": settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
    "ACCESS_SECONDS": settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds(),
    "REFRESH_SECONDS": settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].total_seconds(),
}))
"""


def run_python(code, **environment):
    """Runs `code` in a fresh interpreter whose environment holds only what the test gives."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **environment,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def settings_under(**environment):
    result = run_python(PRINT_SETTINGS, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_start_up_without_a_secret_key_stops_when_debug_is_off():
    result = run_python("import django; django.setup()", DEBUG="false")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_start_up_with_a_secret_key_succeeds_when_debug_is_off():
    held = settings_under(DEBUG="false", SECRET_KEY="a-production-secret")

    assert held["DEBUG"] is False


@pytest.fixture(scope="module")
def defaults():
    """The settings with nothing set, read once for the tests below."""
    return settings_under()


def test_nothing_set_means_debug_on(defaults):
    assert defaults["DEBUG"] is True


def test_nothing_set_means_the_sqlite_database_in_the_project(defaults):
    assert defaults["ENGINE"] == "django.db.backends.sqlite3"
    assert defaults["DATABASE_NAME"] == str(PROJECT_ROOT / "db.sqlite3")


def test_nothing_set_means_the_development_defaults(defaults):
    assert defaults["CORS_ALLOWED_ORIGINS"] == ["http://localhost:3000", "http://localhost:5173"]
    assert defaults["THROTTLE_RATES"] == {
        "anon": "120/minute",
        "user": "600/minute",
        "auth": "10/minute",
    }
    assert defaults["ACCESS_SECONDS"] == 15 * 60
    assert defaults["REFRESH_SECONDS"] == 7 * 24 * 3600


def test_environment_sets_what_the_settings_hold():
    held = settings_under(
        CORS_ALLOWED_ORIGINS="https://blog.example,https://admin.blog.example",
        THROTTLE_ANON_RATE="5/minute",
        THROTTLE_USER_RATE="50/hour",
        THROTTLE_AUTH_RATE="2/minute",
        ACCESS_TOKEN_LIFETIME_MINUTES="5",
        REFRESH_TOKEN_LIFETIME_DAYS="2",
        ALLOWED_HOSTS="blog.example,api.blog.example",
    )

    assert held["CORS_ALLOWED_ORIGINS"] == ["https://blog.example", "https://admin.blog.example"]
    assert held["THROTTLE_RATES"] == {"anon": "5/minute", "user": "50/hour", "auth": "2/minute"}
    assert held["ACCESS_SECONDS"] == 5 * 60
    assert held["REFRESH_SECONDS"] == 2 * 24 * 3600
    assert held["ALLOWED_HOSTS"] == ["blog.example", "api.blog.example"]


def test_database_url_selects_the_database(tmp_path):
    held = settings_under(DATABASE_URL=f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}")

    assert held["DATABASE_NAME"] == str(tmp_path / "elsewhere.sqlite3")
