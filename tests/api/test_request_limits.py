"""A request body over the configured size (DATA_UPLOAD_MAX_MEMORY_SIZE, from
MAX_REQUEST_BODY_BYTES, 1 MiB by default) is a 413 JSON answer whatever its encoding; JSON nested
too deeply is a 400, fast; too many query parameters or form fields are a 400. Nothing of a
refused request is saved."""

import json
import time
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.clients import assert_json_detail
from tests.config.test_settings import run_python
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API4:2023")]

FAST = 2.0  # Seconds: the most a refusal may cost.


SMALL_LIMIT = 4096


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def send_json(client, method, url, payload):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.generic(method, url, body, content_type="application/json")


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
