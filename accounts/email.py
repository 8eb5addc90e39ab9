"""Account e-mails: links bound to their purpose, mailed by a worker after the request commits.

Djoser renders and sends each e-mail inside the request, so a slow mail server made a slow
answer, a failing one an error, and a reset took longer for an address that has an account. Here
an e-mail is a task (accounts/tasks.py) queued when the request's transaction commits: a request
rolled back mails nothing, and the worker renders the mail from the saved user, retrying while
the mail server fails. Resets and activation resends queue the address itself, and the worker
looks the account up: the request does the same work whether or not the address has one.
"""

from django.db import transaction
from djoser import email
from djoser.conf import settings as djoser_settings

from accounts.links import activation_token, password_reset_token, username_reset_token


def queue_account_email(kind, user, to):
    """Mails `user` the e-mail of `kind` (a key of EMAILS) at the addresses `to`, once the
    current transaction commits."""
    from accounts.tasks import send_account_email  # It renders the e-mails of this module.

    transaction.on_commit(
        lambda: send_account_email.delay(kind, user.pk, list(to)),
        # Saved is saved: a broker that cannot be reached loses the mail (logged), not the answer.
        robust=True,
    )


def queue_account_email_to_address(kind, address):
    """Mails the e-mail of `kind` to the account of `address`, if there is one, once the current
    transaction commits. Whether there is one is looked up by the worker."""
    from accounts.tasks import send_account_email_to_address

    transaction.on_commit(lambda: send_account_email_to_address.delay(kind, address), robust=True)


class QueuedSendMixin:
    """Djoser's `send(to)` queues the e-mail; the worker calls `send_now`."""

    kind = None

    def send(self, to, *args, **kwargs):
        queue_account_email(self.kind, self.context["user"], to)

    def send_now(self, to):
        super().send(to)


class PurposeBoundLinkMixin:
    """Signs the mailed link with its own purpose's token (accounts/links.py)."""

    token_generator = None
    url_setting = None

    def get_context_data(self):
        context = super().get_context_data()
        context["token"] = self.token_generator.make_token(context["user"])
        context["url"] = getattr(djoser_settings, self.url_setting).format(**context)
        return context


class ActivationEmail(QueuedSendMixin, PurposeBoundLinkMixin, email.ActivationEmail):
    """The activation link, after registration or on request."""

    kind = "activation"
    token_generator = activation_token
    url_setting = "ACTIVATION_URL"


class PasswordResetEmail(QueuedSendMixin, PurposeBoundLinkMixin, email.PasswordResetEmail):
    """The password reset link."""

    kind = "password_reset"
    token_generator = password_reset_token
    url_setting = "PASSWORD_RESET_CONFIRM_URL"


class UsernameResetEmail(QueuedSendMixin, PurposeBoundLinkMixin, email.UsernameResetEmail):
    """The username reset link."""

    kind = "username_reset"
    token_generator = username_reset_token
    url_setting = "USERNAME_RESET_CONFIRM_URL"


class AddressChangedEmail(QueuedSendMixin, email.BaseDjoserEmail):
    """To the old address after a change of address: its owner learns of a change they did not
    make while they can still act on it."""

    kind = "address_changed"
    template_name = "email/address_changed.html"


class SecondFactorRemovedEmail(QueuedSendMixin, email.BaseDjoserEmail):
    """After the second factor was removed: signing in takes the password only from now on."""

    kind = "second_factor_removed"
    template_name = "email/second_factor_removed.html"


class RecoveryCodeUsedEmail(QueuedSendMixin, email.BaseDjoserEmail):
    """After a recovery code signed in or removed the second factor: if it was not the owner,
    someone has their password and a code."""

    kind = "recovery_code_used"
    template_name = "email/recovery_code_used.html"


EMAILS = {
    message.kind: message
    for message in (
        ActivationEmail,
        PasswordResetEmail,
        UsernameResetEmail,
        AddressChangedEmail,
        SecondFactorRemovedEmail,
        RecoveryCodeUsedEmail,
    )
}
