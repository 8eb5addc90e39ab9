"""Model rules of posts: slugs made from names and titles, and when a post counts as published."""

import re
from datetime import UTC, datetime

import pytest

from posts.models import SLUG_LENGTH, Category, Post, unique_slug
from tests.factories import CategoryFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db


# --- unique_slug: categories and tags ------------------------------------------------------------


def test_unique_slug_is_the_slugified_text_when_nothing_has_it():
    assert unique_slug(Category, "Hello, World!", fallback="category") == "hello-world"


def test_unique_slug_numbers_a_taken_slug_from_two():
    CategoryFactory(name="Hello")

    assert unique_slug(Category, "Hello", fallback="category") == "hello-2"


def test_unique_slug_takes_the_next_free_number():
    CategoryFactory(name="Hello")
    CategoryFactory(name="Hello!")

    assert unique_slug(Category, "Hello", fallback="category") == "hello-3"


def test_unique_slug_ignores_slugs_that_only_start_the_same():
    CategoryFactory(name="Hello world")
    CategoryFactory(name="Hello 2 you")

    assert unique_slug(Category, "Hello", fallback="category") == "hello"


def test_unique_slug_uses_the_fallback_when_the_text_slugifies_to_nothing():
    assert unique_slug(Category, "!!!", fallback="category") == "category"


def test_unique_slug_only_looks_at_rows_of_the_given_model():
    TagFactory(name="hello")

    assert unique_slug(Category, "Hello", fallback="category") == "hello"


def test_a_slug_taken_between_the_check_and_the_insert_is_made_again(monkeypatch):
    """Two categories saved at the same moment can both find `hello` free; the second insert
    fails on the unique index and must pick again instead of failing the request."""
    CategoryFactory(name="Hello")
    checks = []

    def stale_check(model, text, fallback):
        checks.append(text)
        return "hello" if len(checks) == 1 else unique_slug(model, text, fallback)

    monkeypatch.setattr("posts.models.unique_slug", stale_check)

    category = CategoryFactory(name="Hello!")

    assert category.slug == "hello-2"
    assert len(checks) == 2


# --- Post.slug: the title and a random suffix ----------------------------------------------------


def suffixed(base):
    """The shape of a post's slug: its base, then eight random hex digits."""
    return re.compile(rf"{re.escape(base)}-[0-9a-f]{{8}}")


def test_post_slug_is_made_from_its_title_and_a_random_suffix():
    post = PostFactory(title="My First Post")

    assert suffixed("my-first-post").fullmatch(post.slug)


def test_two_posts_with_the_same_title_get_different_slugs_of_the_same_shape():
    first = PostFactory(title="Same title")
    second = PostFactory(title="Same title")

    assert first.slug != second.slug
    assert suffixed("same-title").fullmatch(first.slug)
    assert suffixed("same-title").fullmatch(second.slug)


def test_post_slug_stays_the_same_when_the_title_changes():
    post = PostFactory(title="Old title")
    slug = post.slug

    post.title = "New title"
    post.save()

    post.refresh_from_db()
    assert post.slug == slug


def test_post_whose_title_slugifies_to_nothing_still_gets_a_slug():
    post = PostFactory(title="!!!")

    assert suffixed("post").fullmatch(post.slug)


def test_two_posts_whose_titles_slugify_to_nothing_get_different_slugs():
    first = PostFactory(title="!!!")
    second = PostFactory(title="???")

    assert first.slug != second.slug


def test_slug_of_the_longest_title_fits_its_column():
    title = "a" * Post._meta.get_field("title").max_length

    post = PostFactory(title=title)

    assert len(post.slug) <= SLUG_LENGTH


def test_a_random_suffix_already_taken_is_drawn_again(monkeypatch):
    """The suffix makes a clash unlikely, not impossible: the insert that clashes draws again."""
    suffixes = iter(["0badcafe", "0badcafe", "5eed5eed"])
    monkeypatch.setattr("posts.models.secrets.token_hex", lambda size: next(suffixes))
    PostFactory(title="Hello")

    post = PostFactory(title="Hello")

    assert post.slug == "hello-5eed5eed"
    assert Post.objects.count() == 2


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
