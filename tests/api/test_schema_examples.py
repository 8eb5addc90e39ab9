"""The schema's request examples are requests that work: Swagger UI's "Try it out" sends them as
they are, so each one succeeds against the demo data, sent by a demo user allowed to make it."""

import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from posts.models import Comment, Post
from tests.api.test_docs import operations
from tests.clients import bearer_client

pytestmark = pytest.mark.django_db

# Every body an API user writes while trying the API: their content, and signing in.
MUST_HAVE_AN_EXAMPLE = {"Posts", "Comments", "Categories", "Tags"}
STAFF_ONLY = {"Categories", "Tags"}


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get(reverse("schema"), {"format": "json"})
    return response.json()


def request_examples(schema):
    for method, path, operation in operations(schema):
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        for example in body.get("examples", {}).values():
            yield method, path, operation["tags"][0], example["value"]


@pytest.fixture
def demo_data(settings):
    settings.DEBUG = True  # The demo data loads in development only.
    call_command("load_demo_data", stdout=None)


def path_of(path):
    """The path with demo data's values for its parameters: alice's things, a staff category."""
    alices_comment = Comment.objects.filter(author__username="alice").first()
    if path.startswith(reverse("user-list")):
        return path.replace("{id}", str(User.objects.get(username="alice").pk))
    values = {
        "{slug}": "django" if "/categories/" in path else "python" if "/tags/" in path else
        Post.objects.filter(author__username="alice", status="published").first().slug,
        "{post_slug}": alices_comment.post.slug,
        "{id}": str(alices_comment.pk),
    }  # fmt: skip
    for parameter, value in values.items():
        path = path.replace(parameter, value)
    return path


def test_content_operations_have_request_examples(schema):
    missing = [
        (method, path)
        for method, path, operation in operations(schema)
        if operation["tags"][0] in MUST_HAVE_AN_EXAMPLE
        and "requestBody" in operation
        and not operation["requestBody"]["content"]["application/json"].get("examples")
    ]

    assert missing == []


def test_signing_in_has_an_example(schema):
    body = schema["paths"][reverse("jwt-create")]["post"]["requestBody"]
    assert body["content"]["application/json"]["examples"]


def test_every_request_example_succeeds_as_a_demo_user(schema, demo_data):
    failures = []
    examples = list(request_examples(schema))
    for method, path, tag, example in examples:
        username = "admin" if tag in STAFF_ONLY else "alice"
        client = bearer_client(User.objects.get(username=username))
        if path == reverse("jwt-create") or path == reverse("token-login"):
            client = APIClient()  # Signing in is what anonymous clients do.
        with transaction.atomic():  # Each example on the demo data as loaded.
            response = client.generic(
                method, path_of(path), json.dumps(example), "application/json"
            )
            transaction.set_rollback(True)
        if not 200 <= response.status_code < 300:
            failures.append((method, path, response.status_code, response.content[:300]))

    assert len(examples) >= 23
    assert failures == []
