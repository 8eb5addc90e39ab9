"""The Django admin manages every model."""

import pytest
from django.urls import reverse

from tests.config.test_settings import run_python
from tests.factories import PASSWORD, CommentFactory, LikeFactory, PostFactory, UserFactory

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


def test_admin_is_closed_to_a_regular_user(client, alice):
    client.force_login(alice)

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


# --- The Django admin ----------------------------------------------------------------------------


@pytest.mark.owasp("API5:2023")
def test_regular_user_is_sent_to_the_admin_login(client, bob):
    client.force_login(bob)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))


@pytest.mark.owasp("API5:2023")
def test_regular_user_cannot_make_an_account_through_the_admin(client, bob, database_state):
    client.force_login(bob)
    before = database_state()

    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "sidekick",
            "email": "s@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))
    assert database_state() == before


@pytest.mark.owasp("API5:2023")
def test_regular_user_cannot_grant_themself_staff_through_the_admin(client, bob, database_state):
    client.force_login(bob)
    before = database_state()

    response = client.post(
        reverse("admin:accounts_user_change", args=[bob.pk]),
        {"username": "bob", "email": bob.email, "is_staff": "on", "is_superuser": "on"},
    )

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))
    assert database_state() == before


@pytest.mark.owasp("API5:2023")
def test_staff_without_permissions_cannot_change_accounts_in_the_admin(
    client, staff, bob, database_state
):
    # Staff may sign in to the admin; changing users takes the permission, which plain staff lack.
    client.force_login(staff)
    before = database_state()

    response = client.post(
        reverse("admin:accounts_user_change", args=[bob.pk]),
        {"username": "bob", "email": bob.email, "is_staff": "on", "is_superuser": "on"},
    )

    assert response.status_code == 403
    assert database_state() == before


@pytest.mark.owasp("API5:2023")
def test_admin_login_refuses_a_regular_users_right_password(client, bob, database_state):
    before = database_state()

    response = client.post(reverse("admin:login"), {"username": "bob", "password": PASSWORD})

    assert response.status_code == 200  # The form again, with its error.
    assert "_auth_user_id" not in client.session
    assert database_state() == before
