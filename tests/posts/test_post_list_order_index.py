"""A page of the published post list is read off an index in the list's order, on either
database, rather than sorted out of every published post (migration 0002, Post.Meta.indexes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def page_query(api_client):
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(reverse("post-list"), {"page": 2})
    assert response.status_code == 200
    return next(query["sql"] for query in queries if "ORDER BY" in query["sql"])


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
        assert "post_list_order_idx" in query_plan
        assert "Sort" not in query_plan
    else:
        # SQLite's index gives the order of `published_at`; only ties are sorted among themselves.
        assert "post_status_published_idx" in query_plan
        assert "USE TEMP B-TREE FOR ORDER BY" not in query_plan
