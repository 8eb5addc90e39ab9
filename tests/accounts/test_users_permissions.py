"""Who may write which account: alice's, through /users/me/ and by id; then another user's account
and profile, by id and by username: refused, and nothing changes."""

import pytest
from django.urls import reverse

from tests.clients import assert_json_detail
from tests.factories import PASSWORD
from tests.permissions import assert_cell, cells

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API1:2023")]


def user_url(user):
    return reverse("user-detail", kwargs={"id": user.pk})


ME = reverse("user-me")
NEW = {"username": "dave", "email": "dave@example.com", "password": PASSWORD}
REPLACEMENT = {"email": "replaced@example.com", "bio": "Replaced.", "current_password": PASSWORD}

WRITES = {
    "register": lambda client, alice: client.post(reverse("user-list"), NEW),
    "put-me": lambda client, alice: client.put(ME, REPLACEMENT),
    "patch-me": lambda client, alice: client.patch(ME, {"bio": "Patched."}),
    "delete-me": lambda client, alice: client.delete(ME, {"current_password": PASSWORD}),
    "put": lambda client, alice: client.put(user_url(alice), REPLACEMENT),
    "patch": lambda client, alice: client.patch(user_url(alice), {"bio": "Patched."}),
    "delete": lambda client, alice: client.delete(user_url(alice), {"current_password": PASSWORD}),
    "set-password": lambda client, alice: client.post(
        reverse("user-set-password"),
        {"current_password": PASSWORD, "new_password": "a-brand-new-passphrase"},
    ),
    "logout-everywhere": lambda client, alice: client.post(reverse("jwt-logout-everywhere")),
    "set-username": lambda client, alice: client.post(
        reverse("user-set-username"), {"current_password": PASSWORD, "new_username": "alicia"}
    ),
}

# /users/me/, its actions and logging out everywhere act on the requester's own account (a password
# change answers a new token pair). By id, another user finds no account (a 403 would tell which
# ids are taken); staff may edit and delete any account (Djoser's CurrentUserOrAdmin).
MATRIX = {  #       anonymous, owner, other user, staff
    "register": (201, 201, 201, 201),
    "put-me": (401, 200, 200, 200),
    "patch-me": (401, 200, 200, 200),
    "delete-me": (401, 204, 204, 204),
    "put": (401, 200, 404, 200),
    "patch": (401, 200, 404, 200),
    "delete": (401, 204, 404, 204),
    "set-password": (401, 200, 200, 200),
    "logout-everywhere": (401, 204, 204, 204),
    "set-username": (401, 204, 204, 204),
}


@pytest.mark.parametrize(("actor", "operation", "status", "changes"), cells(MATRIX))
def test_who_may_write_an_account(client_of, alice, actor, operation, status, changes):
    client = client_of(actor)

    assert_cell(lambda: WRITES[operation](client, alice), status, changes)


# --- Accounts and profiles -----------------------------------------------------------------------


def test_stranger_cannot_read_anothers_account_by_id(bob_client, alice):
    assert_json_detail(bob_client.get(user_url(alice)), 404)


def test_me_answers_the_requesters_own_account_only(bob_client, alice, bob):
    response = bob_client.get(reverse("user-me"))

    assert response.status_code == 200
    assert response.json()["id"] == bob.pk
    assert response.json()["username"] == "bob"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_public_author_profile_is_read_only(bob_client, alice, database_state, method):
    before = database_state()

    response = getattr(bob_client, method)(
        reverse("author-detail", kwargs={"username": "alice"}), {"bio": "Owned."}
    )

    assert_json_detail(response, 405)
    assert database_state() == before


@pytest.mark.owasp("API5:2023")
def test_regular_user_lists_only_their_own_account(bob_client, bob, alice, staff):
    response = bob_client.get(reverse("user-list"))

    assert response.status_code == 200
    assert [user["username"] for user in response.json()["results"]] == ["bob"]
