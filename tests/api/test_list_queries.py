"""Every list answers in the same few queries for a page of 1 or of 100, and signing in adds at
most one (loading the user)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    CategoryFactory,
    CommentFactory,
    LikeFactory,
    PostFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# The count, the page and at most one query per relation shown, plus the two savepoints of the
# request inside the test's transaction (api/transactions.py; outside a test, a read has none).
MAX_QUERIES = {"post": 5, "comment": 5, "category": 4, "tag": 4, "author": 4}


@pytest.fixture
def full_lists(alice):
    """At least 100 of everything: authors, categories, tags, posts (2 tags each), and 100
    comments on the first post. alice likes every other post and wrote a draft."""
    authors = UserFactory.create_batch(100)
    categories = CategoryFactory.create_batch(100)
    tags = [tag.name for tag in TagFactory.create_batch(100)]
    posts = [
        PostFactory(
            author=author,
            category=category,
            tags=[tags[number], tags[(number + 1) % 100]],
        )
        for number, (author, category) in enumerate(zip(authors, categories, strict=True))
    ]
    PostFactory(author=alice, status="draft", tags=[tags[0]])
    for number, post in enumerate(posts):
        CommentFactory(post=posts[0], author=authors[number])
        if number % 2:
            LikeFactory(post=post, user=alice)
    return posts


def list_url(name, posts):
    if name == "comment":
        return reverse("comment-list", kwargs={"post_slug": posts[0].slug})
    return reverse(f"{name}-list")


def queries(client, url, page_size):
    """The queries of one page of `page_size` items, checking the page is full."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size
    return len(captured)


@pytest.mark.parametrize("name", MAX_QUERIES)
def test_an_anonymous_page_of_1_or_100_costs_the_same_few_queries(api_client, full_lists, name):
    url = list_url(name, full_lists)

    one, hundred = queries(api_client, url, 1), queries(api_client, url, 100)

    assert one == hundred
    assert hundred <= MAX_QUERIES[name]


@pytest.mark.parametrize("name", MAX_QUERIES)
def test_a_signed_in_page_of_1_or_100_costs_the_same_queries(auth_client, alice, full_lists, name):
    client, url = auth_client(alice), list_url(name, full_lists)

    assert queries(client, url, 1) == queries(client, url, 100)


@pytest.mark.parametrize("name", MAX_QUERIES)
def test_signing_in_adds_at_most_one_query_to_a_list(
    api_client, auth_client, alice, full_lists, name
):
    url = list_url(name, full_lists)

    anonymous, signed_in = queries(api_client, url, 100), queries(auth_client(alice), url, 100)

    assert signed_in <= anonymous + 1


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_a_post_detail_costs_the_same_queries_as_a_one_post_page(
    api_client, auth_client, alice, full_lists, signed_in
):
    client = auth_client(alice) if signed_in else api_client
    post = full_lists[1]

    with CaptureQueriesContext(connection) as detail:
        response = client.get(reverse("post-detail", kwargs={"slug": post.slug}))

    assert response.status_code == 200
    assert response.json()["liked"] is signed_in
    # No count: the object, its tags, (the user), and the two savepoints.
    assert len(detail) == queries(client, reverse("post-list"), 1) - 1
