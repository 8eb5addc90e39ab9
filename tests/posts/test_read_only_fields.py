"""Writes carry fields a client may not set (author, counters, dates, slugs): each is ignored and
the stored object is what an honest request would have made."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from posts.models import Category, Comment, Post, Tag
from tests.factories import CategoryFactory, CommentFactory, TagFactory

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API3:2023")]

LONG_AGO = "2001-01-01T00:00:00Z"


# --- Posts ---------------------------------------------------------------------------------------

# Each builds the extra field from the user it tries to make the author.
POST_EXTRAS = {
    "author": lambda other: {"author": other.username},
    "author object": lambda other: {"author": {"username": other.username}},
    "author_id": lambda other: {"author_id": other.pk},
    "like_count": lambda other: {"like_count": 1000},
    "comment_count": lambda other: {"comment_count": 1000},
    "published_at": lambda other: {"published_at": LONG_AGO},
    "created_at": lambda other: {"created_at": LONG_AGO},
    "updated_at": lambda other: {"updated_at": LONG_AGO},
    "slug": lambda other: {"slug": "chosen-slug"},
    "id": lambda other: {"id": 9999},
    "liked": lambda other: {"liked": True},
}


@pytest.mark.parametrize("extra", POST_EXTRAS.values(), ids=POST_EXTRAS.keys())
def test_post_create_ignores_read_only_fields(bob_client, bob, alice, extra):
    started = timezone.now()

    response = bob_client.post(
        reverse("post-list"), {"title": "Honest title", "body": "Text.", **extra(alice)}
    )

    assert response.status_code == 201
    post = Post.objects.get()
    assert post.author == bob
    assert (post.like_count, post.comment_count) == (0, 0)
    assert post.published_at is None  # A draft by default.
    assert post.created_at >= started
    assert post.slug.startswith(f"{slugify('Honest title')}-")
    assert "chosen" not in post.slug
    assert post.pk != 9999
    assert response.json()["liked"] is False


def test_published_post_cannot_be_backdated(bob_client):
    response = bob_client.post(
        reverse("post-list"),
        {"title": "Now", "body": "Text.", "status": "published", "published_at": LONG_AGO},
    )

    assert response.status_code == 201
    assert Post.objects.get().published_at > timezone.now() - timedelta(minutes=1)


def test_post_create_cannot_take_an_existing_posts_slug(bob_client, alices_post):
    response = bob_client.post(
        reverse("post-list"), {"title": "Other", "body": "Text.", "slug": alices_post.slug}
    )

    assert response.status_code == 201
    assert response.json()["slug"] != alices_post.slug
    assert Post.objects.get(slug=alices_post.slug).author == alices_post.author


def unwritable_post_fields(post):
    return (
        post.pk,
        post.author_id,
        post.slug,
        post.like_count,
        post.comment_count,
        post.published_at,
        post.created_at,
    )


@pytest.mark.parametrize("extra", POST_EXTRAS.values(), ids=POST_EXTRAS.keys())
def test_post_update_ignores_read_only_fields(
    alice_client, alices_post, alices_comment, alices_like, bob, extra
):
    alices_post.refresh_from_db()  # The comment and the like have counted.
    before = unwritable_post_fields(alices_post)

    response = alice_client.patch(
        reverse("post-detail", kwargs={"slug": alices_post.slug}), extra(bob)
    )

    assert response.status_code == 200
    alices_post.refresh_from_db()
    assert unwritable_post_fields(alices_post) == before


# --- Comments ------------------------------------------------------------------------------------

COMMENT_EXTRAS = {
    "author": "alice",
    "author_object": {"username": "alice"},
    "post": "other-post",
    "id": 9999,
    "created_at": LONG_AGO,
}


@pytest.mark.parametrize(("field", "value"), COMMENT_EXTRAS.items())
def test_comment_create_ignores_read_only_fields(
    bob_client, bob, alices_post, alices_draft, field, value
):
    extra = {"author": value} if field == "author_object" else {field: value}
    if field == "post":
        extra = {"post": alices_draft.slug}
    started = timezone.now()

    response = bob_client.post(
        reverse("comment-list", kwargs={"post_slug": alices_post.slug}), {"body": "Hi", **extra}
    )

    assert response.status_code == 201
    comment = Comment.objects.get()
    assert comment.author == bob
    assert comment.post == alices_post
    assert comment.pk != 9999
    assert comment.created_at >= started


@pytest.mark.parametrize(("field", "value"), COMMENT_EXTRAS.items())
def test_comment_update_ignores_read_only_fields(
    bob_client, bob, alices_post, alices_draft, field, value
):
    comment = CommentFactory(post=alices_post, author=bob)
    extra = {"author": value} if field == "author_object" else {field: value}
    if field == "post":
        extra = {"post": alices_draft.slug}
    before = (comment.pk, comment.author_id, comment.post_id, comment.created_at)

    response = bob_client.patch(
        reverse("comment-detail", kwargs={"post_slug": alices_post.slug, "pk": comment.pk}), extra
    )

    assert response.status_code == 200
    comment.refresh_from_db()
    assert (comment.pk, comment.author_id, comment.post_id, comment.created_at) == before


# --- Categories and tags (staff writes) ---------------------------------------------------------


@pytest.mark.parametrize("model", [Category, Tag])
def test_staff_create_ignores_slug_and_post_count(staff_client, model):
    url = reverse(f"{model._meta.model_name}-list")

    response = staff_client.post(url, {"name": "Fresh", "slug": "chosen", "post_count": 99})

    assert response.status_code == 201
    assert response.json()["post_count"] == 0
    assert model.objects.get().slug == "fresh"


@pytest.mark.parametrize("factory", [CategoryFactory, TagFactory])
def test_staff_update_ignores_slug_and_post_count(staff_client, database_state, factory):
    item = factory()
    url = reverse(f"{item._meta.model_name}-detail", kwargs={"slug": item.slug})
    before = database_state()

    response = staff_client.patch(url, {"slug": "chosen", "post_count": 99, "id": 9999})

    assert response.status_code == 200
    assert response.json()["post_count"] == 0
    assert database_state() == before
