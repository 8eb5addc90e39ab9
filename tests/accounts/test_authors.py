"""Public author profiles: what anyone may know of a writer, never their e-mail."""

import pytest
from django.urls import reverse

from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(db):
    writer = UserFactory(username="carol", bio="Writes about tea.")
    PostFactory.create_batch(2, author=writer)
    PostFactory(author=writer, status="draft")
    return writer


def profile_url(username):
    return reverse("author-detail", kwargs={"username": username})


def test_a_profile_shows_name_bio_date_joined_and_published_post_count(api_client, writer):
    response = api_client.get(profile_url("carol"))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"url", "username", "bio", "date_joined", "post_count", "posts"}
    assert (body["username"], body["bio"], body["post_count"]) == ("carol", "Writes about tea.", 2)
    assert body["date_joined"] == writer.date_joined.isoformat().replace("+00:00", "Z")


def test_a_profile_never_shows_the_email_even_to_its_owner(auth_client, writer):
    response = auth_client(writer).get(profile_url("carol"))

    assert writer.email not in response.content.decode()


def test_the_profile_links_to_the_authors_published_posts(api_client, writer):
    posts_url = api_client.get(profile_url("carol")).json()["posts"]

    posts = api_client.get(posts_url).json()

    assert posts["count"] == 2
    assert {post["author"]["username"] for post in posts["results"]} == {"carol"}


def test_the_author_list_is_paginated_and_has_no_emails(api_client, writer):
    UserFactory(username="dave")

    response = api_client.get(reverse("author-list"))

    assert response.status_code == 200
    assert [author["username"] for author in response.json()["results"]] == ["carol", "dave"]
    assert "@" not in response.content.decode()


def test_an_unknown_author_is_404(api_client):
    assert api_client.get(profile_url("nobody")).status_code == 404


def test_a_deactivated_author_has_no_profile(api_client):
    UserFactory(username="gone", is_active=False)

    assert api_client.get(profile_url("gone")).status_code == 404


def test_profiles_are_read_only(auth_client, writer):
    response = auth_client(writer).patch(profile_url("carol"), {"bio": "Hacked."})

    assert response.status_code == 405
    writer.refresh_from_db()
    assert writer.bio == "Writes about tea."


def test_the_author_list_runs_the_same_queries_for_any_page_size(
    api_client, django_assert_max_num_queries
):
    UserFactory.create_batch(30)
    with django_assert_max_num_queries(4):
        small = api_client.get(reverse("author-list"), {"page_size": 5})
    with django_assert_max_num_queries(4):
        large = api_client.get(reverse("author-list"), {"page_size": 30})

    assert (len(small.json()["results"]), len(large.json()["results"])) == (5, 30)
