"""JSON web tokens whose claims have the types that SimpleJWT and this project read them as.

SimpleJWT trusts the claims of a correctly signed token: a `user_id` that is a list, an object
or not a number reached the database, an `exp` of 1e30 overflowed `datetime`, a `jti` longer
than its column failed the insert, and each answered 500. Such a token was never minted here
(it takes the signing key, or a bug): it is refused as invalid, 401, before anything reads it.
"""

from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from rest_framework_simplejwt import tokens
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts.models import Login, User

# Claims that are stored in a column: a string that fits it.
STORED_CLAIMS = {
    api_settings.JTI_CLAIM: OutstandingToken._meta.get_field("jti"),
    "family": Login._meta.get_field("family"),
}


def check_claim_types(payload):
    """Raises TokenError unless each claim that is read has the type it is read as."""
    if not (
        names_a_user(payload.get(api_settings.USER_ID_CLAIM))
        and is_a_time(payload.get("exp"))
        and all(
            fits(payload[claim], field)
            for claim, field in STORED_CLAIMS.items()
            if claim in payload
        )
        and isinstance(payload.get("username", ""), str)
    ):
        raise TokenError("Token is invalid")


def names_a_user(user_id):
    """Absent (SimpleJWT refuses that itself), or a primary key as SimpleJWT writes it."""
    if user_id is None:
        return True
    if isinstance(user_id, bool) or not isinstance(user_id, str | int):
        return False
    try:
        User._meta.pk.clean(user_id, None)  # A number within the column's range.
    except ValidationError:
        return False
    return True


def is_a_time(timestamp):
    if timestamp is None:
        return True  # SimpleJWT refuses a token without one itself.
    if isinstance(timestamp, bool) or not isinstance(timestamp, int | float):
        return False
    try:
        datetime.fromtimestamp(timestamp, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return False
    return True


def fits(value, field):
    return isinstance(value, str) and len(value) <= field.max_length


class WellFormedTokenMixin:
    """Checks the claims' types before SimpleJWT's own checks read them."""

    def verify(self):
        check_claim_types(self.payload)
        super().verify()


class WellFormedAccessToken(WellFormedTokenMixin, tokens.AccessToken):
    """An access token whose claims have their types (AUTH_TOKEN_CLASSES)."""


class WellFormedRefreshToken(WellFormedTokenMixin, tokens.RefreshToken):
    """A refresh token whose claims have their types (logout)."""


class WellFormedUntypedToken(WellFormedTokenMixin, tokens.UntypedToken):
    """A token of either kind whose claims have their types (verify)."""
