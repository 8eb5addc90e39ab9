"""Fixtures shared by the account tests."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from rest_framework.throttling import SimpleRateThrottle

from tests.accounts.signin import LIMIT


@pytest.fixture
def limit(monkeypatch):
    """`limit("scope", n)`: lowers that scope's rate to n (LIMIT) a minute."""

    def lower(scope, n=LIMIT):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, f"{n}/minute")

    return lower


@pytest.fixture
def hashes(monkeypatch):
    """Counts the passwords hashed (by the test settings' hasher), checked or made."""
    counter = {"count": 0}
    encode = MD5PasswordHasher.encode

    def counting_encode(self, password, salt):
        counter["count"] += 1
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting_encode)
    return counter
