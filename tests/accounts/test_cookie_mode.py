"""The SPA cookie mode: the refresh token travels in an HttpOnly cookie, never in JavaScript.

Each test drives the API as a browser would: the client's cookie jar keeps what the API sets, and
sends it back on the next request.
"""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from tests.clients import sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

COOKIE = "refresh_token"
COOKIE_PATH = "/api/v1/auth/jwt/"
COOKIE_MODE = {"HTTP_X_AUTH_COOKIE": "1"}
EVIL_ORIGIN = "http://evil.example"
NEW_PASSWORD = "another-horse-battery-staple"
COOKIE_ENDPOINTS = ["jwt-refresh", "jwt-blacklist"]


def sign_in_with_cookie(client):
    """Signs alice in in cookie mode; the client's jar now holds her refresh cookie."""
    response = sign_in(client, "alice", **COOKIE_MODE)
    assert response.status_code == 200
    return response


def cookie_in_jar(client):
    return client.cookies[COOKIE].value


def put_cookie_back(client, value):
    """What a replaying attacker or a stale browser tab does: send an earlier cookie again."""
    client.cookies[COOKIE] = value


def refresh_with_cookie(client, **headers):
    return client.post(reverse("jwt-refresh"), **COOKIE_MODE, **headers)


def logout_with_cookie(client, **headers):
    return client.post(reverse("jwt-blacklist"), **COOKIE_MODE, **headers)


def set_cookie_attributes(response):
    """The refresh cookie's attributes as a browser reads its Set-Cookie line, names lowercased."""
    _, *attributes = response.cookies[COOKIE].OutputString().split("; ")
    return {
        name.lower(): value
        for name, _, value in (attribute.partition("=") for attribute in attributes)
    }


def jti(refresh):
    # The stored token string predates the custom claims, so the database knows tokens by jti.
    return RefreshToken(refresh, verify=False)["jti"]


def is_blacklisted(refresh):
    return BlacklistedToken.objects.filter(token__jti=jti(refresh)).exists()


def refresh_lifetime_seconds():
    return int(settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].total_seconds())


# --- Sign-in --------------------------------------------------------------------------------------


def test_cookie_mode_sign_in_answers_the_access_token_only(api_client, alice):
    response = sign_in(api_client, "alice", **COOKIE_MODE)

    assert response.status_code == 200
    assert set(response.json()) == {"access"}
    assert AccessToken(response.json()["access"])["user_id"] == str(alice.pk)


def test_cookie_mode_sign_in_sets_a_refresh_token_cookie_for_the_user(api_client, alice):
    response = sign_in(api_client, "alice", **COOKIE_MODE)

    refresh = RefreshToken(response.cookies[COOKIE].value)
    assert refresh["user_id"] == str(alice.pk)
    assert OutstandingToken.objects.filter(jti=refresh["jti"], user=alice).exists()


def test_refresh_cookie_is_httponly_lax_and_scoped_to_the_jwt_endpoints(api_client, alice):
    response = sign_in(api_client, "alice", **COOKIE_MODE)

    attributes = set_cookie_attributes(response)
    assert "httponly" in attributes
    assert attributes["samesite"] == "Lax"
    assert attributes["path"] == COOKIE_PATH


@pytest.mark.parametrize("endpoint", ["jwt-refresh", "jwt-blacklist", "jwt-logout-everywhere"])
def test_refresh_cookie_path_covers_every_endpoint_that_reads_or_clears_it(endpoint):
    assert reverse(endpoint).startswith(COOKIE_PATH)


def test_refresh_cookie_lives_as_long_as_the_refresh_token(api_client, alice):
    response = sign_in(api_client, "alice", **COOKIE_MODE)

    assert set_cookie_attributes(response)["max-age"] == str(refresh_lifetime_seconds())


def test_refresh_cookie_is_not_secure_when_the_setting_is_off(api_client, alice, settings):
    settings.REFRESH_COOKIE = {**settings.REFRESH_COOKIE, "secure": False}

    response = sign_in(api_client, "alice", **COOKIE_MODE)

    assert response.status_code == 200
    assert "secure" not in set_cookie_attributes(response)


def test_refresh_cookie_is_secure_when_the_setting_is_on(api_client, alice, settings):
    settings.REFRESH_COOKIE = {**settings.REFRESH_COOKIE, "secure": True}

    response = sign_in(api_client, "alice", **COOKIE_MODE)

    assert response.status_code == 200
    assert "secure" in set_cookie_attributes(response)


def test_access_token_from_cookie_mode_sign_in_works_as_a_bearer_token(api_client, alice):
    access = sign_in_with_cookie(api_client).json()["access"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")

    response = api_client.get(reverse("user-me"))

    assert response.status_code == 200
    assert response.json()["username"] == "alice"


# --- Refresh ------------------------------------------------------------------------------------


def test_cookie_mode_refresh_answers_a_new_access_token_only(api_client, alice):
    old_access = sign_in_with_cookie(api_client).json()["access"]

    response = refresh_with_cookie(api_client)

    assert response.status_code == 200
    assert set(response.json()) == {"access"}
    assert response.json()["access"] != old_access
    assert AccessToken(response.json()["access"])["user_id"] == str(alice.pk)


def test_cookie_mode_refresh_sets_a_new_refresh_cookie(api_client, alice):
    sign_in_with_cookie(api_client)
    old_refresh = cookie_in_jar(api_client)

    response = refresh_with_cookie(api_client)

    new_refresh = response.cookies[COOKIE].value
    assert new_refresh != old_refresh
    assert RefreshToken(new_refresh)["user_id"] == str(alice.pk)
    assert cookie_in_jar(api_client) == new_refresh
    attributes = set_cookie_attributes(response)
    assert "httponly" in attributes
    assert attributes["path"] == COOKIE_PATH
    assert attributes["max-age"] == str(refresh_lifetime_seconds())


def test_cookie_mode_refresh_blacklists_the_old_cookie_token(api_client, alice):
    sign_in_with_cookie(api_client)
    old_refresh = cookie_in_jar(api_client)

    refresh_with_cookie(api_client)

    assert is_blacklisted(old_refresh)


def test_reused_refresh_cookie_is_rejected(api_client, alice):
    sign_in_with_cookie(api_client)
    old_refresh = cookie_in_jar(api_client)
    assert refresh_with_cookie(api_client).status_code == 200
    put_cookie_back(api_client, old_refresh)

    with time_machine.travel(timedelta(seconds=1) + settings.REFRESH_TOKEN_REUSE_GRACE):
        response = refresh_with_cookie(api_client)

    assert response.status_code == 401
    assert "access" not in response.json()
    assert response.cookies[COOKIE].value == ""  # The browser drops the dead cookie.
    assert response.cookies[COOKIE]["max-age"] == 0


# --- Logout -------------------------------------------------------------------------------------


def test_cookie_mode_logout_clears_the_cookie(api_client, alice):
    sign_in_with_cookie(api_client)

    response = logout_with_cookie(api_client)

    assert response.status_code == 200
    assert response.cookies[COOKIE].value == ""
    attributes = set_cookie_attributes(response)
    assert attributes["max-age"] == "0"
    # A browser deletes only the cookie of the same path.
    assert attributes["path"] == COOKIE_PATH
    assert cookie_in_jar(api_client) == ""


def test_cookie_mode_logout_blacklists_the_cookie_token(api_client, alice):
    sign_in_with_cookie(api_client)
    refresh = cookie_in_jar(api_client)

    logout_with_cookie(api_client)

    assert is_blacklisted(refresh)


def test_refresh_token_of_a_cookie_mode_logout_is_refused(api_client, alice):
    sign_in_with_cookie(api_client)
    refresh = cookie_in_jar(api_client)
    assert logout_with_cookie(api_client).status_code == 200
    put_cookie_back(api_client, refresh)

    response = refresh_with_cookie(api_client)

    assert response.status_code == 401
    assert "access" not in response.json()


def test_refresh_after_cookie_mode_logout_has_no_cookie_to_use(api_client, alice):
    sign_in_with_cookie(api_client)
    logout_with_cookie(api_client)

    response = refresh_with_cookie(api_client)

    assert response.status_code == 401
    assert "access" not in response.json()


def test_sign_in_refresh_and_logout_journey_with_the_cookie(api_client, alice):
    signed_in = sign_in_with_cookie(api_client)
    first_refresh = cookie_in_jar(api_client)

    refresh = refresh_with_cookie(api_client)
    second_refresh = cookie_in_jar(api_client)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {refresh.json()['access']}")
    me = api_client.get(reverse("user-me"))
    logout = logout_with_cookie(api_client)
    api_client.credentials()
    after_logout = refresh_with_cookie(api_client)

    assert set(signed_in.json()) == {"access"}
    assert refresh.status_code == 200
    assert set(refresh.json()) == {"access"}
    assert second_refresh != first_refresh
    assert me.status_code == 200
    assert me.json()["username"] == "alice"
    assert logout.status_code == 200
    assert cookie_in_jar(api_client) == ""
    assert after_logout.status_code == 401
    assert is_blacklisted(first_refresh)
    assert is_blacklisted(second_refresh)


# --- CSRF defence: what another site can make a browser send -----------------------------------


@pytest.mark.parametrize("endpoint", COOKIE_ENDPOINTS)
def test_cookie_is_not_read_without_the_cookie_mode_header(api_client, alice, endpoint):
    sign_in_with_cookie(api_client)
    refresh = cookie_in_jar(api_client)
    outstanding = OutstandingToken.objects.count()

    # What an HTML form on another site can post: the browser adds the cookie, not the header.
    response = api_client.post(reverse(endpoint))

    assert response.status_code == 401
    assert response.json() == {"detail": "No refresh token: send one, or sign in again."}
    assert COOKIE not in response.cookies
    assert not BlacklistedToken.objects.exists()
    assert OutstandingToken.objects.count() == outstanding
    assert cookie_in_jar(api_client) == refresh
    assert refresh_with_cookie(api_client).status_code == 200


@pytest.mark.parametrize("endpoint", COOKIE_ENDPOINTS)
@pytest.mark.parametrize(
    "origin", [EVIL_ORIGIN, "null", "http://localhost:8080", "http://localhost:3000.evil.example"]
)
def test_cookie_mode_from_a_disallowed_origin_is_forbidden(api_client, alice, endpoint, origin):
    sign_in_with_cookie(api_client)
    refresh = cookie_in_jar(api_client)
    outstanding = OutstandingToken.objects.count()

    response = api_client.post(reverse(endpoint), **COOKIE_MODE, HTTP_ORIGIN=origin)

    assert response.status_code == 403
    assert "access" not in response.json()
    assert COOKIE not in response.cookies
    assert not BlacklistedToken.objects.exists()
    assert OutstandingToken.objects.count() == outstanding
    assert cookie_in_jar(api_client) == refresh


@pytest.mark.parametrize("endpoint", COOKIE_ENDPOINTS)
@pytest.mark.parametrize(
    "origin", ["http://localhost:3000", "http://localhost:5173", "http://testserver"]
)
def test_cookie_mode_from_an_allowed_or_the_apis_own_origin_works(
    api_client, alice, endpoint, origin
):
    sign_in_with_cookie(api_client)
    refresh = cookie_in_jar(api_client)

    response = api_client.post(reverse(endpoint), **COOKIE_MODE, HTTP_ORIGIN=origin)

    assert response.status_code == 200
    assert is_blacklisted(refresh)


@pytest.mark.parametrize("endpoint", COOKIE_ENDPOINTS)
def test_cookie_mode_without_a_cookie_is_unauthenticated(api_client, alice, endpoint):
    response = api_client.post(reverse(endpoint), **COOKIE_MODE)

    assert response.status_code == 401
    assert "access" not in response.json()
    assert not BlacklistedToken.objects.exists()


def test_cookie_mode_ignores_a_refresh_token_in_the_body(api_client, alice):
    body_refresh = sign_in(api_client, "alice").json()["refresh"]

    response = api_client.post(reverse("jwt-refresh"), {"refresh": body_refresh}, **COOKIE_MODE)

    assert response.status_code == 401
    assert not is_blacklisted(body_refresh)


# --- Header mode is unchanged -------------------------------------------------------------------


def test_sign_in_without_the_header_answers_both_tokens_and_sets_no_cookie(api_client, alice):
    response = sign_in(api_client, "alice")

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}
    assert COOKIE not in response.cookies
    assert COOKIE not in api_client.cookies


def test_refresh_without_the_header_reads_the_body_and_sets_no_cookie(api_client, alice):
    refresh = sign_in(api_client, "alice").json()["refresh"]

    response = api_client.post(reverse("jwt-refresh"), {"refresh": refresh})

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}
    assert COOKIE not in response.cookies
    assert is_blacklisted(refresh)


def test_logout_without_the_header_reads_the_body_and_leaves_the_cookie(api_client, alice):
    sign_in_with_cookie(api_client)
    cookie_refresh = cookie_in_jar(api_client)
    body_refresh = sign_in(api_client, "alice").json()["refresh"]

    response = api_client.post(reverse("jwt-blacklist"), {"refresh": body_refresh})

    assert response.status_code == 200
    assert COOKIE not in response.cookies
    assert is_blacklisted(body_refresh)
    assert not is_blacklisted(cookie_refresh)


# --- Password change and logout everywhere ------------------------------------------------------


def change_password_with_cookie(client, access):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    response = client.post(
        reverse("user-set-password"),
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        **COOKIE_MODE,
    )
    client.credentials()
    return response


def test_cookie_mode_password_change_puts_the_new_refresh_token_in_the_cookie(api_client, alice):
    access = sign_in_with_cookie(api_client).json()["access"]
    old_refresh = cookie_in_jar(api_client)

    response = change_password_with_cookie(api_client, access)

    assert response.status_code == 200
    assert set(response.json()) == {"access"}
    assert AccessToken(response.json()["access"])["user_id"] == str(alice.pk)
    new_refresh = response.cookies[COOKIE].value
    assert new_refresh != old_refresh
    assert RefreshToken(new_refresh)["user_id"] == str(alice.pk)
    assert "httponly" in set_cookie_attributes(response)
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_refresh_cookie_held_before_a_cookie_mode_password_change_is_refused(api_client, alice):
    access = sign_in_with_cookie(api_client).json()["access"]
    old_refresh = cookie_in_jar(api_client)
    assert change_password_with_cookie(api_client, access).status_code == 200
    put_cookie_back(api_client, old_refresh)

    response = refresh_with_cookie(api_client)

    assert response.status_code == 401
    assert "access" not in response.json()


def test_refresh_cookie_from_a_cookie_mode_password_change_works(api_client, alice):
    access = sign_in_with_cookie(api_client).json()["access"]
    change_password_with_cookie(api_client, access)

    response = refresh_with_cookie(api_client)

    assert response.status_code == 200
    assert set(response.json()) == {"access"}


def logout_everywhere(client, access):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    response = client.post(reverse("jwt-logout-everywhere"), **COOKIE_MODE)
    client.credentials()
    return response


def test_logout_everywhere_clears_the_refresh_cookie(api_client, alice):
    access = sign_in_with_cookie(api_client).json()["access"]

    response = logout_everywhere(api_client, access)

    assert response.status_code == 204
    assert response.cookies[COOKIE].value == ""
    attributes = set_cookie_attributes(response)
    assert attributes["max-age"] == "0"
    assert attributes["path"] == COOKIE_PATH
    assert cookie_in_jar(api_client) == ""


def test_cookie_token_is_refused_after_logout_everywhere(api_client, alice):
    access = sign_in_with_cookie(api_client).json()["access"]
    refresh = cookie_in_jar(api_client)
    assert logout_everywhere(api_client, access).status_code == 204
    put_cookie_back(api_client, refresh)

    response = refresh_with_cookie(api_client)

    assert response.status_code == 401
    assert "access" not in response.json()
    assert is_blacklisted(refresh)


def test_cookie_mode_sign_in_from_a_disallowed_origin_is_refused(api_client, alice):
    """No login CSRF: a foreign page may not plant a session of its choosing in the browser."""
    response = sign_in(api_client, "alice", HTTP_ORIGIN=EVIL_ORIGIN, **COOKIE_MODE)

    assert response.status_code == 403
    assert COOKIE not in response.cookies
    assert not OutstandingToken.objects.exists()
