"""Fixtures of the security suite: a victim with something of everything, an attacker, staff.

Every attack test takes a snapshot of the database before the attack and compares it after, so a
refusal is proven to have changed nothing, not only to have answered an error.
"""

import pytest
from django.apps import apps
from rest_framework.test import APIClient

from tests.factories import CommentFactory, LikeFactory, PostFactory, UserFactory

# The apps whose rows the API writes; their auto-created tables (post tags) count too.
WRITTEN_APPS = ["accounts", "posts", "token_blacklist"]


def database_rows():
    """Every row of every table the API writes, table by table, in primary-key order."""
    models = [
        model
        for app in WRITTEN_APPS
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    ]
    return {model._meta.label: list(model.objects.order_by("pk").values_list()) for model in models}


@pytest.fixture
def database_state(db):
    """`database_state()`: the rows of the whole database, to compare before and after an attack."""
    return database_rows


def assert_json_error(response, status):
    """The refusal an API client can read: the status and a JSON body with an explanation."""
    assert response.status_code == status, response.content[:500]
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()


def assert_json_detail(response, status):
    assert_json_error(response, status)
    assert "detail" in response.json()


@pytest.fixture
def alice(db):
    """The victim: her e-mail and password hash must never reach anyone else."""
    return UserFactory(username="alice", email="alice@example.com", bio="Alice's bio.")


@pytest.fixture
def mallory(db):
    """The attacker: a signed-up, active, regular user."""
    return UserFactory(username="mallory", email="mallory@example.com")


@pytest.fixture
def alices_post(alice):
    return PostFactory(author=alice, title="Alice published", tags=["alpha"])


@pytest.fixture
def alices_draft(alice):
    return PostFactory(author=alice, title="Alice secret draft", status="draft")


@pytest.fixture
def alices_comment(alice, alices_post):
    return CommentFactory(post=alices_post, author=alice, body="Alice's comment.")


@pytest.fixture
def alices_like(alice, alices_post):
    return LikeFactory(post=alices_post, user=alice)


@pytest.fixture
def mallorys_post(mallory):
    return PostFactory(author=mallory, title="Mallory published")


@pytest.fixture
def mallory_client(auth_client, mallory):
    return auth_client(mallory)


@pytest.fixture
def alice_client(auth_client, alice):
    return auth_client(alice)


@pytest.fixture
def staff_client(auth_client, staff_user):
    return auth_client(staff_user)


@pytest.fixture
def anonymous_client():
    return APIClient()
