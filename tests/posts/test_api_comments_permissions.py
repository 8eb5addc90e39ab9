"""Another user's comments, and the comments of a draft, through every URL that names them."""

import pytest
from django.urls import reverse

from tests.clients import assert_json_detail
from tests.factories import CommentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API1:2023")]


def comment_url(post, comment):
    return reverse("comment-detail", kwargs={"post_slug": post.slug, "pk": comment.pk})


# --- Comments ------------------------------------------------------------------------------------


def test_stranger_cannot_patch_anothers_comment(
    bob_client, alices_post, alices_comment, database_state
):
    before = database_state()

    response = bob_client.patch(comment_url(alices_post, alices_comment), {"body": "Spam"})

    assert_json_detail(response, 403)
    assert database_state() == before


def test_stranger_cannot_put_anothers_comment(
    bob_client, alices_post, alices_comment, database_state
):
    before = database_state()

    response = bob_client.put(comment_url(alices_post, alices_comment), {"body": "Spam"})

    assert_json_detail(response, 403)
    assert database_state() == before


def test_stranger_cannot_delete_anothers_comment(
    bob_client, alices_post, alices_comment, database_state
):
    before = database_state()

    response = bob_client.delete(comment_url(alices_post, alices_comment))

    assert_json_detail(response, 403)
    assert database_state() == before


def test_post_author_cannot_delete_a_comment_of_another_post_through_their_own_slug(
    bob_client, bobs_post, alices_post, alices_comment, database_state
):
    # Bob may delete comments on her own post: naming Alice's comment under it must not work.
    before = database_state()

    response = bob_client.delete(comment_url(bobs_post, alices_comment))

    assert_json_detail(response, 404)
    assert database_state() == before


def test_comment_cannot_be_read_through_another_posts_slug(bob_client, bobs_post, alices_draft):
    draft_comment = CommentFactory(post=alices_draft, author=alices_draft.author)

    response = bob_client.get(comment_url(bobs_post, draft_comment))

    assert_json_detail(response, 404)


def test_comments_of_a_draft_cannot_be_listed(bob_client, alices_draft):
    CommentFactory(post=alices_draft, author=alices_draft.author)

    response = bob_client.get(reverse("comment-list", kwargs={"post_slug": alices_draft.slug}))

    assert_json_detail(response, 404)


def test_comment_of_a_draft_cannot_be_read_by_its_id(bob_client, alices_draft):
    draft_comment = CommentFactory(post=alices_draft, author=alices_draft.author)

    assert_json_detail(bob_client.get(comment_url(alices_draft, draft_comment)), 404)


def test_stranger_cannot_comment_on_anothers_draft(bob_client, alices_draft, database_state):
    before = database_state()

    response = bob_client.post(
        reverse("comment-list", kwargs={"post_slug": alices_draft.slug}), {"body": "Found it"}
    )

    assert_json_detail(response, 404)
    assert database_state() == before
