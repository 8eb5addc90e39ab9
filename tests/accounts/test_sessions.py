"""Changing or resetting the password (through the API or the admin), logging out everywhere and
deactivation end every earlier session: each login's refresh tokens and each browser session of the
browsable API and the admin."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import Login, User
from posts.models import Post
from tests.accounts.emails import uid_and_token
from tests.clients import bearer, token_pair
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase"


def refresh_with(client, refresh):
    return client.post(reverse("jwt-refresh"), {"refresh": refresh})


def test_the_whole_account_journey(api_client):
    """register → mail → activate → login → change password → the old refresh token is refused."""
    api_client.post(
        reverse("user-list"),
        {"username": "carol", "email": "carol@example.com", "password": PASSWORD},
    )
    api_client.post(reverse("user-activation"), uid_and_token(mail.outbox[0], "activate"))
    tokens = token_pair(api_client, "carol")

    changed = bearer(tokens["access"], api_client).post(
        reverse("user-set-password"),
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert changed.status_code == 200
    assert refresh_with(api_client, tokens["refresh"]).status_code == 401
    assert token_pair(api_client, "carol", NEW_PASSWORD)["access"]


def test_password_change_refuses_every_refresh_token_held_before(api_client, alice):
    laptop, phone = token_pair(api_client, "alice"), token_pair(api_client, "alice")

    bearer(laptop["access"], api_client).post(
        reverse("user-set-password"),
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert refresh_with(api_client, laptop["refresh"]).status_code == 401
    assert refresh_with(api_client, phone["refresh"]).status_code == 401


def test_password_change_answers_a_new_pair_so_the_spa_carries_on(api_client, alice):
    tokens = token_pair(api_client, "alice")

    response = bearer(tokens["access"], api_client).post(
        reverse("user-set-password"),
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert AccessToken(response.json()["access"])["username"] == "alice"
    assert refresh_with(api_client, response.json()["refresh"]).status_code == 200


def test_password_change_with_a_wrong_current_password_revokes_nothing(api_client, alice):
    tokens = token_pair(api_client, "alice")

    response = bearer(tokens["access"], api_client).post(
        reverse("user-set-password"),
        {"current_password": "not-my-password", "new_password": NEW_PASSWORD},
    )

    assert response.status_code == 400
    assert refresh_with(api_client, tokens["refresh"]).status_code == 200


def test_password_reset_refuses_every_refresh_token_held_before(api_client, alice):
    tokens = token_pair(api_client, "alice")
    api_client.post(reverse("user-reset-password"), {"email": "alice@example.com"})

    api_client.post(
        reverse("user-reset-password-confirm"),
        {**uid_and_token(mail.outbox[0], "reset-password"), "new_password": NEW_PASSWORD},
    )

    assert refresh_with(api_client, tokens["refresh"]).status_code == 401
    assert token_pair(api_client, "alice", NEW_PASSWORD)["access"]


def test_logout_everywhere_refuses_every_earlier_refresh_token(api_client, alice):
    sessions = [token_pair(api_client, "alice") for _ in range(3)]

    response = bearer(sessions[0]["access"], api_client).post(reverse("jwt-logout-everywhere"))

    assert response.status_code == 204
    assert [refresh_with(api_client, s["refresh"]).status_code for s in sessions] == [401] * 3


def test_logout_everywhere_leaves_other_users_signed_in(api_client, alice, bob):
    others = token_pair(api_client, bob.username)
    mine = token_pair(api_client, "alice")

    bearer(mine["access"], api_client).post(reverse("jwt-logout-everywhere"))

    assert refresh_with(api_client, others["refresh"]).status_code == 200


def test_logout_everywhere_needs_a_signed_in_user(api_client, alice):
    tokens = token_pair(api_client, "alice")

    response = api_client.post(reverse("jwt-logout-everywhere"))

    assert response.status_code == 401
    assert not OutstandingToken.objects.filter(user=alice, blacklistedtoken__isnull=False)
    assert refresh_with(api_client, tokens["refresh"]).status_code == 200


def browser_signed_in_as(client, user):
    """A browser signed in to the browsable API and the admin with a Django session."""
    client.force_login(user)
    assert client.get(reverse("user-me")).status_code == 200
    return client


def log_out_everywhere(api_client, user):
    tokens = token_pair(api_client, user.username)
    response = bearer(tokens["access"], api_client).post(reverse("jwt-logout-everywhere"))
    assert response.status_code == 204


def change_password(api_client, user):
    tokens = token_pair(api_client, user.username)
    response = bearer(tokens["access"], api_client).post(
        reverse("user-set-password"), {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 200


def deactivate(api_client, user):
    user.is_active = False
    user.save()


def change_own_password_in_the_admin(api_client, user):
    """Her other sessions end; the admin session she changed it in stays signed in."""
    User.objects.filter(pk=user.pk).update(is_staff=True)
    admin = Client()
    admin.force_login(user)
    response = admin.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert admin.get(reverse("admin:password_change_done")).status_code == 200


def set_password_in_the_admin(api_client, user, data=None):
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = admin.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        data or {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert admin.get(reverse("admin:accounts_user_changelist")).status_code == 200


def disable_password_in_the_admin(api_client, user):
    set_password_in_the_admin(api_client, user, {"usable_password": "false", "unset-password": ""})
    assert not User.objects.get(pk=user.pk).has_usable_password()


ADMIN_PASSWORD_CHANGES = [
    change_own_password_in_the_admin,
    set_password_in_the_admin,
    disable_password_in_the_admin,
]
ENDINGS = [log_out_everywhere, change_password, deactivate, *ADMIN_PASSWORD_CHANGES]


@pytest.mark.parametrize("change", ADMIN_PASSWORD_CHANGES)
def test_a_password_change_in_the_admin_refuses_every_refresh_token_held_before(
    api_client, alice, change
):
    laptop, phone = token_pair(api_client, "alice"), token_pair(api_client, "alice")

    change(api_client, alice)

    assert refresh_with(api_client, laptop["refresh"]).status_code == 401
    assert refresh_with(api_client, phone["refresh"]).status_code == 401
    # The admin session the password was changed in goes on, as a browser login of its own.
    assert not Login.objects.filter(user=alice, kind="jwt", revoked_at__isnull=True).exists()


def test_a_password_set_in_a_shell_refuses_every_refresh_token_held_before(api_client, alice):
    tokens = token_pair(api_client, "alice")

    alice.set_password(NEW_PASSWORD)  # As manage.py changepassword does.
    alice.save()

    assert refresh_with(api_client, tokens["refresh"]).status_code == 401


def test_a_password_hash_upgraded_at_sign_in_ends_no_session(api_client, alice, settings):
    tokens = token_pair(api_client, "alice")
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]

    token_pair(api_client, "alice")

    assert User.objects.get(pk=alice.pk).password.startswith("pbkdf2_sha256$")
    assert refresh_with(api_client, tokens["refresh"]).status_code == 200


@pytest.mark.parametrize("end_sessions", ENDINGS)
def test_the_browsable_api_session_ends_with_the_others(client, api_client, alice, end_sessions):
    browser = browser_signed_in_as(client, alice)

    end_sessions(api_client, alice)
    User.objects.filter(pk=alice.pk).update(is_active=True)  # Whatever happened, it stays ended.
    write = browser.post(
        reverse("post-list"),
        {"title": "Still signed in?", "body": "No."},
        content_type="application/json",
    )

    assert write.status_code == 401
    assert write.json() == {"detail": "Authentication credentials were not provided."}
    assert not Post.objects.exists()
    assert browser.get(reverse("user-me")).status_code == 401


@pytest.mark.parametrize("end_sessions", ENDINGS)
def test_the_admin_session_ends_with_the_others(client, api_client, end_sessions):
    staff = UserFactory(is_staff=True, is_superuser=True)
    browser = browser_signed_in_as(client, staff)

    end_sessions(api_client, staff)
    User.objects.filter(pk=staff.pk).update(is_active=True)
    response = browser.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))


def test_logout_everywhere_leaves_other_users_browser_sessions_signed_in(
    client, api_client, alice, bob
):
    browser = browser_signed_in_as(client, bob)

    log_out_everywhere(api_client, alice)

    assert browser.get(reverse("user-me")).json()["username"] == bob.username


def test_browser_sessions_signed_in_after_logout_everywhere_work(client, api_client, alice):
    log_out_everywhere(api_client, alice)

    alice.refresh_from_db()  # As a sign-in loads her.
    browser = browser_signed_in_as(client, alice)

    assert browser.get(reverse("user-me")).json()["username"] == "alice"
