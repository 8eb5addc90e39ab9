"""The Django admin manages every model."""

import pytest
from django.urls import reverse

from tests.factories import CommentFactory, LikeFactory, PostFactory, UserFactory
from tests.test_settings import run_python

pytestmark = pytest.mark.django_db

MODELS = [
    ("accounts", "user"),
    ("posts", "category"),
    ("posts", "tag"),
    ("posts", "post"),
    ("posts", "comment"),
    ("posts", "like"),
]


@pytest.fixture
def superuser_client(client):
    """A browser session of a superuser, with a row of every model to list."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    post = PostFactory(tags=["django"])
    CommentFactory(post=post)
    LikeFactory(post=post)
    return client


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_admin_changelist_with_a_search_renders(superuser_client, app, model):
    response = superuser_client.get(reverse(f"admin:{app}_{model}_changelist"), {"q": "x"})

    assert response.status_code == 200


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_admin_changelist_lists_the_rows(superuser_client, app, model):
    response = superuser_client.get(reverse(f"admin:{app}_{model}_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_admin_add_page_renders(superuser_client, app, model):
    response = superuser_client.get(reverse(f"admin:{app}_{model}_add"))

    assert response.status_code == 200


def test_admin_change_page_of_a_post_renders(superuser_client):
    post = PostFactory(tags=["python"])

    response = superuser_client.get(reverse("admin:posts_post_change", args=[post.pk]))

    assert response.status_code == 200
    assert post.title in response.content.decode()


def test_admin_is_closed_to_a_regular_user(client, user):
    client.force_login(user)

    response = client.get(reverse("admin:posts_post_changelist"))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))


# Settings are read once per process: the URL is tried in a fresh interpreter.
ADMIN_ANSWERS = """
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="localhost")
print(*(client.get(path).status_code for path in ("/back-office-7f3a/login/", "/admin/login/")))
"""


def test_admin_url_moves_the_admin_site():
    result = run_python(ADMIN_ANSWERS, ADMIN_URL="back-office-7f3a/", LOG_LEVEL="CRITICAL")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "404"]
