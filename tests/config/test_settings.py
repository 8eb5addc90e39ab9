"""Settings come from the environment, with development defaults and production guard rails.

Settings are read once per process, so each case starts a fresh Python with its own environment.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]

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
    "NUM_PROXIES": settings.REST_FRAMEWORK["NUM_PROXIES"],
    "SEND_ACTIVATION_EMAIL": settings.DJOSER["SEND_ACTIVATION_EMAIL"],
    "EMAIL_FRONTEND_PROTOCOL": settings.DJOSER["EMAIL_FRONTEND_PROTOCOL"],
    "EMAIL_FRONTEND_DOMAIN": settings.DJOSER["EMAIL_FRONTEND_DOMAIN"],
    "EMAIL_FRONTEND_SITE_NAME": settings.DJOSER["EMAIL_FRONTEND_SITE_NAME"],
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "EMAIL_HOST": settings.EMAIL_HOST,
    "EMAIL_PORT": settings.EMAIL_PORT,
    "EMAIL_USE_TLS": settings.EMAIL_USE_TLS,
    "EMAIL_HOST_USER": settings.EMAIL_HOST_USER,
    "EMAIL_HOST_PASSWORD": settings.EMAIL_HOST_PASSWORD,
    "REFRESH_COOKIE_SECURE": settings.REFRESH_COOKIE["secure"],
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


# What production must set besides DEBUG=false; each is refused missing, one at a time below.
PRODUCTION_NEEDS = {
    "SECRET_KEY": "a-production-secret",
    "CORS_ALLOWED_ORIGINS": "https://blog.example",
    "FRONTEND_URL": "https://blog.example",
}


@pytest.mark.parametrize("missing", PRODUCTION_NEEDS)
def test_start_up_without_a_required_variable_stops_naming_it(missing):
    environment = {name: value for name, value in PRODUCTION_NEEDS.items() if name != missing}

    result = run_python("import django; django.setup()", DEBUG="false", **environment)

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {missing} must be set" in result.stderr


@pytest.mark.parametrize("url", ["", "blog.example", "ftp://blog.example", "https://"])
def test_start_up_with_a_frontend_url_that_is_no_web_address_stops(url):
    result = run_python(
        "import django; django.setup()", DEBUG="false", **{**PRODUCTION_NEEDS, "FRONTEND_URL": url}
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured: FRONTEND_URL must be set" in result.stderr


def test_an_empty_cors_allowed_origins_trusts_no_origin_in_production():
    held = settings_under(DEBUG="false", **{**PRODUCTION_NEEDS, "CORS_ALLOWED_ORIGINS": ""})

    assert held["CORS_ALLOWED_ORIGINS"] == []


@pytest.fixture(scope="module")
def production():
    """The settings with only what production must set, read once for the tests below."""
    return settings_under(DEBUG="false", **PRODUCTION_NEEDS)


def test_production_trusts_and_links_to_the_origins_it_names_only(production):
    assert production["CORS_ALLOWED_ORIGINS"] == ["https://blog.example"]
    assert production["EMAIL_FRONTEND_PROTOCOL"] == "https"
    assert production["EMAIL_FRONTEND_DOMAIN"] == "blog.example"


def test_start_up_with_a_secret_key_succeeds_when_debug_is_off(production):
    assert production["DEBUG"] is False


def test_refresh_cookie_is_sent_over_https_only_when_debug_is_off(production):
    assert production["REFRESH_COOKIE_SECURE"] is True


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
    assert defaults["CORS_ALLOWED_ORIGINS"] == [
        "http://localhost:3000",
        "http://localhost:5173",
        "http://localhost:5500",
    ]
    assert defaults["THROTTLE_RATES"] == {
        "anon": "120/minute",
        "user": "600/minute",
        "login": "10/minute",
        "login_account": "20/hour",
        "registration": "10/hour",
        "activation": "10/hour",
        "password_reset": "5/hour",
        "username_change": "5/hour",
        "second_factor": "10/hour",
    }
    assert defaults["ACCESS_SECONDS"] == 15 * 60
    assert defaults["REFRESH_SECONDS"] == 7 * 24 * 3600


def test_nothing_set_means_new_accounts_need_activation(defaults):
    assert defaults["SEND_ACTIVATION_EMAIL"] is True


def test_nothing_set_means_account_emails_link_to_the_local_frontend(defaults):
    assert defaults["EMAIL_FRONTEND_PROTOCOL"] == "http"
    assert defaults["EMAIL_FRONTEND_DOMAIN"] == "localhost:5173"
    assert defaults["EMAIL_FRONTEND_SITE_NAME"] == "Blog API"


def test_nothing_set_means_emails_are_printed_to_the_console(defaults):
    assert defaults["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_nothing_set_means_the_refresh_cookie_also_travels_over_plain_http(defaults):
    assert defaults["REFRESH_COOKIE_SECURE"] is False


def test_nothing_set_means_forwarded_for_headers_are_not_trusted(defaults):
    assert defaults["NUM_PROXIES"] == 0


@pytest.fixture(scope="module")
def configured():
    """The settings with every variable below set, read once for the tests below."""
    return settings_under(
        CORS_ALLOWED_ORIGINS="https://blog.example,https://admin.blog.example",
        THROTTLE_ANON_RATE="5/minute",
        THROTTLE_USER_RATE="50/hour",
        THROTTLE_LOGIN_RATE="2/minute",
        THROTTLE_LOGIN_ACCOUNT_RATE="7/hour",
        THROTTLE_REGISTRATION_RATE="3/day",
        THROTTLE_ACTIVATION_RATE="4/hour",
        THROTTLE_PASSWORD_RESET_RATE="1/minute",
        THROTTLE_USERNAME_CHANGE_RATE="2/day",
        THROTTLE_SECOND_FACTOR_RATE="6/hour",
        ACCESS_TOKEN_LIFETIME_MINUTES="5",
        REFRESH_TOKEN_LIFETIME_DAYS="2",
        ALLOWED_HOSTS="blog.example,api.blog.example",
        ACCOUNT_ACTIVATION="false",
        FRONTEND_URL="https://blog.example",
        SITE_NAME="The Tea Blog",
        EMAIL_URL="smtp+tls://user:secret@mail.example.com:587",
        REFRESH_COOKIE_SECURE="true",
        NUM_PROXIES="2",
    )


def test_environment_sets_what_the_settings_hold(configured):
    assert configured["CORS_ALLOWED_ORIGINS"] == [
        "https://blog.example",
        "https://admin.blog.example",
    ]
    assert configured["ACCESS_SECONDS"] == 5 * 60
    assert configured["REFRESH_SECONDS"] == 2 * 24 * 3600
    assert configured["ALLOWED_HOSTS"] == ["blog.example", "api.blog.example"]


def test_environment_sets_every_throttle_rate(configured):
    assert configured["THROTTLE_RATES"] == {
        "anon": "5/minute",
        "user": "50/hour",
        "login": "2/minute",
        "login_account": "7/hour",
        "registration": "3/day",
        "activation": "4/hour",
        "password_reset": "1/minute",
        "username_change": "2/day",
        "second_factor": "6/hour",
    }


def test_throttling_false_leaves_every_scope_without_a_rate_even_one_set():
    rates = settings_under(THROTTLING="false", THROTTLE_LOGIN_RATE="2/minute")["THROTTLE_RATES"]

    assert rates == dict.fromkeys(
        [
            "anon",
            "user",
            "login",
            "login_account",
            "registration",
            "activation",
            "password_reset",
            "username_change",
            "second_factor",
        ]
    )


def test_account_activation_false_switches_activation_emails_off(configured):
    assert configured["SEND_ACTIVATION_EMAIL"] is False


def test_frontend_url_and_site_name_shape_the_account_emails(configured):
    assert configured["EMAIL_FRONTEND_PROTOCOL"] == "https"
    assert configured["EMAIL_FRONTEND_DOMAIN"] == "blog.example"
    assert configured["EMAIL_FRONTEND_SITE_NAME"] == "The Tea Blog"


def test_email_url_selects_the_smtp_server(configured):
    assert configured["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert configured["EMAIL_HOST"] == "mail.example.com"
    assert configured["EMAIL_PORT"] == 587
    assert configured["EMAIL_USE_TLS"] is True
    assert configured["EMAIL_HOST_USER"] == "user"
    assert configured["EMAIL_HOST_PASSWORD"] == "secret"


def test_refresh_cookie_secure_overrides_the_debug_default(configured):
    assert configured["DEBUG"] is True
    assert configured["REFRESH_COOKIE_SECURE"] is True


def test_num_proxies_sets_how_many_proxies_are_trusted(configured):
    assert configured["NUM_PROXIES"] == 2


def test_database_url_selects_the_database(tmp_path):
    held = settings_under(DATABASE_URL=f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}")

    assert held["DATABASE_NAME"] == str(tmp_path / "elsewhere.sqlite3")
