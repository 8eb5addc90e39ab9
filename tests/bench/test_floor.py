"""The benchmark's floor (bench/floor.py) answers exactly what the API answers, so that comparing
their throughput is comparing the same work."""

import pytest
from django.urls import reverse

from posts.models import Post
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _floor_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"


@pytest.fixture
def blog():
    """25 published posts with tags, comments and likes, one without a category, two drafts."""
    authors = UserFactory.create_batch(3)
    posts = [
        PostFactory(author=authors[n % 3], tags=[f"tag{n % 4}", "common", "Zebra", "apple"])
        for n in range(25)
    ]
    PostFactory(category=None, tags=["common"])
    PostFactory.create_batch(2, status=Post.Status.DRAFT, tags=["common"])
    for number in range(3):
        CommentFactory(post=posts[3], body=f"Comment {number}")
    return posts


def both(client, api_url, floor_url, query=None):
    api, floor = client.get(api_url, query), client.get(floor_url, query)
    assert api.status_code == floor.status_code == 200
    return api.json(), floor.json()


def test_a_page_of_the_floor_list_is_the_api_page(api_client, blog):
    api, floor = both(
        api_client, reverse("post-list"), reverse("floor-post-list"), {"page": 2, "page_size": 10}
    )

    assert api["next"] is not None
    assert api["previous"] is not None
    assert floor == api


def test_the_first_page_of_the_floor_list_is_the_api_page(api_client, blog):
    api, floor = both(api_client, reverse("post-list"), reverse("floor-post-list"))

    assert api["results"][0]["category"] is None
    assert floor == api


def test_the_floor_list_filtered_by_tag_is_the_api_list(api_client, blog):
    api, floor = both(api_client, reverse("post-list"), reverse("floor-post-list"), {"tag": "tag1"})

    assert api["count"] > 0
    assert floor == api


def test_the_last_page_of_the_floor_list_is_the_api_page(api_client, blog):
    api, floor = both(
        api_client, reverse("post-list"), reverse("floor-post-list"), {"page": 3, "page_size": 10}
    )

    assert api["next"] is None
    assert floor == api


def test_the_floor_detail_is_the_api_detail(api_client, blog):
    slug = blog[7].slug

    api, floor = both(
        api_client,
        reverse("post-detail", kwargs={"slug": slug}),
        reverse("floor-post-detail", kwargs={"slug": slug}),
    )

    assert len(api["tags"]) == 4
    assert floor == api


def test_the_floor_comments_are_the_api_comments(api_client, blog):
    slug = blog[3].slug

    api, floor = both(
        api_client,
        reverse("comment-list", kwargs={"post_slug": slug}),
        reverse("floor-comment-list", kwargs={"post_slug": slug}),
    )

    assert api["count"] == 3
    assert floor == api


def test_the_floor_hides_drafts_as_the_api_does(api_client, blog):
    draft = Post.objects.filter(status=Post.Status.DRAFT).first()

    api = api_client.get(reverse("post-detail", kwargs={"slug": draft.slug}))
    floor = api_client.get(reverse("floor-post-detail", kwargs={"slug": draft.slug}))

    assert api.status_code == floor.status_code == 404
