"""Another user's account and profile, by id and by username: refused, and nothing changes."""

import pytest
from django.urls import reverse

from tests.clients import assert_json_detail

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API1:2023")]


def user_url(user):
    return reverse("user-detail", kwargs={"id": user.pk})


# --- Accounts and profiles -----------------------------------------------------------------------


def test_stranger_cannot_read_anothers_account_by_id(bob_client, alice):
    assert_json_detail(bob_client.get(user_url(alice)), 404)


def test_stranger_cannot_patch_anothers_account_by_id(bob_client, alice, database_state):
    before = database_state()

    response = bob_client.patch(user_url(alice), {"email": "bob+alice@example.com"})

    assert_json_detail(response, 404)
    assert database_state() == before


def test_stranger_cannot_put_anothers_account_by_id(bob_client, alice, database_state):
    before = database_state()

    response = bob_client.put(user_url(alice), {"email": "bob+alice@example.com", "bio": "Owned."})

    assert_json_detail(response, 404)
    assert database_state() == before


def test_stranger_cannot_delete_anothers_account_by_id(bob_client, alice, database_state):
    # 404 as for reading and editing: a 403 would tell which ids belong to accounts.
    before = database_state()

    response = bob_client.delete(user_url(alice), {"current_password": "anything"})

    assert_json_detail(response, 404)
    assert database_state() == before


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
