"""The browsable API renders every list and detail, with forms, for the people who explore it."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from posts.models import Category, Post
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
def test_every_page_renders_as_html_for_a_signed_in_user(client, blog, user, staff, who):
    client.force_login(user if who == "author" else staff)

    for url in browsable_urls(blog):
        response = client.get(url, **HTML)

        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url


def test_the_post_page_offers_the_author_an_edit_form(client, blog, user):
    client.force_login(user)

    response = client.get(reverse("post-detail", kwargs={"slug": blog["post"].slug}), **HTML)

    assert 'name="title"' in response.content.decode()
    assert 'name="category"' in response.content.decode()


def test_the_category_list_offers_staff_a_create_form(client, staff):
    CategoryFactory()
    client.force_login(staff)

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


FORM_PAGES = {
    "post list": lambda blog: reverse("post-list"),
    "post": lambda blog: reverse("post-detail", kwargs={"slug": blog["post"].slug}),
    "comment list": lambda blog: reverse("comment-list", kwargs={"post_slug": blog["post"].slug}),
    "comment": lambda blog: reverse(
        "comment-detail", kwargs={"post_slug": blog["post"].slug, "pk": blog["comment"].pk}
    ),
    "category list": lambda blog: reverse("category-list"),
    "category": lambda blog: reverse("category-detail", kwargs={"slug": blog["category"].slug}),
    "tag list": lambda blog: reverse("tag-list"),
    "your account": lambda blog: reverse("user-me"),
}


@pytest.mark.parametrize("page", FORM_PAGES)
@pytest.mark.parametrize("who", ["regular user", "staff"])
def test_form_pages_render_for_another_regular_user_and_for_staff(
    client, blog, other_user, staff, who, page
):
    client.force_login(other_user if who == "regular user" else staff)

    response = client.get(FORM_PAGES[page](blog), **HTML)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_the_post_form_offers_categories_and_a_text_box_for_tags(client, blog, user):
    client.force_login(user)

    page = client.get(reverse("post-list"), **HTML).content.decode()

    assert f'<option value="{blog["category"].slug}"' in page
    assert '<input name="tags" class="form-control" type="text"' in page
    assert "Lists are not currently supported in HTML input." not in page


def test_the_edit_form_shows_the_posts_tags_as_comma_separated_names(client, user):
    post = PostFactory(author=user, tags=["django", "rest"])
    client.force_login(user)

    page = client.get(reverse("post-detail", kwargs={"slug": post.slug}), **HTML).content.decode()

    assert 'value="django, rest"' in page


def test_the_post_form_creates_a_post_with_its_category_and_tags(client, user):
    category = CategoryFactory()
    client.force_login(user)

    response = client.post(
        reverse("post-list"),
        {
            "title": "Written in a browser",
            "body": "Through the browsable API's form.",
            "status": "published",
            "category": category.slug,
            "tags": "django, browsable api",
        },
        **HTML,
    )

    assert response.status_code == 201
    post = Post.objects.get(title="Written in a browser")
    assert post.category == category
    assert sorted(tag.name for tag in post.tags.all()) == ["browsable api", "django"]


def test_the_post_edit_form_replaces_the_tags(client, user):
    post = PostFactory(author=user, tags=["django"])
    client.force_login(user)
    form = {"title": post.title, "body": post.body, "status": "published", "tags": "rest, apis"}

    response = client.put(
        reverse("post-detail", kwargs={"slug": post.slug}),
        urlencode(form),
        content_type="application/x-www-form-urlencoded",
        **HTML,
    )

    assert response.status_code == 200
    assert sorted(tag.name for tag in post.tags.all()) == ["apis", "rest"]


def test_the_comment_list_offers_a_signed_in_user_a_comment_form(client, blog, user):
    client.force_login(user)

    response = client.get(reverse("comment-list", kwargs={"post_slug": blog["post"].slug}), **HTML)

    assert '<textarea name="body"' in response.content.decode()


def test_the_comment_form_adds_a_comment(client, blog, other_user):
    client.force_login(other_user)
    url = reverse("comment-list", kwargs={"post_slug": blog["post"].slug})

    response = client.post(url, {"body": "Sent from the form."}, **HTML)

    assert response.status_code == 201
    assert blog["post"].comments.filter(author=other_user, body="Sent from the form.").exists()


def test_the_category_form_creates_a_category_for_staff(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("category-list"), {"name": "Tutorials", "description": "Step by step."}, **HTML
    )

    assert response.status_code == 201
    assert Category.objects.filter(name="Tutorials", description="Step by step.").exists()


def test_a_regular_user_is_offered_no_category_form(client, user):
    client.force_login(user)

    response = client.get(reverse("category-list"), **HTML)

    assert response.status_code == 200
    assert 'name="description"' not in response.content.decode()


def test_long_lists_link_to_their_other_pages(client, user):
    PostFactory.create_batch(3)

    response = client.get(reverse("post-list"), {"page_size": 2}, **HTML)

    page = response.content.decode()
    assert '<ul class="pagination' in page
    assert "page=2" in page


def test_a_signed_in_user_is_offered_the_session_logout(client, user):
    client.force_login(user)

    response = client.get(reverse("post-list"), **HTML)

    assert reverse("rest_framework:logout") in response.content.decode()
