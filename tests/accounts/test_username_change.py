"""Changing a username, directly or by e-mailed link: unique whatever its case, as at sign-up;
tokens issued before the change stop claiming the old name."""

import jwt
import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.accounts.emails import uid_and_token
from tests.clients import bearer, token_pair
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_changes_their_username(auth_client, alice):
    response = auth_client(alice).post(
        reverse("user-set-username"), {"new_username": "renamed", "current_password": PASSWORD}
    )

    assert response.status_code == 204
    alice.refresh_from_db()
    assert alice.username == "renamed"


def test_a_username_taken_in_another_case_is_refused_not_a_server_error(auth_client, bob, alice):
    response = auth_client(bob).post(
        reverse("user-set-username"), {"new_username": "ALICE", "current_password": PASSWORD}
    )

    assert response.status_code == 400
    assert response.json() == {"new_username": ["A user with that username already exists."]}
    assert User.objects.filter(username__iexact="alice").count() == 1


@pytest.mark.parametrize("username", ["\uff21\uff2c\uff29\uff23\uff25", "\uff41lice"])
def test_a_unicode_spelling_of_a_taken_username_is_refused(auth_client, bob, alice, username):
    before = bob.username

    response = auth_client(bob).post(
        reverse("user-set-username"), {"new_username": username, "current_password": PASSWORD}
    )

    assert response.status_code == 400
    assert response.json() == {"new_username": ["A user with that username already exists."]}
    bob.refresh_from_db()
    assert bob.username == before


def test_a_username_taken_in_another_accented_case_is_refused(auth_client, alice):
    UserFactory(username="\u00e9mile")
    before = alice.username

    response = auth_client(alice).post(
        reverse("user-set-username"), {"new_username": "\u00c9MILE", "current_password": PASSWORD}
    )

    assert response.status_code == 400
    assert response.json() == {"new_username": ["A user with that username already exists."]}
    alice.refresh_from_db()
    assert alice.username == before


def test_a_look_alike_of_a_username_in_mixed_scripts_is_refused(auth_client, bob, alice):
    before = bob.username

    response = auth_client(bob).post(
        reverse("user-set-username"), {"new_username": "\u0430lice", "current_password": PASSWORD}
    )

    assert response.status_code == 400
    assert "new_username" in response.json()
    bob.refresh_from_db()
    assert bob.username == before


def test_a_name_in_another_script_that_reads_as_a_taken_one_is_refused(auth_client, alice):
    UserFactory(username="coco")
    before = alice.username

    response = auth_client(alice).post(
        reverse("user-set-username"),
        {"new_username": "\u0441\u043e\u0441\u043e", "current_password": PASSWORD},
    )

    assert response.status_code == 400
    assert response.json() == {
        "new_username": ["A user with a username that looks the same already exists."]
    }
    alice.refresh_from_db()
    assert alice.username == before


def test_a_new_username_is_stored_nfkc_normalised(auth_client, alice):
    response = auth_client(alice).post(
        reverse("user-set-username"),
        {
            "new_username": "\uff52\uff45\uff4e\uff41\uff4d\uff45\uff44",
            "current_password": PASSWORD,
        },
    )

    assert response.status_code == 204
    alice.refresh_from_db()
    assert alice.username == "renamed"


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


def rename_by_set_username(client, alice):
    bearer(token_pair(client, "alice")["access"]).post(
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
    old_access = token_pair(api_client, "alice")["access"]
    rename(api_client, alice)
    assert User.objects.get(pk=alice.pk).username == "alicia"

    response = bearer(old_access).patch(reverse("user-me"), {"bio": "Still me?"})

    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"
    alice.refresh_from_db()
    assert alice.bio == ""


def test_verify_calls_an_access_token_naming_the_former_username_invalid(api_client, alice):
    old_access = token_pair(api_client, "alice")["access"]
    rename_by_set_username(api_client, alice)

    response = api_client.post(reverse("jwt-verify"), {"token": old_access})

    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


def test_verify_calls_an_access_token_of_a_deactivated_user_invalid(api_client, alice):
    access = token_pair(api_client, "alice")["access"]
    User.objects.filter(pk=alice.pk).update(is_active=False)

    response = api_client.post(reverse("jwt-verify"), {"token": access})

    assert response.status_code == 401


@pytest.mark.parametrize("rename", RENAMES.values(), ids=RENAMES.keys())
def test_refreshing_after_a_rename_names_the_user_as_they_are_called_now(api_client, alice, rename):
    old_refresh = token_pair(api_client, "alice")["refresh"]
    rename(api_client, alice)

    response = api_client.post(reverse("jwt-refresh"), {"refresh": old_refresh})

    assert response.status_code == 200
    tokens = response.json()
    assert claimed_username(tokens["access"]) == claimed_username(tokens["refresh"]) == "alicia"
    me = bearer(tokens["access"]).get(reverse("user-me"))
    assert (me.status_code, me.json()["username"]) == (200, "alicia")


def test_an_access_token_of_the_current_username_still_works(api_client, alice):
    access = token_pair(api_client, "alice")["access"]

    response = bearer(access).get(reverse("user-me"))

    assert (response.status_code, response.json()["username"]) == (200, "alice")


def test_the_username_reset_link_refuses_a_unicode_spelling_of_a_taken_username(api_client, alice):
    UserFactory(username="bob")
    api_client.post(reverse("user-reset-username"), {"email": "alice@example.com"})
    link = uid_and_token(mail.outbox[0], "reset-username")

    response = api_client.post(
        reverse("user-reset-username-confirm"), {**link, "new_username": "\uff22\uff4f\uff42"}
    )

    assert response.status_code == 400
    assert response.json() == {"new_username": ["A user with that username already exists."]}
    alice.refresh_from_db()
    assert alice.username == "alice"
