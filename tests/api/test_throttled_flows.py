"""OWASP API6:2023 Unrestricted Access to Sensitive Business Flows: automated abuse is throttled.

Mass registration, password guessing, reset-mail bombing and comment spam each hit a limit: past
it the answer is 429 with `Retry-After`, and the flow does nothing more (no account, no token, no
e-mail, no comment). Each test lowers only the rate under test to three, as
tests/api/test_throttling.py does; DRF copied the rates when it was imported, so the copy is what
is lowered.
"""

import pytest
from django.core import mail
from django.urls import reverse
from djoser.utils import encode_uid
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.links import password_reset_token
from tests.clients import LIMIT, assert_json_detail, sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API6:2023")]


def assert_throttled(response):
    assert_json_detail(response, 429)
    assert int(response.headers["Retry-After"]) > 0


def register(client, n, **headers):
    return client.post(
        reverse("user-list"),
        {"username": f"bot{n}", "email": f"bot{n}@example.com", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        **headers,
    )


def test_mass_registration_from_one_address_is_throttled(api_client, limit, database_state):
    limit("registration")
    for n in range(LIMIT):
        assert register(api_client, n).status_code == 201
    before = database_state()

    response = register(api_client, LIMIT)

    assert_throttled(response)
    assert database_state() == before
    assert len(mail.outbox) == LIMIT


def test_forged_forwarded_for_does_not_escape_the_registration_limit(
    api_client, limit, database_state
):
    limit("registration")
    for n in range(LIMIT):
        register(api_client, n, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    before = database_state()

    response = register(api_client, LIMIT, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert_throttled(response)
    assert database_state() == before


def test_password_guessing_from_one_address_is_throttled(api_client, alice, limit, database_state):
    limit("login")
    for guess in range(LIMIT):
        assert sign_in(api_client, "alice", f"guess-{guess}").status_code == 401
    before = database_state()

    response = sign_in(api_client, "alice", PASSWORD)  # Even the right one, now.

    assert_throttled(response)
    assert "access" not in response.json()
    assert database_state() == before


def test_password_guessing_of_one_account_is_throttled_below_the_address_rate(
    api_client, alice, limit, database_state
):
    limit("login_account")
    for n in range(LIMIT):
        assert sign_in(api_client, "alice", f"guess-{n}").status_code == 401
    before = database_state()

    response = sign_in(api_client, "ALICE", PASSWORD)

    assert_throttled(response)
    assert "access" not in response.json()
    assert database_state() == before


def ask_reset(client, email, ip="10.0.0.1"):
    return client.post(reverse("user-reset-password"), {"email": email}, REMOTE_ADDR=ip)


def test_reset_mail_bombing_of_one_address_is_throttled(api_client, alice, limit):
    limit("password_reset")
    for n in range(LIMIT):
        assert ask_reset(api_client, alice.email, ip=f"10.0.2.{n}").status_code == 204

    response = ask_reset(api_client, alice.email, ip="10.0.2.99")

    assert_throttled(response)
    assert len(mail.outbox) == LIMIT


def test_reset_token_guessing_is_throttled(api_client, alice, limit, database_state):
    limit("password_reset")
    for n in range(LIMIT):
        api_client.post(
            reverse("user-reset-password-confirm"),
            {"uid": encode_uid(alice.pk), "token": f"guess-{n}", "new_password": "Owned-2026!"},
            REMOTE_ADDR="10.0.0.1",
        )
    before = database_state()

    response = api_client.post(
        reverse("user-reset-password-confirm"),
        {
            "uid": encode_uid(alice.pk),
            "token": password_reset_token.make_token(alice),
            "new_password": "Owned-2026!",
        },
        REMOTE_ADDR="10.0.0.1",
    )

    assert_throttled(response)
    assert database_state() == before


def test_activation_mail_bombing_is_throttled(api_client, limit):
    limit("activation")
    for n in range(LIMIT):
        api_client.post(
            reverse("user-resend-activation"),
            {"email": "victim@example.com"},
            REMOTE_ADDR=f"10.0.3.{n}",
        )

    response = api_client.post(
        reverse("user-resend-activation"), {"email": "victim@example.com"}, REMOTE_ADDR="10.0.3.99"
    )

    assert_throttled(response)


def comment(client, post, n):
    return client.post(
        reverse("comment-list", kwargs={"post_slug": post.slug}), {"body": f"Buy now {n}"}
    )


def test_comment_spam_is_throttled_by_the_user_rate(bob_client, alices_post, limit, database_state):
    limit("user")
    for n in range(LIMIT):
        assert comment(bob_client, alices_post, n).status_code == 201
    before = database_state()

    response = comment(bob_client, alices_post, LIMIT)

    assert_throttled(response)
    assert database_state() == before


def test_a_fresh_token_does_not_reset_the_comment_limit(
    bob_client, bob, alices_post, limit, database_state
):
    limit("user")
    for n in range(LIMIT):
        comment(bob_client, alices_post, n)
    fresh = APIClient()
    fresh.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(bob).access_token}")
    before = database_state()

    response = comment(fresh, alices_post, LIMIT)

    assert_throttled(response)
    assert database_state() == before


def test_post_spam_is_throttled_by_the_user_rate(bob_client, limit, database_state):
    limit("user")
    for n in range(LIMIT):
        bob_client.post(reverse("post-list"), {"title": f"Ad {n}", "body": "Buy."})
    before = database_state()

    response = bob_client.post(reverse("post-list"), {"title": "Ad", "body": "Buy."})

    assert_throttled(response)
    assert database_state() == before
