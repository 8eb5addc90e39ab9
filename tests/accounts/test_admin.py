"""The users admin: the columns staff look for, and ending someone's sessions."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from posts.counters import recount
from tests.clients import token_pair
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    LikeFactory,
    PostFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

END_SESSIONS = {"action": "end_sessions", "index": 0}


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def refresh_status(api_client, tokens):
    return api_client.post(reverse("jwt-refresh"), {"refresh": tokens["refresh"]}).status_code


def test_users_list_shows_date_joined_and_active_flag(superuser_client, alice):
    response = superuser_client.get(reverse("admin:accounts_user_changelist"))

    headers = [column["text"].capitalize() for column in response.context["result_headers"]]
    assert headers[1:] == [
        "Username",
        "Email address",
        "Date joined",
        "Active",
        "Staff status",
        "Posts",
    ]


def test_staff_ends_every_session_of_the_selected_user(superuser_client, api_client, alice, bob):
    alices, bobs = token_pair(api_client, "alice"), token_pair(api_client, "bob")
    alices_browser = Client()
    alices_browser.force_login(alice)

    response = superuser_client.post(
        reverse("admin:accounts_user_changelist"), {**END_SESSIONS, "_selected_action": [alice.pk]}
    )

    assert response.status_code == 302
    assert refresh_status(api_client, alices) == 401
    assert alices_browser.get(reverse("user-me")).status_code == 401
    assert refresh_status(api_client, bobs) == 200


@pytest.mark.owasp("API5:2023")
def test_staff_without_permission_to_change_users_cannot_end_their_sessions(
    client, api_client, alice
):
    client.force_login(UserFactory(is_staff=True))
    tokens = token_pair(api_client, "alice")
    stamp = alice.session_stamp

    response = client.post(
        reverse("admin:accounts_user_changelist"), {**END_SESSIONS, "_selected_action": [alice.pk]}
    )

    assert response.status_code == 403
    assert refresh_status(api_client, tokens) == 200
    assert User.objects.get(pk=alice.pk).session_stamp == stamp


def delete_selected(client, users):
    """Staff's "Delete selected users" of `users`: the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "delete_selected", "_selected_action": [u.pk for u in users], "post": "yes"},
        )
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[user.pk for user in users]).exists()
    return len(queries)


def test_deleting_selected_users_takes_as_many_queries_however_much_they_wrote(
    superuser_client, bob
):
    """Each user deleted as User.delete deletes them: what they wrote is read together."""
    theirs, category = PostFactory(author=bob), CategoryFactory()
    delete_selected(superuser_client, [UserFactory()])  # The admin's caches filled.
    taken = []
    for size in (2, 6):
        users = UserFactory.create_batch(2)
        for user in users:
            posts = PostFactory.create_batch(size, author=user, category=category, tags=["django"])
            for post in posts:
                CommentFactory(post=post, author=bob)
            CommentFactory.create_batch(size, post=theirs, author=user)
            LikeFactory(post=theirs, user=user)
        taken.append(delete_selected(superuser_client, users))

    assert taken[0] == taken[1]
    theirs.refresh_from_db()
    assert (theirs.comment_count, theirs.like_count) == (0, 0)
    assert recount() == {"categories": 0, "tags": 0, "authors": 0, "statuses": 0}
