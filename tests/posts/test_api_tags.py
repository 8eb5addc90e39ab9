"""Tags: /api/v1/tags/. Everyone reads them; only staff edit or delete them."""

import pytest
from django.urls import reverse

from posts.models import Post, Tag
from tests.factories import PostFactory, TagFactory

pytestmark = pytest.mark.django_db

LIST_URL = "tag-list"


def tag_url(tag):
    return reverse("tag-detail", kwargs={"slug": tag.slug})


@pytest.fixture
def tag():
    return TagFactory(name="django")


# --- Reading --------------------------------------------------------------------------------------


def test_anonymous_reader_lists_tags_with_their_published_post_count(api_client, tag):
    PostFactory.create_batch(2, tags=["django"])
    PostFactory(tags=["django"], status=Post.Status.DRAFT)
    PostFactory(tags=["flask"])

    response = api_client.get(reverse(LIST_URL))

    assert response.status_code == 200
    counts = {t["name"]: t["post_count"] for t in response.json()["results"]}
    assert counts == {"django": 2, "flask": 1}


def test_tag_detail_counts_only_published_posts(api_client, tag):
    PostFactory(tags=["django"])
    PostFactory.create_batch(3, tags=["django"], status=Post.Status.DRAFT)

    response = api_client.get(tag_url(tag))

    assert response.status_code == 200
    assert response.json()["slug"] == "django"
    assert response.json()["name"] == "django"
    assert response.json()["post_count"] == 1


# --- A draft's tags stay private ------------------------------------------------------------------


@pytest.fixture
def secret_tag(alice):
    """A tag on nothing but alice's draft, beside a public one."""
    PostFactory(author=alice, status=Post.Status.DRAFT, tags=["zeta-secret", "python"])
    PostFactory(tags=["python"])
    return Tag.objects.get(name="zeta-secret")


def visible_tags(client, **params):
    response = client.get(reverse(LIST_URL), params)
    assert response.status_code == 200
    return {tag["name"]: tag["post_count"] for tag in response.json()["results"]}


@pytest.fixture(params=["anonymous", "another user"])
def outsider(request, api_client, auth_client, bob):
    return api_client if request.param == "anonymous" else auth_client(bob)


def test_a_tag_only_on_someone_elses_draft_is_not_listed(outsider, secret_tag):
    assert visible_tags(outsider) == {"python": 1}


def test_a_tag_only_on_someone_elses_draft_is_not_found_by_search(outsider, secret_tag):
    assert visible_tags(outsider, search="zeta") == {}
    assert visible_tags(outsider, search="secret") == {}


def test_a_tag_only_on_someone_elses_draft_has_no_detail(outsider, secret_tag):
    response = outsider.get(tag_url(secret_tag))

    assert response.status_code == 404
    assert "zeta" not in response.content.decode()


def test_a_tag_only_on_someone_elses_draft_cannot_be_sorted_into_view(outsider, secret_tag):
    assert "zeta-secret" not in visible_tags(outsider, ordering="-post_count")


def test_the_author_of_the_draft_sees_its_tag_with_no_published_post(
    auth_client, alice, secret_tag
):
    client = auth_client(alice)

    assert visible_tags(client) == {"python": 1, "zeta-secret": 0}
    assert visible_tags(client, search="zeta") == {"zeta-secret": 0}
    assert client.get(tag_url(secret_tag)).json()["post_count"] == 0


def test_staff_see_every_tag_as_they_see_every_post(auth_client, staff, secret_tag):
    TagFactory(name="empty")

    assert visible_tags(auth_client(staff)) == {"python": 1, "zeta-secret": 0, "empty": 0}


def test_a_tag_is_listed_once_a_post_with_it_is_published(api_client, alice, secret_tag):
    PostFactory(author=alice, tags=["zeta-secret"])

    assert visible_tags(api_client) == {"python": 1, "zeta-secret": 1}


def test_a_tag_on_no_post_is_listed_to_staff_only(api_client, auth_client, alice):
    # Left behind by a draft that dropped it, it would still tell what the draft was about.
    PostFactory(author=alice, status=Post.Status.DRAFT, tags=["zeta-secret"]).tags.clear()

    assert visible_tags(api_client) == {}
    assert visible_tags(auth_client(alice)) == {}


# --- Creating -------------------------------------------------------------------------------------


def test_staff_creates_a_tag_with_a_slug_made_from_its_name(auth_client, staff):
    response = auth_client(staff).post(reverse(LIST_URL), {"name": "Machine Learning"})

    assert response.status_code == 201
    assert response.json()["slug"] == "machine-learning"
    assert Tag.objects.filter(name="Machine Learning", slug="machine-learning").exists()


def test_a_tags_name_is_stored_nfkc_normalised(auth_client, staff):
    response = auth_client(staff).post(reverse(LIST_URL), {"name": "\ufb01sh"})

    assert response.status_code == 201
    assert response.json()["name"] == "fish"
    assert list(Tag.objects.values_list("name", flat=True)) == ["fish"]


# --- Renaming -------------------------------------------------------------------------------------


def test_staff_renames_a_tag(auth_client, staff, tag):
    post = PostFactory(tags=["django"])

    response = auth_client(staff).patch(tag_url(tag), {"name": "Django"})

    assert response.status_code == 200
    assert response.json()["name"] == "Django"
    tag.refresh_from_db()
    assert tag.name == "Django"
    assert list(post.tags.all()) == [tag]


def test_staff_cannot_rename_a_tag_to_another_tags_name_in_another_case(auth_client, staff, tag):
    flask = TagFactory(name="flask")

    response = auth_client(staff).patch(tag_url(flask), {"name": "DJANGO"})

    assert response.status_code == 400
    assert "name" in response.json()
    flask.refresh_from_db()
    assert flask.name == "flask"


def test_staff_cannot_rename_a_tag_to_another_unicode_spelling_of_another_tags_name(
    auth_client, staff
):
    TagFactory(name="kit")
    flask = TagFactory(name="flask")

    response = auth_client(staff).patch(tag_url(flask), {"name": "K\u0130T"})

    assert response.status_code == 400
    assert response.json() == {"name": ["A tag with that name already exists."]}
    flask.refresh_from_db()
    assert flask.name == "flask"


# --- Deleting -------------------------------------------------------------------------------------


def test_staff_deletes_a_tag_and_its_posts_lose_it(auth_client, staff, tag):
    post = PostFactory(tags=["django", "flask"])

    response = auth_client(staff).delete(tag_url(tag))

    assert response.status_code == 204
    assert not Tag.objects.filter(pk=tag.pk).exists()
    assert list(post.tags.values_list("name", flat=True)) == ["flask"]


# --- Only the tags with posts ---------------------------------------------------------------------


def test_has_posts_leaves_out_the_authors_tag_on_nothing_but_a_draft(
    auth_client, alice, secret_tag
):
    assert visible_tags(auth_client(alice), has_posts="true") == {"python": 1}


def test_has_posts_leaves_out_the_tags_on_no_post_that_staff_see(auth_client, staff, secret_tag):
    TagFactory(name="empty")
    client = auth_client(staff)

    assert visible_tags(client, has_posts="true") == {"python": 1}
    assert visible_tags(client, has_posts="false") == {"zeta-secret": 0, "empty": 0}


def test_an_empty_has_posts_is_no_filter(auth_client, alice, secret_tag):
    assert visible_tags(auth_client(alice), has_posts="") == {"python": 1, "zeta-secret": 0}


def test_has_posts_other_than_true_or_false_is_refused(api_client, secret_tag):
    response = api_client.get(reverse(LIST_URL), {"has_posts": "maybe"})

    assert response.status_code == 400
    assert list(response.json()) == ["has_posts"]
