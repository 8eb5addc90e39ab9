"""How API clients authenticate: JWTs of a login that has not ended, and personal API tokens."""

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.permissions import SAFE_METHODS
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken

from accounts.api_tokens import find_token
from accounts.models import ApiToken
from accounts.usage import record_use


class CurrentUsernameJWTAuthentication(JWTAuthentication):
    """SimpleJWT's bearer authentication, where an access token's `username` claim must be the
    user's username now.

    SPAs show the name from the token; after a rename (set_username, the e-mailed reset, the
    admin) a token issued before it would keep claiming the old one. It gets 401 with SimpleJWT's
    `token_not_valid` code, on which clients refresh, and the refreshed token names the user as
    they are called now (accounts.services.issue_refresh_token writes it).
    """

    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        if validated_token.get("username", user.username) != user.username:
            raise InvalidToken("This token names a former username: refresh it.")
        return user


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <secret>`: a personal API token (accounts.api_tokens).

    A read-only token's writes are refused here, before any view runs, so that no view can forget
    to refuse them: 403, as for any signed-in user who may not do something.
    """

    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Send the token as `Authorization: Token <secret>`.")
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            secret = ""
        token = find_token(secret)
        if token is None or not token.login.user.is_active:
            raise AuthenticationFailed("Invalid, expired or revoked token.")
        if token.scope == ApiToken.Scope.READ and request.method not in SAFE_METHODS:
            raise PermissionDenied("This token is read-only.")
        record_use(token.login, request)
        return token.login.user, token

    def authenticate_header(self, request):
        return self.keyword
