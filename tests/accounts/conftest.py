"""Fixtures shared by the account tests."""

from datetime import UTC, datetime

import pytest
import time_machine
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


@pytest.fixture
def mid_step_clock():
    """The clock stopped 10 seconds into a 30-second TOTP step: a code computed in a test is the
    server's current one, never the next one because a step ended in between."""
    with time_machine.travel(datetime(2026, 3, 1, 12, 0, 10, tzinfo=UTC), tick=False):
        yield
