"""Who sees which posts: published ones for everyone, drafts for their author and staff."""

import re

import pytest
from django.urls import reverse

from posts.models import Post
from tests.clients import assert_json_detail
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def detail_url(post):
    return reverse("post-detail", kwargs={"slug": post.slug})


def listed_titles(client, **params):
    response = client.get(reverse("post-list"), params)
    assert response.status_code == 200
    return sorted(post["title"] for post in response.json()["results"])


@pytest.fixture
def draft(alice):
    return PostFactory(author=alice, status=Post.Status.DRAFT, title="Draft")


@pytest.fixture
def published(alice):
    return PostFactory(author=alice, status=Post.Status.PUBLISHED, title="Published")


# --- Detail --------------------------------------------------------------------------------------


def test_anonymous_reader_sees_a_published_post(api_client, published):
    response = api_client.get(detail_url(published))

    assert response.status_code == 200
    assert response.json()["title"] == "Published"


def test_author_sees_their_own_draft(auth_client, alice, draft):
    response = auth_client(alice).get(detail_url(draft))

    assert response.status_code == 200
    assert response.json()["status"] == "draft"


def test_staff_sees_someone_elses_draft(auth_client, staff, draft):
    response = auth_client(staff).get(detail_url(draft))

    assert response.status_code == 200


# --- List ----------------------------------------------------------------------------------------


def test_anonymous_reader_lists_only_published_posts(api_client, draft, published):
    assert listed_titles(api_client) == ["Published"]


def test_author_lists_their_own_drafts_with_the_published_posts(
    auth_client, alice, draft, published
):
    assert listed_titles(auth_client(alice)) == ["Draft", "Published"]


def test_staff_lists_someone_elses_draft(auth_client, staff, draft, published):
    assert listed_titles(auth_client(staff)) == ["Draft", "Published"]


# --- ?status= ------------------------------------------------------------------------------------


def test_status_draft_lists_only_the_requesters_own_drafts(auth_client, alice, bob, draft):
    PostFactory(author=bob, status=Post.Status.DRAFT, title="Someone else's draft")
    PostFactory(author=alice, status=Post.Status.PUBLISHED, title="Own published post")

    assert listed_titles(auth_client(alice), status="draft") == ["Draft"]


def test_status_draft_does_not_list_other_users_drafts_even_for_staff(auth_client, staff, draft):
    PostFactory(author=staff, status=Post.Status.DRAFT, title="Staff draft")

    assert listed_titles(auth_client(staff), status="draft") == ["Staff draft"]


def test_status_draft_lists_nothing_for_an_anonymous_reader(api_client, draft, published):
    response = api_client.get(reverse("post-list"), {"status": "draft"})

    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert response.json()["results"] == []


def test_status_published_lists_only_published_posts(auth_client, alice, draft, published):
    assert listed_titles(auth_client(alice), status="published") == ["Published"]


def test_unknown_status_is_refused(api_client, published):
    response = api_client.get(reverse("post-list"), {"status": "archived"})

    assert response.status_code == 400
    assert "status" in response.json()


# --- Slugs ---------------------------------------------------------------------------------------


def slug_shape(slug):
    """A slug with its random suffix blanked out."""
    return re.sub(r"-[0-9a-f]{8}$", "-<suffix>", slug)


def test_a_new_posts_slug_does_not_tell_that_someone_elses_draft_has_its_title(
    auth_client, alice, bob
):
    PostFactory(author=alice, status=Post.Status.DRAFT, title="Merger with Acme")
    client = auth_client(bob)

    probe = client.post(reverse("post-list"), {"title": "Merger with Acme", "body": "Guess."})
    control = client.post(reverse("post-list"), {"title": "Merger with Zenith", "body": "Guess."})

    assert (probe.status_code, control.status_code) == (201, 201)
    assert slug_shape(probe.json()["slug"]) == "merger-with-acme-<suffix>"
    assert slug_shape(control.json()["slug"]) == "merger-with-zenith-<suffix>"
    assert Post.objects.filter(author=alice).get().status == Post.Status.DRAFT


def post_url(post):
    return reverse("post-detail", kwargs={"slug": post.slug})


def listed_slugs(response):
    assert response.status_code == 200
    return {post["slug"] for post in response.json()["results"]}


# --- Posts: drafts are invisible -----------------------------------------------------------------


@pytest.mark.owasp("API1:2023")
@pytest.mark.parametrize("reader", ["bob_client", "api_client"], ids=["stranger", "anonymous"])
def test_a_stranger_cannot_read_a_draft_by_its_slug(request, alices_draft, reader):
    response = request.getfixturevalue(reader).get(post_url(alices_draft))

    assert_json_detail(response, 404)
    assert alices_draft.title not in response.content.decode()


@pytest.mark.owasp("API1:2023")
def test_stranger_cannot_reach_a_draft_by_its_numeric_id(bob_client, alices_draft):
    response = bob_client.get(reverse("post-detail", kwargs={"slug": str(alices_draft.pk)}))

    assert_json_detail(response, 404)


@pytest.mark.owasp("API1:2023")
def test_draft_is_not_in_a_strangers_post_list(bob_client, alices_draft, alices_post):
    assert listed_slugs(bob_client.get(reverse("post-list"))) == {alices_post.slug}


@pytest.mark.owasp("API1:2023")
def test_draft_filter_lists_only_the_strangers_own_drafts(bob_client, alices_draft):
    response = bob_client.get(reverse("post-list"), {"status": "draft"})

    assert listed_slugs(response) == set()


@pytest.mark.owasp("API1:2023")
def test_author_filter_does_not_reveal_anothers_drafts(bob_client, alices_draft, alices_post):
    response = bob_client.get(reverse("post-list"), {"author": "alice", "status": "draft"})

    assert listed_slugs(response) == set()


@pytest.mark.owasp("API1:2023")
def test_search_does_not_find_a_strangers_draft(bob_client, alices_draft):
    response = bob_client.get(reverse("post-list"), {"search": "secret draft"})

    assert listed_slugs(response) == set()


@pytest.mark.owasp("API1:2023")
def test_draft_does_not_count_in_its_authors_public_profile(bob_client, alices_draft):
    response = bob_client.get(reverse("author-detail", kwargs={"username": "alice"}))

    assert response.status_code == 200
    assert response.json()["post_count"] == 0
