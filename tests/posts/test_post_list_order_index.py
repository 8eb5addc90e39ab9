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


def plan(sql):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A table this small is cheaper to sort: the plan says whether an index could serve.
            cursor.execute("SET LOCAL enable_sort = off")
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


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's plans: make test-postgres"
)


@pytest.fixture
def many_tagged(monkeypatch):
    """A tag on more posts than posts.filters counts as few: the list is walked in its order."""
    monkeypatch.setattr(filters, "FEW_POSTS", 3)
    author, category = UserFactory(username="writer"), CategoryFactory()
    PostFactory.create_batch(25, author=author, category=category, tags=["django"])
    PostFactory.create_batch(5, author=author, category=category, status="draft", tags=["django"])
    return author


@postgresql_only
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


@postgresql_only
@pytest.mark.parametrize(
    ("params", "index"),
    [
        ({}, "post_order_idx"),
        ({"author": "writer"}, "post_author_order_idx"),
        ({"ordering": "-like_count"}, "post_like_order_idx"),
        ({"ordering": "-comment_count"}, "post_comment_order_idx"),
        ({"ordering": "-created_at"}, "post_created_order_idx"),
        ({"ordering": "title"}, "post_title_order_idx"),
    ],
    ids=repr,
)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_every_range_of_a_cursor_page_is_read_off_an_index_in_its_order(
    api_client, auth_client, many_tagged, params, index, signed_in
):
    client = auth_client(many_tagged) if signed_in else api_client

    ranges = cursor_page_queries(client, **params)

    assert ranges
    for sql in ranges:
        query_plan = plan(sql)
        assert index in query_plan
        assert "Sort" not in query_plan
