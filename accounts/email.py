"""Account e-mails that never let a mail server's failure answer for them.

Djoser sends inside the request and lets an SMTP error out as a 500. Password reset and
activation resend answer the same whether or not an account exists; a 500 only for addresses
that exist would tell them apart. A failed send is logged instead, and the answer stays the same.
"""

import logging
import smtplib

from djoser import email

logger = logging.getLogger(__name__)


class LoggedFailureMixin:
    def send(self, to, *args, **kwargs):
        try:
            super().send(to, *args, **kwargs)
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not send %s", type(self).__name__)


class ActivationEmail(LoggedFailureMixin, email.ActivationEmail):
    """The activation link, after registration or on request."""


class PasswordResetEmail(LoggedFailureMixin, email.PasswordResetEmail):
    """The password reset link."""


class UsernameResetEmail(LoggedFailureMixin, email.UsernameResetEmail):
    """The username reset link."""
