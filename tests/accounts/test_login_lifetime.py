"""A login ends REFRESH_TOKEN_ABSOLUTE_LIFETIME after its sign-in, however often it is rotated
(OWASP ASVS 10.4.8): a stolen refresh token kept fresh by rotation does not live for ever."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken, UntypedToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from accounts.models import Login
from tests.clients import token_pair

pytestmark = pytest.mark.django_db


def refresh(client, token):
    return client.post(reverse("jwt-refresh"), {"refresh": token})


def login_of(token):
    return Login.objects.get(family=UntypedToken(token)["family"])


def test_rotation_never_extends_a_login_past_its_absolute_lifetime(api_client, alice, settings):
    token = token_pair(api_client, "alice")["refresh"]
    login = login_of(token)
    login.started_at -= settings.REFRESH_TOKEN_ABSOLUTE_LIFETIME - timedelta(hours=1)
    login.save()

    response = refresh(api_client, token)

    assert response.status_code == 200
    newer = RefreshToken(response.json()["refresh"])
    ends_at = login.started_at + settings.REFRESH_TOKEN_ABSOLUTE_LIFETIME
    assert abs(datetime_from_epoch(newer["exp"]) - ends_at) < timedelta(seconds=1)
    assert OutstandingToken.objects.get(jti=newer["jti"]).expires_at == datetime_from_epoch(
        newer["exp"]
    )


def test_a_login_rotated_every_day_ends_after_its_absolute_lifetime(api_client, alice, settings):
    token = token_pair(api_client, "alice")["refresh"]
    days = settings.REFRESH_TOKEN_ABSOLUTE_LIFETIME.days
    for day in range(1, days):
        with time_machine.travel(timezone.now() + timedelta(days=day)):
            response = refresh(api_client, token)
            assert response.status_code == 200, day
            token = response.json()["refresh"]
    minted = OutstandingToken.objects.count()

    with time_machine.travel(timezone.now() + timedelta(days=days, seconds=1)):
        response = refresh(api_client, token)

    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"
    assert OutstandingToken.objects.count() == minted


def test_a_login_older_than_the_absolute_lifetime_is_refused_whatever_its_tokens_say(
    api_client, alice, settings
):
    """A login started before the lifetime was shortened ends by the new setting."""
    token = token_pair(api_client, "alice")["refresh"]
    login = login_of(token)
    login.started_at -= settings.REFRESH_TOKEN_ABSOLUTE_LIFETIME
    login.save()

    response = refresh(api_client, token)

    assert response.status_code == 401
    assert response.json() == {
        "detail": "This login has ended: sign in again.",
        "code": "token_not_valid",
    }
    assert OutstandingToken.objects.count() == 1


def test_a_new_sign_in_starts_a_new_lifetime(api_client, alice, settings):
    old = login_of(token_pair(api_client, "alice")["refresh"])
    old.started_at -= settings.REFRESH_TOKEN_ABSOLUTE_LIFETIME
    old.save()

    response = refresh(api_client, token_pair(api_client, "alice")["refresh"])

    assert response.status_code == 200


def test_the_absolute_lifetime_is_a_setting(api_client, alice, settings):
    settings.REFRESH_TOKEN_ABSOLUTE_LIFETIME = timedelta(days=3)
    token = token_pair(api_client, "alice")["refresh"]

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        token = refresh(api_client, token).json()["refresh"]
    with time_machine.travel(timezone.now() + timedelta(days=3, seconds=1)):
        response = refresh(api_client, token)

    assert response.status_code == 401
