"""JWT sign-in: obtaining, refreshing, verifying, revoking and presenting tokens."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.backends import UsernameOrEmailBackend
from posts.models import Post
from tests.clients import assert_json_detail, assert_json_error, bearer, sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_username_and_password_obtain_an_access_and_a_refresh_token(api_client, alice):
    response = sign_in(api_client, "alice")

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}


@pytest.mark.parametrize("login", ["ALICE", "Alice@Example.COM", "alice@example.com"])
def test_username_or_email_in_any_case_obtains_tokens(api_client, alice, login):
    response = sign_in(api_client, login)

    assert response.status_code == 200
    assert AccessToken(response.json()["access"])["user_id"] == str(alice.pk)


@pytest.mark.parametrize("login", ["\u00c9MILE", "\uff45\u0301mile"])
def test_a_username_in_another_case_or_unicode_form_obtains_tokens(api_client, login):
    emile = UserFactory(username="\u00e9mile")

    response = sign_in(api_client, login)

    assert response.status_code == 200
    assert AccessToken(response.json()["access"])["user_id"] == str(emile.pk)


def test_wrong_password_is_refused(api_client, alice):
    response = sign_in(api_client, "alice", password="not-the-password")

    assert response.status_code == 401
    assert "access" not in response.json()


def test_unknown_user_is_refused(api_client, alice):
    response = sign_in(api_client, "nobody")

    assert response.status_code == 401
    assert "access" not in response.json()


def test_inactive_user_cannot_obtain_tokens(api_client, alice):
    alice.is_active = False
    alice.save()

    response = sign_in(api_client, "alice")

    assert response.status_code == 401


def test_access_token_carries_the_username(api_client, alice):
    response = sign_in(api_client, "alice")

    assert AccessToken(response.json()["access"])["username"] == "alice"


def test_refresh_returns_a_new_access_and_a_new_refresh_token(api_client, alice):
    tokens = sign_in(api_client, "alice").json()

    response = api_client.post(reverse("jwt-refresh"), {"refresh": tokens["refresh"]})

    assert response.status_code == 200
    body = response.json()
    assert body["refresh"] != tokens["refresh"]
    assert body["access"] != tokens["access"]
    assert AccessToken(body["access"])["user_id"] == str(alice.pk)


def test_reused_refresh_token_is_rejected(api_client, alice, settings):
    old_refresh = sign_in(api_client, "alice").json()["refresh"]
    api_client.post(reverse("jwt-refresh"), {"refresh": old_refresh})

    with time_machine.travel(timedelta(seconds=1) + settings.REFRESH_TOKEN_REUSE_GRACE):
        response = api_client.post(reverse("jwt-refresh"), {"refresh": old_refresh})

    assert response.status_code == 401
    assert "access" not in response.json()


def test_rotated_refresh_token_still_works(api_client, alice):
    old_refresh = sign_in(api_client, "alice").json()["refresh"]
    new_refresh = api_client.post(reverse("jwt-refresh"), {"refresh": old_refresh}).json()[
        "refresh"
    ]

    response = api_client.post(reverse("jwt-refresh"), {"refresh": new_refresh})

    assert response.status_code == 200


def test_logout_blacklists_the_refresh_token(api_client, alice):
    refresh = sign_in(api_client, "alice").json()["refresh"]

    logout = api_client.post(reverse("jwt-blacklist"), {"refresh": refresh})
    response = api_client.post(reverse("jwt-refresh"), {"refresh": refresh})

    assert logout.status_code == 200
    assert response.status_code == 401


def test_verify_accepts_a_valid_token(api_client, alice):
    access = sign_in(api_client, "alice").json()["access"]

    response = api_client.post(reverse("jwt-verify"), {"token": access})

    assert response.status_code == 200


def test_verify_rejects_garbage(api_client):
    response = api_client.post(reverse("jwt-verify"), {"token": "not.a.token"})

    assert response.status_code == 401
    assert "detail" in response.json()


def test_bearer_access_token_authenticates_a_request(api_client, alice):
    access = sign_in(api_client, "alice").json()["access"]

    response = bearer(access).post(
        reverse("post-list"), {"title": "Signed in", "body": "With a token."}
    )

    assert response.status_code == 201
    assert Post.objects.get(slug=response.json()["slug"]).author == alice


def test_bearer_access_token_identifies_the_user(alice):
    response = bearer(AccessToken.for_user(alice)).get(reverse("user-me"))

    assert response.status_code == 200
    assert response.json()["username"] == "alice"


def test_expired_access_token_is_rejected(alice):
    token = AccessToken.for_user(alice)
    token.set_exp(from_time=timezone.now() - timedelta(days=1))

    response = bearer(token).post(reverse("post-list"), {"title": "Too late", "body": "Expired."})

    assert response.status_code == 401
    assert not Post.objects.exists()


def test_garbage_bearer_token_is_rejected(alice):
    response = bearer("garbage").post(
        reverse("post-list"), {"title": "Forged", "body": "Not a token."}
    )

    assert response.status_code == 401
    assert not Post.objects.exists()


def test_refresh_token_is_not_accepted_as_an_access_token(alice):
    response = bearer(RefreshToken.for_user(alice)).post(
        reverse("post-list"), {"title": "Wrong kind", "body": "A refresh token."}
    )

    assert response.status_code == 401
    assert not Post.objects.exists()


def test_browsable_api_login_page_renders(client):
    response = client.get(reverse("rest_framework:login"))

    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_browsable_api_session_login_accepts_the_email(client, alice):
    login = client.post(
        reverse("rest_framework:login"),
        {"username": "Alice@Example.com", "password": PASSWORD, "next": reverse("user-me")},
    )

    response = client.get(reverse("user-me"), HTTP_ACCEPT="application/json")

    assert login.status_code == 302
    assert login.headers["Location"] == reverse("user-me")
    assert response.status_code == 200
    assert response.json()["username"] == "alice"


@pytest.mark.parametrize("url_name", ["jwt-refresh", "jwt-blacklist"])
def test_no_refresh_token_is_no_credentials(api_client, url_name):
    response = api_client.post(reverse(url_name), {})

    assert response.status_code == 401
    assert response.json() == {"detail": "No refresh token: send one, or sign in again."}


# --- SimpleJWT -----------------------------------------------------------------------------------


@pytest.mark.owasp("API8:2023")
def test_cve_2024_22513_deactivated_users_access_token_is_refused(alice, database_state):
    """CVE-2024-22513 (GHSA-5vcc-86wm-547q): tokens kept working after the account was
    disabled."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(alice).access_token}")
    alice.is_active = False
    alice.save()
    before = database_state()

    response = client.post(reverse("post-list"), {"title": "t", "body": "b"})

    assert_json_detail(response, 401)
    assert database_state() == before


@pytest.mark.owasp("API8:2023")
def test_cve_2024_22513_deactivated_users_refresh_token_is_refused(
    api_client, alice, database_state
):
    """The refresh half of the same advisory (fixed in SimpleJWT 5.4.0)."""
    refresh = str(RefreshToken.for_user(alice))
    alice.is_active = False
    alice.save()
    before = database_state()

    response = api_client.post(reverse("jwt-refresh"), {"refresh": refresh})

    assert_json_detail(response, 401)
    assert "access" not in response.json()
    assert database_state() == before


# --- Djoser --------------------------------------------------------------------------------------


@pytest.mark.owasp("API8:2023")
@pytest.mark.parametrize(("door", "status"), [("jwt-create", 401), ("token-login", 400)])
def test_cve_2024_21543_a_backend_refusal_is_final(
    api_client, alice, monkeypatch, database_state, door, status
):
    """CVE-2024-21543: when authenticate() refused, Djoser's token login checked the password
    itself and issued a token anyway, bypassing the backends' own rules. Here a backend rule
    refuses Alice (as a 2FA or lockout rule would): her right password must not get her a token,
    at JWT sign-in nor at our token login, whose serializer trusts authenticate() alone."""
    monkeypatch.setattr(UsernameOrEmailBackend, "user_can_authenticate", lambda self, user: False)
    before = database_state()

    response = api_client.post(reverse(door), {"username": "alice", "password": PASSWORD})

    assert_json_error(response, status)
    assert not {"access", "auth_token"} & set(response.json())
    assert database_state() == before


@pytest.mark.owasp("API8:2023")
def test_cve_2024_21543_djosers_own_token_urls_are_not_mounted(api_client, alice):
    """Djoser's own token login, where the bypass lived, is not routed anywhere."""
    response = api_client.post(
        "/api/v1/auth/jwt/token/login/", {"username": "alice", "password": PASSWORD}
    )

    assert_json_detail(response, 404)
