"""Model rules of posts: slugs made from titles, and when a post counts as published."""

from datetime import UTC, datetime

import pytest

from posts.models import SLUG_LENGTH, Post, unique_slug
from tests.factories import PostFactory, TagFactory

pytestmark = pytest.mark.django_db


# --- unique_slug ---------------------------------------------------------------------------------


def test_unique_slug_is_the_slugified_text_when_nothing_has_it():
    assert unique_slug(Post, "Hello, World!", fallback="post") == "hello-world"


def test_unique_slug_numbers_a_taken_slug_from_two():
    PostFactory(title="Hello")

    assert unique_slug(Post, "Hello", fallback="post") == "hello-2"


def test_unique_slug_takes_the_next_free_number():
    PostFactory(title="Hello")
    PostFactory(title="Hello")

    assert unique_slug(Post, "Hello", fallback="post") == "hello-3"


def test_unique_slug_ignores_slugs_that_only_start_the_same():
    PostFactory(title="Hello world")
    PostFactory(title="Hello 2 you")

    assert unique_slug(Post, "Hello", fallback="post") == "hello"


def test_unique_slug_uses_the_fallback_when_the_text_slugifies_to_nothing():
    assert unique_slug(Post, "!!!", fallback="post") == "post"


def test_unique_slug_only_looks_at_rows_of_the_given_model():
    TagFactory(name="hello")

    assert unique_slug(Post, "Hello", fallback="post") == "hello"


# --- Post.slug -----------------------------------------------------------------------------------


def test_post_slug_is_made_from_its_title():
    post = PostFactory(title="My First Post")

    assert post.slug == "my-first-post"


def test_second_post_with_the_same_title_gets_a_numbered_slug():
    first = PostFactory(title="Same title")
    second = PostFactory(title="Same title")

    assert (first.slug, second.slug) == ("same-title", "same-title-2")


def test_post_slug_stays_the_same_when_the_title_changes():
    post = PostFactory(title="Old title")

    post.title = "New title"
    post.save()

    post.refresh_from_db()
    assert post.slug == "old-title"


def test_post_whose_title_slugifies_to_nothing_still_gets_a_slug():
    post = PostFactory(title="!!!")

    assert post.slug == "post"


def test_two_posts_whose_titles_slugify_to_nothing_get_different_slugs():
    first = PostFactory(title="!!!")
    second = PostFactory(title="???")

    assert (first.slug, second.slug) == ("post", "post-2")


def test_slug_of_the_longest_title_fits_its_column_even_when_numbered():
    title = "a" * Post._meta.get_field("title").max_length
    PostFactory(title=title)

    second = PostFactory(title=title)

    assert second.slug.endswith("-2")
    assert len(second.slug) <= SLUG_LENGTH


# --- Post.published_at ---------------------------------------------------------------------------


def test_post_created_published_gets_a_published_at():
    post = PostFactory(status=Post.Status.PUBLISHED)

    post.refresh_from_db()
    assert post.published_at is not None


def test_draft_has_no_published_at():
    post = PostFactory(status=Post.Status.DRAFT)

    post.refresh_from_db()
    assert post.published_at is None


def test_publishing_a_draft_sets_its_published_at():
    post = PostFactory(status=Post.Status.DRAFT)

    post.status = Post.Status.PUBLISHED
    post.save()

    post.refresh_from_db()
    assert post.published_at is not None


def test_editing_a_published_post_keeps_its_published_at():
    first_published = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
    post = PostFactory(status=Post.Status.PUBLISHED, published_at=first_published)

    post.title = "A better title"
    post.body = "A better body."
    post.save()

    post.refresh_from_db()
    assert post.published_at == first_published


def test_a_slug_taken_between_the_check_and_the_insert_is_made_again(monkeypatch):
    """Two posts saved at the same moment can both find `hello` free; the second insert fails
    on the unique index and must pick again instead of failing the request."""
    PostFactory(title="Hello")
    checks = []

    def stale_check(model, text, fallback):
        checks.append(text)
        return "hello" if len(checks) == 1 else unique_slug(model, text, fallback)

    monkeypatch.setattr("posts.models.unique_slug", stale_check)

    post = PostFactory(title="Hello")

    assert post.slug == "hello-2"
    assert len(checks) == 2
