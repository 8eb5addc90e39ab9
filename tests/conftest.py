"""The actors of every test and the clients they use; fixtures shared by the whole suite.

alice owns things, bob is another signed-up user (the attacker), staff is a staff user;
`api_client` is anonymous and `auth_client(user)` signs anyone in with a JWT.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests.clients import LIMIT, bearer_client
from tests.database import database_rows
from tests.factories import CommentFactory, LikeFactory, PostFactory, UserFactory


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` are left out (deselected, not skipped) on another database:
    `make test-postgres` runs them."""
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    elsewhere = [item for item in items if item.get_closest_marker("postgresql")]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Throttle histories live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _requests_commit(monkeypatch, django_capture_on_commit_callbacks):
    """Each request of a test client runs what it queued for after commit (its e-mails) when it
    ends, as it would once its transaction commits in production. Inside a test's transaction
    nothing commits, and Django would never run them; a request rolled back drops its own."""
    request = Client.request
    depth = {"requests": 0}

    def request_then_commit(self, **kwargs):
        if depth["requests"]:  # A redirect followed within a request commits with it.
            return request(self, **kwargs)
        depth["requests"] += 1
        try:
            with django_capture_on_commit_callbacks(execute=True):
                return request(self, **kwargs)
        finally:
            depth["requests"] -= 1

    monkeypatch.setattr(Client, "request", request_then_commit)


@pytest.fixture
def limit(monkeypatch):
    """`limit("scope", n)`: lowers that throttle scope's rate to n (LIMIT) a minute; DRF copied the
    rates when it was imported, so the copy is what is lowered."""

    def lower(scope, n=LIMIT):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, f"{n}/minute")

    return lower


@pytest.fixture
def api_client():
    """An anonymous client."""
    return APIClient()


@pytest.fixture
def auth_client():
    """`auth_client(user)`: a client that sends the user's JWT access token, as an SPA would."""
    return bearer_client


@pytest.fixture
def alice(db):
    """The owner; tests type her username and e-mail in other cases."""
    return UserFactory(username="alice", email="alice@example.com")


@pytest.fixture
def bob(db):
    """Another signed-up, active, regular user: the attacker of alice's things."""
    return UserFactory(username="bob", email="bob@example.com")


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def alice_client(auth_client, alice):
    return auth_client(alice)


@pytest.fixture
def bob_client(auth_client, bob):
    return auth_client(bob)


@pytest.fixture
def staff_client(auth_client, staff):
    return auth_client(staff)


@pytest.fixture
def client_of(api_client, alice_client, bob_client, staff_client):
    """`client_of(actor)`: the client of an actor of tests/permissions.py's matrices."""
    clients = {
        "anonymous": api_client,
        "owner": alice_client,
        "other user": bob_client,
        "staff": staff_client,
    }
    return clients.__getitem__


@pytest.fixture
def alices_post(alice):
    return PostFactory(author=alice, title="Alice published", tags=["alpha"])


@pytest.fixture
def alices_draft(alice):
    return PostFactory(author=alice, title="Alice secret draft", status="draft")


@pytest.fixture
def alices_comment(alice, alices_post):
    return CommentFactory(post=alices_post, author=alice, body="Alice's comment.")


@pytest.fixture
def alices_like(alice, alices_post):
    return LikeFactory(post=alices_post, user=alice)


@pytest.fixture
def bobs_post(bob):
    return PostFactory(author=bob, title="Bob published")


@pytest.fixture
def database_state(db):
    """`database_state()`: the rows of the whole database, to compare before and after a refusal."""
    return database_rows
