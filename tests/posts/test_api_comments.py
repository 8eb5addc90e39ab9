"""The comments of a post: /api/v1/posts/{slug}/comments/."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from posts.models import Comment, Post
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def comments_url(post):
    return reverse("comment-list", kwargs={"post_slug": post.slug})


def comment_url(comment):
    return reverse("comment-detail", kwargs={"post_slug": comment.post.slug, "pk": comment.pk})


@pytest.fixture
def post():
    return PostFactory()


@pytest.fixture
def draft(bob):
    return PostFactory(author=bob, status=Post.Status.DRAFT)


@pytest.fixture
def comment(post, alice):
    """A comment by alice on someone else's post."""
    return CommentFactory(post=post, author=alice, body="First!")


# --- Reading --------------------------------------------------------------------------------------


def test_comment_reads_as_id_post_slug_author_username_body_and_dates(api_client, comment):
    response = api_client.get(comment_url(comment))

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"id", "post", "post_url", "author", "body", "created_at", "updated_at"}
    assert data["id"] == comment.pk
    assert data["post"] == comment.post.slug
    assert api_client.get(data["post_url"]).json()["slug"] == comment.post.slug
    assert data["author"] == {"username": comment.author.username}
    assert data["body"] == "First!"


def test_comment_list_never_shows_an_authors_email(api_client, comment):
    response = api_client.get(comments_url(comment.post))

    assert response.status_code == 200
    assert comment.author.email not in response.content.decode()


def test_comments_are_listed_oldest_first(api_client, post):
    first, second, third = CommentFactory.create_batch(3, post=post)
    now = timezone.now()
    # Creation order and primary keys disagree, so only ordering by date passes.
    Comment.objects.filter(pk=first.pk).update(created_at=now - timedelta(hours=1))
    Comment.objects.filter(pk=second.pk).update(created_at=now - timedelta(hours=3))
    Comment.objects.filter(pk=third.pk).update(created_at=now - timedelta(hours=2))

    response = api_client.get(comments_url(post))

    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [second.pk, third.pk, first.pk]


def test_comment_list_is_paginated(api_client, post):
    CommentFactory.create_batch(3, post=post)

    response = api_client.get(comments_url(post), {"page_size": 2})

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "count_exact", "next", "previous", "results"}
    assert data["count"] == 3
    assert data["next"] is not None
    assert data["previous"] is None
    assert len(data["results"]) == 2


def test_comment_list_shows_only_that_posts_comments(api_client, post):
    mine = CommentFactory(post=post)
    CommentFactory(post=PostFactory())

    response = api_client.get(comments_url(post))

    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [mine.pk]


def test_comments_of_an_unknown_post_answer_404(api_client):
    response = api_client.get(reverse("comment-list", kwargs={"post_slug": "no-such-post"}))

    assert response.status_code == 404


def test_comment_of_another_post_answers_404_under_this_posts_url(api_client, post, comment):
    other_post = PostFactory()
    url = reverse("comment-detail", kwargs={"post_slug": other_post.slug, "pk": comment.pk})

    response = api_client.get(url)

    assert response.status_code == 404


def test_stranger_cannot_list_the_comments_of_someone_elses_draft(auth_client, alice, draft):
    CommentFactory(post=draft, author=draft.author)

    response = auth_client(alice).get(comments_url(draft))

    assert response.status_code == 404


def test_anonymous_reader_cannot_list_the_comments_of_a_draft(api_client, draft):
    CommentFactory(post=draft, author=draft.author)

    response = api_client.get(comments_url(draft))

    assert response.status_code == 404


def test_stranger_cannot_read_a_comment_on_someone_elses_draft(auth_client, alice, draft):
    comment = CommentFactory(post=draft, author=draft.author)

    response = auth_client(alice).get(comment_url(comment))

    assert response.status_code == 404


def test_drafts_author_sees_its_comments(auth_client, bob, draft):
    comment = CommentFactory(post=draft, author=bob)

    response = auth_client(bob).get(comments_url(draft))

    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [comment.pk]


def test_drafts_author_reads_a_comment_on_it(auth_client, bob, draft):
    comment = CommentFactory(post=draft, author=bob)

    response = auth_client(bob).get(comment_url(comment))

    assert response.status_code == 200
    assert response.json()["id"] == comment.pk


def test_comment_list_queries_do_not_grow_with_the_page_size(auth_client, alice, post):
    for _ in range(50):
        CommentFactory(post=post, author=UserFactory())
    client = auth_client(alice)

    with CaptureQueriesContext(connection) as small_page:
        assert client.get(comments_url(post), {"page_size": 5}).status_code == 200
    with CaptureQueriesContext(connection) as large_page:
        assert client.get(comments_url(post), {"page_size": 50}).status_code == 200

    assert len(large_page) == len(small_page)
    # Savepoint and release (ATOMIC_REQUESTS), the user, the post, the count, the page.
    assert len(large_page) <= 6


# --- Creating -------------------------------------------------------------------------------------


def test_signed_in_user_comments_on_a_post(auth_client, alice, post):
    response = auth_client(alice).post(comments_url(post), {"body": "Well said."})

    assert response.status_code == 201
    assert response.json()["body"] == "Well said."
    assert response.json()["author"] == {"username": alice.username}
    assert response.json()["post"] == post.slug
    comment = Comment.objects.get(pk=response.json()["id"])
    assert (comment.post, comment.author, comment.body) == (post, alice, "Well said.")


def test_comment_author_and_post_come_from_the_request_not_the_body(auth_client, alice, bob, post):
    elsewhere = PostFactory()
    body = {
        "body": "Sneaky.",
        "post": elsewhere.slug,
        "author": {"username": bob.username},
        "author_id": bob.pk,
        "post_id": elsewhere.pk,
    }

    response = auth_client(alice).post(comments_url(post), body)

    assert response.status_code == 201
    assert response.json()["post"] == post.slug
    assert response.json()["author"] == {"username": alice.username}
    comment = Comment.objects.get(pk=response.json()["id"])
    assert (comment.post, comment.author) == (post, alice)
    assert not elsewhere.comments.exists()


def test_comment_without_a_body_is_refused_naming_body(auth_client, alice, post):
    response = auth_client(alice).post(comments_url(post), {})

    assert response.status_code == 400
    assert "body" in response.json()
    assert not Comment.objects.exists()


def test_comment_with_a_blank_body_is_refused_naming_body(auth_client, alice, post):
    response = auth_client(alice).post(comments_url(post), {"body": ""})

    assert response.status_code == 400
    assert "body" in response.json()
    assert not Comment.objects.exists()


def test_invalid_comment_on_someone_elses_draft_is_404_not_a_validation_error(
    auth_client, alice, draft
):
    response = auth_client(alice).post(comments_url(draft), {"body": ""})

    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_commenting_on_an_unknown_post_answers_404(auth_client, alice):
    url = reverse("comment-list", kwargs={"post_slug": "no-such-post"})

    response = auth_client(alice).post(url, {"body": "Anyone?"})

    assert response.status_code == 404
    assert not Comment.objects.exists()


# --- Updating -------------------------------------------------------------------------------------


def test_comment_author_may_edit_their_comment(auth_client, alice, comment):
    response = auth_client(alice).patch(comment_url(comment), {"body": "Second thoughts."})

    assert response.status_code == 200
    assert response.json()["body"] == "Second thoughts."
    comment.refresh_from_db()
    assert comment.body == "Second thoughts."


# --- Deleting -------------------------------------------------------------------------------------


def test_comment_author_may_delete_their_comment(auth_client, alice, comment):
    response = auth_client(alice).delete(comment_url(comment))

    assert response.status_code == 204
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_post_author_may_delete_a_readers_comment(auth_client, comment):
    response = auth_client(comment.post.author).delete(comment_url(comment))

    assert response.status_code == 204
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_staff_may_delete_any_comment(auth_client, staff, comment):
    response = auth_client(staff).delete(comment_url(comment))

    assert response.status_code == 204
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_a_number_is_not_a_comment(auth_client, alice, post):
    response = auth_client(alice).post(comments_url(post), {"body": 7})

    assert response.status_code == 400
    assert response.json() == {"body": ["Not a valid string."]}
    assert not Comment.objects.exists()
