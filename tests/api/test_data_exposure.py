"""Every page, crawled as another user, as staff and anonymously, in JSON and in the browsable
API, never carries another user's e-mail address or anyone's password hash."""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API3:2023")]


# --- Data exposure: crawl everything as someone else -------------------------------------------


@pytest.fixture
def crawlable(alice, bob, staff, alices_post, alices_draft, alices_comment, alices_like):
    """Every list and detail URL, with Alice's objects in them."""
    tag = alices_post.tags.get()
    category = alices_post.category
    return [
        reverse("api-root"),
        reverse("post-list"),
        reverse("post-list") + "?status=draft",
        reverse("post-detail", kwargs={"slug": alices_post.slug}),
        reverse("post-detail", kwargs={"slug": alices_draft.slug}),
        reverse("comment-list", kwargs={"post_slug": alices_post.slug}),
        reverse("comment-detail", kwargs={"post_slug": alices_post.slug, "pk": alices_comment.pk}),
        reverse("category-list"),
        reverse("category-detail", kwargs={"slug": category.slug}),
        reverse("tag-list"),
        reverse("tag-detail", kwargs={"slug": tag.slug}),
        reverse("author-list"),
        reverse("author-detail", kwargs={"username": alice.username}),
        reverse("user-list"),
        reverse("user-detail", kwargs={"id": alice.pk}),
        reverse("user-me"),
    ]


def secrets_of(*users):
    """What must never be shown: these users' e-mail addresses, and every password hash."""
    hashes = list(User.objects.values_list("password", flat=True))
    return [user.email for user in users] + hashes + ["md5$", "argon2", "pbkdf2_sha256$"]


def crawl(client, urls, **headers):
    pages = {}
    for url in urls:
        response = client.get(url, **headers)
        assert response.status_code in (200, 401, 404), (url, response.status_code)
        pages[url] = response.content.decode()
    return pages


def leaks(pages, secrets):
    return [(url, secret) for url, page in pages.items() for secret in secrets if secret in page]


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_another_user_sees_no_email_and_no_password_hash_anywhere(
    client, crawlable, alice, bob, staff, accept
):
    client.force_login(bob)  # A session also drives the browsable API's HTML pages.

    pages = crawl(client, crawlable, HTTP_ACCEPT=accept)

    assert leaks(pages, secrets_of(alice, staff)) == []
    assert bob.email in pages[reverse("user-me")]  # The search does find what is shown.


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_staff_sees_no_other_users_email_and_no_password_hash_anywhere(
    client, crawlable, alice, bob, staff, accept
):
    client.force_login(staff)

    pages = crawl(client, crawlable, HTTP_ACCEPT=accept)

    assert leaks(pages, secrets_of(alice, bob)) == []
    assert staff.email in pages[reverse("user-me")]


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_anonymous_client_sees_no_email_and_no_password_hash_anywhere(
    client, crawlable, alice, bob, staff, accept
):
    pages = crawl(client, crawlable, HTTP_ACCEPT=accept)

    assert leaks(pages, secrets_of(alice, bob, staff)) == []


def test_staff_user_list_has_everyone_without_emails(staff_client, staff, alice, bob):
    response = staff_client.get(reverse("user-list"))

    assert response.status_code == 200
    users = response.json()["results"]
    assert {user["username"] for user in users} >= {"alice", "bob"}
    assert all("email" not in user for user in users if user["username"] != staff.username)


def test_author_search_does_not_match_email_addresses(bob_client, alice):
    response = bob_client.get(reverse("author-list"), {"search": "alice@example.com"})

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_post_search_does_not_match_authors_email_addresses(bob_client, alices_post):
    response = bob_client.get(reverse("post-list"), {"search": "alice@example.com"})

    assert response.status_code == 200
    assert response.json()["results"] == []
