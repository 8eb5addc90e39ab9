"""Fixtures shared by the account tests."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def alice(db):
    """A user whose username and e-mail the tests type in other cases."""
    return UserFactory(username="alice", email="alice@example.com")
