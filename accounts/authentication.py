"""How API clients authenticate: JWTs of a login that has not ended, and personal API tokens."""

from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.permissions import SAFE_METHODS
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings

from accounts.api_tokens import find_token
from accounts.models import ApiToken, Login, User
from accounts.second_factor import must_enrol
from accounts.usage import record_use

# What staff who must enrol (MFA_REQUIRED_FOR_STAFF) may still reach: enrolment, and logging out.
ENROLMENT_URL_NAMES = {
    "mfa",
    "mfa-totp",
    "mfa-totp-confirm",
    "jwt-blacklist",
    "jwt-logout-everywhere",
    "token-logout",
}


class EnrolmentFirstMixin:
    """Staff without a second factor, where MFA_REQUIRED_FOR_STAFF, are refused (403) everywhere
    but at enrolment and logout, however they authenticate: every authentication class of the
    API has this mixin (tests walk them)."""

    def authenticate(self, request):
        authenticated = super().authenticate(request)
        if authenticated is not None and must_enrol(authenticated[0]):
            match = request._request.resolver_match
            if match is None or match.url_name not in ENROLMENT_URL_NAMES:
                raise PermissionDenied(
                    "Staff must turn on two-factor sign-in first: enrol at auth/mfa/totp/."
                )
        return authenticated


class AccountHeldWhileWritingMixin:
    """A write holds its user's row until it commits, however they authenticate (every
    authentication class of the API has this mixin; tests walk them): deleting the account
    (User.delete) waits for the writes in flight, and a write that waited for a deletion finds
    the account gone (401) rather than adding a post, comment or like to a deleted user, which
    would fail when it commits. One user's writes take turns; reads take no lock."""

    def authenticate(self, request):
        authenticated = super().authenticate(request)
        if authenticated is not None and request.method not in SAFE_METHODS:
            held = User.objects.select_for_update(no_key=True).filter(pk=authenticated[0].pk)
            if not held.exists():
                raise AuthenticationFailed("This account has been deleted.", code="user_not_found")
        return authenticated


class CurrentUsernameJWTAuthentication(
    AccountHeldWhileWritingMixin, EnrolmentFirstMixin, JWTAuthentication
):
    """SimpleJWT's bearer authentication, where an access token dies with its login, and its
    `username` claim must be the user's username now.

    A token names its login (`family`): once the login has ended (logout, logout everywhere, a
    password change, the session list) its access tokens are refused at once rather than when
    they expire. The login is read with its user in one query, where SimpleJWT reads the user.

    SPAs show the name from the token; after a rename (set_username, the e-mailed reset, the
    admin) a token issued before it would keep claiming the old one. Both get 401 with SimpleJWT's
    `token_not_valid` code, on which clients refresh, and the refreshed token names the user as
    they are called now (accounts.services.issue_refresh_token writes it).
    """

    login = None  # The login of the token that authenticated, for the session list.

    def authenticate(self, request):
        authenticated = super().authenticate(request)
        if authenticated is not None and self.login is not None:
            record_use(self.login, request)
        return authenticated

    def get_user(self, validated_token):
        family = validated_token.get("family")
        if family is None:
            # Minted outside a sign-in (a shell, the tests): every login's tokens name it.
            user = super().get_user(validated_token)
        else:
            user = self.user_of_login(family, validated_token[api_settings.USER_ID_CLAIM])
        if validated_token.get("username", user.username) != user.username:
            raise InvalidToken("This token names a former username: refresh it.")
        return user

    def user_of_login(self, family, user_id):
        self.login = (
            Login.objects.select_related("user").filter(family=family, user_id=user_id).first()
        )
        if self.login is None or self.login.has_ended():
            raise InvalidToken("This login has ended: sign in again.")
        if api_settings.CHECK_USER_IS_ACTIVE and not self.login.user.is_active:
            raise AuthenticationFailed("User is inactive", code="user_inactive")
        return self.login.user


class ApiTokenAuthentication(AccountHeldWhileWritingMixin, EnrolmentFirstMixin, BaseAuthentication):
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


class EnrolmentFirstSessionAuthentication(
    AccountHeldWhileWritingMixin, EnrolmentFirstMixin, SessionAuthentication
):
    """The browsable API's session login, for staff who must enrol first as for every client."""
