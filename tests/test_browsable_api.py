"""The browsable API renders every list and detail, with forms, for the people who explore it."""

import pytest
from django.urls import reverse

from tests.factories import CategoryFactory, CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html"}


@pytest.fixture
def blog(user):
    post = PostFactory(author=user, tags=["django"])
    comment = CommentFactory(post=post, author=user)
    return {"post": post, "comment": comment, "category": post.category}


def browsable_urls(blog):
    post, comment, category = blog["post"], blog["comment"], blog["category"]
    tag = post.tags.get()
    return [
        reverse("api-root"),
        reverse("post-list"),
        reverse("post-detail", kwargs={"slug": post.slug}),
        reverse("comment-list", kwargs={"post_slug": post.slug}),
        reverse("comment-detail", kwargs={"post_slug": post.slug, "pk": comment.pk}),
        reverse("category-list"),
        reverse("category-detail", kwargs={"slug": category.slug}),
        reverse("tag-list"),
        reverse("tag-detail", kwargs={"slug": tag.slug}),
        reverse("user-list"),
        reverse("user-me"),
    ]


@pytest.mark.parametrize("who", ["author", "staff"])
def test_every_page_renders_as_html_for_a_signed_in_user(client, blog, user, staff_user, who):
    client.force_login(user if who == "author" else staff_user)

    for url in browsable_urls(blog):
        response = client.get(url, **HTML)

        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url


def test_the_post_page_offers_the_author_an_edit_form(client, blog, user):
    client.force_login(user)

    response = client.get(reverse("post-detail", kwargs={"slug": blog["post"].slug}), **HTML)

    assert 'name="title"' in response.content.decode()
    assert 'name="category"' in response.content.decode()


def test_the_category_list_offers_staff_a_create_form(client, staff_user):
    CategoryFactory()
    client.force_login(staff_user)

    response = client.get(reverse("category-list"), **HTML)

    assert response.status_code == 200
    assert 'name="description"' in response.content.decode()


def test_pages_link_to_the_session_login(client, blog):
    response = client.get(reverse("post-list"), **HTML)

    assert response.status_code == 200
    assert reverse("rest_framework:login") in response.content.decode()


def test_the_like_page_renders_a_like_button_though_get_is_not_allowed(client, blog, user):
    client.force_login(user)

    response = client.get(reverse("post-like", kwargs={"slug": blog["post"].slug}), **HTML)

    assert response.status_code == 405
    assert response["Content-Type"].startswith("text/html")
    assert 'method="POST"' in response.content.decode()
