"""Password reset by e-mail: no account enumeration, single-use links to the SPA."""

from datetime import timedelta
from smtplib import SMTPException

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from djoser.utils import decode_uid
from rest_framework.test import APIClient

from accounts.models import User
from tests.accounts.emails import uid_and_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase"


def ask_for_reset(client, email):
    return client.post(reverse("user-reset-password"), {"email": email})


def confirm(client, link, password=NEW_PASSWORD):
    return client.post(reverse("user-reset-password-confirm"), {**link, "new_password": password})


def test_reset_for_a_known_email_mails_a_link_to_the_spa(api_client, alice):
    response = ask_for_reset(api_client, "alice@example.com")

    assert response.status_code == 204
    assert [message.to for message in mail.outbox] == [["alice@example.com"]]
    assert mail.outbox[0].subject == "Reset your Blog API password"
    assert "http://localhost:5173/reset-password/" in mail.outbox[0].body


def test_reset_for_an_unknown_email_answers_exactly_the_same(api_client, alice):
    known = ask_for_reset(api_client, "alice@example.com")
    unknown = ask_for_reset(api_client, "nobody@example.com")

    assert (unknown.status_code, unknown.content) == (known.status_code, known.content)
    assert len(mail.outbox) == 1


def test_the_mailed_link_sets_the_new_password(api_client, alice):
    ask_for_reset(api_client, "alice@example.com")

    response = confirm(api_client, uid_and_token(mail.outbox[0], "reset-password"))
    login = api_client.post(reverse("jwt-create"), {"username": "alice", "password": NEW_PASSWORD})

    assert response.status_code == 204
    assert login.status_code == 200


def test_a_used_reset_link_is_refused(api_client, alice):
    ask_for_reset(api_client, "alice@example.com")
    link = uid_and_token(mail.outbox[0], "reset-password")
    confirm(api_client, link)

    response = confirm(api_client, link, password="yet-another-passphrase")

    assert response.status_code == 400
    assert User.objects.get(pk=alice.pk).check_password(NEW_PASSWORD)


def test_an_expired_reset_link_is_refused(api_client, alice, settings):
    ask_for_reset(api_client, "alice@example.com")
    link = uid_and_token(mail.outbox[0], "reset-password")

    with time_machine.travel(timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)):
        response = confirm(api_client, link)

    assert response.status_code == 400
    assert not User.objects.get(pk=alice.pk).check_password(NEW_PASSWORD)


def test_a_weak_new_password_is_refused(api_client, alice):
    ask_for_reset(api_client, "alice@example.com")

    response = confirm(api_client, uid_and_token(mail.outbox[0], "reset-password"), "12345678")

    assert response.status_code == 400
    assert "new_password" in response.json()


def test_reset_finds_the_account_whatever_the_case_of_the_address(api_client, alice):
    response = ask_for_reset(api_client, "ALICE@Example.com")

    assert response.status_code == 204
    assert [message.to for message in mail.outbox] == [["alice@example.com"]]


@pytest.mark.parametrize("field", ["uid", "token"])
def test_a_reset_link_with_a_number_in_it_is_refused(api_client, alice, field):
    ask_for_reset(api_client, "alice@example.com")
    link = {**uid_and_token(mail.outbox[0], "reset-password"), field: 1}

    response = confirm(api_client, link)

    assert response.status_code == 400
    assert response.json() == {field: ["Not a valid string."]}
    alice.refresh_from_db()
    assert not alice.check_password(NEW_PASSWORD)


# --- Django: password reset ----------------------------------------------------------------------


DOTLESS_I, DOTTED_CAPITAL_I = (
    "\u0131",
    "\u0130",
)  # Turkish i letters: Unicode case maps them to i / I.


@pytest.mark.parametrize(
    "submitted",
    ["ALICE@EXAMPLE.COM", f"AL{DOTTED_CAPITAL_I}CE@example.com", f"al{DOTLESS_I}ce@example.com"],
)
@pytest.mark.owasp("API8:2023")
def test_cve_2019_19844_reset_mail_goes_only_to_the_address_of_the_account_it_resets(
    api_client, alice, submitted
):
    """CVE-2019-19844: an address matched case-insensitively (Unicode case folding included)
    got the reset link of the account it matched, so a look-alike address could take that
    account over. Each link must go to the stored address of the account it resets."""
    UserFactory(username="lookalike", email=f"al{DOTLESS_I}ce@example.com")

    response = api_client.post(reverse("user-reset-password"), {"email": submitted})

    # An address outside the plain ASCII form the schema documents is refused outright.
    assert response.status_code == (204 if submitted.isascii() else 400)
    for message in mail.outbox:
        account = User.objects.get(pk=decode_uid(uid_and_token(message, "reset-password")["uid"]))
        assert message.to == [account.email]


class FailingEmailBackend(BaseEmailBackend):
    """An SMTP server that refuses every message."""

    def send_messages(self, email_messages):
        raise SMTPException("The mail server is down.")


MAILING_ENDPOINTS = {
    "password reset": ("user-reset-password", {}),
    "username reset": ("user-reset-username", {}),
    "activation resend": ("user-resend-activation", {"is_active": False}),
}


@pytest.mark.owasp("API8:2023")
@pytest.mark.parametrize("case", MAILING_ENDPOINTS.values(), ids=MAILING_ENDPOINTS.keys())
def test_cve_2024_45231_a_failing_mail_server_does_not_reveal_accounts(
    api_client, settings, database_state, case
):
    """CVE-2024-45231: when the reset e-mail cannot be sent, the answer for a known address
    differed from the one for an unknown address (an error against 204), so accounts could be
    enumerated while the mail server was down. Djoser sent these e-mails inside the request;
    here a worker sends them after the answer, which is the same either way."""
    endpoint, account_state = case
    account = UserFactory(**account_state)
    settings.EMAIL_BACKEND = f"{__name__}.FailingEmailBackend"
    unknown = api_client.post(reverse(endpoint), {"email": "nobody@example.com"})
    before = database_state()

    known = APIClient(raise_request_exception=False).post(
        reverse(endpoint), {"email": account.email}
    )

    assert unknown.status_code == 204
    assert known.status_code == unknown.status_code
    assert known.content == unknown.content
    assert database_state() == before
