"""Every write route of the API's viewsets is in a permission matrix, or named here with why not."""

import pytest
from django.urls import resolve
from rest_framework.views import APIView

from tests.accounts.signin import every_url
from tests.accounts.test_api_tokens import WRITES as TOKEN_WRITES
from tests.accounts.test_session_list import WRITES as SESSION_WRITES
from tests.accounts.test_users_permissions import WRITES as ACCOUNT_WRITES
from tests.factories import CategoryFactory, CommentFactory, PostFactory, TagFactory, UserFactory
from tests.posts.test_api_comments_permissions import WRITES as COMMENT_WRITES
from tests.posts.test_api_likes import LIKES
from tests.posts.test_api_posts_permissions import WRITES as POST_WRITES
from tests.posts.test_api_taxonomy_permissions import WRITES as TAXONOMY_WRITES

pytestmark = pytest.mark.django_db

WRITE_METHODS = {"post", "put", "patch", "delete"}

# Anyone may call these: what authorises them is a password, a token or an e-mail address in the
# body; tests/accounts/ (test_jwt, test_activation, test_password_reset, test_username_change...)
# cover them, and tests/api/test_throttling.py their limits.
TOKEN_FLOWS = {
    "jwt-create",
    "jwt-refresh",
    "jwt-verify",
    "jwt-blacklist",
    "token-login",
    "token-logout",
    "legacy-jwt-auth",
    "legacy-jwt-refresh",
    "legacy-jwt-verify",
    "user-activation",
    "user-resend-activation",
    "user-reset-password",
    "user-reset-password-confirm",
    "user-reset-username",
    "user-reset-username-confirm",
}

# The signed-in user's own second factor, behind their own password: there is no one else's to
# reach. tests/accounts/test_second_factor.py covers anonymous clients (401) and wrong passwords.
OWN_SECOND_FACTOR = {"mfa-totp", "mfa-totp-confirm", "mfa-recovery-codes"}


class RecordingClient:
    """Stands in for a test client: notes the route and method of every request it is asked for."""

    def __init__(self):
        self.routes = set()

    def __getattr__(self, method):
        def record(path, *args, **kwargs):
            self.routes.add((resolve(path).url_name, method))

        return record


def routes_in_matrices():
    client, post, draft = RecordingClient(), PostFactory(), PostFactory(status="draft")
    for write in [*POST_WRITES.values(), *LIKES.values()]:
        write(client, post, draft)
    for write in COMMENT_WRITES.values():
        write(client, CommentFactory(post=post), draft)
    for item in [CategoryFactory(), TagFactory()]:
        for write in TAXONOMY_WRITES.values():
            write(client, item)
    for write in [*ACCOUNT_WRITES.values(), *TOKEN_WRITES.values(), *SESSION_WRITES.values()]:
        write(client, UserFactory())
    return client.routes


def methods(view):
    """The methods a DRF view answers: a viewset route's actions, an APIView's handlers."""
    if getattr(view, "actions", None):
        return set(view.actions)
    view_class = getattr(view, "view_class", None)
    if view_class is not None and issubclass(view_class, APIView):
        return {method for method in WRITE_METHODS if hasattr(view_class, method)}
    return set()


def write_routes():
    """(url name, method) of every write of every API route."""
    return {
        (name, method)
        for name, view in every_url()
        for method in methods(view) & WRITE_METHODS
        if name not in TOKEN_FLOWS | OWN_SECOND_FACTOR
    }


def test_every_write_route_is_in_a_permission_matrix():
    assert write_routes() - routes_in_matrices() == set()
