"""Fixtures shared by the account tests."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher


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
