"""Changing or resetting the password, and logging out everywhere, end every earlier session."""

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken

from tests.accounts.emails import uid_and_token
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase"


def login(client, username, password=PASSWORD):
    response = client.post(reverse("jwt-create"), {"username": username, "password": password})
    assert response.status_code == 200
    return response.json()


def refresh_with(client, refresh):
    return client.post(reverse("jwt-refresh"), {"refresh": refresh})


def bearer(client, access):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def test_the_whole_account_journey(api_client):
    """register → mail → activate → login → change password → the old refresh token is refused."""
    api_client.post(
        reverse("user-list"),
        {"username": "carol", "email": "carol@example.com", "password": PASSWORD},
    )
    api_client.post(reverse("user-activation"), uid_and_token(mail.outbox[0], "activate"))
    tokens = login(api_client, "carol")

    changed = bearer(api_client, tokens["access"]).post(
        reverse("user-set-password"),
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert changed.status_code == 200
    assert refresh_with(api_client, tokens["refresh"]).status_code == 401
    assert login(api_client, "carol", NEW_PASSWORD)["access"]


def test_password_change_refuses_every_refresh_token_held_before(api_client, alice):
    laptop, phone = login(api_client, "alice"), login(api_client, "alice")

    bearer(api_client, laptop["access"]).post(
        reverse("user-set-password"),
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert refresh_with(api_client, laptop["refresh"]).status_code == 401
    assert refresh_with(api_client, phone["refresh"]).status_code == 401


def test_password_change_answers_a_new_pair_so_the_spa_carries_on(api_client, alice):
    tokens = login(api_client, "alice")

    response = bearer(api_client, tokens["access"]).post(
        reverse("user-set-password"),
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert AccessToken(response.json()["access"])["username"] == "alice"
    assert refresh_with(api_client, response.json()["refresh"]).status_code == 200


def test_password_change_with_a_wrong_current_password_revokes_nothing(api_client, alice):
    tokens = login(api_client, "alice")

    response = bearer(api_client, tokens["access"]).post(
        reverse("user-set-password"),
        {"current_password": "not-my-password", "new_password": NEW_PASSWORD},
    )

    assert response.status_code == 400
    assert refresh_with(api_client, tokens["refresh"]).status_code == 200


def test_password_reset_refuses_every_refresh_token_held_before(api_client, alice):
    tokens = login(api_client, "alice")
    api_client.post(reverse("user-reset-password"), {"email": "alice@example.com"})

    api_client.post(
        reverse("user-reset-password-confirm"),
        {**uid_and_token(mail.outbox[0], "reset-password"), "new_password": NEW_PASSWORD},
    )

    assert refresh_with(api_client, tokens["refresh"]).status_code == 401
    assert login(api_client, "alice", NEW_PASSWORD)["access"]


def test_logout_everywhere_refuses_every_earlier_refresh_token(api_client, alice):
    sessions = [login(api_client, "alice") for _ in range(3)]

    response = bearer(api_client, sessions[0]["access"]).post(reverse("jwt-logout-everywhere"))

    assert response.status_code == 204
    assert [refresh_with(api_client, s["refresh"]).status_code for s in sessions] == [401] * 3


def test_logout_everywhere_leaves_other_users_signed_in(api_client, alice, user):
    others = login(api_client, user.username)
    mine = login(api_client, "alice")

    bearer(api_client, mine["access"]).post(reverse("jwt-logout-everywhere"))

    assert refresh_with(api_client, others["refresh"]).status_code == 200


def test_logout_everywhere_needs_a_signed_in_user(api_client, alice):
    tokens = login(api_client, "alice")

    response = api_client.post(reverse("jwt-logout-everywhere"))

    assert response.status_code == 401
    assert not OutstandingToken.objects.filter(user=alice, blacklistedtoken__isnull=False)
    assert refresh_with(api_client, tokens["refresh"]).status_code == 200
