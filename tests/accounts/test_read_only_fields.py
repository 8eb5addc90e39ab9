"""Writes to accounts carry fields a client may not set (staff flags, dates): each is ignored."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.clients import assert_json_error
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API3:2023")]

LONG_AGO = "2001-01-01T00:00:00Z"


# --- Registration --------------------------------------------------------------------------------

REGISTRATION_EXTRAS = {
    "is_staff": True,
    "is_superuser": True,
    "is_active": True,
    "id": 9999,
    "date_joined": LONG_AGO,
    "last_login": LONG_AGO,
    "groups": [1],
    "user_permissions": [1],
}


@pytest.mark.parametrize(("field", "value"), REGISTRATION_EXTRAS.items())
def test_registration_ignores_privileged_fields(api_client, field, value):
    started = timezone.now()

    response = api_client.post(
        reverse("user-list"),
        {"username": "eve", "email": "eve@example.com", "password": PASSWORD, field: value},
    )

    assert response.status_code == 201
    eve = User.objects.get(username="eve")
    assert not eve.is_staff
    assert not eve.is_superuser
    assert not eve.is_active  # Until the e-mailed link is followed.
    assert eve.pk != 9999
    assert eve.date_joined >= started
    assert eve.last_login is None
    assert not eve.groups.exists()
    assert not eve.user_permissions.exists()


# --- users/me ------------------------------------------------------------------------------------

ACCOUNT_EXTRAS = {
    "is_staff": True,
    "is_superuser": True,
    "is_active": False,
    "id": 9999,
    "username": "bob-renamed",
    "date_joined": LONG_AGO,
    "last_login": LONG_AGO,
    "password": "a-new-password-without-the-old-one",
    "groups": [1],
}


@pytest.mark.parametrize(("field", "value"), ACCOUNT_EXTRAS.items())
def test_own_account_patch_ignores_privileged_fields(bob_client, bob, database_state, field, value):
    before = database_state()

    response = bob_client.patch(reverse("user-me"), {field: value})

    assert response.status_code == 200
    assert database_state() == before


def test_own_account_cannot_take_another_users_email(bob_client, alice, bob, database_state):
    before = database_state()

    response = bob_client.patch(reverse("user-me"), {"email": "ALICE@example.com"})

    assert_json_error(response, 400)
    assert "email" in response.json()
    assert database_state() == before
