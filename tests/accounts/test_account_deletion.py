"""Deleting your account through `users/me/` ends every way back in."""

import pytest
from django.urls import reverse
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from posts.models import Comment, Like, Post
from tests.factories import PASSWORD, CommentFactory, LikeFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_deleting_your_account_needs_the_current_password(auth_client, alice):
    response = auth_client(alice).delete(reverse("user-me"), {"current_password": "wrong"})

    assert response.status_code == 400
    assert "current_password" in response.json()
    assert User.objects.filter(pk=alice.pk).exists()


def test_a_deleted_users_refresh_token_gets_401_not_a_server_error(auth_client, api_client, alice):
    refresh = str(RefreshToken.for_user(alice))

    deleted = auth_client(alice).delete(reverse("user-me"), {"current_password": PASSWORD})
    response = api_client.post(reverse("jwt-refresh"), {"refresh": refresh})

    assert deleted.status_code == 204
    assert response.status_code == 401
    assert response.json() == {"detail": "No active account found for the given token."}


def test_a_deleted_users_access_token_is_refused(auth_client, alice):
    client = auth_client(alice)
    client.delete(reverse("user-me"), {"current_password": PASSWORD})

    response = client.post(reverse("post-list"), {"title": "Ghost", "body": "Boo."})

    assert response.status_code == 401


def test_deleting_your_account_removes_what_you_wrote(auth_client, alice, bob):
    theirs = PostFactory(author=bob)
    mine = PostFactory(author=alice)
    CommentFactory(post=theirs, author=alice)
    LikeFactory(post=theirs, user=alice)

    response = auth_client(alice).delete(reverse("user-me"), {"current_password": PASSWORD})

    assert response.status_code == 204
    assert not Post.objects.filter(pk=mine.pk).exists()
    assert not Comment.objects.filter(author_id=alice.pk).exists()
    assert not Like.objects.filter(user_id=alice.pk).exists()
    theirs.refresh_from_db()
    assert (theirs.comment_count, theirs.like_count) == (0, 0)
