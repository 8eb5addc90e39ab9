"""The counter and search migrations (0006 to 0012) fill the rows that exist when they run, and
go back: a database upgraded with posts in it counts and finds them as a new one would."""

import pytest
from django.db import connection
from django.utils import timezone

from posts.counters import recount
from posts.models import AuthorStats, Category, Post, StatusCount, Tag
from tests.database import migrate, migrated_back_to
from tests.factories import UserFactory

BEFORE_COUNTERS = ("posts", "0005_comment_notification")


@pytest.fixture
def posts_before_counters():
    """A database at 0005 holding a published post (in a category, with a tag) and a draft."""
    with migrated_back_to(BEFORE_COUNTERS) as old_apps:
        model = old_apps.get_model
        author = UserFactory().pk  # accounts stays migrated: today's model writes its row.
        category = model("posts", "Category").objects.create(
            name="Birds", slug="birds", name_key="birds"
        )
        tag = model("posts", "Tag").objects.create(name="herons", slug="herons", name_key="herons")
        posts = model("posts", "Post").objects
        published = posts.create(
            title="Pelicans at dawn",
            body="They fly low over the bay.",
            slug="pelicans",
            author_id=author,
            category=category,
            status="published",
            published_at=timezone.now(),
        )
        published.tags.add(tag)
        posts.create(title="Notes", body=".", slug="notes", author_id=author, status="draft")
        yield


def assert_counted_and_found():
    assert Category.objects.get().post_count == 1
    assert Tag.objects.get().post_count == 1
    assert AuthorStats.objects.values_list("post_count", "draft_count").get() == (1, 1)
    assert dict(StatusCount.objects.values_list("status", "post_count")) == {
        "published": 1,
        "draft": 1,
    }
    assert set(recount().values()) == {0}
    if connection.vendor == "postgresql":
        assert list(
            Post.objects.filter(search_vector="pelican").values_list("slug", flat=True)
        ) == ["pelicans"]


@pytest.mark.django_db(transaction=True)
def test_the_migrations_count_and_index_posts_that_exist_and_reverse(posts_before_counters):
    migrate(("posts", "0012_order_indexes_both_ways"))
    assert_counted_and_found()

    migrate(BEFORE_COUNTERS)
    with connection.cursor() as cursor:
        columns = {
            c.name for c in connection.introspection.get_table_description(cursor, "posts_post")
        }
    assert "search_vector" not in columns

    migrate(("posts", "0012_order_indexes_both_ways"))
    assert_counted_and_found()
