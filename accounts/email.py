"""Account e-mails: links bound to their purpose, and no mail server's failure answering for them.

Djoser sends inside the request and lets an SMTP error out as a 500. Password reset and
activation resend answer the same whether or not an account exists; a 500 only for addresses
that exist would tell them apart. A failed send is logged instead, and the answer stays the same.
"""

import logging
import smtplib

from djoser import email
from djoser.conf import settings as djoser_settings

from accounts.links import activation_token, password_reset_token, username_reset_token

logger = logging.getLogger(__name__)


class LoggedFailureMixin:
    def send(self, to, *args, **kwargs):
        try:
            super().send(to, *args, **kwargs)
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not send %s", type(self).__name__)


class PurposeBoundLinkMixin:
    """Signs the mailed link with its own purpose's token (accounts/links.py)."""

    token_generator = None
    url_setting = None

    def get_context_data(self):
        context = super().get_context_data()
        context["token"] = self.token_generator.make_token(context["user"])
        context["url"] = getattr(djoser_settings, self.url_setting).format(**context)
        return context


class ActivationEmail(LoggedFailureMixin, PurposeBoundLinkMixin, email.ActivationEmail):
    """The activation link, after registration or on request."""

    token_generator = activation_token
    url_setting = "ACTIVATION_URL"


class PasswordResetEmail(LoggedFailureMixin, PurposeBoundLinkMixin, email.PasswordResetEmail):
    """The password reset link."""

    token_generator = password_reset_token
    url_setting = "PASSWORD_RESET_CONFIRM_URL"


class UsernameResetEmail(LoggedFailureMixin, PurposeBoundLinkMixin, email.UsernameResetEmail):
    """The username reset link."""

    token_generator = username_reset_token
    url_setting = "USERNAME_RESET_CONFIRM_URL"
