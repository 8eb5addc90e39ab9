"""`?search=` on the post list: full-text on an index on PostgreSQL (migration 0011,
api.filters.FullTextSearchFilter), the text itself on SQLite; the same parameter on both."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from posts.models import Post
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def found(client, search):
    response = client.get(reverse("post-list"), {"search": search})
    assert response.status_code == 200
    return [post["title"] for post in response.json()["results"]]


@pytest.mark.parametrize(
    ("field", "before", "after"),
    [("title", "Notes on herons", "Notes on ospreys"), ("body", "About herons.", "About ospreys.")],
)
def test_editing_the_title_or_body_changes_what_search_finds(
    alice_client, alice, field, before, after
):
    post = PostFactory(author=alice, **{"title": "Notes", "body": "Nothing yet.", field: before})

    response = alice_client.patch(reverse("post-detail", args=[post.slug]), {field: after})

    assert response.status_code == 200
    assert found(alice_client, "herons") == []
    assert found(alice_client, "ospreys") == [post.title if field == "body" else after]


def test_every_term_must_match(api_client):
    PostFactory(title="Herons and ospreys")
    PostFactory(title="Herons alone")

    assert found(api_client, "ospreys herons") == ["Herons and ospreys"]


def test_matches_are_listed_newest_first(api_client):
    PostFactory(title="Older heron")
    PostFactory(title="Newer heron")

    assert found(api_client, "heron") == ["Newer heron", "Older heron"]


@pytest.mark.postgresql
@pytest.mark.parametrize(
    ("search", "title"),
    [
        ("pelicans", "A pelican"),  # English stemming: the plural finds the singular...
        ("pelican", "Many pelicans"),  # ... and the other way round.
        ("DJANGO", "Django tips"),
        ('"django tips"', "Django tips"),  # A quoted phrase.
    ],
)
def test_postgresql_matches_stemmed_words(api_client, search, title):
    for other in ("A pelican", "Many pelicans", "Django tips", "Flask notes"):
        PostFactory(title=other)

    assert title in found(api_client, search)
    assert "Flask notes" not in found(api_client, search)


@pytest.mark.postgresql
def test_postgresql_matches_whole_words_only(api_client):
    PostFactory(title="Pelicans")

    assert found(api_client, "elican") == []
    assert found(api_client, "pelic") == []


@pytest.mark.postgresql
def test_posts_written_around_the_models_save_are_found_too(alice):
    """The vector is the database's (a trigger): bulk_create and update() keep it, as SQL does."""
    (post,) = Post.objects.bulk_create([Post(author=alice, title="Bulk heron", body=".", slug="b")])
    Post.objects.filter(pk=post.pk).update(body="Now about ospreys.")

    assert Post.objects.filter(search_vector="heron").count() == 1
    assert Post.objects.filter(search_vector="osprey").count() == 1
    Post.objects.filter(pk=post.pk).update(title="Bulk egret")
    assert Post.objects.filter(search_vector="heron").count() == 0


@pytest.mark.postgresql
def test_a_counter_update_keeps_the_vector_without_computing_it_again(alice):
    post = PostFactory(author=alice, title="Heron", body="Long read.")
    vector = Post.objects.filter(pk=post.pk).values_list("search_vector", flat=True).get()

    Post.objects.filter(pk=post.pk).update(search_vector=None, like_count=3)

    assert Post.objects.filter(pk=post.pk).values_list("search_vector", flat=True).get() == vector


@pytest.mark.postgresql
def test_a_search_reads_the_gin_index(staff_client):
    """As staff, who read every post: at 2,000 rows the status's index is as cheap a plan."""
    author, now = UserFactory(), timezone.now()
    Post.objects.bulk_create(
        Post(
            author=author,
            title=f"Post {n}",
            body="Plain words.",
            slug=f"p-{n}",
            status="published",
            published_at=now,
        )
        for n in range(2000)
    )
    PostFactory(title="Zanzibar notes")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE posts_post")

    with CaptureQueriesContext(connection) as queries:
        assert found(staff_client, "zanzibar") == ["Zanzibar notes"]

    searches = [query["sql"] for query in queries if "@@" in query["sql"]]
    assert len(searches) == 1  # The matches' ids, then the page by id.
    for sql in searches:
        with connection.cursor() as cursor:
            # At 2,000 rows reading them all costs little: the plan says whether the index serves.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "post_search_vector_idx" in plan
        assert "Seq Scan" not in plan
