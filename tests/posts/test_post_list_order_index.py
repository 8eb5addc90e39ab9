"""A page of the post list is read off an index in the list's order, on either database, rather
than sorted out of every post (migration 0009, Post.Meta.indexes); on PostgreSQL also a signed-in
reader's, each filter's and each order's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from posts import filters
from tests.factories import CategoryFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def page_query(api_client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(reverse("post-list"), {"page": 2, **params})
    assert response.status_code == 200
    page = [query["sql"] for query in queries if 'FROM "posts_post"' in query["sql"]]
    return next(sql for sql in page if "ORDER BY" in sql and "COUNT(" not in sql)


def plan(sql, incremental_sort=False):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A table this small is cheaper to sort: the plan says whether an index could serve.
            cursor.execute("SET LOCAL enable_sort = off")
            if not incremental_sort:
                cursor.execute("SET LOCAL enable_incremental_sort = off")
            cursor.execute(f"EXPLAIN {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(str(row) for row in cursor.fetchall())


def test_a_page_of_the_published_list_is_not_sorted_from_every_post(api_client):
    PostFactory.create_batch(25, status="published")
    PostFactory.create_batch(5, status="draft")

    query_plan = plan(page_query(api_client))

    if connection.vendor == "postgresql":
        assert "post_order_idx" in query_plan
        assert "Sort" not in query_plan
    else:
        # SQLite's index gives the order of `published_at`; only ties are sorted among themselves.
        assert "post_status_published_idx" in query_plan
        assert "USE TEMP B-TREE FOR ORDER BY" not in query_plan


@pytest.fixture
def many_tagged(monkeypatch):
    """A tag on more posts than posts.filters counts as few: the list is walked in its order."""
    monkeypatch.setattr(filters, "FEW_POSTS", 3)
    author, category = UserFactory(username="writer"), CategoryFactory()
    PostFactory.create_batch(25, author=author, category=category, tags=["django"])
    PostFactory.create_batch(5, author=author, category=category, status="draft", tags=["django"])
    return author


@pytest.mark.postgresql
@pytest.mark.parametrize(
    ("params", "index"),
    [
        ({}, "post_order_idx"),
        ({"author": "writer"}, "post_author_order_idx"),
        ({"category": "{category}"}, "post_category_order_idx"),
        ({"tag": "django"}, "post_order_idx"),
        ({"ordering": "-like_count"}, "post_like_order_idx"),
        ({"ordering": "-created_at"}, "post_created_order_idx"),
    ],
    ids=repr,
)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_every_list_page_is_read_off_an_index_in_its_order(
    api_client, auth_client, many_tagged, params, index, signed_in
):
    client = auth_client(many_tagged) if signed_in else api_client
    category = many_tagged.posts.first().category.slug
    params = {name: value.format(category=category) for name, value in params.items()}

    query_plan = plan(page_query(client, **params))

    assert index in query_plan
    assert "Sort" not in query_plan


def tag_page(api_client, tag):
    """The slugs of the first page of the tag's posts, and the query that read them."""
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(reverse("post-list"), {"tag": tag, "page_size": 100})
    assert response.status_code == 200
    page = [query["sql"] for query in queries if 'FROM "posts_post"' in query["sql"]]
    return {post["slug"] for post in response.json()["results"]}, page[-1]


def test_a_tag_on_a_good_share_of_the_posts_is_found_walking_the_list(api_client):
    """Fewer posts than posts.filters counts as few, but one in three: each page of them is a
    few steps down the list, and fetching them all by id first was the slower way."""
    PostFactory.create_batch(40, tags=["python"])
    tagged = {post.slug for post in PostFactory.create_batch(20, tags=["django"])}

    slugs, sql = tag_page(api_client, "django")

    assert slugs == tagged
    assert 'EXISTS(SELECT 1 AS "a" FROM "posts_post_tags"' in sql
    assert '"posts_post"."id" IN (' not in sql


def test_a_tag_on_few_posts_and_a_small_share_has_them_fetched_by_id(api_client):
    """One post in 150: walking the list for it would read it all (posts.filters.SPARSE)."""
    PostFactory.create_batch(149, tags=["python"])
    rare = PostFactory(tags=["django"])

    slugs, sql = tag_page(api_client, "django")

    assert slugs == {rare.slug}
    assert f'"posts_post"."id" IN ({rare.pk})' in sql


# Each field the list sorts by and the index that has it with the id, either way (migration 0010).
ORDER_INDEXES = {
    "like_count": "post_like_order_idx",
    "comment_count": "post_comment_order_idx",
    "created_at": "post_created_order_idx",
    "title": "post_title_order_idx",
    "published_at": "post_published_order_idx",
}


def cursor_page_queries(client, **params):
    """The queries of a page in the middle of a walk by cursor that read its rows' ids."""
    first = client.get(reverse("post-list"), {**params, "pagination": "cursor", "page_size": 5})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(first.json()["next"])
    assert response.status_code == 200
    assert len(response.json()["results"]) == 5
    return [
        query["sql"]
        for query in queries
        if query["sql"].startswith('SELECT "posts_post"."id" AS "pk" FROM "posts_post"')
    ]


@pytest.mark.postgresql
@pytest.mark.parametrize(
    ("params", "index"),
    [
        ({}, "post_order_idx"),
        ({"author": "writer"}, "post_author_order_idx"),
        *(
            ({"ordering": f"{way}{field}"}, index)
            for field, index in ORDER_INDEXES.items()
            for way in ("", "-")
        ),
    ],
    ids=repr,
)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_every_range_of_a_cursor_page_is_read_off_an_index_in_its_order(
    api_client, auth_client, many_tagged, params, index, signed_in
):
    client = auth_client(many_tagged) if signed_in else api_client

    plans = [plan(sql) for sql in cursor_page_queries(client, **params)]

    # The range after the page's last value of the first field reads that field's index; the
    # ranges of its ties may read any index that has their order once the ties are fixed.
    assert any(index in query_plan for query_plan in plans)
    assert not any("Sort" in query_plan for query_plan in plans)


@pytest.mark.postgresql
@pytest.mark.parametrize("field", ORDER_INDEXES)
@pytest.mark.parametrize("way", ["", "-"], ids=["ascending", "descending"])
def test_a_numbered_page_in_any_one_fields_order_is_read_off_an_index(
    auth_client, many_tagged, field, way
):
    query_plan = plan(page_query(auth_client(many_tagged), ordering=f"{way}{field}"))

    assert ORDER_INDEXES[field] in query_plan
    assert "Sort" not in query_plan


@pytest.mark.postgresql
def test_a_cursor_page_by_several_fields_never_sorts_the_whole_list(api_client, many_tagged):
    """No index has every combination of fields. Within the ties of the first field (here every
    post has 0 likes), the next field's index has their order; past them, the first field's
    index is read in order and only the rows that tie on it are sorted (an incremental sort)."""
    plans = [
        plan(sql, incremental_sort=True)
        for sql in cursor_page_queries(api_client, ordering="-like_count,title")
    ]

    assert plans
    assert all("Index Scan using post_" in query_plan for query_plan in plans)
    assert not any("Sort" in query_plan.replace("Incremental Sort", "") for query_plan in plans)
