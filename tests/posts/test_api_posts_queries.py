"""The post endpoints answer in a fixed number of queries, however many posts they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CategoryFactory, CommentFactory, LikeFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

# The requester, the count, the page, its tags, and the two savepoints of the request inside the
# test's transaction (api/transactions.py; outside a test, a read has none).
MAX_LIST_QUERIES = 6
MAX_DETAIL_QUERIES = 5


@pytest.fixture
def busy_posts(alice, bob):
    """Fifty published posts with various authors and categories, two tags, a comment and likes.

    alice likes every other one.
    """
    authors = UserFactory.create_batch(3)
    categories = CategoryFactory.create_batch(3)
    posts = []
    for number in range(50):
        post = PostFactory(
            author=authors[number % 3],
            category=categories[number % 3],
            tags=[f"tag{number}", "common"],
        )
        CommentFactory(post=post, author=bob)
        LikeFactory(post=post, user=bob)
        if number % 2:
            LikeFactory(post=post, user=alice)
        posts.append(post)
    return posts


def list_queries(client, page_size):
    """How many queries a page of the post list costs, checking the page is full."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("post-list"), {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size
    return len(queries)


def test_anonymous_list_costs_the_same_queries_for_five_or_fifty_posts(api_client, busy_posts):
    small, large = list_queries(api_client, 5), list_queries(api_client, 50)

    assert small == large
    assert large <= MAX_LIST_QUERIES


def test_signed_in_list_costs_the_same_queries_for_five_or_fifty_posts(
    auth_client, alice, busy_posts
):
    client = auth_client(alice)

    small, large = list_queries(client, 5), list_queries(client, 50)

    assert small == large
    assert large <= MAX_LIST_QUERIES


def test_anonymous_detail_costs_a_few_queries(
    api_client, busy_posts, django_assert_max_num_queries
):
    url = reverse("post-detail", kwargs={"slug": busy_posts[0].slug})

    with django_assert_max_num_queries(MAX_DETAIL_QUERIES):
        response = api_client.get(url)

    assert response.status_code == 200


def test_signed_in_detail_costs_a_few_queries(
    auth_client, alice, busy_posts, django_assert_max_num_queries
):
    client = auth_client(alice)
    url = reverse("post-detail", kwargs={"slug": busy_posts[1].slug})

    with django_assert_max_num_queries(MAX_DETAIL_QUERIES):
        response = client.get(url)

    assert response.json()["liked"] is True


def list_and_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("post-list"), params)
    assert response.status_code == 200
    return response.json(), [query["sql"] for query in queries]


def test_the_list_is_counted_from_a_counter_not_from_the_posts(api_client, busy_posts):
    page, queries = list_and_queries(api_client)

    assert (page["count"], page["count_exact"]) == (50, True)
    assert not any("COUNT(" in sql for sql in queries)
    assert page["results"][0]["author"]["username"]
    assert page["results"][0]["category"]


def test_a_list_filtered_by_author_is_counted_from_their_counter(api_client, busy_posts):
    author = busy_posts[0].author

    page, queries = list_and_queries(api_client, author=author.username.upper())

    assert (page["count"], page["count_exact"]) == (17, True)
    assert any("posts_authorstats" in sql for sql in queries)
    assert not any("COUNT(" in sql for sql in queries)
    assert {post["author"]["username"] for post in page["results"]} == {author.username}
