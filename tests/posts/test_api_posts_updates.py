"""Updating and deleting posts, and who may do either."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from posts.models import Like, Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

FIRST_PUBLISHED = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)


def detail_url(post):
    return reverse("post-detail", kwargs={"slug": post.slug})


@pytest.fixture
def post(alice):
    return PostFactory(
        author=alice,
        title="Original title",
        body="Original body.",
        tags=["kept"],
        published_at=FIRST_PUBLISHED,
    )


def assert_unchanged(post):
    """The post's row and tags are as the fixture made them."""
    stored = Post.objects.get(pk=post.pk)
    assert (stored.title, stored.body, stored.status) == (
        "Original title",
        "Original body.",
        "published",
    )
    assert stored.author_id == post.author_id
    assert [tag.name for tag in stored.tags.all()] == ["kept"]


# --- The author updates --------------------------------------------------------------------------


def test_author_replaces_a_post_with_put(auth_client, alice, post):
    body = {"title": "New title", "body": "New body.", "status": "draft", "tags": ["new"]}

    response = auth_client(alice).put(detail_url(post), body)

    assert response.status_code == 200
    assert response.json()["title"] == "New title"
    post.refresh_from_db()
    assert (post.title, post.body, post.status) == ("New title", "New body.", "draft")
    assert [tag.name for tag in post.tags.all()] == ["new"]


def test_author_changes_one_field_with_patch(auth_client, alice, post):
    response = auth_client(alice).patch(detail_url(post), {"title": "New title"})

    assert response.status_code == 200
    post.refresh_from_db()
    assert (post.title, post.body) == ("New title", "Original body.")


def test_patch_without_tags_keeps_the_tags(auth_client, alice, post):
    response = auth_client(alice).patch(detail_url(post), {"body": "Another body."})

    assert response.json()["tags"] == ["kept"]
    assert [tag.name for tag in post.tags.all()] == ["kept"]


def test_patch_with_tags_replaces_them(auth_client, alice, post):
    response = auth_client(alice).patch(detail_url(post), {"tags": ["first", "second"]})

    assert sorted(response.json()["tags"]) == ["first", "second"]
    assert sorted(tag.name for tag in post.tags.all()) == ["first", "second"]


def test_patch_with_no_tags_removes_every_tag(auth_client, alice, post):
    response = auth_client(alice).patch(detail_url(post), {"tags": []})

    assert response.json()["tags"] == []
    assert not post.tags.exists()


def test_patch_with_six_tags_is_refused_and_keeps_the_tags(auth_client, alice, post):
    names = ["one", "two", "three", "four", "five", "six"]

    response = auth_client(alice).patch(detail_url(post), {"tags": names})

    assert response.status_code == 400
    assert "tags" in response.json()
    assert_unchanged(post)


def test_new_title_keeps_the_slug(auth_client, alice, post):
    slug = post.slug

    response = auth_client(alice).patch(detail_url(post), {"title": "Completely different"})

    assert response.json()["slug"] == slug
    post.refresh_from_db()
    assert post.slug == slug


def test_publishing_a_draft_sets_its_published_at(auth_client, alice):
    draft = PostFactory(author=alice, status=Post.Status.DRAFT)

    response = auth_client(alice).patch(detail_url(draft), {"status": "published"})

    assert response.json()["published_at"] is not None
    draft.refresh_from_db()
    assert draft.published_at is not None


def test_editing_a_published_post_keeps_its_published_at(auth_client, alice, post):
    auth_client(alice).patch(detail_url(post), {"title": "New title", "body": "New body."})

    post.refresh_from_db()
    assert post.published_at == FIRST_PUBLISHED


@pytest.mark.parametrize(
    ("field", "sent"),
    [
        ("comment_count", 7),
        ("like_count", 7),
        ("slug", "chosen-slug"),
        ("published_at", "2001-01-01T00:00:00Z"),
        ("created_at", "2001-01-01T00:00:00Z"),
    ],
)
def test_read_only_field_sent_on_update_changes_nothing(auth_client, alice, post, field, sent):
    before = getattr(Post.objects.get(pk=post.pk), field)

    response = auth_client(alice).patch(detail_url(post), {field: sent})

    assert response.status_code == 200
    assert getattr(Post.objects.get(pk=post.pk), field) == before


def test_updated_at_sent_on_update_is_ignored(auth_client, alice, post):
    response = auth_client(alice).patch(detail_url(post), {"updated_at": "2001-01-01T00:00:00Z"})

    assert response.status_code == 200
    assert Post.objects.get(pk=post.pk).updated_at.year != 2001


def test_author_sent_on_update_is_ignored(auth_client, alice, bob, post):
    body = {"author": {"username": bob.username}}

    response = auth_client(alice).patch(detail_url(post), body)

    assert response.status_code == 200
    assert Post.objects.get(pk=post.pk).author == alice


def test_liked_sent_on_update_does_not_like_the_post(auth_client, alice, post):
    response = auth_client(alice).patch(detail_url(post), {"liked": True})

    assert response.json()["liked"] is False
    assert not Like.objects.exists()


# --- Deleting ------------------------------------------------------------------------------------


def test_author_deletes_their_post(auth_client, alice, post):
    response = auth_client(alice).delete(detail_url(post))

    assert response.status_code == 204
    assert not Post.objects.filter(pk=post.pk).exists()


def test_staff_deletes_someone_elses_post(auth_client, staff, post):
    response = auth_client(staff).delete(detail_url(post))

    assert response.status_code == 204
    assert not Post.objects.filter(pk=post.pk).exists()
