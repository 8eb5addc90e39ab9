"""The posts admin: lists staff can read at a glance, and a post form that starts with the post."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from posts.counters import recount
from posts.models import Post
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    LikeFactory,
    PostFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(username="editor", is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


def column(response, name):
    """The values of one column of an admin list, as shown."""
    html = response.content.decode()
    return [cell.split("</td>")[0] for cell in html.split(f'<td class="field-{name}">')[1:]]


def headers(response):
    return [header["text"].capitalize() for header in response.context["result_headers"]][1:]


def test_posts_list_shows_short_columns_with_the_like_count(superuser_client, alices_post):
    LikeFactory.create_batch(3, post=alices_post)

    response = superuser_client.get(reverse("admin:posts_post_changelist"))

    assert headers(response) == [
        "Title", "Author", "Category", "Status", "Published", "Comments", "Likes"
    ]  # fmt: skip
    assert column(response, "likes") == ["3"]


def test_comments_list_shows_the_text(superuser_client, alices_comment):
    response = superuser_client.get(reverse("admin:posts_comment_changelist"))

    assert headers(response)[0] == "Text"
    assert "Alice&#x27;s comment." in response.content.decode()


@pytest.mark.parametrize("model", ["category", "tag"])
def test_categories_and_tags_show_their_post_count(superuser_client, model):
    post = PostFactory(tags=["django"])
    PostFactory(category=post.category, tags=["django"])

    response = superuser_client.get(reverse(f"admin:posts_{model}_changelist"))

    assert column(response, "post_count") == ["2"]


def test_users_list_shows_each_users_published_posts(superuser_client, alice, alices_post):
    PostFactory(author=alice)
    PostFactory(author=alice, status="draft")

    response = superuser_client.get(reverse("admin:accounts_user_changelist"), {"q": "alice"})

    assert headers(response)[-1] == "Posts"
    assert column(response, "posts") == ["2"]


def test_users_list_queries_do_not_grow_with_the_users(
    superuser_client, django_assert_max_num_queries
):
    for _ in range(3):
        PostFactory()
    with django_assert_max_num_queries(20) as few:
        superuser_client.get(reverse("admin:accounts_user_changelist"))
    for _ in range(10):
        PostFactory()

    with django_assert_max_num_queries(len(few.captured_queries)):
        superuser_client.get(reverse("admin:accounts_user_changelist"))


def test_add_post_starts_with_title_and_body_and_the_current_user_as_author(
    superuser_client, superuser
):
    response = superuser_client.get(reverse("admin:posts_post_add"))

    form = response.context["adminform"].form
    assert list(form.fields)[:2] == ["title", "body"]
    assert form.initial["author"] == superuser.pk
    assert f'<option value="{superuser.pk}" selected>editor</option>' in response.content.decode()


def test_staff_adds_a_post_from_the_admin(superuser_client, superuser):
    response = superuser_client.post(
        reverse("admin:posts_post_add"),
        {"title": "From the admin", "body": "Written by staff.", "status": "published",
         "author": superuser.pk},
    )  # fmt: skip

    assert response.status_code == 302
    post = Post.objects.get(title="From the admin")
    assert post.author == superuser
    assert post.published_at is not None


def test_comment_admin_renders_with_post_and_author_lookups(superuser_client, alices_comment):
    CommentFactory(post=alices_comment.post)

    response = superuser_client.get(reverse("admin:posts_comment_change", args=[alices_comment.pk]))

    assert response.status_code == 200
    assert "admin-autocomplete" in response.content.decode()


def test_deleting_selected_posts_takes_as_many_queries_however_many_are_selected(
    superuser_client, alice
):
    taken, category = [], CategoryFactory()
    for size in (2, 6):
        posts = PostFactory.create_batch(size, author=alice, category=category, tags=["django"])
        for post in posts:
            CommentFactory(post=post)
            LikeFactory(post=post)
        with CaptureQueriesContext(connection) as queries:
            response = superuser_client.post(
                reverse("admin:posts_post_changelist"),
                {
                    "action": "delete_selected",
                    "_selected_action": [post.pk for post in posts],
                    "post": "yes",
                },
            )
        assert response.status_code == 302
        taken.append(len(queries))

    assert taken[0] == taken[1]
    assert not Post.objects.exists()
    category.refresh_from_db()
    assert category.post_count == 0
    assert recount() == {"categories": 0, "tags": 0, "authors": 0, "statuses": 0}
