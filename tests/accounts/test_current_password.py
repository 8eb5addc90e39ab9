"""Current-password checks are sign-in attempts: the same limits, the same log.

Password, username and e-mail changes and account deletion each take the current password, and so
does the admin's own password change. With a stolen access token or staff session, guessing it is
throttled as signing in is, under the account's username.
"""

import inspect
import logging

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.admin_site import LimitedPasswordChangeAdminSite
from accounts.models import User
from accounts.serializers import LimitedCurrentPasswordMixin
from accounts.signin import hashed_login
from accounts.views import AccountViewSet
from tests.accounts.signin import (
    ATTACKER,
    HOME,
    LIMIT,
    assert_throttled,
    every_url,
    sign_in_at,
    sign_in_events,
)
from tests.config.test_health import DEAD_REDIS
from tests.database import database_rows
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase"


def change_password(client, password):
    return client.post(
        reverse("user-set-password"),
        {"current_password": password, "new_password": NEW_PASSWORD},
        REMOTE_ADDR=ATTACKER,
    )


def change_username(client, password):
    return client.post(
        reverse("user-set-username"),
        {"current_password": password, "new_username": "mallory"},
        REMOTE_ADDR=ATTACKER,
    )


def change_email(client, password):
    return client.patch(
        reverse("user-me"),
        {"current_password": password, "email": "mallory@example.com"},
        REMOTE_ADDR=ATTACKER,
    )


def delete_account(client, password):
    return client.delete(reverse("user-me"), {"current_password": password}, REMOTE_ADDR=ATTACKER)


CURRENT_PASSWORD_CHECKS = [change_password, change_username, change_email, delete_account]


@pytest.mark.parametrize("attempt", CURRENT_PASSWORD_CHECKS)
def test_current_password_guessing_with_a_stolen_token_is_throttled(
    auth_client, alice, limit, hashes, attempt
):
    limit("login_account")
    stolen = auth_client(alice)
    for guess in range(LIMIT):
        assert attempt(stolen, f"guess-{guess}").status_code == 400
    before, hashed = database_rows(), hashes["count"]

    response = attempt(stolen, PASSWORD)

    assert response.status_code == 429
    assert response.json()["detail"].startswith("Too many sign-in attempts.")
    assert int(response.headers["Retry-After"]) > 0
    assert hashes["count"] == hashed
    assert database_rows() == before
    alice = User.objects.get(pk=alice.pk)
    assert (alice.username, alice.email) == ("alice", "alice@example.com")
    assert alice.check_password(PASSWORD)


def test_current_password_failures_count_with_sign_in_failures_for_the_name(
    auth_client, alice, limit
):
    limit("login_account")
    for guess in range(LIMIT - 1):
        sign_in_at("jwt-create", "alice", f"guess-{guess}")
    assert change_password(auth_client(alice), "guess").status_code == 400

    assert_throttled(sign_in_at("jwt-create", "alice", PASSWORD))


def test_the_owner_changes_her_password_from_home_while_an_attacker_is_throttled(
    auth_client, alice, limit
):
    limit("login_account")
    for guess in range(LIMIT):
        change_password(auth_client(alice), f"guess-{guess}")
    assert change_password(auth_client(alice), PASSWORD).status_code == 429

    response = auth_client(alice).post(
        reverse("user-set-password"),
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        REMOTE_ADDR=HOME,
    )

    assert response.status_code == 200
    assert User.objects.get(pk=alice.pk).check_password(NEW_PASSWORD)


def serializers_of_every_user_endpoint():
    """The serializer of each action and method of Djoser's user endpoints, as configured."""
    view = AccountViewSet()
    actions = ["list", "create", "retrieve", "update", "partial_update", "destroy"]
    actions += [action.__name__ for action in AccountViewSet.get_extra_actions()]
    for action in actions:
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"]:
            view.action, view.request = action, RequestFactory().generic(method, "/")
            yield view.get_serializer_class()


def test_every_current_password_check_of_the_user_endpoints_is_limited():
    checks = {
        serializer
        for serializer in serializers_of_every_user_endpoint()
        if hasattr(serializer, "validate_current_password")
    }

    assert len(checks) == 3  # Password and username changes, account deletion.
    for serializer in checks:
        limited = LimitedCurrentPasswordMixin.validate_current_password
        assert serializer.validate_current_password is limited, serializer


# --- The admin's own password change --------------------------------------------------------------


def staff_session(user):
    """A browser signed in to the admin as `user`: the owner's, or one stolen from her."""
    User.objects.filter(pk=user.pk).update(is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def change_password_in_the_admin(client, old_password, ip=ATTACKER):
    return client.post(
        reverse("admin:password_change"),
        {
            "old_password": old_password,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        REMOTE_ADDR=ip,
    )


def assert_wrong_old_password(response):
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"][0].startswith("Your old password")


@pytest.mark.parametrize("scope", ["login", "login_account"])
def test_old_password_guessing_at_the_admin_with_a_stolen_session_is_throttled(
    alice, limit, hashes, scope
):
    limit(scope)
    stolen = staff_session(alice)
    for guess in range(LIMIT):
        assert_wrong_old_password(change_password_in_the_admin(stolen, f"guess-{guess}"))
    before, hashed = database_rows(), hashes["count"]

    response = change_password_in_the_admin(stolen, PASSWORD)

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Too many sign-in attempts." in response.content.decode()
    assert hashes["count"] == hashed
    assert database_rows() == before
    assert User.objects.get(pk=alice.pk).check_password(PASSWORD)


def test_the_owner_changes_her_password_in_the_admin_from_home_while_an_attacker_is_throttled(
    alice, limit
):
    limit("login_account")
    stolen = staff_session(alice)
    for guess in range(LIMIT):
        change_password_in_the_admin(stolen, f"guess-{guess}")
    assert change_password_in_the_admin(stolen, PASSWORD).status_code == 429

    response = change_password_in_the_admin(staff_session(alice), PASSWORD, ip=HOME)

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("admin:password_change_done")
    assert User.objects.get(pk=alice.pk).check_password(NEW_PASSWORD)


def test_admin_old_password_failures_count_with_sign_in_failures_for_the_name(alice, limit):
    limit("login_account")
    for guess in range(LIMIT - 1):
        sign_in_at("jwt-create", "alice", f"guess-{guess}")
    assert_wrong_old_password(change_password_in_the_admin(staff_session(alice), "guess"))

    assert_throttled(sign_in_at("jwt-create", "alice", PASSWORD))


def test_admin_old_password_checks_are_logged_under_the_user(alice, caplog):
    with caplog.at_level(logging.INFO, logger="accounts.signin"):
        change_password_in_the_admin(staff_session(alice), "a-secret-guess")

    (failure,) = sign_in_events(caplog)
    assert (failure["outcome"], failure["user_id"]) == ("failure", alice.pk)
    assert failure["path"] == reverse("admin:password_change")
    assert "a-secret-guess" not in caplog.text


def test_every_admin_password_change_url_is_the_limited_one():
    """Every admin site's own password change, wherever it is mounted (the UserAdmin's sets
    another user's password, with no old one to guess)."""
    password_changes = {
        name: view.__func__
        for name, view in ((name, inspect.unwrap(view)) for name, view in every_url())
        if getattr(view, "__name__", None) == "password_change" and hasattr(view, "__func__")
    }

    assert password_changes == {
        "admin:password_change": LimitedPasswordChangeAdminSite.password_change
    }


# --- A cache outage -------------------------------------------------------------------------------


def test_the_password_can_be_changed_while_the_cache_is_down(auth_client, alice, settings):
    settings.CACHES = DEAD_REDIS

    assert change_password(auth_client(alice), PASSWORD).status_code == 200
    assert User.objects.get(pk=alice.pk).check_password(NEW_PASSWORD)


# --- The log --------------------------------------------------------------------------------------


def test_current_password_checks_are_logged_under_the_user(auth_client, alice, limit, caplog):
    limit("login_account", 1)
    with caplog.at_level(logging.INFO, logger="accounts.signin"):
        change_password(auth_client(alice), "a-secret-guess")
        change_password(auth_client(alice), PASSWORD)

    failure, throttled = sign_in_events(caplog)
    assert (failure["outcome"], throttled["outcome"]) == ("failure", "throttled")
    for event in (failure, throttled):
        assert event["user_id"] == alice.pk
        assert event["login_hash"] == hashed_login("alice")
        assert event["path"] == reverse("user-set-password")
    assert "a-secret-guess" not in caplog.text
