"""Who may write which post: alice owns them; bob, staff and an anonymous client try every write."""

import pytest
from django.urls import reverse

from tests.permissions import assert_cell, cells

pytestmark = pytest.mark.django_db

NEW = {"title": "Written anew", "body": "Every word.", "status": "published", "tags": []}


def detail(post):
    return reverse("post-detail", kwargs={"slug": post.slug})


WRITES = {
    "create": lambda client, post, draft: client.post(reverse("post-list"), NEW),
    "put": lambda client, post, draft: client.put(detail(post), NEW),
    "patch": lambda client, post, draft: client.patch(detail(post), {"title": "Defaced"}),
    "delete": lambda client, post, draft: client.delete(detail(post)),
    "publish-draft": lambda client, post, draft: client.patch(
        detail(draft), {"status": "published"}
    ),
    "delete-draft": lambda client, post, draft: client.delete(detail(draft)),
}

# Staff delete any post (moderation) but never put words in an author's mouth; a draft is
# invisible to all but its author and staff, so another user is told it does not exist.
MATRIX = {  #       anonymous, owner, other user, staff
    "create": (401, 201, 201, 201),
    "put": (401, 200, 403, 403),
    "patch": (401, 200, 403, 403),
    "delete": (401, 204, 403, 204),
    "publish-draft": (401, 200, 404, 403),
    "delete-draft": (401, 204, 404, 204),
}


@pytest.mark.owasp("API1:2023")
@pytest.mark.parametrize(("actor", "operation", "status", "changes"), cells(MATRIX))
def test_who_may_write_a_post(
    client_of, alices_post, alices_draft, actor, operation, status, changes
):
    client = client_of(actor)

    assert_cell(lambda: WRITES[operation](client, alices_post, alices_draft), status, changes)
