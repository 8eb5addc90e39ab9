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
JTI_COLUMN = OutstandingToken._meta.get_field("jti")
FAMILY_COLUMN = Login._meta.get_field("family")


def check_claim_types(payload):
    """Raises TokenError unless each claim that is read is there and has the type it is read as:
    every token minted here names its user, its type and its id."""
    if not (
        names_a_user(payload.get(api_settings.USER_ID_CLAIM))
        and is_a_time(payload.get("exp"))
        and isinstance(payload.get(api_settings.TOKEN_TYPE_CLAIM), str)
        and fits(payload.get(api_settings.JTI_CLAIM), JTI_COLUMN)
        and ("family" not in payload or fits(payload["family"], FAMILY_COLUMN))
        and isinstance(payload.get("username", ""), str)
    ):
        raise TokenError("Token is invalid")


def names_a_user(user_id):
    """A primary key as SimpleJWT writes it."""
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
    """A string its column can store (PostgreSQL refuses NUL in text)."""
    return isinstance(value, str) and len(value) <= field.max_length and "\x00" not in value


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
