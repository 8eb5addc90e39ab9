"""Account endpoints: Djoser's users, SimpleJWT's tokens with the SPA cookie mode."""

from djoser import views as djoser_views
from djoser.conf import settings as djoser_settings
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt import views as jwt_views

from accounts.cookies import (
    check_origin,
    clear_refresh_cookie,
    move_refresh_into_cookie,
    refresh_from_cookie,
    wants_cookie,
)
from accounts.email import queue_account_email_to_address
from accounts.links import TOKENS_BY_ACTION
from accounts.schema import (
    jwt_blacklist_schema,
    jwt_create_schema,
    jwt_refresh_schema,
    jwt_verify_schema,
    logout_everywhere_schema,
    me_schema,
    user_schema,
)
from accounts.serializers import RefreshTokenReused
from accounts.services import issue_refresh_token, revoke_all_sessions, revoke_login
from accounts.throttling import (
    ActivationEmailThrottle,
    ActivationIPThrottle,
    PasswordResetEmailThrottle,
    PasswordResetIPThrottle,
    RegistrationThrottle,
    UsernameChangeEmailThrottle,
    UsernameChangeIPThrottle,
)
from api.schema import DeleteWithBodyAutoSchema


def token_pair_response(request, user):
    """A fresh access and refresh token for `user`, as token creation answers them."""
    refresh = issue_refresh_token(user, request=request)
    response = Response({"access": str(refresh.access_token), "refresh": str(refresh)})
    return move_refresh_into_cookie(response) if wants_cookie(request) else response


@user_schema
@me_schema
class AccountViewSet(djoser_views.UserViewSet):
    """Djoser's user endpoints, with account-abuse throttles and session revocation."""

    schema = DeleteWithBodyAutoSchema()  # Deleting an account takes `current_password`.

    # Djoser has no setting for per-action throttles.
    throttles_by_action = {
        "create": [RegistrationThrottle],
        "activation": [ActivationIPThrottle],
        "resend_activation": [ActivationIPThrottle, ActivationEmailThrottle],
        "reset_password": [PasswordResetIPThrottle, PasswordResetEmailThrottle],
        "reset_password_confirm": [PasswordResetIPThrottle],
        "set_username": [UsernameChangeIPThrottle],
        "reset_username": [UsernameChangeIPThrottle, UsernameChangeEmailThrottle],
        "reset_username_confirm": [UsernameChangeIPThrottle],
    }

    ordering_fields = ["username", "date_joined"]
    ordering = ["username"]

    @property
    def token_generator(self):
        # Djoser checks every e-mailed link with the view's one generator: each its own here.
        return TOKENS_BY_ACTION[self.action]

    def get_throttles(self):
        if self.action in self.throttles_by_action:
            return [throttle() for throttle in self.throttles_by_action[self.action]]
        return super().get_throttles()

    def permission_denied(self, request, **kwargs):
        # Djoser answers 404 for another user's account when reading or editing it, so that ids
        # reveal nothing; deleting it gets the same answer.
        if request.user.is_authenticated and self.action == "destroy":
            raise NotFound()
        super().permission_denied(request, **kwargs)

    def get_object(self):
        # Djoser's `me` swaps in the signed-in user when it runs, but DRF's OPTIONS answer asks
        # for the object without running it: /me/ has no id, and DRF's lookup was a 500.
        if self.action_map.get("get") == "me":
            return self.get_instance()
        return super().get_object()

    @action(["post"], detail=False)
    def resend_activation(self, request, *args, **kwargs):
        """Mails a new activation link; Djoser answers an empty 400 when activation is off."""
        if not djoser_settings.SEND_ACTIVATION_EMAIL:
            raise ValidationError({"detail": "Accounts need no activation here."})
        return self.mail_link(request, "activation")

    # Djoser looks the account up and mails inside the request; here the worker does both.
    @action(["post"], detail=False)
    def reset_password(self, request, *args, **kwargs):
        return self.mail_link(request, "password_reset")

    @action(["post"], detail=False)
    def reset_username(self, request, *args, **kwargs):
        return self.mail_link(request, "username_reset")

    def mail_link(self, request, kind):
        """Queues a link of `kind` for the address sent; the same 204 whether or not it has an
        account, after the same work."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        queue_account_email_to_address(kind, serializer.validated_data["email"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(["post"], detail=False)
    def set_password(self, request, *args, **kwargs):
        """Changes the password, signs every session out (User.save) and answers a new token
        pair."""
        super().set_password(request, *args, **kwargs)
        return token_pair_response(request, request.user)


@jwt_create_schema
class SignInView(jwt_views.TokenObtainPairView):
    """Signs in with a username or e-mail address and a password."""

    # The sign-in limits of every door apply in the backend (accounts/signin.py), and only they:
    # the anonymous rate counting here too would give this door a limit the others lack.
    throttle_classes = []

    def post(self, request, *args, **kwargs):
        if wants_cookie(request):
            check_origin(request)  # No login CSRF: a foreign page may not plant its session.
        response = super().post(request, *args, **kwargs)
        return move_refresh_into_cookie(response) if wants_cookie(request) else response


class RefreshFromCookieMixin:
    """In cookie mode the refresh token is read from the cookie, not the body."""

    def get_serializer(self, *args, **kwargs):
        if wants_cookie(self.request):
            kwargs["data"] = {"refresh": refresh_from_cookie(self.request)}
        elif isinstance(kwargs.get("data"), dict) and "refresh" not in kwargs["data"]:
            # No token is no credentials, as a missing cookie is in cookie mode: 401, not 400.
            raise NotAuthenticated("No refresh token: send one, or sign in again.")
        return super().get_serializer(*args, **kwargs)


@jwt_refresh_schema
class RefreshView(RefreshFromCookieMixin, jwt_views.TokenRefreshView):
    """Exchanges a refresh token, from the body or the cookie, for a new pair."""

    def post(self, request, *args, **kwargs):
        try:
            response = super().post(request, *args, **kwargs)
        except RefreshTokenReused as reuse:
            return self.refuse_reused_token(request, reuse.login)
        return move_refresh_into_cookie(response) if wants_cookie(request) else response

    def refuse_reused_token(self, request, login):
        # Answered rather than raised: DRF rolls the request's transaction back on an exception,
        # and the revocation must be saved.
        revoke_login(login)
        response = Response(
            {
                "detail": "This refresh token was already used: every session of this login "
                "is signed out."
            },
            status=status.HTTP_401_UNAUTHORIZED,
            headers={"WWW-Authenticate": self.get_authenticate_header(request)},
        )
        return clear_refresh_cookie(response) if wants_cookie(request) else response


@jwt_blacklist_schema
class LogoutView(RefreshFromCookieMixin, jwt_views.TokenBlacklistView):
    """Logs out: the refresh token, from the body or the cookie, stops working."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        return clear_refresh_cookie(response) if wants_cookie(request) else response


@jwt_verify_schema
class DocumentedTokenVerifyView(jwt_views.TokenVerifyView):
    """Says whether a token is valid. Subclassed only to be documented, as the others are."""


@logout_everywhere_schema
class LogoutEverywhereView(APIView):
    """Logs out every session of the signed-in user: their refresh tokens and browser sessions."""

    permission_classes = [IsAuthenticated]

    def post(self, request):
        revoke_all_sessions(request.user)
        return clear_refresh_cookie(Response(status=status.HTTP_204_NO_CONTENT))
