"""A rotated refresh token presented again: two tabs racing, or a stolen copy."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import UntypedToken

from accounts.models import Login
from tests.clients import token_pair

pytestmark = pytest.mark.django_db


def refresh(client, token):
    return client.post(reverse("jwt-refresh"), {"refresh": token})


@pytest.fixture
def after_the_grace_window(settings):
    """A clock moved past the window in which a reused token is a racing tab."""
    with time_machine.travel(settings.REFRESH_TOKEN_REUSE_GRACE + timedelta(seconds=1)):
        yield


def test_two_tabs_refreshing_at_once_both_stay_signed_in(api_client, alice):
    token = token_pair(api_client, "alice")["refresh"]

    first_tab = refresh(api_client, token)
    second_tab = refresh(api_client, token)

    assert (first_tab.status_code, second_tab.status_code) == (200, 200)
    assert refresh(api_client, first_tab.json()["refresh"]).status_code == 200
    assert refresh(api_client, second_tab.json()["refresh"]).status_code == 200


def test_a_token_reused_after_the_grace_window_is_refused(api_client, alice):
    token = token_pair(api_client, "alice")["refresh"]
    refresh(api_client, token)

    with time_machine.travel(timedelta(minutes=1)):
        response = refresh(api_client, token)

    assert response.status_code == 401
    assert response.json()["detail"] == (
        "This refresh token was already used: every session of this login is signed out."
    )


def test_a_stolen_token_replayed_late_signs_the_whole_login_out(api_client, alice):
    stolen = token_pair(api_client, "alice")["refresh"]
    victims_current = refresh(api_client, stolen).json()["refresh"]
    victims_next = refresh(api_client, victims_current).json()["refresh"]

    with time_machine.travel(timedelta(minutes=1)):
        refresh(api_client, stolen)
        victim = refresh(api_client, victims_next)

    assert victim.status_code == 401


def test_the_thief_gets_nothing_even_before_the_victim_refreshes_again(api_client, alice):
    """The victim's unused token and the thief's replay both die: whoever refreshes next loses."""
    stolen = token_pair(api_client, "alice")["refresh"]
    thiefs = refresh(api_client, stolen).json()["refresh"]

    with time_machine.travel(timedelta(minutes=1)):
        victim = refresh(api_client, stolen)
        thief = refresh(api_client, thiefs)

    assert (victim.status_code, thief.status_code) == (401, 401)


def test_reuse_leaves_the_users_other_logins_signed_in(api_client, alice):
    laptop = token_pair(api_client, "alice")["refresh"]
    phone = token_pair(api_client, "alice")["refresh"]
    refresh(api_client, laptop)

    with time_machine.travel(timedelta(minutes=1)):
        refresh(api_client, laptop)
        response = refresh(api_client, phone)

    assert response.status_code == 200


def test_reuse_is_logged_as_a_security_event(api_client, alice, caplog):
    token = token_pair(api_client, "alice")["refresh"]
    refresh(api_client, token)

    with time_machine.travel(timedelta(minutes=1)), caplog.at_level(logging.WARNING):
        refresh(api_client, token)

    [event] = [r for r in caplog.records if r.name == "accounts.services"]
    assert event.getMessage().startswith("Refresh token reuse: login ")
    assert event.fields == {"event": "refresh_token_reuse", "user_id": alice.pk}


def test_a_logged_out_token_gets_no_grace(api_client, alice):
    token = token_pair(api_client, "alice")["refresh"]
    newer = refresh(api_client, token).json()["refresh"]
    api_client.post(reverse("jwt-blacklist"), {"refresh": newer})

    response = refresh(api_client, token)

    assert response.status_code == 401


def test_a_revoked_login_gets_no_grace(api_client, alice):
    token = token_pair(api_client, "alice")["refresh"]
    newer = refresh(api_client, token).json()["refresh"]
    with time_machine.travel(timedelta(minutes=1)):
        refresh(api_client, token)

    with time_machine.travel(timedelta(minutes=1, seconds=2)):
        response = refresh(api_client, newer)

    assert response.status_code == 401


def login_of(token):
    return Login.objects.get(family=UntypedToken(token)["family"])


def live_tokens_of(login):
    return OutstandingToken.objects.filter(lineage__login=login, blacklistedtoken__isnull=True)


def test_a_rotated_token_gets_one_more_pair_and_no_more(api_client, alice):
    """A second tab explains one reuse inside the grace window; a copy sent again mints nothing."""
    token = token_pair(api_client, "alice")["refresh"]
    first_tab = refresh(api_client, token)
    second_tab = refresh(api_client, token)

    third = refresh(api_client, token)

    assert third.status_code == 401
    assert third.json() == {
        "detail": "This refresh token was already exchanged: use the new one.",
        "code": "token_not_valid",
    }
    login = login_of(token)
    assert set(live_tokens_of(login).values_list("jti", flat=True)) == {
        UntypedToken(first_tab.json()["refresh"])["jti"],
        UntypedToken(second_tab.json()["refresh"])["jti"],
    }
    assert login.revoked_at is None  # A third tab is no proof of theft: nothing is revoked.


def test_a_token_the_blacklist_missed_is_refused_once_its_login_is_revoked(api_client, alice):
    """A token minted while its login was being revoked is refused by the login, whatever the
    blacklist says."""
    token = token_pair(api_client, "alice")["refresh"]
    current = refresh(api_client, token).json()["refresh"]
    with time_machine.travel(timedelta(minutes=1)):
        refresh(api_client, token)  # A stolen copy: the login is revoked.
    BlacklistedToken.objects.filter(token__jti=UntypedToken(current)["jti"]).delete()

    response = refresh(api_client, current)

    assert response.status_code == 401
    assert OutstandingToken.objects.count() == 2


def test_logging_out_ends_the_whole_login(api_client, alice):
    """A tab that got a pair in the grace window is signed out with the tab that logs out."""
    token = token_pair(api_client, "alice")["refresh"]
    first_tab = refresh(api_client, token).json()["refresh"]
    second_tab = refresh(api_client, token).json()["refresh"]

    logout = api_client.post(reverse("jwt-blacklist"), {"refresh": first_tab})
    response = refresh(api_client, second_tab)

    assert logout.status_code == 200
    assert response.status_code == 401
    assert not live_tokens_of(login_of(token)).exists()
    assert login_of(token).revoked_at is not None


def test_logging_out_leaves_the_users_other_logins_signed_in(api_client, alice):
    laptop, phone = (
        token_pair(api_client, "alice")["refresh"],
        token_pair(api_client, "alice")["refresh"],
    )

    api_client.post(reverse("jwt-blacklist"), {"refresh": laptop})

    assert refresh(api_client, phone).status_code == 200
