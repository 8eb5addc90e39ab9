"""Changing a username, directly or by e-mailed link: unique whatever its case, as at sign-up;
tokens issued before the change stop claiming the old name."""

import jwt
import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from tests.accounts.emails import uid_and_token
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_changes_their_username(auth_client, user):
    response = auth_client(user).post(
        reverse("user-set-username"), {"new_username": "renamed", "current_password": PASSWORD}
    )

    assert response.status_code == 204
    user.refresh_from_db()
    assert user.username == "renamed"


def test_a_username_taken_in_another_case_is_refused_not_a_server_error(auth_client, user, alice):
    response = auth_client(user).post(
        reverse("user-set-username"), {"new_username": "ALICE", "current_password": PASSWORD}
    )

    assert response.status_code == 400
    assert response.json() == {"new_username": ["A user with that username already exists."]}
    assert User.objects.filter(username__iexact="alice").count() == 1


def test_the_username_reset_link_reaches_an_address_typed_in_another_case(api_client, alice):
    response = api_client.post(reverse("user-reset-username"), {"email": "ALICE@Example.com"})

    assert response.status_code == 204
    assert [message.to for message in mail.outbox] == [["alice@example.com"]]


def test_the_username_reset_link_refuses_a_username_taken_in_another_case(api_client, alice):
    UserFactory(username="bob")
    api_client.post(reverse("user-reset-username"), {"email": "alice@example.com"})
    link = uid_and_token(mail.outbox[0], "reset-username")

    response = api_client.post(
        reverse("user-reset-username-confirm"), {**link, "new_username": "BOB"}
    )

    assert response.status_code == 400
    assert response.json() == {"new_username": ["A user with that username already exists."]}
    alice.refresh_from_db()
    assert alice.username == "alice"


# --- Tokens issued before a rename -------------------------------------------------------------


def sign_in(client, username):
    response = client.post(reverse("jwt-create"), {"username": username, "password": PASSWORD})
    return response.json()


def bearer(access):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def rename_by_set_username(client, alice):
    bearer(sign_in(client, "alice")["access"]).post(
        reverse("user-set-username"), {"new_username": "alicia", "current_password": PASSWORD}
    )


def rename_by_reset_link(client, alice):
    client.post(reverse("user-reset-username"), {"email": alice.email})
    link = uid_and_token(mail.outbox[-1], "reset-username")
    client.post(reverse("user-reset-username-confirm"), {**link, "new_username": "alicia"})


RENAMES = {"set_username": rename_by_set_username, "reset link": rename_by_reset_link}


def claimed_username(token):
    return jwt.decode(token, options={"verify_signature": False})["username"]


@pytest.mark.parametrize("rename", RENAMES.values(), ids=RENAMES.keys())
def test_an_access_token_naming_the_former_username_is_refused(api_client, alice, rename):
    old_access = sign_in(api_client, "alice")["access"]
    rename(api_client, alice)
    assert User.objects.get(pk=alice.pk).username == "alicia"

    response = bearer(old_access).patch(reverse("user-me"), {"bio": "Still me?"})

    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"
    alice.refresh_from_db()
    assert alice.bio == ""


@pytest.mark.parametrize("rename", RENAMES.values(), ids=RENAMES.keys())
def test_refreshing_after_a_rename_names_the_user_as_they_are_called_now(api_client, alice, rename):
    old_refresh = sign_in(api_client, "alice")["refresh"]
    rename(api_client, alice)

    response = api_client.post(reverse("jwt-refresh"), {"refresh": old_refresh})

    assert response.status_code == 200
    tokens = response.json()
    assert claimed_username(tokens["access"]) == claimed_username(tokens["refresh"]) == "alicia"
    me = bearer(tokens["access"]).get(reverse("user-me"))
    assert (me.status_code, me.json()["username"]) == (200, "alicia")


def test_an_access_token_of_the_current_username_still_works(api_client, alice):
    access = sign_in(api_client, "alice")["access"]

    response = bearer(access).get(reverse("user-me"))

    assert (response.status_code, response.json()["username"]) == (200, "alice")
