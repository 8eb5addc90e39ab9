"""Liking posts (/api/v1/posts/{slug}/like/) and the counters that follow likes and comments."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from posts.models import Comment, Like
from tests.factories import PASSWORD, CommentFactory, LikeFactory, PostFactory
from tests.permissions import UNCHANGED, assert_cell, cells

pytestmark = pytest.mark.django_db


def like_url(post):
    return reverse("post-like", kwargs={"slug": post.slug})


def post_url(post):
    return reverse("post-detail", kwargs={"slug": post.slug})


def comments_url(post):
    return reverse("comment-list", kwargs={"post_slug": post.slug})


def comment_url(comment):
    return reverse("comment-detail", kwargs={"post_slug": comment.post.slug, "pk": comment.pk})


def delete_account(client):
    return client.delete(reverse("user-me"), {"current_password": PASSWORD})


@pytest.fixture
def post():
    return PostFactory()


# --- Liking and unliking --------------------------------------------------------------------------


def test_first_like_answers_201_with_the_new_like_count(auth_client, alice, post):
    LikeFactory(post=post)

    response = auth_client(alice).post(like_url(post))

    assert response.status_code == 201
    assert response.json() == {"liked": True, "like_count": 2}
    assert Like.objects.filter(post=post, user=alice).count() == 1


def test_liking_again_answers_200_and_keeps_one_like(auth_client, alice, post):
    client = auth_client(alice)
    client.post(like_url(post))

    response = client.post(like_url(post))

    assert response.status_code == 200
    assert response.json() == {"liked": True, "like_count": 1}
    assert Like.objects.filter(post=post, user=alice).count() == 1


def test_unliking_removes_the_like(auth_client, alice, post):
    LikeFactory(post=post, user=alice)

    response = auth_client(alice).delete(like_url(post))

    assert response.status_code == 204
    assert not Like.objects.filter(post=post, user=alice).exists()


def test_unliking_a_post_not_liked_answers_204_and_changes_nothing(auth_client, alice, post):
    LikeFactory(post=post)

    response = auth_client(alice).delete(like_url(post))

    assert response.status_code == 204
    assert Like.objects.filter(post=post).count() == 1
    post.refresh_from_db()
    assert post.like_count == 1


def test_unliking_removes_only_the_requesters_like(auth_client, alice, bob, post):
    LikeFactory(post=post, user=alice)
    LikeFactory(post=post, user=bob)

    auth_client(alice).delete(like_url(post))

    assert list(Like.objects.filter(post=post).values_list("user", flat=True)) == [bob.pk]


def test_liking_an_unknown_post_answers_404(auth_client, alice):
    response = auth_client(alice).post(reverse("post-like", kwargs={"slug": "no-such-post"}))

    assert response.status_code == 404


def test_database_refuses_a_second_like_by_the_same_user_on_the_same_post(alice, post):
    Like.objects.create(user=alice, post=post)

    with pytest.raises(IntegrityError), transaction.atomic():
        Like.objects.create(user=alice, post=post)

    assert Like.objects.filter(user=alice, post=post).count() == 1


# --- Counters -------------------------------------------------------------------------------------


def test_like_count_counts_likes_made_through_the_api(api_client, auth_client, alice, bob, post):
    auth_client(alice).post(like_url(post))
    auth_client(bob).post(like_url(post))

    response = api_client.get(post_url(post))

    assert response.json()["like_count"] == 2
    post.refresh_from_db()
    assert post.like_count == 2


def test_like_count_drops_when_a_like_is_withdrawn_through_the_api(
    api_client, auth_client, alice, bob, post
):
    auth_client(alice).post(like_url(post))
    auth_client(bob).post(like_url(post))

    auth_client(alice).delete(like_url(post))

    assert api_client.get(post_url(post)).json()["like_count"] == 1
    post.refresh_from_db()
    assert post.like_count == 1


def test_comment_count_counts_comments_made_through_the_api(
    api_client, auth_client, alice, bob, post
):
    auth_client(alice).post(comments_url(post), {"body": "One."})
    auth_client(alice).post(comments_url(post), {"body": "Two."})
    auth_client(bob).post(comments_url(post), {"body": "Three."})

    response = api_client.get(post_url(post))

    assert response.json()["comment_count"] == 3
    post.refresh_from_db()
    assert post.comment_count == 3


def test_comment_count_drops_when_a_comment_is_deleted_through_the_api(
    api_client, auth_client, alice, post
):
    kept = auth_client(alice).post(comments_url(post), {"body": "Kept."}).json()
    gone = auth_client(alice).post(comments_url(post), {"body": "Gone."}).json()

    response = auth_client(alice).delete(
        reverse("comment-detail", kwargs={"post_slug": post.slug, "pk": gone["id"]})
    )

    assert response.status_code == 204
    assert api_client.get(post_url(post)).json()["comment_count"] == 1
    post.refresh_from_db()
    assert post.comment_count == 1
    assert list(post.comments.values_list("pk", flat=True)) == [kept["id"]]


def test_editing_a_comment_does_not_change_the_comment_count(auth_client, alice, post):
    comment = CommentFactory(post=post, author=alice)

    auth_client(alice).patch(comment_url(comment), {"body": "Edited."})

    post.refresh_from_db()
    assert post.comment_count == 1


def test_deleting_a_commenter_takes_their_comments_off_the_count(
    api_client, auth_client, alice, post
):
    CommentFactory.create_batch(2, post=post, author=alice)
    CommentFactory(post=post)

    response = delete_account(auth_client(alice))

    assert response.status_code == 204
    assert api_client.get(post_url(post)).json()["comment_count"] == 1
    post.refresh_from_db()
    assert post.comment_count == 1
    assert Comment.objects.filter(post=post).count() == 1


def test_deleting_a_user_who_liked_a_post_takes_their_like_off_the_count(
    api_client, auth_client, alice, post
):
    LikeFactory(post=post, user=alice)
    LikeFactory(post=post)

    response = delete_account(auth_client(alice))

    assert response.status_code == 204
    assert api_client.get(post_url(post)).json()["like_count"] == 1
    post.refresh_from_db()
    assert post.like_count == 1
    assert Like.objects.filter(post=post).count() == 1


# --- Likes ---------------------------------------------------------------------------------------


@pytest.mark.owasp("API1:2023")
def test_unliking_removes_only_the_requesters_own_like(
    bob_client, alices_post, alices_like, database_state
):
    before = database_state()

    response = bob_client.delete(like_url(alices_post))

    assert response.status_code == 204
    assert database_state() == before
    alices_post.refresh_from_db()
    assert alices_post.like_count == 1


# --- Who may like --------------------------------------------------------------------------------

LIKES = {
    "like": lambda client, post, draft: client.post(like_url(post)),
    "unlike": lambda client, post, draft: client.delete(like_url(post)),
    "like-draft": lambda client, post, draft: client.post(like_url(draft)),
    "unlike-draft": lambda client, post, draft: client.delete(like_url(draft)),
}

# alice (the owner of the like) liked her post; a like is the liker's own, so unliking takes away
# only one's own, and a draft is invisible to all but its author and staff.
LIKE_MATRIX = {  #     anonymous, owner, other user, staff
    "like": (401, (200, UNCHANGED), 201, 201),
    "unlike": (401, 204, (204, UNCHANGED), (204, UNCHANGED)),
    "like-draft": (401, 201, 404, 201),
    "unlike-draft": (401, (204, UNCHANGED), 404, (204, UNCHANGED)),
}


@pytest.mark.owasp("API1:2023")
@pytest.mark.parametrize(("actor", "operation", "status", "changes"), cells(LIKE_MATRIX))
def test_who_may_like_a_post(
    client_of, alices_post, alices_like, alices_draft, actor, operation, status, changes
):
    client = client_of(actor)

    assert_cell(lambda: LIKES[operation](client, alices_post, alices_draft), status, changes)


def test_your_like_of_a_post_reads_as_its_state(auth_client, alice, post):
    client = auth_client(alice)
    client.post(like_url(post))

    response = client.get(like_url(post))

    assert response.status_code == 200
    assert response.json() == {"liked": True, "like_count": 1}


def test_a_signed_out_reader_sees_the_like_count_and_no_like(api_client, alice, post, auth_client):
    auth_client(alice).post(like_url(post))

    response = api_client.get(like_url(post))

    assert response.status_code == 200
    assert response.json() == {"liked": False, "like_count": 1}


def test_the_like_page_of_a_draft_is_hidden_from_others(bob_client, alices_draft):
    assert bob_client.get(like_url(alices_draft)).status_code == 404
