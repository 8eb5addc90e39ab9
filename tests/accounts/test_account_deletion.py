"""Deleting your account through `users/me/` ends every way back in."""

import pytest
from django.urls import reverse
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_deleting_your_account_needs_the_current_password(auth_client, user):
    response = auth_client(user).delete(reverse("user-me"), {"current_password": "wrong"})

    assert response.status_code == 400
    assert "current_password" in response.json()
    assert User.objects.filter(pk=user.pk).exists()


def test_a_deleted_users_refresh_token_gets_401_not_a_server_error(auth_client, api_client, user):
    refresh = str(RefreshToken.for_user(user))

    deleted = auth_client(user).delete(reverse("user-me"), {"current_password": PASSWORD})
    response = api_client.post(reverse("jwt-refresh"), {"refresh": refresh})

    assert deleted.status_code == 204
    assert response.status_code == 401
    assert response.json() == {"detail": "No active account found for the given token."}


def test_a_deleted_users_access_token_is_refused(auth_client, user):
    client = auth_client(user)
    client.delete(reverse("user-me"), {"current_password": PASSWORD})

    response = client.post(reverse("post-list"), {"title": "Ghost", "body": "Boo."})

    assert response.status_code == 401
