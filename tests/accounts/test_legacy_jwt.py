"""djangorestframework-jwt's clients work unchanged: `api-token-auth/`, `api-token-refresh/` and
`api-token-verify/` in that package's shapes, driven here as its documentation's curl commands
drive them, `Authorization: JWT <token>`, and every legacy token ending with its user's sessions."""

from datetime import timedelta
from urllib.parse import urlencode

import jwt
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Login, User
from tests.accounts.test_api_tokens import delete_account, reset_password
from tests.accounts.test_sessions import ENDINGS, log_out_everywhere
from tests.clients import assert_json_detail, token_pair
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

AUTH, REFRESH, VERIFY = (
    reverse(name) for name in ("legacy-jwt-auth", "legacy-jwt-refresh", "legacy-jwt-verify")
)
WRONG_CREDENTIALS = {"non_field_errors": ["Unable to log in with provided credentials."]}


def obtain(username="alice", password=PASSWORD, form=False):
    """`curl -X POST -d "username=...&password=..." .../api-token-auth/`, or its JSON variant."""
    body = {"username": username, "password": password}
    if form:
        return APIClient().post(
            AUTH, urlencode(body), content_type="application/x-www-form-urlencoded"
        )
    return APIClient().post(AUTH, body, format="json")


def legacy_token(username="alice"):
    response = obtain(username)
    assert response.status_code == 200, response.content
    return response.json()["token"]


def jwt_client(token):
    """`curl -H "Authorization: JWT <your_token>" ...`"""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"JWT {token}")
    return client


def refresh(token):
    return APIClient().post(REFRESH, {"token": token}, format="json")


def verify(token):
    return APIClient().post(VERIFY, {"token": token}, format="json")


def claims(token):
    return jwt.decode(token, options={"verify_signature": False})


@pytest.mark.parametrize("url", [AUTH, REFRESH, VERIFY])
def test_the_endpoints_are_not_served_with_the_setting_off(alice, settings, url):
    settings.LEGACY_JWT = False

    response = APIClient().post(url, {"username": "alice", "password": PASSWORD, "token": "x"})

    assert_json_detail(response, 404)
    assert not Login.objects.exists()


@pytest.mark.parametrize("form", [True, False], ids=["form-encoded", "json"])
def test_a_username_and_password_give_a_token_sent_with_the_jwt_prefix(alice, form):
    response = obtain(form=form)

    assert response.status_code == 200
    assert list(response.json()) == ["token"]
    me = jwt_client(response.json()["token"]).get(reverse("user-me"))
    assert me.status_code == 200
    assert me.json()["username"] == "alice"
    assert Login.objects.get(user=alice).kind == Login.Kind.LEGACY


def test_the_token_carries_the_packages_claims(alice):
    token = claims(legacy_token())

    assert token["username"] == "alice"
    assert token["user_id"] == str(alice.pk)
    assert token["exp"] - token["iat"] == 300  # JWT_EXPIRATION_DELTA's default.
    assert token["orig_iat"] == token["iat"]


@pytest.mark.parametrize(
    ("username", "password"), [("alice", "not-her-password"), ("nobody", PASSWORD)]
)
def test_wrong_credentials_get_the_packages_answer(alice, username, password):
    response = obtain(username, password)

    assert response.status_code == 400
    assert response.json() == WRONG_CREDENTIALS
    assert not Login.objects.exists()


def test_an_inactive_account_gets_no_token(alice):
    User.objects.filter(pk=alice.pk).update(is_active=False)

    assert obtain().json() == WRONG_CREDENTIALS


def test_a_valid_token_is_refreshed_into_a_new_one_of_the_same_login(alice):
    first = legacy_token()

    with time_machine.travel(timezone.now() + timedelta(minutes=4)):
        response = refresh(first)
        second = response.json()["token"]

        assert response.status_code == 200
        assert list(response.json()) == ["token"]
        assert second != first
        assert claims(second)["orig_iat"] == claims(first)["orig_iat"]
        assert claims(second)["exp"] > claims(first)["exp"]
        assert jwt_client(second).get(reverse("user-me")).status_code == 200
    assert Login.objects.filter(user=alice).count() == 1


def test_an_expired_token_is_not_refreshed_and_signs_nobody_in(alice):
    token = legacy_token()

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = refresh(token)
        me = jwt_client(token).get(reverse("user-me"))

    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    assert_json_detail(me, 401)


def test_refreshing_stops_at_the_maximum_age_from_the_sign_in(alice, settings):
    settings.LEGACY_JWT_MAX_AGE = timedelta(hours=1)  # Seven days by default.
    start = timezone.now()
    token = legacy_token()
    # A client refreshing every four minutes while its user works, as the package's docs advise.
    moment = start
    while moment < start + settings.LEGACY_JWT_MAX_AGE:
        moment += timedelta(minutes=4)
        with time_machine.travel(moment):
            response = refresh(token)
            if response.status_code != 200:
                break
            token = response.json()["token"]

    assert claims(token)["exp"] <= claims(token)["refresh_exp"]
    assert claims(token)["refresh_exp"] == int((start + settings.LEGACY_JWT_MAX_AGE).timestamp())
    with time_machine.travel(start + settings.LEGACY_JWT_MAX_AGE + timedelta(seconds=1)):
        assert refresh(token).status_code == 400
        assert_json_detail(jwt_client(token).get(reverse("user-me")), 401)


def test_verify_answers_a_valid_token_and_refuses_others(alice):
    token = legacy_token()

    assert verify(token).status_code == 200
    assert verify(token).json() == {"token": token}
    refused = verify(token[:-4] + "AAAA")
    assert refused.status_code == 400
    assert list(refused.json()) == ["non_field_errors"]


@pytest.mark.parametrize("garbage", ["", "not-a-jwt", 42, None, ["a"]])
def test_what_is_no_token_is_a_clear_400(alice, garbage):
    for url in (REFRESH, VERIFY):
        response = APIClient().post(url, {"token": garbage}, format="json")

        assert response.status_code == 400, response.content
        assert response.json()


def test_an_access_token_is_no_legacy_token(alice):
    access = token_pair(APIClient(), "alice")["access"]

    assert refresh(access).status_code == 400
    assert verify(access).status_code == 400


def test_the_jwt_prefix_carries_an_access_token_as_bearer_does(alice):
    access = token_pair(APIClient(), "alice")["access"]

    assert jwt_client(access).get(reverse("user-me")).json()["username"] == "alice"


@pytest.mark.parametrize("end_sessions", [*ENDINGS, reset_password, delete_account])
def test_a_legacy_token_ends_with_every_other_session(api_client, alice, end_sessions):
    token = legacy_token()

    end_sessions(api_client, alice)
    User.objects.filter(pk=alice.pk).update(is_active=True)  # Whatever happened, it stays ended.

    assert_json_detail(jwt_client(token).get(reverse("user-me")), 401)
    assert refresh(token).status_code == 400
    assert verify(token).status_code == 400


def test_a_legacy_login_is_listed_and_ended_like_the_others(alice):
    token = legacy_token()
    client = jwt_client(token)

    sessions = client.get(reverse("session-list")).json()["results"]

    assert [(s["kind"], s["current"]) for s in sessions] == [("legacy", True)]
    ended = client.delete(reverse("session-detail", args=[sessions[0]["id"]]))
    assert ended.status_code == 204
    assert_json_detail(client.get(reverse("user-me")), 401)
    assert refresh(token).status_code == 400


def test_a_legacy_login_whose_last_token_expired_is_no_longer_listed(alice):
    legacy_token()
    spa = APIClient()
    spa.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair(APIClient(), 'alice')['access']}")

    assert {s["kind"] for s in spa.get(reverse("session-list")).json()["results"]} == {
        "jwt",
        "legacy",
    }
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        # Nothing can refresh it: no token of the chain is valid any more.
        listed = spa.get(reverse("session-list")).json()["results"]

    assert [s["kind"] for s in listed] == ["jwt"]


def test_another_users_logout_everywhere_leaves_a_legacy_token(api_client, alice, bob):
    token = legacy_token("bob")

    log_out_everywhere(api_client, alice)

    assert jwt_client(token).get(reverse("user-me")).status_code == 200
