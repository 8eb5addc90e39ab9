"""Categories: /api/v1/categories/. Everyone reads them; only staff write."""

import pytest
from django.urls import reverse

from posts.models import Category, Post
from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

LIST_URL = "category-list"


def category_url(category):
    return reverse("category-detail", kwargs={"slug": category.slug})


@pytest.fixture
def category():
    return CategoryFactory(name="Python", description="Snakes and more.")


# --- Reading --------------------------------------------------------------------------------------


def test_anonymous_reader_lists_categories_with_their_published_post_count(api_client, category):
    PostFactory.create_batch(2, category=category)
    PostFactory(category=category, status=Post.Status.DRAFT)
    PostFactory(category=CategoryFactory())

    response = api_client.get(reverse(LIST_URL), {"search": "Python"})

    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["slug"] == "python"
    assert result["name"] == "Python"
    assert result["description"] == "Snakes and more."
    assert result["post_count"] == 2


def test_category_detail_counts_only_published_posts(api_client, category):
    PostFactory(category=category)
    PostFactory.create_batch(3, category=category, status=Post.Status.DRAFT)

    response = api_client.get(category_url(category))

    assert response.status_code == 200
    assert response.json()["post_count"] == 1


def test_category_without_published_posts_counts_zero(api_client, category):
    PostFactory(category=category, status=Post.Status.DRAFT)

    response = api_client.get(category_url(category))

    assert response.json()["post_count"] == 0


# --- Creating -------------------------------------------------------------------------------------


def test_staff_creates_a_category_with_a_slug_made_from_its_name(auth_client, staff):
    response = auth_client(staff).post(
        reverse(LIST_URL), {"name": "Web Development", "description": "The web."}
    )

    assert response.status_code == 201
    assert response.json()["slug"] == "web-development"
    assert response.json()["name"] == "Web Development"
    assert response.json()["post_count"] == 0
    category = Category.objects.get(slug="web-development")
    assert (category.name, category.description) == ("Web Development", "The web.")


def test_staff_cannot_choose_a_categorys_slug(auth_client, staff):
    response = auth_client(staff).post(
        reverse(LIST_URL), {"name": "Web Development", "slug": "chosen"}
    )

    assert response.status_code == 201
    assert response.json()["slug"] == "web-development"
    assert not Category.objects.filter(slug="chosen").exists()


# --- Updating -------------------------------------------------------------------------------------


def test_staff_updates_a_category(auth_client, staff, category):
    response = auth_client(staff).patch(category_url(category), {"description": "Updated."})

    assert response.status_code == 200
    assert response.json()["description"] == "Updated."
    category.refresh_from_db()
    assert category.description == "Updated."


# --- Deleting -------------------------------------------------------------------------------------


def test_staff_deletes_a_category(auth_client, staff, category):
    response = auth_client(staff).delete(category_url(category))

    assert response.status_code == 204
    assert not Category.objects.filter(pk=category.pk).exists()
