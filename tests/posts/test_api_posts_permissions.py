"""Who may write which post: another user, anonymous and staff are refused, and nothing changes."""

import pytest
from django.urls import reverse

from tests.clients import assert_json_detail

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API1:2023")]


def post_url(post):
    return reverse("post-detail", kwargs={"slug": post.slug})


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
