"""Second-factor helpers of the account tests: real TOTP codes, computed as an authenticator app
does from the secret, and the two steps of signing in through the API."""

import time
from base64 import b32decode

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.second_factor import new_recovery_codes, secret_of
from tests.factories import PASSWORD

STEP = 30  # Seconds per TOTP code, as authenticator apps count them.


def code_from_secret(secret, steps=0):
    """The 6-digit code an app shows for the base32 `secret`, `steps` steps from now."""
    totp = TOTP(b32decode(secret + "=" * (-len(secret) % 8)), step=STEP)
    totp.time = time.time() + steps * STEP
    return f"{totp.token():06d}"


class Enrolled:
    """A user with a confirmed authenticator app, its secret and their ten recovery codes."""

    def __init__(self, user):
        self.user = user
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
        self.secret = secret_of(device)
        self.recovery_codes = new_recovery_codes(user)

    def code(self, steps=0):
        return code_from_secret(self.secret, steps)


def first_step(door="jwt-create", login="alice", password=PASSWORD, client=None, **extra):
    client = client or APIClient()
    return client.post(reverse(door), {"username": login, "password": password}, **extra)


def challenge_of(response):
    assert response.status_code == 401, response.content[:500]
    body = response.json()
    assert body["code"] == "second_factor_required"
    return body["challenge"]


def second_step(challenge, code, door="jwt-create", client=None, **extra):
    client = client or APIClient()
    return client.post(reverse(door), {"challenge": challenge, "code": code}, **extra)


def sign_in_with_code(enrolled, door="jwt-create", code=None, **extra):
    """Both steps of `enrolled`'s sign-in at `door`: the second step's response."""
    challenge = challenge_of(first_step(door, enrolled.user.username, **extra))
    return second_step(challenge, code or enrolled.code(), door, **extra)
