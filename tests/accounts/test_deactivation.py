"""Deactivation revokes, it does not suspend: however the account is switched off (the admin or
a shell; the API never deactivates) and on again, what was signed in before stays signed out."""

import pytest
from django.urls import reverse
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts.models import Login, User
from tests.clients import token_pair
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def refresh(client, token):
    return client.post(reverse("jwt-refresh"), {"refresh": token})


def in_the_admin(client, user):
    """Staff unticks "Active" on the user's page, saves, then ticks it again."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:accounts_user_change", args=[user.pk])
    form = {
        "username": user.username,
        "email": user.email,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    assert client.post(url, form).status_code == 302  # "Active" unticked.
    assert not User.objects.get(pk=user.pk).is_active
    assert client.post(url, {**form, "is_active": "on"}).status_code == 302


def in_a_shell(client, user):
    user.is_active = False
    user.save()
    user.is_active = True
    user.save()


@pytest.mark.parametrize("off_and_on_again", [in_the_admin, in_a_shell])
def test_a_refresh_token_from_before_a_deactivation_stays_refused(
    client, api_client, alice, off_and_on_again
):
    before = token_pair(api_client, "alice")

    off_and_on_again(client if off_and_on_again is in_the_admin else api_client, alice)
    response = refresh(api_client, before["refresh"])

    assert User.objects.get(pk=alice.pk).is_active
    assert response.status_code == 401
    assert "access" not in response.json()
    assert not Login.objects.filter(user=alice, revoked_at__isnull=True).exists()
    assert not OutstandingToken.objects.filter(user=alice, blacklistedtoken__isnull=True).exists()


def test_a_deactivated_user_signs_in_afresh_once_reactivated(api_client, alice):
    in_a_shell(api_client, alice)

    response = refresh(api_client, token_pair(api_client, "alice")["refresh"])

    assert response.status_code == 200


def test_saving_an_active_user_revokes_nothing(api_client, alice):
    tokens = token_pair(api_client, "alice")

    alice.bio = "Still here."
    alice.save()

    assert refresh(api_client, tokens["refresh"]).status_code == 200


def test_saving_an_inactive_user_again_revokes_nothing_new(api_client, alice):
    """Only the switch from active to inactive revokes: a later save finds nothing to do."""
    in_a_shell(api_client, alice)
    alice.is_active = False
    alice.save()
    stamp = User.objects.get(pk=alice.pk).session_stamp

    alice.bio = "Away."
    alice.save()

    assert User.objects.get(pk=alice.pk).session_stamp == stamp
