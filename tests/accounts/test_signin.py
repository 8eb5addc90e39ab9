"""Every password check is limited before the hash, never locks the owner out, and is logged.

The doors: JWT sign-in, the browsable API's session login, the admin's login, and the four
current-password checks (password, username and e-mail changes, account deletion). Each test
lowers only the limit under test to three a minute; the attacker comes from ATTACKER, the owner
from HOME.
"""

import hashlib
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.admin import AdminSite
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.views import LoginView
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver, reverse
from djoser.views import TokenCreateView
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_simplejwt.views import TokenObtainPairView, TokenObtainSlidingView

from accounts.models import User
from accounts.serializers import LimitedCurrentPasswordMixin
from accounts.signin import SignInThrottled, checked_password
from accounts.views import UserViewSet
from tests.factories import PASSWORD
from tests.security.conftest import database_rows
from tests.test_health import DEAD_REDIS

pytestmark = pytest.mark.django_db

LIMIT = 3
ATTACKER = "203.0.113.66"
HOME = "198.51.100.7"
DOORS = ["jwt-create", "rest_framework:login", "admin:login"]


@pytest.fixture
def limit(monkeypatch):
    """`limit("scope", n)`: lowers that scope's rate to n (three) a minute."""

    def lower(scope, n=LIMIT):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, f"{n}/minute")

    return lower


@pytest.fixture
def alice(alice):
    """Staff, so that her password opens the admin's door too."""
    alice.is_staff = True
    alice.save()
    return alice


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


def sign_in(door, login, password=PASSWORD, ip=ATTACKER):
    """One attempt at `door`; the response, whose `signed_in` says whether the client got in."""
    data = {"username": login, "password": password}
    if door == "jwt-create":
        response = APIClient().post(reverse(door), data, REMOTE_ADDR=ip)
        response.signed_in = response.status_code == 200 and "access" in response.json()
    else:
        client = Client()
        response = client.post(reverse(door), data, REMOTE_ADDR=ip)
        response.signed_in = SESSION_KEY in client.session
    return response


def assert_throttled(response):
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert not response.signed_in
    if response.headers["Content-Type"] == "application/json":
        assert response.json()["detail"].startswith("Too many sign-in attempts.")
    else:
        assert "Too many sign-in attempts." in response.content.decode()


def assert_refused(response):
    """A wrong password: no entry, and no word of a limit."""
    assert response.status_code in (200, 401)  # Django's forms answer 200 with their errors.
    assert not response.signed_in


def every_url(patterns=None, namespace=""):
    """(name, view) of every URL of the project, names qualified by their namespaces."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from every_url(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


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
        assert_refused(sign_in(door, "alice", f"guess-{guess}"))
    hashed = hashes["count"]

    for _ in range(2):
        assert_throttled(sign_in(door, "alice", "yet-another-guess"))
    response = sign_in(door, "alice", PASSWORD)

    assert_throttled(response)
    assert hashes["count"] == hashed


@pytest.mark.parametrize("door", DOORS)
def test_a_name_counts_whatever_its_case(alice, limit, door):
    limit("login_account")
    for name in ["alice", "ALICE", "Alice"]:
        assert_refused(sign_in(door, name, "guess"))

    assert_throttled(sign_in(door, "aLiCe", PASSWORD))


# --- The owner is never locked out ----------------------------------------------------------------


@pytest.mark.parametrize("door", DOORS)
def test_the_owner_signs_in_from_home_after_an_attacker_exhausted_her_name(alice, limit, door):
    limit("login_account")
    for guess in range(LIMIT + 2):
        sign_in(door, "alice", f"guess-{guess}")
    assert_throttled(sign_in(door, "alice", PASSWORD))

    response = sign_in(door, "alice", PASSWORD, ip=HOME)

    assert response.signed_in


@pytest.mark.parametrize("door", DOORS)
def test_right_passwords_do_not_count_towards_the_failure_limit(alice, limit, door):
    limit("login_account")

    responses = [sign_in(door, "alice", PASSWORD, ip=HOME) for _ in range(LIMIT + 2)]

    assert all(response.signed_in for response in responses)


def test_the_sign_in_limits_are_the_only_ones_on_jwt_sign_in(alice, limit):
    limit("anon")

    responses = [sign_in("jwt-create", "alice", PASSWORD, ip=HOME) for _ in range(LIMIT + 2)]

    assert all(response.signed_in for response in responses)


def test_a_right_password_does_not_wipe_earlier_failures(alice, limit):
    limit("login_account")
    for guess in range(LIMIT - 1):
        sign_in("jwt-create", "alice", f"guess-{guess}")
    assert sign_in("jwt-create", "alice", PASSWORD).signed_in
    assert_refused(sign_in("jwt-create", "alice", "one-more-guess"))

    assert_throttled(sign_in("jwt-create", "alice", PASSWORD))


def test_an_exhausted_username_tells_nothing_about_which_address_is_hers(alice, limit):
    limit("login_account")
    for guess in range(LIMIT + 1):
        sign_in("jwt-create", "alice", f"guess-{guess}")

    hers = sign_in("jwt-create", "alice@example.com", "guess")
    nobodys = sign_in("jwt-create", "nobody@example.com", "guess")

    assert hers.status_code == nobodys.status_code == 401
    assert hers.json() == nobodys.json()
    assert "Retry-After" not in hers.headers


# --- Current-password checks ----------------------------------------------------------------------


NEW_PASSWORD = "a-brand-new-passphrase"


def change_password(client, password):
    return client.post(
        reverse("user-set-password"),
        {"current_password": password, "new_password": NEW_PASSWORD},
        REMOTE_ADDR=ATTACKER,
    )


def change_username(client, password):
    return client.post(
        reverse("user-set-username"),
        {"current_password": password, "new_username": "mallory"},
        REMOTE_ADDR=ATTACKER,
    )


def change_email(client, password):
    return client.patch(
        reverse("user-me"),
        {"current_password": password, "email": "mallory@example.com"},
        REMOTE_ADDR=ATTACKER,
    )


def delete_account(client, password):
    return client.delete(reverse("user-me"), {"current_password": password}, REMOTE_ADDR=ATTACKER)


CURRENT_PASSWORD_CHECKS = [change_password, change_username, change_email, delete_account]


@pytest.mark.parametrize("attempt", CURRENT_PASSWORD_CHECKS)
def test_current_password_guessing_with_a_stolen_token_is_throttled(
    auth_client, alice, limit, hashes, attempt
):
    limit("login_account")
    stolen = auth_client(alice)
    for guess in range(LIMIT):
        assert attempt(stolen, f"guess-{guess}").status_code == 400
    before, hashed = database_rows(), hashes["count"]

    response = attempt(stolen, PASSWORD)

    assert response.status_code == 429
    assert response.json()["detail"].startswith("Too many sign-in attempts.")
    assert int(response.headers["Retry-After"]) > 0
    assert hashes["count"] == hashed
    assert database_rows() == before
    alice = User.objects.get(pk=alice.pk)
    assert (alice.username, alice.email) == ("alice", "alice@example.com")
    assert alice.check_password(PASSWORD)


def test_current_password_failures_count_with_sign_in_failures_for_the_name(
    auth_client, alice, limit
):
    limit("login_account")
    for guess in range(LIMIT - 1):
        sign_in("jwt-create", "alice", f"guess-{guess}")
    assert change_password(auth_client(alice), "guess").status_code == 400

    assert_throttled(sign_in("jwt-create", "alice", PASSWORD))


def test_the_owner_changes_her_password_from_home_while_an_attacker_is_throttled(
    auth_client, alice, limit
):
    limit("login_account")
    for guess in range(LIMIT):
        change_password(auth_client(alice), f"guess-{guess}")
    assert change_password(auth_client(alice), PASSWORD).status_code == 429

    response = auth_client(alice).post(
        reverse("user-set-password"),
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        REMOTE_ADDR=HOME,
    )

    assert response.status_code == 200
    assert User.objects.get(pk=alice.pk).check_password(NEW_PASSWORD)


def serializers_of_every_user_endpoint():
    """The serializer of each action and method of Djoser's user endpoints, as configured."""
    view = UserViewSet()
    actions = ["list", "create", "retrieve", "update", "partial_update", "destroy"]
    actions += [action.__name__ for action in UserViewSet.get_extra_actions()]
    for action in actions:
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"]:
            view.action, view.request = action, RequestFactory().generic(method, "/")
            yield view.get_serializer_class()


def test_every_current_password_check_of_the_user_endpoints_is_limited():
    checks = {
        serializer
        for serializer in serializers_of_every_user_endpoint()
        if hasattr(serializer, "validate_current_password")
    }

    assert len(checks) == 3  # Password and username changes, account deletion.
    for serializer in checks:
        limited = LimitedCurrentPasswordMixin.validate_current_password
        assert serializer.validate_current_password is limited, serializer


# --- A cache outage -------------------------------------------------------------------------------


@pytest.mark.parametrize("door", DOORS)
def test_every_door_signs_the_owner_in_while_the_cache_is_down(alice, settings, door):
    settings.CACHES = DEAD_REDIS

    assert sign_in(door, "alice", PASSWORD).signed_in


def test_the_password_can_be_changed_while_the_cache_is_down(auth_client, alice, settings):
    settings.CACHES = DEAD_REDIS

    assert change_password(auth_client(alice), PASSWORD).status_code == 200
    assert User.objects.get(pk=alice.pk).check_password(NEW_PASSWORD)


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


def sign_in_events(caplog):
    return [record.fields for record in caplog.records if record.name == "accounts.signin"]


@pytest.mark.parametrize("door", DOORS)
def test_every_sign_in_attempt_is_logged(alice, limit, caplog, door):
    limit("login", 2)
    with caplog.at_level(logging.INFO, logger="accounts.signin"):
        sign_in(door, "ALICE", PASSWORD)
        sign_in(door, "Nobody", "a-secret-guess")
        sign_in(door, "alice", PASSWORD)

    success, failure, throttled = sign_in_events(caplog)
    common = {"event": "sign_in", "ip": ATTACKER, "path": reverse(door)}
    assert success == {
        **common,
        "outcome": "success",
        "user_id": alice.pk,
        "login_hash": hashlib.sha256(b"alice").hexdigest(),
        "request_id": success["request_id"],
    }
    assert failure["outcome"] == "failure"
    assert failure["user_id"] is None
    assert failure["login_hash"] == hashlib.sha256(b"nobody").hexdigest()
    assert throttled["outcome"] == "throttled"
    assert throttled["login_hash"] == success["login_hash"]
    assert all(event.items() >= common.items() for event in (failure, throttled))
    assert all(event["request_id"] for event in (success, failure, throttled))
    assert "a-secret-guess" not in caplog.text
    assert "Nobody" not in caplog.text


def test_current_password_checks_are_logged_under_the_user(auth_client, alice, limit, caplog):
    limit("login_account", 1)
    with caplog.at_level(logging.INFO, logger="accounts.signin"):
        change_password(auth_client(alice), "a-secret-guess")
        change_password(auth_client(alice), PASSWORD)

    failure, throttled = sign_in_events(caplog)
    assert (failure["outcome"], throttled["outcome"]) == ("failure", "throttled")
    for event in (failure, throttled):
        assert event["user_id"] == alice.pk
        assert event["login_hash"] == hashlib.sha256(b"alice").hexdigest()
        assert event["path"] == reverse("user-set-password")
    assert "a-secret-guess" not in caplog.text
