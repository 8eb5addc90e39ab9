"""Account e-mails are tasks queued when the request commits (accounts/email.py, accounts/tasks.py).

The suite runs tasks in-process (no broker), so each mail is sent when the request commits; the
live tests (tests/live/test_task_queue.py) run them on a real worker.
"""

from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.email import queue_account_email
from accounts.serializers import UserSerializer
from accounts.tasks import send_account_email
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


class FlakyEmailBackend(EmailBackend):
    """A mail server that drops the connection `failures` times, then accepts."""

    failures = 0
    attempts = 0

    def send_messages(self, messages):
        FlakyEmailBackend.attempts += 1
        if FlakyEmailBackend.attempts <= FlakyEmailBackend.failures:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail_server(settings, monkeypatch):
    """`flaky_mail_server(n)`: the next n attempts to send fail."""
    settings.EMAIL_BACKEND = f"{__name__}.FlakyEmailBackend"
    monkeypatch.setattr(FlakyEmailBackend, "attempts", 0)

    def failing(times):
        monkeypatch.setattr(FlakyEmailBackend, "failures", times)
        return FlakyEmailBackend

    return failing


def register(client, username="carol"):
    return client.post(
        reverse("user-list"),
        {"username": username, "email": f"{username}@example.com", "password": PASSWORD},
    )


def test_a_queued_mail_is_sent_once_the_transaction_commits(
    alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue_account_email("address_changed", alice, ["alice@example.com"])
        assert mail.outbox == []

    assert [message.to for message in mail.outbox] == [["alice@example.com"]]


def test_a_rolled_back_request_mails_nothing(auth_client, alice, monkeypatch):
    def fail_after_saving(serializer, user):
        raise RuntimeError("The answer could not be written.")

    # The change of address is saved and its mail queued; then the request fails and rolls back.
    monkeypatch.setattr(UserSerializer, "to_representation", fail_after_saving)
    client = auth_client(alice)
    client.raise_request_exception = False

    response = client.patch(
        reverse("user-me"), {"email": "new@example.com", "current_password": PASSWORD}
    )

    assert response.status_code == 500
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert mail.outbox == []


def test_a_change_of_address_tells_the_old_address(auth_client, alice):
    response = auth_client(alice).patch(
        reverse("user-me"), {"email": "new@example.com", "current_password": PASSWORD}
    )

    assert response.status_code == 200
    [notice] = mail.outbox
    assert notice.to == ["alice@example.com"]
    assert notice.subject == "The e-mail address of your Blog API account was changed"
    assert "Hello alice," in notice.body
    assert "If you did not" in notice.body


def test_a_profile_change_that_keeps_the_address_mails_nothing(auth_client, alice):
    response = auth_client(alice).patch(reverse("user-me"), {"bio": "Writes about tea."})

    assert response.status_code == 200
    assert mail.outbox == []


MAILING_ENDPOINTS = {
    "password reset": ("user-reset-password", {}),
    "username reset": ("user-reset-username", {}),
    "activation resend": ("user-resend-activation", {"is_active": False}),
}


@pytest.mark.parametrize("case", MAILING_ENDPOINTS.values(), ids=MAILING_ENDPOINTS.keys())
def test_a_link_request_does_the_same_work_for_a_known_and_an_unknown_address(
    api_client, case, django_capture_on_commit_callbacks
):
    """The same queries and the same one task queued: the account is looked up by the worker, so
    the answer takes the same time whether or not the address has one."""
    endpoint, account_state = case
    account = UserFactory(**account_state)
    work = {}
    for address in (account.email, "nobody@example.com"):
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks() as queued,
        ):
            response = api_client.post(reverse(endpoint), {"email": address})
        assert response.status_code == 204
        work[address] = (len(queries), len(queued))

    assert work[account.email] == work["nobody@example.com"]
    assert work[account.email][1] == 1
    # Only the known address got a mail, from the worker's lookup.
    assert [message.to for message in mail.outbox] == [[account.email]]


def test_a_failing_mail_server_is_tried_again_until_it_accepts(api_client, flaky_mail_server):
    server = flaky_mail_server(2)

    response = register(api_client)

    assert response.status_code == 201
    assert server.attempts == 3
    [activation] = mail.outbox
    assert activation.to == ["carol@example.com"]


def test_a_mail_server_that_keeps_failing_costs_the_request_nothing(
    api_client, flaky_mail_server, caplog
):
    server = flaky_mail_server(1000)

    response = register(api_client)

    assert response.status_code == 201
    # The first attempt and every retry, then the failure is logged.
    assert server.attempts == 1 + send_account_email.max_retries
    assert mail.outbox == []
    assert "SMTPServerDisconnected" in caplog.text


def test_a_mail_for_an_account_deleted_meanwhile_is_dropped(alice):
    alice_id = alice.pk
    alice.delete()

    send_account_email.delay("activation", alice_id, ["alice@example.com"])

    assert mail.outbox == []
