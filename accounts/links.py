"""The tokens of e-mailed links, one kind per purpose.

Djoser signs every link with Django's one `default_token_generator`, so an activation link's
uid and token also set a new password, and a username-reset link reset the password. Each
purpose signs with its own salt here: a link works only for what it was mailed for.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class PurposeBoundTokenGenerator(PasswordResetTokenGenerator):
    """Django's password-reset tokens (one use, expiring), valid for one purpose only."""

    def __init__(self, purpose):
        super().__init__()
        self.key_salt = f"accounts.links.{purpose}"


activation_token = PurposeBoundTokenGenerator("activation")
password_reset_token = PurposeBoundTokenGenerator("password_reset")
username_reset_token = PurposeBoundTokenGenerator("username_reset")

# The view action that checks each kind of link (Djoser asks the view for its generator).
TOKENS_BY_ACTION = {
    "activation": activation_token,
    "reset_password_confirm": password_reset_token,
    "reset_username_confirm": username_reset_token,
}
