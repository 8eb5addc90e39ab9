"""Passwords are stored with Argon2; older hashes are upgraded when their owner signs in."""

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from accounts.models import User
from config import settings as project_settings
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_hashers(settings):
    """The test settings hash with MD5 for speed; these tests need the real list."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_a_new_password_is_hashed_with_argon2(api_client, production_hashers, settings):
    settings.DJOSER = {**settings.DJOSER, "SEND_ACTIVATION_EMAIL": False}

    api_client.post(
        reverse("user-list"),
        {"username": "carol", "email": "carol@example.com", "password": PASSWORD},
    )

    assert User.objects.get(username="carol").password.startswith("argon2$")


def test_an_older_hash_is_upgraded_to_argon2_at_login(api_client, production_hashers):
    user = UserFactory(password=None)
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))

    response = api_client.post(
        reverse("jwt-create"), {"username": user.username, "password": PASSWORD}
    )

    assert response.status_code == 200
    assert User.objects.get(pk=user.pk).password.startswith("argon2$")
