"""The nightly housekeeping removes the sign-in records no one can use, and nothing live
(accounts.services.remove_expired_sign_in_records, run by accounts.tasks.remove_expired_sign_ins).

Each test puts rows on both sides of the line: just expired and just still valid.
"""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import UntypedToken

from accounts import services
from accounts.api_tokens import create_api_token, revoke_token
from accounts.legacy_jwt import issue_legacy_token
from accounts.models import Login, RefreshTokenLineage
from accounts.tasks import remove_expired_sign_ins
from tests.clients import token_pair

pytestmark = pytest.mark.django_db


def refresh(client, token):
    return client.post(reverse("jwt-refresh"), {"refresh": token})


def jti(token):
    return UntypedToken(token, verify=False)["jti"]


def housekeeping():
    return remove_expired_sign_ins.delay().get()


def test_expired_refresh_tokens_go_with_their_blacklist_entries_and_lineage(
    api_client, alice, settings
):
    started = timezone.now()
    first = token_pair(api_client, "alice")["refresh"]
    rotated = refresh(api_client, first).json()["refresh"]  # `first` is now blacklisted.
    lifetime = settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"]
    with time_machine.travel(started + timedelta(days=1)):
        # A day later: a login whose token is still valid after the line, and one logged out.
        live = token_pair(api_client, "alice")["refresh"]
        logged_out = token_pair(api_client, "alice")["refresh"]
        assert api_client.post(reverse("jwt-blacklist"), {"refresh": logged_out}).status_code == 200

    with time_machine.travel(started + lifetime + timedelta(minutes=1)):
        removed = housekeeping()

        assert removed["refresh_tokens"] == 2
        assert removed["blacklisted_refresh_tokens"] == 1
        remaining = set(OutstandingToken.objects.values_list("jti", flat=True))
        assert remaining == {jti(live), jti(logged_out)}
        assert set(BlacklistedToken.objects.values_list("token__jti", flat=True)) == {
            jti(logged_out)
        }
        assert set(RefreshTokenLineage.objects.values_list("token__jti", flat=True)) == remaining
        # Nothing live went: the valid token refreshes, the logged-out one is still refused.
        assert refresh(api_client, live).status_code == 200
        assert refresh(api_client, logged_out).status_code == 401
        assert refresh(api_client, rotated).status_code == 401


def test_logins_go_once_past_their_absolute_lifetime_and_not_before(api_client, alice, settings):
    lifetime = settings.REFRESH_TOKEN_ABSOLUTE_LIFETIME
    ended, ending, revoked = (
        Login.objects.get(family=UntypedToken(token_pair(api_client, "alice")["refresh"])["family"])
        for _ in range(3)
    )
    now = timezone.now()
    Login.objects.filter(pk=ended.pk).update(started_at=now - lifetime - timedelta(minutes=1))
    Login.objects.filter(pk=ending.pk).update(started_at=now - lifetime + timedelta(minutes=1))
    # Revoked, its tokens blacklisted but not all expired: kept until its lifetime is over.
    Login.objects.filter(pk=revoked.pk).update(revoked_at=now)

    removed = housekeeping()

    assert removed["logins"] == 1
    assert set(Login.objects.all()) == {ending, revoked}


def session(key, expires_in):
    return Session.objects.create(
        session_key=key, session_data="", expire_date=timezone.now() + expires_in
    )


def test_expired_browser_sessions_go_and_live_ones_stay():
    session("expired" * 4, timedelta(minutes=-1))
    live = session("live" * 8, timedelta(minutes=1))

    removed = housekeeping()

    assert removed["sessions"] == 1
    assert list(Session.objects.all()) == [live]


def test_a_backlog_is_removed_in_batches_until_none_is_left(monkeypatch):
    monkeypatch.setattr(services, "HOUSEKEEPING_BATCH", 2)
    for number in range(5):
        session(f"expired{number}" * 4, timedelta(minutes=-1))
    live = session("live" * 8, timedelta(minutes=1))

    removed = housekeeping()

    assert removed["sessions"] == 5
    assert list(Session.objects.all()) == [live]


def test_housekeeping_logs_what_it_removed(caplog):
    session("expired" * 4, timedelta(minutes=-1))

    housekeeping()

    assert (
        "Housekeeping: removed 0 refresh tokens, 0 blacklisted refresh tokens, 0 logins, "
        "1 sessions" in caplog.text
    )


def test_api_tokens_go_once_revoked_or_expired_however_old_the_others(alice, settings):
    started = timezone.now()
    create_api_token(alice, "kept", "read", None, request=None)
    create_api_token(alice, "expiring", "read", started + timedelta(days=2), request=None)
    revoked, _ = create_api_token(alice, "revoked", "read", None, request=None)
    revoke_token(revoked)

    later = started + settings.REFRESH_TOKEN_ABSOLUTE_LIFETIME + timedelta(days=1)
    with time_machine.travel(later):
        removed = housekeeping()

    assert removed["logins"] == 2
    assert list(Login.objects.values_list("api_token__name", flat=True)) == ["kept"]


def test_a_browser_login_goes_with_its_session(client, alice, settings):
    started = timezone.now()
    client.force_login(alice)
    ended = Login.objects.get(kind="browser")
    session_age = timedelta(seconds=settings.SESSION_COOKIE_AGE)

    with time_machine.travel(started + session_age - timedelta(minutes=1)):
        assert housekeeping()["logins"] == 0
        assert client.get(reverse("user-me")).status_code == 200  # Still signed in.
    with time_machine.travel(started + session_age + timedelta(minutes=1)):
        assert housekeeping()["logins"] == 1

    assert not Login.objects.filter(pk=ended.pk).exists()


def test_legacy_logins_go_once_past_their_maximum_age_and_not_before(alice, settings):
    started = timezone.now()
    old = issue_legacy_token(alice)
    with time_machine.travel(started + timedelta(minutes=2)):
        young = issue_legacy_token(alice)

    with time_machine.travel(started + settings.LEGACY_JWT_MAX_AGE + timedelta(minutes=1)):
        removed = housekeeping()

    assert removed["logins"] == 1
    assert list(Login.objects.values_list("family", flat=True)) == [young["family"]]
    assert old["family"] != young["family"]
