"""Categories: /api/v1/categories/. Everyone reads them; only staff write."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def test_category_list_is_paginated(api_client):
    CategoryFactory.create_batch(3)

    response = api_client.get(reverse(LIST_URL), {"page_size": 2})

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 3
    assert data["next"] is not None
    assert len(data["results"]) == 2


def test_unknown_category_answers_404(api_client):
    response = api_client.get(reverse("category-detail", kwargs={"slug": "no-such-category"}))

    assert response.status_code == 404


def test_category_list_queries_do_not_grow_with_the_page_size(api_client):
    for category in CategoryFactory.create_batch(50):
        PostFactory(category=category)

    with CaptureQueriesContext(connection) as small_page:
        assert api_client.get(reverse(LIST_URL), {"page_size": 5}).status_code == 200
    with CaptureQueriesContext(connection) as large_page:
        assert api_client.get(reverse(LIST_URL), {"page_size": 50}).status_code == 200

    assert len(large_page) == len(small_page)
    # Savepoint and release (ATOMIC_REQUESTS), the count, the page.
    assert len(large_page) <= 4


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


def test_category_with_a_taken_name_is_refused(auth_client, staff, category):
    response = auth_client(staff).post(reverse(LIST_URL), {"name": "Python"})

    assert response.status_code == 400
    assert "name" in response.json()
    assert Category.objects.count() == 1


def test_category_named_like_another_but_for_case_is_refused(auth_client, staff, category):
    response = auth_client(staff).post(reverse(LIST_URL), {"name": "PYTHON"})

    assert response.status_code == 400
    assert response.json() == {"name": ["A category with that name already exists."]}
    assert Category.objects.count() == 1


@pytest.mark.parametrize("name", ["K\u0130T", "\u212ait", "\uff2b\uff29\uff34", "KIT"])
def test_another_unicode_spelling_of_a_categorys_name_is_refused(auth_client, staff, name):
    CategoryFactory(name="kit")

    response = auth_client(staff).post(reverse(LIST_URL), {"name": name})

    assert response.status_code == 400
    assert response.json() == {"name": ["A category with that name already exists."]}
    assert list(Category.objects.values_list("name", flat=True)) == ["kit"]


def test_a_category_differing_from_another_only_in_accented_case_is_refused(auth_client, staff):
    CategoryFactory(name="\u00e9mile")

    response = auth_client(staff).post(reverse(LIST_URL), {"name": "\u00c9mile"})

    assert response.status_code == 400
    assert Category.objects.count() == 1


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
