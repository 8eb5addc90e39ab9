"""Every sign-in door is limited before the hash, never locks the owner out, and logs each attempt.

The doors: JWT sign-in, Djoser's token login, djangorestframework-jwt's `api-token-auth/`, the
browsable API's session login and the admin's login. The current-password checks, under the same
limits, are in test_current_password.py.
"""

import hashlib
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.admin import AdminSite
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.views import LoginView
from django.test import RequestFactory
from django.urls import reverse
from djoser.views import TokenCreateView
from rest_framework_simplejwt.views import TokenObtainPairView, TokenObtainSlidingView

from accounts.signin import SignInThrottled, checked_password, hashed_login
from tests.accounts.signin import (
    ATTACKER,
    DOORS,
    HOME,
    LIMIT,
    assert_refused,
    assert_throttled,
    every_url,
    sign_in_at,
    sign_in_events,
)
from tests.clients import assert_json_detail
from tests.config.test_health import DEAD_REDIS
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(alice):
    """Staff, so that her password opens the admin's door too."""
    alice.is_staff = True
    alice.save()
    return alice


def takes_a_password(view):
    sign_in_views = (LoginView, TokenObtainPairView, TokenObtainSlidingView, TokenCreateView)
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return issubclass(view_class, sign_in_views)
    return getattr(view, "__func__", None) is AdminSite.login


def test_the_doors_tested_here_are_every_sign_in_url():
    assert {name for name, view in every_url() if takes_a_password(view)} == set(DOORS)


# --- Guessing at a sign-in door -------------------------------------------------------------------


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("scope", ["login", "login_account"])
def test_guessing_is_refused_before_the_hash_even_with_the_right_password(
    alice, limit, hashes, door, scope
):
    limit(scope)
    for guess in range(LIMIT):
        assert_refused(sign_in_at(door, "alice", f"guess-{guess}"))
    hashed = hashes["count"]

    for _ in range(2):
        assert_throttled(sign_in_at(door, "alice", "yet-another-guess"))
    response = sign_in_at(door, "alice", PASSWORD)

    assert_throttled(response)
    assert hashes["count"] == hashed


@pytest.mark.parametrize("door", DOORS)
def test_a_name_counts_whatever_its_case(alice, limit, door):
    limit("login_account")
    for name in ["alice", "ALICE", "Alice"]:
        assert_refused(sign_in_at(door, name, "guess"))

    assert_throttled(sign_in_at(door, "aLiCe", PASSWORD))


# --- The owner is never locked out ----------------------------------------------------------------


@pytest.mark.parametrize("door", DOORS)
def test_the_owner_signs_in_from_home_after_an_attacker_exhausted_her_name(alice, limit, door):
    limit("login_account")
    for guess in range(LIMIT + 2):
        sign_in_at(door, "alice", f"guess-{guess}")
    assert_throttled(sign_in_at(door, "alice", PASSWORD))

    response = sign_in_at(door, "alice", PASSWORD, ip=HOME)

    assert response.signed_in


@pytest.mark.parametrize("door", DOORS)
def test_right_passwords_do_not_count_towards_the_failure_limit(alice, limit, door):
    limit("login_account")

    responses = [sign_in_at(door, "alice", PASSWORD, ip=HOME) for _ in range(LIMIT + 2)]

    assert all(response.signed_in for response in responses)


def test_the_sign_in_limits_are_the_only_ones_on_jwt_sign_in(alice, limit):
    limit("anon")

    responses = [sign_in_at("jwt-create", "alice", PASSWORD, ip=HOME) for _ in range(LIMIT + 2)]

    assert all(response.signed_in for response in responses)


def test_a_right_password_does_not_wipe_earlier_failures(alice, limit):
    limit("login_account")
    for guess in range(LIMIT - 1):
        sign_in_at("jwt-create", "alice", f"guess-{guess}")
    assert sign_in_at("jwt-create", "alice", PASSWORD).signed_in
    assert_refused(sign_in_at("jwt-create", "alice", "one-more-guess"))

    assert_throttled(sign_in_at("jwt-create", "alice", PASSWORD))


def test_an_exhausted_username_tells_nothing_about_which_address_is_hers(alice, limit):
    limit("login_account")
    for guess in range(LIMIT + 1):
        sign_in_at("jwt-create", "alice", f"guess-{guess}")

    hers = sign_in_at("jwt-create", "alice@example.com", "guess")
    nobodys = sign_in_at("jwt-create", "nobody@example.com", "guess")

    assert hers.status_code == nobodys.status_code == 401
    assert hers.json() == nobodys.json()
    assert "Retry-After" not in hers.headers


# --- A cache outage -------------------------------------------------------------------------------


@pytest.mark.parametrize("door", DOORS)
def test_every_door_signs_the_owner_in_while_the_cache_is_down(alice, settings, door):
    settings.CACHES = DEAD_REDIS

    assert sign_in_at(door, "alice", PASSWORD).signed_in


# --- Parallel guesses -----------------------------------------------------------------------------


def test_parallel_guesses_are_hashed_no_more_often_than_the_limit(limit):
    limit("login", 1000)
    limit("login_account", 10)
    guesses, start = 50, threading.Barrier(50)
    checked = []

    def guess(_):
        request = RequestFactory().post("/api/v1/auth/jwt/create/", REMOTE_ADDR=ATTACKER)
        start.wait()
        try:
            return checked_password(request, "alice", lambda: checked.append(1) or (None, False))
        except SignInThrottled:
            return "throttled"

    with ThreadPoolExecutor(guesses) as pool:
        answers = list(pool.map(guess, range(guesses)))

    assert len(checked) == 10
    assert answers.count("throttled") == guesses - 10


# --- The log --------------------------------------------------------------------------------------


@pytest.mark.parametrize("door", DOORS)
def test_every_sign_in_attempt_is_logged(alice, limit, caplog, door):
    limit("login", 2)
    with caplog.at_level(logging.INFO, logger="accounts.signin"):
        sign_in_at(door, "ALICE", PASSWORD)
        sign_in_at(door, "Nobody", "a-secret-guess")
        sign_in_at(door, "alice", PASSWORD)

    success, failure, throttled = sign_in_events(caplog)
    common = {"event": "sign_in", "ip": ATTACKER, "path": reverse(door)}
    assert success == {
        **common,
        "outcome": "success",
        "user_id": alice.pk,
        "login_hash": hashed_login("alice"),
        "request_id": success["request_id"],
    }
    assert failure["outcome"] == "failure"
    assert failure["user_id"] is None
    assert failure["login_hash"] == hashed_login("nobody")
    assert throttled["outcome"] == "throttled"
    assert throttled["login_hash"] == success["login_hash"]
    assert all(event.items() >= common.items() for event in (failure, throttled))
    assert all(event["request_id"] for event in (success, failure, throttled))
    assert "a-secret-guess" not in caplog.text
    assert "Nobody" not in caplog.text
    # Keyed: hashing a dictionary of names does not give back which name was tried.
    assert failure["login_hash"] != hashlib.sha256(b"nobody").hexdigest()


# --- Django: username enumeration by timing ------------------------------------------------------


class CountingMD5Hasher(MD5PasswordHasher):
    """The test suite's MD5 hasher, counting the hashes it computes (the costly step)."""

    computed = 0

    def encode(self, password, salt):
        type(self).computed += 1
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingMD5Hasher"]
    CountingMD5Hasher.computed = 0
    return CountingMD5Hasher


def unusable_password_user():
    user = UserFactory(username="sso-user")
    user.set_unusable_password()
    user.save()
    return user


SIGN_IN_ATTEMPTS = {
    "unknown username": (lambda: None, "nobody"),
    "unknown e-mail": (lambda: None, "nobody@example.com"),
    "unusable password": (unusable_password_user, "sso-user"),
    "inactive account": (lambda: UserFactory(username="gone", is_active=False), "gone"),
    "wrong password": (lambda: UserFactory(username="bob"), "bob"),
}


@pytest.mark.owasp("API8:2023")
@pytest.mark.parametrize("attempt", SIGN_IN_ATTEMPTS.values(), ids=SIGN_IN_ATTEMPTS.keys())
def test_cve_2024_39329_every_failed_sign_in_costs_one_password_hash(
    api_client, counting_hasher, attempt
):
    """CVE-2024-39329 and CVE-2016-2513: a sign-in that fails before hashing answers faster,
    which tells an attacker the account exists (or has no usable password). Our backend, which
    takes a username or an e-mail address, must hash exactly once whatever the account."""
    make_account, login = attempt
    make_account()
    counting_hasher.computed = 0

    response = api_client.post(
        reverse("jwt-create"), {"username": login, "password": "not-the-password"}
    )

    assert_json_detail(response, 401)
    assert counting_hasher.computed == 1


@pytest.mark.owasp("API8:2023")
def test_cve_2024_39329_a_successful_sign_in_also_costs_one_hash(
    api_client, counting_hasher, alice
):
    """The baseline the failures above are compared with."""
    counting_hasher.computed = 0  # Making Alice hashed her password.

    response = api_client.post(reverse("jwt-create"), {"username": "alice", "password": PASSWORD})

    assert response.status_code == 200
    assert counting_hasher.computed == 1
