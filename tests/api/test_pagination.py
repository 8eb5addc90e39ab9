"""Every list stops at 100 items a page, whatever page size is asked for."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from posts.counters import recount
from posts.models import Category, Comment, Post, Tag

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API4:2023")]


# --- Pagination ----------------------------------------------------------------------------------


@pytest.fixture
def more_than_a_page_of_everything(alice):
    """105 of every listed thing; returns the post whose comments are listed."""
    now = timezone.now()
    User.objects.bulk_create(
        User(username=f"bulk{n}", email=f"bulk{n}@example.com", password="!") for n in range(105)
    )
    Category.objects.bulk_create(Category(name=f"C{n}", slug=f"c{n}") for n in range(105))
    Tag.objects.bulk_create(Tag(name=f"t{n}", slug=f"t{n}") for n in range(105))
    posts = Post.objects.bulk_create(
        Post(
            author=alice,
            title=f"P{n}",
            slug=f"p{n}",
            body=".",
            status="published",
            published_at=now,
        )
        for n in range(105)
    )
    Comment.objects.bulk_create(Comment(post=posts[0], author=alice, body=".") for _ in range(105))
    recount()  # bulk_create goes around the counters the post list is counted from.
    return posts[0]


LISTS = {
    "posts": lambda post: reverse("post-list"),
    "comments": lambda post: reverse("comment-list", kwargs={"post_slug": post.slug}),
    "categories": lambda post: reverse("category-list"),
    "tags": lambda post: reverse("tag-list"),
    "authors": lambda post: reverse("author-list"),
    "users": lambda post: reverse("user-list"),
}


@pytest.mark.parametrize("page_size", ["101", "100000", "999999999"])
@pytest.mark.parametrize("url", LISTS.values(), ids=LISTS.keys())
def test_page_size_is_capped_at_100(staff_client, more_than_a_page_of_everything, url, page_size):
    response = staff_client.get(url(more_than_a_page_of_everything), {"page_size": page_size})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 100
    assert response.json()["next"] is not None
