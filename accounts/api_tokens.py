"""Personal API tokens: made here, checked by accounts.authentication.ApiTokenAuthentication."""

import hashlib
import secrets

from django.conf import settings
from django.utils import timezone

from accounts.models import ApiToken, Login
from accounts.services import start_login
from accounts.usage import describe_client

# Characters of the secret shown in lists after the prefix: enough to tell tokens apart, far too
# few to guess the rest from (32 random bytes follow).
SHOWN_CHARACTERS = 6


def digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_token(user, name, scope, expires_at, request):
    """A new token of `user` and its login; the secret, which is stored nowhere, with it.
    `request` is the one of the client that gets it, if it is the client that will use it."""
    secret = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        login=start_login(user, Login.Kind.TOKEN, request),
        name=name,
        scope=scope,
        expires_at=expires_at,
        key_prefix=secret[: len(ApiToken.PREFIX) + SHOWN_CHARACTERS],
        digest=digest(secret),
    )
    return token, secret


def sign_in_token(user, request):
    """The token `auth/token/login/` answers: read-write, named after the client it went to,
    and ending when a JWT login would, since a password typed once should not open the account
    for ever."""
    client = describe_client(request.headers.get("User-Agent", ""))
    return create_api_token(
        user,
        name=f"Token login ({client})" if client else "Token login",
        scope=ApiToken.Scope.READ_WRITE,
        expires_at=timezone.now() + settings.REFRESH_TOKEN_ABSOLUTE_LIFETIME,
        request=request,
    )


def find_token(secret):
    """The live token whose secret this is, with its login and user, or None."""
    if not secret.startswith(ApiToken.PREFIX):
        return None
    token = ApiToken.objects.select_related("login__user").filter(digest=digest(secret)).first()
    if token is None or token.login.has_ended():
        return None
    return token


def revoke_token(token):
    Login.objects.filter(pk=token.login_id).update(revoked_at=timezone.now())
