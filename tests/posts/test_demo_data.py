"""`manage.py load_demo_data`: a development database to try the API with."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from posts.management.commands.load_demo_data import DEMO_ACCOUNTS
from posts.models import Category, Comment, Like, Post, Tag
from tests.factories import CategoryFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = [User, Category, Tag, Post, Comment, Like]


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def load():
    call_command("load_demo_data", stdout=io.StringIO())


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_data_has_an_admin_and_two_regular_users(debug_on):
    load()

    staff = {user.username: user.is_staff for user in User.objects.all()}
    assert staff == {"admin": True, "alice": False, "bob": False}
    assert User.objects.get(username="admin").is_superuser


def test_demo_data_has_categories_tags_posts_comments_and_likes(debug_on):
    load()

    assert Category.objects.exists()
    assert Tag.objects.exists()
    assert Post.objects.filter(status=Post.Status.PUBLISHED).count() >= 2
    assert Post.objects.filter(status=Post.Status.DRAFT).count() == 1
    assert Comment.objects.exists()
    assert Like.objects.exists()


def test_demo_posts_counters_match_their_comments_and_likes(debug_on):
    load()

    for post in Post.objects.all():
        assert post.comment_count == post.comments.count()
        assert post.like_count == post.likes.count()


def test_loading_the_demo_data_again_adds_nothing(debug_on):
    load()
    first = row_counts()

    load()

    assert row_counts() == first


def test_demo_data_is_refused_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        load()

    assert all(count == 0 for count in row_counts().values())


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account["username"])
def test_demo_account_password_obtains_a_token(debug_on, api_client, account):
    load()

    response = api_client.post(
        reverse("jwt-create"),
        {"username": account["username"], "password": account["password"]},
    )

    assert response.status_code == 200
    assert "access" in response.json()


def test_demo_data_reuses_names_already_taken_in_another_case_or_form(debug_on):
    UserFactory(username="ALICE")
    CategoryFactory(name="\uff24\uff4a\uff41\uff4e\uff47\uff4f")
    TagFactory(name="DJANGO")

    load()

    assert User.objects.filter(username_key="alice").count() == 1
    assert Category.objects.filter(name_key="django").count() == 1
    assert Tag.objects.filter(name_key="django").count() == 1
