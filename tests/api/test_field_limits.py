"""Every text field has its length limit and a post its five tags; nothing refused is saved."""

import json

import pytest
from django.urls import reverse

from tests.clients import assert_json_error
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API4:2023")]


def send_json(client, method, url, payload):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.generic(method, url, body, content_type="application/json")


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
