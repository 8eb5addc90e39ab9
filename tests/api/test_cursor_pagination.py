"""Cursor pages of the post list and of a post's comments (api.cursor_pagination): a walk by
`next` links gives every visible row once, in the list's order, whatever is added meanwhile."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.utils.urls import replace_query_param

from posts.counters import recount
from posts.models import Comment, Post
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

POSTS = reverse("post-list")


def walk(client, url, params=None, link="next"):
    """The rows of every page from `url` on, following `link`; asserts each page is a 200."""
    rows, response = [], client.get(url, params)
    while True:
        assert response.status_code == 200, response.json()
        page = response.json()
        rows += page["results"]
        if page[link] is None:
            return rows
        response = client.get(page[link])


def numbered_pages(client, url, params=None):
    """Every row of the list by page numbers, as the list has always been read."""
    return walk(client, url, {**(params or {}), "page_size": 100})


def titles(rows):
    return [row["title"] for row in rows]


@pytest.fixture
def tied_posts(alice, bob):
    """Published posts with many ties in every ordering (same instant, like and comment counts),
    alice's and bob's drafts (no `published_at`)."""
    now = timezone.now()
    Post.objects.bulk_create(
        Post(
            author=alice if n % 2 else bob,
            title=f"T{n % 4}",
            slug=f"t{n}",
            body=".",
            status="published",
            published_at=now - timedelta(minutes=n % 3),
            created_at=now,
            like_count=n % 3,
            comment_count=n % 2,
        )
        for n in range(23)
    )
    PostFactory.create_batch(2, author=alice, status="draft", title="alice's draft")
    PostFactory.create_batch(2, author=bob, status="draft", title="bob's draft")
    recount()  # bulk_create goes around the counters the post list is counted from.


ORDERINGS = [
    None,
    "-like_count",
    "like_count",
    "-comment_count",
    "comment_count",
    "title",
    "-title",
    "published_at",
    "-published_at",
    "created_at",
    "-created_at",
    "-like_count,title",
    "comment_count,-published_at,title",
]


@pytest.mark.parametrize("ordering", ORDERINGS)
@pytest.mark.parametrize("reader", ["anonymous", "owner", "staff"])
def test_a_walk_by_cursor_gives_the_list_in_its_order(client_of, tied_posts, ordering, reader):
    client = client_of(reader)
    params = {"ordering": ordering} if ordering else {}

    walked = walk(client, POSTS, {**params, "pagination": "cursor", "page_size": 4})

    assert [row["id"] for row in walked] == [
        row["id"] for row in numbered_pages(client, POSTS, params)
    ]
    assert len({row["id"] for row in walked}) == len(walked)


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_a_walk_back_by_previous_links_gives_the_same_pages(alice_client, tied_posts, ordering):
    params = {"ordering": ordering} if ordering else {}
    forward = walk(alice_client, POSTS, {**params, "pagination": "cursor", "page_size": 4})
    last_page = alice_client.get(POSTS, {**params, "pagination": "cursor", "page_size": 4})
    while last_page.json()["next"]:
        last_page = alice_client.get(last_page.json()["next"])

    backward = walk(alice_client, last_page.json()["previous"], link="previous")

    # Each page in order, the pages from the last to the first.
    pages = [forward[start : start + 4] for start in range(0, len(forward), 4)]
    assert backward == [row for page in reversed(pages[:-1]) for row in page]


def test_drafts_stay_invisible_to_others_in_a_walk(alice_client, tied_posts):
    walked = titles(walk(alice_client, POSTS, {"pagination": "cursor", "page_size": 3}))

    assert walked.count("alice's draft") == 2
    assert "bob's draft" not in walked
    assert len(walked) == 23 + 2


def test_a_walk_is_stable_while_posts_are_published_and_deleted(api_client, alice):
    old = [PostFactory(author=alice, title=f"old {n}") for n in range(9)]
    response = api_client.get(POSTS, {"pagination": "cursor", "page_size": 3})
    walked = response.json()["results"]
    while response.json()["next"]:
        PostFactory.create_batch(2, author=alice, title="new")  # Ahead of the walk: not in it.
        PostFactory(author=alice, title="draft", status="draft")
        response = api_client.get(response.json()["next"])
        walked += response.json()["results"]

    assert titles(walked) == [f"old {n}" for n in reversed(range(9))]
    assert {row["id"] for row in walked} == {post.pk for post in old}


def test_filters_and_search_keep_working_by_cursor(api_client, alice, bob):
    PostFactory.create_batch(4, author=alice, title="zanzibar", tags=["travel"])
    PostFactory.create_batch(4, author=bob, title="zanzibar")
    PostFactory.create_batch(3, author=alice, title="elsewhere", tags=["travel"])
    cursor = {"pagination": "cursor", "page_size": 2}

    assert len(walk(api_client, POSTS, {**cursor, "search": "zanzibar"})) == 8
    assert len(walk(api_client, POSTS, {**cursor, "tag": "travel", "author": "alice"})) == 7
    found = walk(api_client, POSTS, {**cursor, "search": "zanzibar", "author": "ALICE"})
    assert titles(found) == ["zanzibar"] * 4


def test_a_cursor_page_counts_the_list_as_a_numbered_page_does(api_client, tied_posts):
    page = api_client.get(POSTS, {"pagination": "cursor", "page_size": 2}).json()

    assert (page["count"], page["count_exact"], page["previous"]) == (23, True, None)


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("ordering", [None, "-like_count", "title,-published_at"])
def test_a_cursor_page_costs_the_same_queries_at_any_size_and_depth(alice_client, ordering):
    PostFactory.create_batch(60, like_count=0)
    params = {"ordering": ordering} if ordering else {}
    first = alice_client.get(POSTS, {**params, "pagination": "cursor", "page_size": 1}).json()
    deep = alice_client.get(POSTS, {**params, "pagination": "cursor", "page_size": 40}).json()

    counted = {
        query_count(alice_client, replace_query_param(link, "page_size", size))
        for link in (first["next"], deep["next"])
        for size in (1, 10)
    }

    assert len(counted) == 1


# --- Comments ------------------------------------------------------------------------------------


def test_a_walk_of_a_posts_comments_is_stable_while_comments_arrive(api_client, alices_post):
    now = timezone.now()
    Comment.objects.bulk_create(  # Ties on the instant: the id keeps them apart.
        Comment(post=alices_post, author=alices_post.author, body=f"old {n}", created_at=now)
        for n in range(7)
    )
    url = reverse("comment-list", kwargs={"post_slug": alices_post.slug})
    response = api_client.get(url, {"pagination": "cursor", "page_size": 2})
    walked = response.json()["results"]
    while response.json()["next"]:
        CommentFactory(post=alices_post, body="new")  # After the walk's end: reached at the end.
        response = api_client.get(response.json()["next"])
        walked += response.json()["results"]

    bodies = [row["body"] for row in walked]
    assert bodies[:7] == [f"old {n}" for n in range(7)]
    assert len({row["id"] for row in walked}) == len(walked)


def test_a_page_of_comments_costs_the_same_queries_at_any_size_and_depth(api_client, alices_post):
    CommentFactory.create_batch(30, post=alices_post)
    url = reverse("comment-list", kwargs={"post_slug": alices_post.slug})
    first = api_client.get(url, {"pagination": "cursor", "page_size": 1}).json()
    deep = api_client.get(url, {"pagination": "cursor", "page_size": 20}).json()

    counted = {
        query_count(api_client, replace_query_param(link, "page_size", size))
        for link in (first["next"], deep["next"])
        for size in (1, 5)
    }

    assert len(counted) == 1


def test_the_comments_of_a_draft_are_404_by_cursor_too(api_client, alices_draft):
    url = reverse("comment-list", kwargs={"post_slug": alices_draft.slug})

    assert api_client.get(url, {"pagination": "cursor"}).status_code == 404


# --- Page numbers and refusals --------------------------------------------------------------------


def test_a_page_deeper_than_the_cap_is_refused_naming_the_cursor(api_client):
    response = api_client.get(POSTS, {"page": 501, "page_size": 20})  # Items 10,001 to 10,020.

    assert response.status_code == 400
    assert "cursor" in response.json()["page"][0]
    # The last page within the cap is a page like any other: here, past the end.
    assert api_client.get(POSTS, {"page": 500, "page_size": 20}).status_code == 404


def test_a_deep_page_of_comments_is_refused_too(api_client, alices_post):
    url = reverse("comment-list", kwargs={"post_slug": alices_post.slug})

    response = api_client.get(url, {"page": 101, "page_size": 100})

    assert response.status_code == 400
    assert "cursor" in response.json()["page"][0]


def a_cursor(client, params=None):
    page = client.get(POSTS, {**(params or {}), "pagination": "cursor", "page_size": 1}).json()
    return page["next"].split("cursor=")[1].split("&")[0]


def tampered(cursor):
    middle = len(cursor) // 3
    return cursor[:middle] + ("A" if cursor[middle] != "A" else "B") + cursor[middle + 1 :]


@pytest.mark.parametrize(
    "cursor",
    ["garbage", ".eJyrVkpJLVKyUlBKz8xRqgUAJ0cE_g:1:x", "%00", "9" * 5000],
    ids=["garbage", "unsigned", "nul", "long"],
)
def test_a_made_up_cursor_is_a_400_naming_it(api_client, cursor):
    response = api_client.get(POSTS, {"cursor": cursor})

    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


def test_a_tampered_cursor_is_a_400(api_client):
    PostFactory.create_batch(3)
    cursor = a_cursor(api_client)

    assert api_client.get(POSTS + f"?cursor={cursor}").status_code == 200
    response = api_client.get(POSTS + f"?cursor={tampered(cursor)}")
    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


def test_a_cursor_of_another_ordering_or_list_is_a_400(api_client, alices_post):
    PostFactory.create_batch(3)
    CommentFactory.create_batch(3, post=alices_post)
    by_likes = a_cursor(api_client, {"ordering": "-like_count"})
    comments = reverse("comment-list", kwargs={"post_slug": alices_post.slug})
    of_comments = (
        api_client.get(comments, {"pagination": "cursor", "page_size": 1})
        .json()["next"]
        .split("cursor=")[1]
        .split("&")[0]
    )

    for url in (f"{POSTS}?cursor={by_likes}&ordering=title", f"{POSTS}?cursor={of_comments}"):
        response = api_client.get(url)
        assert response.status_code == 400
        assert "another ordering" in response.json()["cursor"][0]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"pagination": "cursor", "page": "2"}, "page"),
        ({"pagination": "page", "cursor": "x"}, "cursor"),
        ({"pagination": "offset"}, "pagination"),
    ],
    ids=repr,
)
def test_page_numbers_and_cursors_do_not_mix(api_client, params, named):
    response = api_client.get(POSTS, params)

    assert response.status_code == 400
    assert list(response.json()) == [named]


@pytest.mark.parametrize("mode", [{}, {"pagination": "page"}], ids=["by default", "asked"])
def test_an_empty_cursor_is_no_cursor_beside_a_page_number(api_client, tied_posts, mode):
    numbered = api_client.get(POSTS, {"page": "2", "page_size": 3}).json()

    response = api_client.get(POSTS, {**mode, "cursor": "", "page": "2", "page_size": 3})

    assert response.status_code == 200
    assert "page=3" in response.json()["next"]
    assert response.json()["results"] == numbered["results"]


def test_an_empty_pagination_is_the_default_numbered_pages(api_client, tied_posts):
    numbered = api_client.get(POSTS, {"page": "2", "page_size": 3}).json()

    response = api_client.get(POSTS, {"pagination": "", "page": "2", "page_size": 3})

    assert response.status_code == 200
    assert response.json()["results"] == numbered["results"]


def test_an_empty_cursor_starts_a_walk_by_cursor(api_client, tied_posts):
    first = api_client.get(POSTS, {"pagination": "cursor", "page_size": 3}).json()

    response = api_client.get(POSTS, {"pagination": "cursor", "cursor": "", "page_size": 3})

    assert response.status_code == 200
    assert titles(response.json()["results"]) == titles(first["results"])


def test_an_authors_cursor_shows_a_stranger_none_of_the_authors_drafts(
    api_client, alice_client, alice
):
    """The cursor holds a position, not a query: what a page lists is what its reader sees."""
    PostFactory.create_batch(2, author=UserFactory())
    draft = PostFactory(author=alice, status="draft")
    cursor = a_cursor(alice_client)

    rows = walk(api_client, f"{POSTS}?cursor={cursor}")

    assert draft.pk not in {row["id"] for row in rows}
