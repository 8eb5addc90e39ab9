"""OWASP API3:2023 Broken Object Property Level Authorization: mass assignment and data exposure.

Writes carry fields a client may not set (author, staff flags, counters, dates, slugs): each is
ignored and the stored object is what an honest request would have made. Reads, crawled as
another user and as staff, in JSON and in the browsable API, never carry another user's e-mail
address or anyone's password hash.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from posts.models import Category, Comment, Post, Tag
from tests.clients import assert_json_error
from tests.factories import PASSWORD, CategoryFactory, CommentFactory, TagFactory

pytestmark = pytest.mark.django_db

LONG_AGO = "2001-01-01T00:00:00Z"

# --- Registration --------------------------------------------------------------------------------

REGISTRATION_EXTRAS = {
    "is_staff": True,
    "is_superuser": True,
    "is_active": True,
    "id": 9999,
    "date_joined": LONG_AGO,
    "last_login": LONG_AGO,
    "groups": [1],
    "user_permissions": [1],
}


@pytest.mark.parametrize(("field", "value"), REGISTRATION_EXTRAS.items())
def test_registration_ignores_privileged_fields(api_client, field, value):
    started = timezone.now()

    response = api_client.post(
        reverse("user-list"),
        {"username": "eve", "email": "eve@example.com", "password": PASSWORD, field: value},
    )

    assert response.status_code == 201
    eve = User.objects.get(username="eve")
    assert not eve.is_staff
    assert not eve.is_superuser
    assert not eve.is_active  # Until the e-mailed link is followed.
    assert eve.pk != 9999
    assert eve.date_joined >= started
    assert eve.last_login is None
    assert not eve.groups.exists()
    assert not eve.user_permissions.exists()


# --- users/me ------------------------------------------------------------------------------------

ACCOUNT_EXTRAS = {
    "is_staff": True,
    "is_superuser": True,
    "is_active": False,
    "id": 9999,
    "username": "bob-renamed",
    "date_joined": LONG_AGO,
    "last_login": LONG_AGO,
    "password": "a-new-password-without-the-old-one",
    "groups": [1],
}


@pytest.mark.parametrize(("field", "value"), ACCOUNT_EXTRAS.items())
def test_own_account_patch_ignores_privileged_fields(bob_client, bob, database_state, field, value):
    before = database_state()

    response = bob_client.patch(reverse("user-me"), {field: value})

    assert response.status_code == 200
    assert database_state() == before


def test_own_account_cannot_take_another_users_email(bob_client, alice, bob, database_state):
    before = database_state()

    response = bob_client.patch(reverse("user-me"), {"email": "ALICE@example.com"})

    assert_json_error(response, 400)
    assert "email" in response.json()
    assert database_state() == before


# --- Posts ---------------------------------------------------------------------------------------

# Each builds the extra field from the user it tries to make the author.
POST_EXTRAS = {
    "author": lambda other: {"author": other.username},
    "author object": lambda other: {"author": {"username": other.username}},
    "author_id": lambda other: {"author_id": other.pk},
    "like_count": lambda other: {"like_count": 1000},
    "comment_count": lambda other: {"comment_count": 1000},
    "published_at": lambda other: {"published_at": LONG_AGO},
    "created_at": lambda other: {"created_at": LONG_AGO},
    "updated_at": lambda other: {"updated_at": LONG_AGO},
    "slug": lambda other: {"slug": "chosen-slug"},
    "id": lambda other: {"id": 9999},
    "liked": lambda other: {"liked": True},
}


@pytest.mark.parametrize("extra", POST_EXTRAS.values(), ids=POST_EXTRAS.keys())
def test_post_create_ignores_read_only_fields(bob_client, bob, alice, extra):
    started = timezone.now()

    response = bob_client.post(
        reverse("post-list"), {"title": "Honest title", "body": "Text.", **extra(alice)}
    )

    assert response.status_code == 201
    post = Post.objects.get()
    assert post.author == bob
    assert (post.like_count, post.comment_count) == (0, 0)
    assert post.published_at is None  # A draft by default.
    assert post.created_at >= started
    assert post.slug.startswith(f"{slugify('Honest title')}-")
    assert "chosen" not in post.slug
    assert post.pk != 9999
    assert response.json()["liked"] is False


def test_published_post_cannot_be_backdated(bob_client):
    response = bob_client.post(
        reverse("post-list"),
        {"title": "Now", "body": "Text.", "status": "published", "published_at": LONG_AGO},
    )

    assert response.status_code == 201
    assert Post.objects.get().published_at > timezone.now() - timedelta(minutes=1)


def test_post_create_cannot_take_an_existing_posts_slug(bob_client, alices_post):
    response = bob_client.post(
        reverse("post-list"), {"title": "Other", "body": "Text.", "slug": alices_post.slug}
    )

    assert response.status_code == 201
    assert response.json()["slug"] != alices_post.slug
    assert Post.objects.get(slug=alices_post.slug).author == alices_post.author


def unwritable_post_fields(post):
    return (
        post.pk,
        post.author_id,
        post.slug,
        post.like_count,
        post.comment_count,
        post.published_at,
        post.created_at,
    )


@pytest.mark.parametrize("extra", POST_EXTRAS.values(), ids=POST_EXTRAS.keys())
def test_post_update_ignores_read_only_fields(
    alice_client, alices_post, alices_comment, alices_like, bob, extra
):
    alices_post.refresh_from_db()  # The comment and the like have counted.
    before = unwritable_post_fields(alices_post)

    response = alice_client.patch(
        reverse("post-detail", kwargs={"slug": alices_post.slug}), extra(bob)
    )

    assert response.status_code == 200
    alices_post.refresh_from_db()
    assert unwritable_post_fields(alices_post) == before


# --- Comments ------------------------------------------------------------------------------------

COMMENT_EXTRAS = {
    "author": "alice",
    "author_object": {"username": "alice"},
    "post": "other-post",
    "id": 9999,
    "created_at": LONG_AGO,
}


@pytest.mark.parametrize(("field", "value"), COMMENT_EXTRAS.items())
def test_comment_create_ignores_read_only_fields(
    bob_client, bob, alices_post, alices_draft, field, value
):
    extra = {"author": value} if field == "author_object" else {field: value}
    if field == "post":
        extra = {"post": alices_draft.slug}
    started = timezone.now()

    response = bob_client.post(
        reverse("comment-list", kwargs={"post_slug": alices_post.slug}), {"body": "Hi", **extra}
    )

    assert response.status_code == 201
    comment = Comment.objects.get()
    assert comment.author == bob
    assert comment.post == alices_post
    assert comment.pk != 9999
    assert comment.created_at >= started


@pytest.mark.parametrize(("field", "value"), COMMENT_EXTRAS.items())
def test_comment_update_ignores_read_only_fields(
    bob_client, bob, alices_post, alices_draft, field, value
):
    comment = CommentFactory(post=alices_post, author=bob)
    extra = {"author": value} if field == "author_object" else {field: value}
    if field == "post":
        extra = {"post": alices_draft.slug}
    before = (comment.pk, comment.author_id, comment.post_id, comment.created_at)

    response = bob_client.patch(
        reverse("comment-detail", kwargs={"post_slug": alices_post.slug, "pk": comment.pk}), extra
    )

    assert response.status_code == 200
    comment.refresh_from_db()
    assert (comment.pk, comment.author_id, comment.post_id, comment.created_at) == before


# --- Categories and tags (staff writes) ---------------------------------------------------------


@pytest.mark.parametrize("model", [Category, Tag])
def test_staff_create_ignores_slug_and_post_count(staff_client, model):
    url = reverse(f"{model._meta.model_name}-list")

    response = staff_client.post(url, {"name": "Fresh", "slug": "chosen", "post_count": 99})

    assert response.status_code == 201
    assert response.json()["post_count"] == 0
    assert model.objects.get().slug == "fresh"


@pytest.mark.parametrize("factory", [CategoryFactory, TagFactory])
def test_staff_update_ignores_slug_and_post_count(staff_client, database_state, factory):
    item = factory()
    url = reverse(f"{item._meta.model_name}-detail", kwargs={"slug": item.slug})
    before = database_state()

    response = staff_client.patch(url, {"slug": "chosen", "post_count": 99, "id": 9999})

    assert response.status_code == 200
    assert response.json()["post_count"] == 0
    assert database_state() == before


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
