"""OWASP API1:2023 Broken Object Level Authorization: another user's objects, by id and by slug.

Bob, a signed-in regular user, goes after Alice's posts, draft, comments, like and account
through every URL that names them. Each attack is refused and leaves the database as it was.
"""

import pytest
from django.urls import reverse

from tests.clients import assert_json_detail
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def post_url(post):
    return reverse("post-detail", kwargs={"slug": post.slug})


def comment_url(post, comment):
    return reverse("comment-detail", kwargs={"post_slug": post.slug, "pk": comment.pk})


def like_url(post):
    return reverse("post-like", kwargs={"slug": post.slug})


def user_url(user):
    return reverse("user-detail", kwargs={"id": user.pk})


def listed_slugs(response):
    assert response.status_code == 200
    return {post["slug"] for post in response.json()["results"]}


# --- Posts: drafts are invisible -----------------------------------------------------------------


def test_stranger_cannot_read_a_draft_by_its_slug(bob_client, alices_draft):
    assert_json_detail(bob_client.get(post_url(alices_draft)), 404)


def test_anonymous_client_cannot_read_a_draft_by_its_slug(api_client, alices_draft):
    assert_json_detail(api_client.get(post_url(alices_draft)), 404)


def test_stranger_cannot_reach_a_draft_by_its_numeric_id(bob_client, alices_draft):
    response = bob_client.get(reverse("post-detail", kwargs={"slug": str(alices_draft.pk)}))

    assert_json_detail(response, 404)


def test_draft_is_not_in_a_strangers_post_list(bob_client, alices_draft, alices_post):
    assert listed_slugs(bob_client.get(reverse("post-list"))) == {alices_post.slug}


def test_draft_filter_lists_only_the_strangers_own_drafts(bob_client, alices_draft):
    response = bob_client.get(reverse("post-list"), {"status": "draft"})

    assert listed_slugs(response) == set()


def test_author_filter_does_not_reveal_anothers_drafts(bob_client, alices_draft, alices_post):
    response = bob_client.get(reverse("post-list"), {"author": "alice", "status": "draft"})

    assert listed_slugs(response) == set()


def test_search_does_not_find_a_strangers_draft(bob_client, alices_draft):
    response = bob_client.get(reverse("post-list"), {"search": "secret draft"})

    assert listed_slugs(response) == set()


def test_draft_does_not_count_in_its_authors_public_profile(bob_client, alices_draft):
    response = bob_client.get(reverse("author-detail", kwargs={"username": "alice"}))

    assert response.status_code == 200
    assert response.json()["post_count"] == 0


# --- Posts: editing and deleting another's -------------------------------------------------------


def test_stranger_cannot_patch_anothers_post(bob_client, alices_post, database_state):
    before = database_state()

    response = bob_client.patch(post_url(alices_post), {"title": "Defaced"})

    assert_json_detail(response, 403)
    assert database_state() == before


def test_stranger_cannot_put_anothers_post(bob_client, alices_post, database_state):
    before = database_state()

    response = bob_client.put(
        post_url(alices_post), {"title": "Defaced", "body": "Gone.", "status": "published"}
    )

    assert_json_detail(response, 403)
    assert database_state() == before


def test_stranger_cannot_delete_anothers_post(bob_client, alices_post, database_state):
    before = database_state()

    response = bob_client.delete(post_url(alices_post))

    assert_json_detail(response, 403)
    assert database_state() == before


def test_stranger_cannot_publish_anothers_draft(bob_client, alices_draft, database_state):
    before = database_state()

    response = bob_client.patch(post_url(alices_draft), {"status": "published"})

    assert_json_detail(response, 404)
    assert database_state() == before


def test_stranger_cannot_delete_anothers_draft(bob_client, alices_draft, database_state):
    before = database_state()

    response = bob_client.delete(post_url(alices_draft))

    assert_json_detail(response, 404)
    assert database_state() == before


def test_anonymous_client_cannot_delete_a_post(api_client, alices_post, database_state):
    before = database_state()

    response = api_client.delete(post_url(alices_post))

    assert_json_detail(response, 401)
    assert database_state() == before


def test_staff_cannot_rewrite_anothers_post(staff_client, alices_post, database_state):
    before = database_state()

    response = staff_client.patch(post_url(alices_post), {"body": "Words put in her mouth."})

    assert_json_detail(response, 403)
    assert database_state() == before


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


# --- Likes ---------------------------------------------------------------------------------------


def test_stranger_cannot_like_anothers_draft(bob_client, alices_draft, database_state):
    before = database_state()

    response = bob_client.post(like_url(alices_draft))

    assert_json_detail(response, 404)
    assert database_state() == before


def test_unliking_removes_only_the_requesters_own_like(
    bob_client, alices_post, alices_like, database_state
):
    before = database_state()

    response = bob_client.delete(like_url(alices_post))

    assert response.status_code == 204
    assert database_state() == before
    alices_post.refresh_from_db()
    assert alices_post.like_count == 1


def test_stranger_cannot_unlike_through_a_draft(bob_client, alices_draft, database_state):
    before = database_state()

    response = bob_client.delete(like_url(alices_draft))

    assert_json_detail(response, 404)
    assert database_state() == before


# --- Accounts and profiles -----------------------------------------------------------------------


def test_stranger_cannot_read_anothers_account_by_id(bob_client, alice):
    assert_json_detail(bob_client.get(user_url(alice)), 404)


def test_stranger_cannot_patch_anothers_account_by_id(bob_client, alice, database_state):
    before = database_state()

    response = bob_client.patch(user_url(alice), {"email": "bob+alice@example.com"})

    assert_json_detail(response, 404)
    assert database_state() == before


def test_stranger_cannot_put_anothers_account_by_id(bob_client, alice, database_state):
    before = database_state()

    response = bob_client.put(user_url(alice), {"email": "bob+alice@example.com", "bio": "Owned."})

    assert_json_detail(response, 404)
    assert database_state() == before


def test_stranger_cannot_delete_anothers_account_by_id(bob_client, alice, database_state):
    # 404 as for reading and editing: a 403 would tell which ids belong to accounts.
    before = database_state()

    response = bob_client.delete(user_url(alice), {"current_password": "anything"})

    assert_json_detail(response, 404)
    assert database_state() == before


def test_me_answers_the_requesters_own_account_only(bob_client, alice, bob):
    response = bob_client.get(reverse("user-me"))

    assert response.status_code == 200
    assert response.json()["id"] == bob.pk
    assert response.json()["username"] == "bob"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_public_author_profile_is_read_only(bob_client, alice, database_state, method):
    before = database_state()

    response = getattr(bob_client, method)(
        reverse("author-detail", kwargs={"username": "alice"}), {"bio": "Owned."}
    )

    assert_json_detail(response, 405)
    assert database_state() == before
