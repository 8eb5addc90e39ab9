"""Who may write which comment: alice wrote it on carol's post; bob, staff, carol and an anonymous
client try every write. Then the comments of others, and of drafts, through every URL naming
them."""

import pytest
from django.urls import reverse

from tests.clients import assert_json_detail
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.permissions import ACTORS, assert_cell, cells

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API1:2023")]


def comment_url(post, comment):
    return reverse("comment-detail", kwargs={"post_slug": post.slug, "pk": comment.pk})


def comments_url(post):
    return reverse("comment-list", kwargs={"post_slug": post.slug})


@pytest.fixture
def carol(db):
    """The author of the post alice comments on."""
    return UserFactory(username="carol")


@pytest.fixture
def carols_post(carol):
    return PostFactory(author=carol)


@pytest.fixture
def carols_draft(carol):
    return PostFactory(author=carol, status="draft")


@pytest.fixture
def comment(carols_post, alice):
    return CommentFactory(post=carols_post, author=alice, body="First!")


WRITES = {
    "create": lambda client, comment, draft: client.post(
        comments_url(comment.post), {"body": "Well said."}
    ),
    "put": lambda client, comment, draft: client.put(
        comment_url(comment.post, comment), {"body": "Moderated."}
    ),
    "patch": lambda client, comment, draft: client.patch(
        comment_url(comment.post, comment), {"body": "Hijacked."}
    ),
    "delete": lambda client, comment, draft: client.delete(comment_url(comment.post, comment)),
    "comment-on-draft": lambda client, comment, draft: client.post(
        comments_url(draft), {"body": "Found it."}
    ),
}

# A comment's words are its author's alone; its post's author and staff may take it down.
MATRIX = {  #       anonymous, owner, other user, staff, post author
    "create": (401, 201, 201, 201, 201),
    "put": (401, 200, 403, 403, 403),
    "patch": (401, 200, 403, 403, 403),
    "delete": (401, 204, 403, 204, 204),
    "comment-on-draft": (401, 404, 404, 201, 201),
}


@pytest.mark.parametrize(
    ("actor", "operation", "status", "changes"), cells(MATRIX, (*ACTORS, "post author"))
)
def test_who_may_write_a_comment(
    client_of, auth_client, carol, comment, carols_draft, actor, operation, status, changes
):
    client = auth_client(carol) if actor == "post author" else client_of(actor)

    assert_cell(lambda: WRITES[operation](client, comment, carols_draft), status, changes)


# --- Comments ------------------------------------------------------------------------------------


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
