"""Djoser's token login and logout, as its documentation's curl commands run them: a username (or
e-mail address) and a password give an API token; logging out ends that token only."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from tests.accounts.test_api_tokens import make_token, token_client
from tests.clients import assert_json_detail
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("token-login")
LOGOUT = reverse("token-logout")


def token_login(api_client, username, password=PASSWORD, **extra):
    """`curl -X POST …/auth/token/login/ --data 'username=…&password=…'`, as Djoser documents."""
    return api_client.post(
        LOGIN,
        urlencode({"username": username, "password": password}),
        content_type="application/x-www-form-urlencoded",
        **extra,
    )


def test_a_username_and_password_give_a_token(api_client, alice):
    response = token_login(api_client, "alice", HTTP_USER_AGENT="curl/8.5.0")

    assert response.status_code == 200
    assert list(response.json()) == ["auth_token"]
    secret = response.json()["auth_token"]
    assert secret.startswith("blogpat_")
    me = token_client(secret).get(reverse("user-me"))
    assert me.status_code == 200
    assert me.json()["username"] == "alice"
    token = ApiToken.objects.get()
    assert (token.name, token.scope) == ("Token login (curl)", "read-write")


def test_an_email_address_in_any_case_signs_in_too(api_client, alice):
    response = api_client.post(LOGIN, {"username": "Alice@Example.com", "password": PASSWORD})

    assert response.status_code == 200
    assert token_client(response.json()["auth_token"]).get(reverse("user-me")).status_code == 200


def test_a_login_token_ends_when_a_jwt_login_would(api_client, alice, settings):
    token_login(api_client, "alice")

    expected = timezone.now() + settings.REFRESH_TOKEN_ABSOLUTE_LIFETIME
    assert abs(ApiToken.objects.get().expires_at - expected) < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("username", "password"), [("alice", "wrong-password"), ("nobody", PASSWORD)]
)
def test_wrong_credentials_get_djosers_answer_and_no_token(api_client, alice, username, password):
    response = token_login(api_client, username, password)

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Unable to log in with provided credentials."]}
    assert not ApiToken.objects.exists()


def test_an_inactive_account_gets_no_token(api_client, alice):
    alice.is_active = False
    alice.save()

    assert token_login(api_client, "alice").status_code == 400
    assert not ApiToken.objects.exists()


def test_logout_ends_the_token_it_is_sent_with_only(api_client, alice):
    laptop = token_login(api_client, "alice").json()["auth_token"]
    script = make_token(alice)

    response = token_client(laptop).post(LOGOUT)

    assert response.status_code == 204
    assert_json_detail(token_client(laptop).get(reverse("user-me")), 401)
    assert token_client(script).get(reverse("user-me")).status_code == 200


def test_logout_needs_a_token(api_client, alice_client):
    assert_json_detail(api_client.post(LOGOUT), 401)
    assert_json_detail(alice_client.post(LOGOUT), 403)


def test_a_token_that_logged_out_cannot_log_out_again(api_client, alice):
    secret = token_login(api_client, "alice").json()["auth_token"]
    token_client(secret).post(LOGOUT)

    assert_json_detail(token_client(secret).post(LOGOUT), 401)


def test_the_token_is_never_shown_again(api_client, alice_client, alice):
    secret = token_login(api_client, "alice").json()["auth_token"]

    listed = alice_client.get(reverse("api-token-list"))

    assert listed.json()["count"] == 1
    assert secret not in listed.content.decode()
    assert secret[14:] not in token_client(secret).get(reverse("user-me")).content.decode()
