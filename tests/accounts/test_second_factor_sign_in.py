"""Signing in with a second factor at every door, and the attacker's side: a password alone,
challenges reused, expired or taken elsewhere, replayed codes, another user's code, brute force."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Login
from tests.accounts.second_factor import (
    Enrolled,
    challenge_of,
    first_step,
    second_step,
    sign_in_with_code,
)
from tests.accounts.signin import ATTACKER, DOORS, LIMIT, sign_in_at
from tests.clients import bearer

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("mid_step_clock"),
    pytest.mark.owasp("API2:2023"),
]

API_DOORS = {"jwt-create": "access", "token-login": "auth_token"}
BROWSER_DOORS = ["rest_framework:login", "admin:login"]


@pytest.fixture
def alice(alice):
    """Staff, so that the admin's door is a door for her too; with an authenticator app."""
    alice.is_staff = True
    alice.save()
    return alice


@pytest.fixture
def enrolled(alice):
    return Enrolled(alice)


# --- A password alone opens no door ---------------------------------------------------------------


@pytest.mark.parametrize("door", DOORS)
def test_the_right_password_alone_signs_in_at_no_door(enrolled, door, settings):
    settings.LEGACY_JWT = True  # Its door open too: djangorestframework-jwt's clients get no pass.
    response = sign_in_at(door, "alice")

    assert response.status_code < 500
    assert not response.signed_in
    assert not Login.objects.exists()


@pytest.mark.parametrize("door", API_DOORS)
def test_the_password_answers_a_challenge_and_no_credential(enrolled, door):
    response = first_step(door)

    body = response.json()
    assert response.status_code == 401
    assert set(body) == {"detail", "code", "challenge", "expires_in"}
    assert body["expires_in"] == 300


@pytest.mark.parametrize("door", BROWSER_DOORS)
def test_a_browser_door_asks_for_the_code_on_a_page_of_its_own(enrolled, door):
    client = Client()
    response = client.post(
        reverse(door), {"username": "alice", "password": "correct-horse-battery-staple"}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("second-factor")
    assert SESSION_KEY not in client.session
    assert "Type the code" in client.get(reverse("second-factor")).content.decode()


# --- Both steps sign in ---------------------------------------------------------------------------


def test_a_code_completes_the_jwt_sign_in_with_a_login_that_passed_it(enrolled):
    response = sign_in_with_code(enrolled)

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}
    assert bearer(response.json()["access"]).get(reverse("user-me")).status_code == 200
    assert Login.objects.get().second_factor


def test_a_code_completes_the_token_login(enrolled):
    response = sign_in_with_code(enrolled, "token-login")

    assert response.status_code == 200
    client = bearer(response.json()["auth_token"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['auth_token']}")
    assert client.get(reverse("user-me")).status_code == 200


def test_cookie_mode_keeps_the_refresh_token_out_of_the_second_steps_body(enrolled):
    response = sign_in_with_code(enrolled, HTTP_X_AUTH_COOKIE="1")

    assert response.status_code == 200
    assert set(response.json()) == {"access"}
    assert response.cookies["refresh_token"]["httponly"]


@pytest.mark.parametrize("door", BROWSER_DOORS)
def test_a_code_on_the_page_signs_the_browser_in(enrolled, door):
    client = Client()
    client.post(reverse(door), {"username": "alice", "password": "correct-horse-battery-staple"})

    response = client.post(reverse("second-factor"), {"code": enrolled.code()})

    assert response.status_code == 302
    assert SESSION_KEY in client.session
    assert Login.objects.get().second_factor
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_code_on_the_page_keeps_the_browser_out(enrolled):
    client = Client()
    client.post(
        reverse("admin:login"), {"username": "alice", "password": "correct-horse-battery-staple"}
    )

    response = client.post(
        reverse("second-factor"), {"code": "000000" if enrolled.code() != "000000" else "111111"}
    )

    assert response.status_code == 200
    assert "Wrong code" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_the_page_without_a_password_first_sends_to_the_sign_in(enrolled):
    response = Client().post(reverse("second-factor"), {"code": enrolled.code()})

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("rest_framework:login")


def test_one_step_of_clock_drift_either_side_is_accepted_and_two_are_not(enrolled):
    for steps, status in [(-2, 401), (2, 401), (-1, 200), (1, 200)]:
        assert sign_in_with_code(enrolled, code=enrolled.code(steps)).status_code == status


# --- Recovery codes -------------------------------------------------------------------------------


def test_a_recovery_code_signs_in_once_and_mails_the_owner(enrolled):
    code = enrolled.recovery_codes[0]

    first = sign_in_with_code(enrolled, code=code.upper())
    second = sign_in_with_code(enrolled, code=code)

    assert first.status_code == 200
    assert second.status_code == 401
    [notice] = mail.outbox
    assert notice.to == ["alice@example.com"]
    assert "recovery code" in notice.subject


# --- The attacker's side --------------------------------------------------------------------------


def test_a_challenge_is_used_once(enrolled):
    challenge = challenge_of(first_step())
    assert second_step(challenge, enrolled.code()).status_code == 200

    response = second_step(challenge, enrolled.code(1))

    assert response.status_code == 401
    assert response.json()["code"] == "challenge_invalid"


def test_the_challenge_of_every_later_sign_in_is_used_once_too(enrolled):
    assert sign_in_with_code(enrolled).status_code == 200
    challenge = challenge_of(first_step())
    assert second_step(challenge, enrolled.recovery_codes[0]).status_code == 200

    response = second_step(challenge, enrolled.recovery_codes[1])

    assert response.status_code == 401
    assert response.json()["code"] == "challenge_invalid"


def test_a_challenge_expires(enrolled):
    challenge = challenge_of(first_step())

    with time_machine.travel(timezone.now() + timedelta(seconds=301)):
        response = second_step(challenge, enrolled.code())

    assert response.status_code == 401
    assert response.json()["code"] == "challenge_invalid"


def test_a_challenge_works_only_at_the_door_it_came_from(enrolled):
    challenge = challenge_of(first_step("jwt-create"))

    response = second_step(challenge, enrolled.code(), "token-login")

    assert response.status_code == 401
    assert not Login.objects.exists()


def test_a_challenge_is_no_token(enrolled):
    challenge = challenge_of(first_step())

    for scheme in ("Bearer", "Token"):
        client = bearer(challenge)
        client.credentials(HTTP_AUTHORIZATION=f"{scheme} {challenge}")
        assert client.get(reverse("user-me")).status_code == 401


def test_a_forged_challenge_is_refused(enrolled):
    response = second_step("alice:123:forged", enrolled.code())

    assert response.status_code == 401
    assert response.json()["code"] == "challenge_invalid"


def test_a_code_is_accepted_once(enrolled):
    code = enrolled.code()
    assert sign_in_with_code(enrolled, code=code).status_code == 200

    response = sign_in_with_code(enrolled, code=code)

    assert response.status_code == 401
    assert response.json()["code"] == "code_invalid"


def test_a_code_of_another_users_app_is_refused(enrolled, bob):
    bobs = Enrolled(bob)

    response = sign_in_with_code(enrolled, code=bobs.code())

    assert response.status_code == 401
    assert not Login.objects.exists()


def test_a_password_change_kills_a_pending_challenge(enrolled, alice):
    challenge = challenge_of(first_step())
    alice.set_password("a-brand-new-horse-staple")
    alice.save()

    assert second_step(challenge, enrolled.code()).status_code == 401


def test_guessing_codes_is_throttled_per_account_from_any_address(enrolled, limit):
    limit("second_factor")
    wrong = f"{(int(enrolled.code()) + 500000) % 1000000:06d}"
    for guess in range(LIMIT):
        ip = f"203.0.113.{guess}"
        challenge = challenge_of(first_step(REMOTE_ADDR=ip))
        assert second_step(challenge, wrong, REMOTE_ADDR=ip).status_code == 401

    challenge = challenge_of(first_step(REMOTE_ADDR=ATTACKER))
    response = second_step(challenge, enrolled.code(), REMOTE_ADDR=ATTACKER)

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert not Login.objects.exists()
