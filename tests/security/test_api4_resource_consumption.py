"""OWASP API4:2023 Unrestricted Resource Consumption: pages, bodies, nesting, lengths and counts.

Every list stops at 100 items a page. A request body over the configured size
(DATA_UPLOAD_MAX_MEMORY_SIZE, from MAX_REQUEST_BODY_BYTES, 1 MiB by default) is a 413 JSON answer
whatever its encoding; JSON nested too deeply is a 400, fast; every text field has its length
limit and a post its five tags. Nothing of a refused request is saved.
"""

import json
import time
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from posts.models import Category, Comment, Post, Tag
from tests.clients import assert_json_detail, assert_json_error
from tests.factories import PASSWORD
from tests.test_settings import run_python

pytestmark = pytest.mark.django_db

FAST = 2.0  # Seconds: the most a refusal may cost.
SMALL_LIMIT = 4096


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def send_json(client, method, url, payload):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.generic(method, url, body, content_type="application/json")


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


# --- Request bodies over the configured size -----------------------------------------------------


def body_limit_under(**environment):
    result = run_python(
        "import django; from django.conf import settings; django.setup();"
        "print(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)",
        **environment,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def test_body_limit_is_one_mebibyte_by_default():
    assert body_limit_under() == 1024 * 1024


def test_body_limit_is_read_from_max_request_body_bytes():
    assert body_limit_under(MAX_REQUEST_BODY_BYTES="4096") == 4096


@pytest.fixture
def small_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = SMALL_LIMIT
    return SMALL_LIMIT


def padding(size):
    return "a" * size


# name: (client fixture, method, url, payload with `size` bytes of padding)
OVERSIZED_WRITES = {
    "post create": (
        "bob_client",
        "POST",
        lambda post: reverse("post-list"),
        lambda size: {"title": "t", "body": padding(size)},
    ),
    "comment create": (
        "bob_client",
        "POST",
        lambda post: reverse("comment-list", kwargs={"post_slug": post.slug}),
        lambda size: {"body": padding(size)},
    ),
    "registration": (
        "api_client",
        "POST",
        lambda post: reverse("user-list"),
        lambda size: {"username": "eve", "email": "e@example.com", "password": padding(size)},
    ),
    "sign-in": (
        "api_client",
        "POST",
        lambda post: reverse("jwt-create"),
        lambda size: {"username": "alice", "password": padding(size)},
    ),
    "account update": (
        "bob_client",
        "PATCH",
        lambda post: reverse("user-me"),
        lambda size: {"bio": padding(size)},
    ),
    "category create": (
        "staff_client",
        "POST",
        lambda post: reverse("category-list"),
        lambda size: {"name": "n", "description": padding(size)},
    ),
}


@pytest.mark.parametrize("write", OVERSIZED_WRITES.values(), ids=OVERSIZED_WRITES.keys())
def test_json_body_over_the_limit_is_refused_with_413(
    request, small_limit, alices_post, database_state, write
):
    client_name, method, url, payload = write
    client = request.getfixturevalue(client_name)
    before = database_state()

    response = send_json(client, method, url(alices_post), payload(small_limit))

    assert_json_detail(response, 413)
    assert database_state() == before


@pytest.mark.parametrize("write", OVERSIZED_WRITES.values(), ids=OVERSIZED_WRITES.keys())
def test_form_body_over_the_limit_is_refused_with_413(
    request, small_limit, alices_post, database_state, write
):
    client_name, method, url, payload = write
    client = request.getfixturevalue(client_name)
    before = database_state()

    response = client.generic(
        method,
        url(alices_post),
        urlencode(payload(small_limit)),
        content_type="application/x-www-form-urlencoded",
    )

    assert_json_detail(response, 413)
    assert database_state() == before


def test_multipart_body_over_the_limit_is_refused_with_413(bob_client, small_limit, database_state):
    # No endpoint takes files, so a file part is only a way round the limit (and onto the disk).
    before = database_state()

    response = bob_client.post(
        reverse("post-list"),
        {"title": "t", "body": "b", "file": SimpleUploadedFile("a.txt", b"a" * 2 * small_limit)},
        format="multipart",
    )

    assert_json_detail(response, 413)
    assert database_state() == before


def test_json_body_just_over_the_configured_limit_is_refused(bob_client, database_state):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    payload = {"title": "t", "body": ""}
    payload["body"] = padding(limit + 1 - len(json.dumps(payload)))
    before = database_state()

    response = send_json(bob_client, "POST", reverse("post-list"), payload)

    assert_json_detail(response, 413)
    assert database_state() == before


def test_huge_json_body_is_refused_with_413_fast(api_client, database_state):
    before = database_state()
    body = "[" + "1," * (4 * 1024 * 1024) + "1]"  # 8 MiB

    response, elapsed = timed(lambda: send_json(api_client, "POST", reverse("jwt-create"), body))

    assert_json_detail(response, 413)
    assert elapsed < FAST
    assert database_state() == before


# --- Deeply nested JSON --------------------------------------------------------------------------


def nested_objects(levels):
    value = 1
    for _ in range(levels):
        value = {"a": value}
    return value


DEEP_BODIES = {
    "100,000 nested arrays": "[" * 100_000 + "]" * 100_000,
    "100,000 nested objects": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "50 nested objects in a field": json.dumps(
        {"title": "t", "body": "b", "extra": nested_objects(50)}
    ),
}


@pytest.mark.parametrize("body", DEEP_BODIES.values(), ids=DEEP_BODIES.keys())
def test_deeply_nested_json_is_refused_with_400_fast(bob_client, database_state, body):
    before = database_state()

    response, elapsed = timed(lambda: send_json(bob_client, "POST", reverse("post-list"), body))

    assert_json_detail(response, 400)
    assert elapsed < FAST
    assert database_state() == before


@pytest.mark.parametrize("body", DEEP_BODIES.values(), ids=DEEP_BODIES.keys())
def test_deeply_nested_json_is_refused_before_sign_in(api_client, database_state, body):
    before = database_state()

    response, elapsed = timed(lambda: send_json(api_client, "POST", reverse("jwt-create"), body))

    assert_json_detail(response, 400)
    assert elapsed < FAST
    assert database_state() == before


# --- Field lengths -------------------------------------------------------------------------------

# name: (client fixture, method, url, field in the error, payload of `size`-character text)
FIELD_LIMITS = {
    "post title 200": (
        "bob_client",
        "POST",
        lambda post: reverse("post-list"),
        "title",
        lambda text: {"title": text, "body": "b"},
        200,
    ),
    "post body 50,000": (
        "bob_client",
        "POST",
        lambda post: reverse("post-list"),
        "body",
        lambda text: {"title": "t", "body": text},
        50_000,
    ),
    "comment 5,000": (
        "bob_client",
        "POST",
        lambda post: reverse("comment-list", kwargs={"post_slug": post.slug}),
        "body",
        lambda text: {"body": text},
        5_000,
    ),
    "bio 2,000 at registration": (
        "api_client",
        "POST",
        lambda post: reverse("user-list"),
        "bio",
        lambda text: {
            "username": "eve",
            "email": "e@example.com",
            "password": PASSWORD,
            "bio": text,
        },
        2_000,
    ),
    "bio 2,000 on the account": (
        "bob_client",
        "PATCH",
        lambda post: reverse("user-me"),
        "bio",
        lambda text: {"bio": text},
        2_000,
    ),
    "username 150 at registration": (
        "api_client",
        "POST",
        lambda post: reverse("user-list"),
        "username",
        lambda text: {"username": text, "email": "e@example.com", "password": PASSWORD},
        150,
    ),
    "tag name 50": (
        "staff_client",
        "POST",
        lambda post: reverse("tag-list"),
        "name",
        lambda text: {"name": text},
        50,
    ),
    "tag name 50 through a post": (
        "bob_client",
        "POST",
        lambda post: reverse("post-list"),
        "tags",
        lambda text: {"title": "t", "body": "b", "tags": [text]},
        50,
    ),
    "category name 100": (
        "staff_client",
        "POST",
        lambda post: reverse("category-list"),
        "name",
        lambda text: {"name": text},
        100,
    ),
    "category description 2,000": (
        "staff_client",
        "POST",
        lambda post: reverse("category-list"),
        "description",
        lambda text: {"name": "n", "description": text},
        2_000,
    ),
}


@pytest.mark.parametrize("case", FIELD_LIMITS.values(), ids=FIELD_LIMITS.keys())
def test_text_one_character_over_its_limit_is_refused(request, alices_post, database_state, case):
    client_name, method, url, field, payload, limit = case
    client = request.getfixturevalue(client_name)
    before = database_state()

    response = send_json(client, method, url(alices_post), payload("a" * (limit + 1)))

    assert_json_error(response, 400)
    assert field in response.json()
    assert database_state() == before


@pytest.mark.parametrize("case", FIELD_LIMITS.values(), ids=FIELD_LIMITS.keys())
def test_text_at_its_limit_is_accepted(request, alices_post, case):
    client_name, method, url, _field, payload, limit = case
    client = request.getfixturevalue(client_name)

    response = send_json(client, method, url(alices_post), payload("a" * limit))

    assert response.status_code in (200, 201), response.json()


# --- Tags per post -------------------------------------------------------------------------------

SIX_TAGS = ["one", "two", "three", "four", "five", "six"]


def test_post_with_six_tags_is_refused(bob_client, database_state):
    before = database_state()

    response = bob_client.post(reverse("post-list"), {"title": "t", "body": "b", "tags": SIX_TAGS})

    assert_json_error(response, 400)
    assert "tags" in response.json()
    assert database_state() == before


def test_post_update_to_six_tags_is_refused(alice_client, alices_post, database_state):
    before = database_state()

    response = alice_client.patch(
        reverse("post-detail", kwargs={"slug": alices_post.slug}), {"tags": SIX_TAGS}
    )

    assert_json_error(response, 400)
    assert "tags" in response.json()
    assert database_state() == before


# --- Query strings and form fields ---------------------------------------------------------------


def test_too_many_query_parameters_are_refused_with_400(bob_client):
    query = "&".join(f"p{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = bob_client.get(f"{reverse('post-list')}?{query}")

    assert_json_detail(response, 400)


def test_too_many_form_fields_are_refused_with_400(bob_client, database_state):
    fields = {f"f{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    before = database_state()

    response = bob_client.post(
        reverse("post-list"), {"title": "t", "body": "b", **fields}, format="multipart"
    )

    assert_json_detail(response, 400)
    assert database_state() == before


def test_search_with_a_thousand_terms_is_answered_fast_and_without_a_server_error(
    bob_client, alices_post
):
    terms = " ".join(f"w{n}" for n in range(1000))

    response, elapsed = timed(lambda: bob_client.get(reverse("post-list"), {"search": terms}))

    assert response.status_code < 500, response.json()
    assert elapsed < FAST


def test_sign_in_with_an_overlong_username_is_refused_without_a_server_error(
    api_client, alice, database_state
):
    # With an account in the table, so that the database really compares the name.
    before = database_state()

    response = api_client.post(
        reverse("jwt-create"), {"username": "a" * 60_000, "password": PASSWORD}
    )

    assert_json_detail(response, 401)
    assert database_state() == before
