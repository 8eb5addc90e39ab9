"""A NUL character in any input is refused before the database sees it.

PostgreSQL cannot store or even compare a text holding NUL: a query with one raises DataError,
which was a 500. SQLite takes it, so these tests assert the refusal itself, on either database.
"""

import pytest
from django.urls import reverse

from posts.models import Post
from tests.factories import PASSWORD, CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

NUL = "\x00"


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/posts/a{NUL}b/",
        f"/api/v1/posts/a{NUL}b/comments/",
        f"/api/v1/categories/{NUL}/",
        f"/api/v1/tags/{NUL}/",
        f"/api/v1/authors/{NUL}/",
    ],
)
def test_a_nul_in_the_path_is_not_found(api_client, path):
    response = api_client.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("name", ["search", "author", "category", "tag"])
def test_a_nul_in_a_query_parameter_is_refused(api_client, name):
    response = api_client.get(reverse("post-list"), {name: f"a{NUL}b"})

    assert response.status_code == 400
    assert response.json() == {"detail": "Null characters are not allowed."}


def test_a_nul_in_a_query_parameter_name_is_refused(api_client):
    response = api_client.get(f"{reverse('post-list')}?a%00b=1")

    assert response.status_code == 400


def test_a_nul_in_a_text_field_is_refused(auth_client, alice):
    response = auth_client(alice).post(reverse("post-list"), {"title": f"a{NUL}b", "body": "Hi."})

    assert response.status_code == 400
    assert response.json() == {"title": ["Null characters are not allowed."]}
    assert not Post.objects.exists()


def test_a_nul_in_a_category_slug_is_refused(auth_client, alice):
    CategoryFactory(name="django")

    response = auth_client(alice).post(
        reverse("post-list"), {"title": "Hi", "body": "There.", "category": f"django{NUL}"}
    )

    assert response.status_code == 400
    assert list(response.json()) == ["category"]
    assert not Post.objects.exists()


def test_a_nul_in_the_sign_in_name_is_refused(api_client, alice):
    response = api_client.post(
        reverse("jwt-create"), {"username": f"{alice.username}{NUL}", "password": PASSWORD}
    )

    assert response.status_code == 400
    assert response.json() == {"username": ["Null characters are not allowed."]}


def test_a_nul_in_a_comment_post_slug_is_not_found(auth_client, alice):
    post = PostFactory()

    response = auth_client(alice).post(f"/api/v1/posts/{post.slug}{NUL}/comments/", {"body": "Hi"})

    assert response.status_code == 404
