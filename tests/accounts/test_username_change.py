"""Changing a username, directly or by e-mailed link: unique whatever its case, as at sign-up."""

import pytest
from django.core import mail
from django.urls import reverse

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
