"""Tokens for clients written against djangorestframework-jwt (unmaintained), so that they work
unchanged: `api-token-auth/`, `api-token-refresh/` and `api-token-verify/`
(accounts.legacy_jwt_views).

Such a client holds one token, sends it as `Authorization: JWT <token>` and, while it is still
valid, trades it for a new one, until a maximum age from the sign-in (that package's `orig_iat`
and JWT_REFRESH_EXPIRATION_DELTA). SimpleJWT's sliding tokens are that idea: the `refresh_exp`
claim is the end of the chain. Here each chain is a login of kind `legacy`, so that it is listed
and ended like every other (the session list, logout everywhere, a password change,
deactivation): the authentication refuses the tokens of a login that has ended.
"""

from datetime import timedelta

from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import SlidingToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from accounts.models import Login, RefreshTokenLineage
from accounts.services import start_login
from accounts.tokens import WellFormedTokenMixin, is_a_time

# djangorestframework-jwt's claim for the time of the sign-in, which its clients may read.
ORIGINAL_ISSUE_CLAIM = "orig_iat"


class LegacyToken(WellFormedTokenMixin, SlidingToken):
    """A djangorestframework-jwt client's token: signs in as an access token does
    (AUTH_TOKEN_CLASSES) and is traded for the next one while it is valid."""

    def verify(self):
        # The times a refresh copies and compares, checked as `exp` is (accounts.tokens).
        claims = (ORIGINAL_ISSUE_CLAIM, api_settings.SLIDING_TOKEN_REFRESH_EXP_CLAIM)
        if not all(is_a_time(self.payload.get(claim)) for claim in claims):
            raise TokenError("Token is invalid")
        super().verify()


def issue_legacy_token(user, login=None, request=None, previous=None):
    """A token for `user` in `login`, a new legacy login from `request` unless given (locked by the
    caller). The next of `previous` keeps its sign-in time and end; no token outlives its login."""
    login = login or start_login(user, Login.Kind.LEGACY, request)
    token = LegacyToken.for_user(user)
    token["username"] = user.username
    token["family"] = login.family
    if previous is None:
        token[ORIGINAL_ISSUE_CLAIM] = token["iat"]
        token.set_exp(api_settings.SLIDING_TOKEN_REFRESH_EXP_CLAIM, login.ends_at, timedelta(0))
    else:
        for claim in (ORIGINAL_ISSUE_CLAIM, api_settings.SLIDING_TOKEN_REFRESH_EXP_CLAIM):
            token[claim] = previous[claim]
    end = datetime_from_epoch(token[api_settings.SLIDING_TOKEN_REFRESH_EXP_CLAIM])
    if datetime_from_epoch(token["exp"]) > end:
        token.set_exp(from_time=end, lifetime=timedelta(0))
    outstanding = OutstandingToken.objects.get(jti=token[api_settings.JTI_CLAIM])
    outstanding.expires_at = datetime_from_epoch(token["exp"])
    outstanding.token = str(token)
    outstanding.save(update_fields=["expires_at", "token"])
    RefreshTokenLineage.objects.create(token=outstanding, login=login)
    return token


def next_legacy_token(token, login):
    """The token that follows `token` (valid, of `login`, locked by the caller); TokenError when
    its chain has reached its maximum age or its login has ended."""
    token.check_exp(api_settings.SLIDING_TOKEN_REFRESH_EXP_CLAIM)
    if login is None or login.has_ended() or not login.user.is_active:
        raise TokenError("This login has ended: sign in again.")
    return issue_legacy_token(login.user, login, previous=token)
