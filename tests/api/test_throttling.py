"""Rate limits: per anonymous client, per user, and the account endpoints' own scopes.

Each test lowers only the scope under test, so a 429 cannot come from another one.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from djoser.utils import encode_uid
from rest_framework.throttling import SimpleRateThrottle

from accounts.links import activation_token, password_reset_token, username_reset_token
from accounts.models import User
from tests.clients import LIMIT, sign_in
from tests.config.test_settings import settings_under
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inactive_user(db):
    return UserFactory(is_active=False)


def ip(n):
    return f"10.0.0.{n}"


def register(client, n, ip):
    return client.post(
        reverse("user-list"),
        {"username": f"new{n}", "email": f"new{n}@example.com", "password": PASSWORD},
        REMOTE_ADDR=ip,
    )


def resend_activation(client, email, ip):
    return client.post(reverse("user-resend-activation"), {"email": email}, REMOTE_ADDR=ip)


def activate(client, ip, link):
    return client.post(reverse("user-activation"), link, REMOTE_ADDR=ip)


def reset_password(client, email, ip):
    return client.post(reverse("user-reset-password"), {"email": email}, REMOTE_ADDR=ip)


def reset_username(client, email, ip):
    return client.post(reverse("user-reset-username"), {"email": email}, REMOTE_ADDR=ip)


def confirm_username_reset(client, ip, link):
    return client.post(
        reverse("user-reset-username-confirm"), {**link, "new_username": "renamed"}, REMOTE_ADDR=ip
    )


def set_username(client, ip, password=PASSWORD):
    return client.post(
        reverse("user-set-username"),
        {"new_username": "renamed", "current_password": password},
        REMOTE_ADDR=ip,
    )


def confirm_reset(client, ip, link):
    return client.post(
        reverse("user-reset-password-confirm"),
        {**link, "new_password": "a-brand-new-passphrase"},
        REMOTE_ADDR=ip,
    )


GUESSED_LINK = {"uid": "MQ", "token": "wrong-token"}


def link_for(user, purpose):
    """The uid and token an account e-mail for `purpose` would carry for `user`."""
    return {"uid": encode_uid(user.pk), "token": purpose.make_token(user)}


def assert_throttled(response):
    assert response.status_code == 429
    assert response.headers["Content-Type"] == "application/json"
    assert "detail" in response.json()
    assert int(response.headers["Retry-After"]) > 0


# --- Login, per client IP -----------------------------------------------------------------------


def test_fourth_login_from_one_ip_is_throttled(api_client, alice, limit):
    limit("login")
    for _ in range(LIMIT):
        assert sign_in(api_client, alice.username, REMOTE_ADDR=ip(1)).status_code == 200

    assert_throttled(sign_in(api_client, alice.username, REMOTE_ADDR=ip(1)))


def test_failed_logins_count_towards_the_login_limit(api_client, alice, limit):
    limit("login")
    for _ in range(LIMIT):
        assert sign_in(api_client, alice.username, "guess", REMOTE_ADDR=ip(1)).status_code == 401

    response = sign_in(api_client, alice.username, REMOTE_ADDR=ip(1))

    assert_throttled(response)
    assert "access" not in response.json()


def test_login_limit_does_not_affect_another_ip(api_client, alice, limit):
    limit("login")
    for _ in range(LIMIT + 1):
        sign_in(api_client, alice.username, REMOTE_ADDR=ip(1))

    response = sign_in(api_client, alice.username, REMOTE_ADDR=ip(2))

    assert response.status_code == 200
    assert "access" in response.json()


def test_forged_forwarded_for_header_does_not_escape_the_login_limit(api_client, alice, limit):
    limit("login")
    for attempt in range(LIMIT):
        sign_in(
            api_client,
            alice.username,
            "guess",
            REMOTE_ADDR=ip(1),
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        )

    response = sign_in(
        api_client, alice.username, REMOTE_ADDR=ip(1), HTTP_X_FORWARDED_FOR="192.0.2.99"
    )

    assert_throttled(response)


def test_behind_a_trusted_proxy_logins_count_per_forwarded_client(
    api_client, alice, settings, limit
):
    limit("login")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for _ in range(LIMIT):
        sign_in(
            api_client, alice.username, "guess", REMOTE_ADDR=ip(1), HTTP_X_FORWARDED_FOR="192.0.2.1"
        )

    throttled = sign_in(
        api_client, alice.username, REMOTE_ADDR=ip(1), HTTP_X_FORWARDED_FOR="192.0.2.1"
    )
    neighbour = sign_in(
        api_client, alice.username, REMOTE_ADDR=ip(1), HTTP_X_FORWARDED_FOR="192.0.2.2"
    )

    assert_throttled(throttled)
    assert neighbour.status_code == 200


def test_login_limit_lifts_once_its_window_has_passed(api_client, alice, limit, settings):
    # time_machine moves this process's clock, which a local cache follows and Redis does not.
    limit("login")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(LIMIT + 1):
            sign_in(api_client, alice.username, "guess", REMOTE_ADDR=ip(1))

        traveller.shift(timedelta(minutes=1, seconds=1))
        response = sign_in(api_client, alice.username, REMOTE_ADDR=ip(1))

    assert response.status_code == 200


# --- Login, per name and client IP: failures only (more in tests/accounts/test_signin.py) ------


def test_fourth_login_after_three_failures_for_one_name_from_one_ip_is_throttled(
    api_client, alice, limit
):
    limit("login_account")
    for _ in range(LIMIT):
        assert sign_in(api_client, "alice", "guess", REMOTE_ADDR=ip(1)).status_code == 401

    response = sign_in(api_client, "alice", REMOTE_ADDR=ip(1))

    assert_throttled(response)
    assert "access" not in response.json()


def test_padding_the_name_with_spaces_does_not_escape_the_account_limit(api_client, alice, limit):
    limit("login_account")
    for n in range(LIMIT):
        sign_in(api_client, " " * n + "alice" + " " * n, "guess", REMOTE_ADDR=ip(1))

    assert_throttled(sign_in(api_client, "  ALICE  ", REMOTE_ADDR=ip(1)))


def test_a_numeric_username_sent_as_a_json_number_counts_towards_the_account_limit(
    api_client, limit
):
    # The serializer turns the number 12345 into the username "12345", so it names the account.
    limit("login_account")
    UserFactory(username="12345")
    for _ in range(LIMIT):
        assert sign_in(api_client, 12345, "guess", REMOTE_ADDR=ip(1)).status_code == 401

    response = sign_in(api_client, 12345, REMOTE_ADDR=ip(1))

    assert_throttled(response)
    assert "access" not in response.json()


def test_account_login_limit_does_not_affect_another_account(api_client, alice, bob, limit):
    limit("login_account")
    for _ in range(LIMIT + 1):
        sign_in(api_client, "alice", "guess", REMOTE_ADDR=ip(1))

    response = sign_in(api_client, bob.username, REMOTE_ADDR=ip(1))

    assert response.status_code == 200
    assert "access" in response.json()


def test_unknown_names_count_whatever_their_case(api_client, limit):
    limit("login_account")
    for name in ["nobody", "NOBODY", "NoBody"]:
        assert sign_in(api_client, name, REMOTE_ADDR=ip(1)).status_code == 401

    assert_throttled(sign_in(api_client, "nobody", REMOTE_ADDR=ip(1)))


# --- Registration -------------------------------------------------------------------------------


def test_fourth_registration_from_one_ip_is_throttled(api_client, limit):
    limit("registration")
    for n in range(LIMIT):
        assert register(api_client, n, ip(1)).status_code == 201

    assert_throttled(register(api_client, LIMIT, ip(1)))
    assert User.objects.count() == LIMIT
    assert len(mail.outbox) == LIMIT


def test_registration_limit_does_not_affect_another_ip(api_client, limit):
    limit("registration")
    for n in range(LIMIT + 1):
        register(api_client, n, ip(1))

    response = register(api_client, LIMIT + 1, ip(2))

    assert response.status_code == 201
    assert User.objects.filter(username=f"new{LIMIT + 1}").exists()


# --- Activation ---------------------------------------------------------------------------------


def test_fourth_activation_resend_for_one_address_from_a_fourth_ip_is_throttled(
    api_client, inactive_user, limit
):
    limit("activation")
    for n in range(LIMIT):
        assert resend_activation(api_client, inactive_user.email, ip(n)).status_code == 204

    assert_throttled(resend_activation(api_client, inactive_user.email, ip(LIMIT)))
    assert len(mail.outbox) == LIMIT


def test_fourth_activation_resend_from_one_ip_for_a_fourth_address_is_throttled(
    api_client, inactive_user, limit
):
    limit("activation")
    for n in range(LIMIT):
        assert resend_activation(api_client, f"other{n}@example.com", ip(1)).status_code == 204

    assert_throttled(resend_activation(api_client, inactive_user.email, ip(1)))
    assert mail.outbox == []


def test_fourth_activation_from_one_ip_is_throttled_even_with_the_right_token(
    api_client, inactive_user, limit
):
    limit("activation")
    for _ in range(LIMIT):
        assert activate(api_client, ip(1), GUESSED_LINK).status_code == 400

    assert_throttled(activate(api_client, ip(1), link_for(inactive_user, activation_token)))
    inactive_user.refresh_from_db()
    assert not inactive_user.is_active


# --- Password reset -----------------------------------------------------------------------------


def test_fourth_password_reset_for_one_address_from_a_fourth_ip_is_throttled(
    api_client, alice, limit
):
    limit("password_reset")
    for n in range(LIMIT):
        assert reset_password(api_client, alice.email, ip(n)).status_code == 204

    assert_throttled(reset_password(api_client, alice.email, ip(LIMIT)))
    assert len(mail.outbox) == LIMIT


def test_password_reset_counts_an_address_whatever_its_case(api_client, alice, limit):
    limit("password_reset")
    for n in range(LIMIT):
        reset_password(api_client, alice.email.upper() if n % 2 else alice.email, ip(n))

    assert_throttled(reset_password(api_client, alice.email.title(), ip(LIMIT)))


def test_fourth_password_reset_from_one_ip_for_a_fourth_address_is_throttled(
    api_client, alice, limit
):
    limit("password_reset")
    for n in range(LIMIT):
        assert reset_password(api_client, f"other{n}@example.com", ip(1)).status_code == 204

    assert_throttled(reset_password(api_client, alice.email, ip(1)))
    assert mail.outbox == []


def test_fourth_reset_confirm_from_one_ip_is_throttled_even_with_the_right_token(
    api_client, alice, limit
):
    limit("password_reset")
    for _ in range(LIMIT):
        assert confirm_reset(api_client, ip(1), GUESSED_LINK).status_code == 400

    assert_throttled(confirm_reset(api_client, ip(1), link_for(alice, password_reset_token)))
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


# --- Username changes ---------------------------------------------------------------------------


def test_thirty_username_resets_send_only_as_many_mails_as_the_configured_rate(api_client, alice):
    allowed = int(SimpleRateThrottle.THROTTLE_RATES["username_change"].split("/")[0])

    answers = [reset_username(api_client, alice.email, ip(1)).status_code for _ in range(30)]

    assert answers == [204] * allowed + [429] * (30 - allowed)
    assert len(mail.outbox) == allowed


def test_fourth_username_reset_for_one_address_from_a_fourth_ip_is_throttled(
    api_client, alice, limit
):
    limit("username_change")
    for n in range(LIMIT):
        assert reset_username(api_client, alice.email.upper(), ip(n)).status_code == 204

    assert_throttled(reset_username(api_client, alice.email, ip(LIMIT)))
    assert len(mail.outbox) == LIMIT


def test_fourth_username_reset_from_one_ip_for_a_fourth_address_is_throttled(
    api_client, alice, limit
):
    limit("username_change")
    for n in range(LIMIT):
        assert reset_username(api_client, f"other{n}@example.com", ip(1)).status_code == 204

    assert_throttled(reset_username(api_client, alice.email, ip(1)))
    assert mail.outbox == []


def test_fourth_username_reset_confirm_from_one_ip_is_throttled_even_with_the_right_token(
    api_client, alice, limit
):
    limit("username_change")
    for _ in range(LIMIT):
        assert confirm_username_reset(api_client, ip(1), GUESSED_LINK).status_code == 400

    right_link = link_for(alice, username_reset_token)
    assert_throttled(confirm_username_reset(api_client, ip(1), right_link))
    assert User.objects.get(pk=alice.pk).username == alice.username


def test_fourth_username_change_from_one_ip_is_throttled_even_with_the_right_password(
    auth_client, alice, limit
):
    limit("username_change")
    client = auth_client(alice)
    for _ in range(LIMIT):
        assert set_username(client, ip(1), password="guess").status_code == 400

    assert_throttled(set_username(client, ip(1)))
    assert User.objects.get(pk=alice.pk).username == alice.username


# --- Anonymous and signed-in clients ------------------------------------------------------------


def test_anonymous_reads_are_throttled_past_the_anonymous_rate(api_client, limit):
    limit("anon")
    for _ in range(LIMIT):
        assert api_client.get(reverse("post-list")).status_code == 200

    assert_throttled(api_client.get(reverse("post-list")))


def test_signed_in_user_is_throttled_past_the_user_rate(auth_client, alice, limit):
    limit("user")
    client = auth_client(alice)
    for _ in range(LIMIT):
        assert client.get(reverse("post-list")).status_code == 200

    assert_throttled(client.get(reverse("post-list")))


def test_user_rate_counts_per_user_not_per_ip(auth_client, alice, bob, limit):
    limit("user")
    client = auth_client(alice)
    for _ in range(LIMIT + 1):
        client.get(reverse("post-list"))

    response = auth_client(bob).get(reverse("post-list"))

    assert response.status_code == 200


def test_anonymous_rate_counts_per_ip(api_client, limit):
    limit("anon")
    for _ in range(LIMIT + 1):
        api_client.get(reverse("post-list"), REMOTE_ADDR=ip(1))

    response = api_client.get(reverse("post-list"), REMOTE_ADDR=ip(2))

    assert response.status_code == 200


@pytest.fixture
def throttle_rates(monkeypatch):
    """`throttle_rates(**environment)`: the rates those variables give, in force for the test."""

    def install(**environment):
        rates = settings_under(**environment)["THROTTLE_RATES"]
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)

    return install


def test_throttling_off_lets_the_hundredth_sign_in_attempt_through(
    api_client, alice, throttle_rates
):
    throttle_rates(THROTTLING="false")
    for _ in range(99):
        assert (
            sign_in(api_client, alice.username, "a-wrong-guess", REMOTE_ADDR=ip(1)).status_code
            == 401
        )

    response = sign_in(api_client, alice.username, REMOTE_ADDR=ip(1))

    assert response.status_code == 200
    assert "access" in response.json()


def test_throttling_on_refuses_the_hundredth_sign_in_attempt(api_client, alice, throttle_rates):
    throttle_rates(THROTTLING="true")
    for _ in range(99):
        sign_in(api_client, alice.username, "a-wrong-guess", REMOTE_ADDR=ip(1))

    assert_throttled(sign_in(api_client, alice.username, REMOTE_ADDR=ip(1)))
