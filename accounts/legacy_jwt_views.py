"""djangorestframework-jwt's three endpoints, in its request and response shapes, for its clients
(accounts.legacy_jwt): `{"token": ...}` in and out, and its 400 with `non_field_errors` when
refused. Served with LEGACY_JWT on only; 404 otherwise."""

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed, NotFound
from rest_framework_simplejwt import serializers as jwt_serializers
from rest_framework_simplejwt import views as jwt_views
from rest_framework_simplejwt.exceptions import TokenError

from accounts.authentication import CurrentUsernameJWTAuthentication
from accounts.legacy_jwt import LegacyToken, issue_legacy_token, next_legacy_token
from accounts.schema import SignInSerializer, auth_operation
from accounts.services import locked_login
from api.schema import ERROR_DESCRIPTIONS
from api.serializers import StrictCharField

# djangorestframework-jwt's words for wrong credentials.
WRONG_CREDENTIALS = "Unable to log in with provided credentials."


@extend_schema_serializer(description="A djangorestframework-jwt token.")
class LegacyTokenSerializer(serializers.Serializer):
    """A token in and out of the refresh and verify endpoints, as that package has it."""

    token = StrictCharField(help_text="Sent as `Authorization: JWT <token>`.")


class LegacySignInSerializer(jwt_serializers.TokenObtainSlidingSerializer):
    """A username or e-mail address and a password give a token of a new legacy login."""

    def validate(self, attrs):
        try:
            return super().validate(attrs)
        except AuthenticationFailed as refused:
            raise serializers.ValidationError(WRONG_CREDENTIALS) from refused

    def get_token(self, user):
        # An instance method where SimpleJWT has a class method: the login notes the client.
        return issue_legacy_token(user, request=self.context.get("request"))


class LegacyRefreshSerializer(LegacyTokenSerializer):
    def validate(self, attrs):
        try:
            token = LegacyToken(attrs["token"])  # Signature, expiry, claims.
            return {"token": str(next_legacy_token(token, locked_login(token.payload)))}
        except TokenError as refused:
            raise serializers.ValidationError(str(refused)) from refused


class LegacyVerifySerializer(LegacyTokenSerializer):
    def validate(self, attrs):
        try:
            # Valid when the API takes it: its login goes on, its user is active and so named.
            CurrentUsernameJWTAuthentication().get_user(LegacyToken(attrs["token"]))
        except TokenError as refused:
            raise serializers.ValidationError(str(refused)) from refused
        except AuthenticationFailed as refused:
            raise serializers.ValidationError(refused.detail) from refused
        return attrs


class LegacyJwtSwitchMixin:
    """404 unless LEGACY_JWT is on: a switch of the deployment, not a permission of a user."""

    def initial(self, request, *args, **kwargs):
        if not settings.LEGACY_JWT:
            raise NotFound("djangorestframework-jwt's endpoints are off here (LEGACY_JWT).")
        super().initial(request, *args, **kwargs)


OFF = OpenApiResponse(description="LEGACY_JWT is off (the default): this endpoint is not served.")


def legacy_operation(summary, description, request, responses):
    return auth_operation(
        summary,
        f"{description} For djangorestframework-jwt's clients; only with LEGACY_JWT on.",
        request=request,
        responses={200: LegacyTokenSerializer, 404: OFF, **responses},
    )


@legacy_operation(
    "Sign in for a legacy JWT",
    "djangorestframework-jwt's `obtain_jwt_token`: a username or e-mail address and a password "
    "give a token, sent as `Authorization: JWT <token>`, valid LEGACY_JWT_LIFETIME_SECONDS (300). "
    "Sign-in limits apply.",
    SignInSerializer,
    {
        400: OpenApiResponse(description="Wrong credentials, or an account not activated yet."),
        # The sign-in limits refuse in the backend (accounts/signin.py), not a view throttle.
        429: OpenApiResponse(description=ERROR_DESCRIPTIONS[429]),
    },
)
class LegacySignInView(LegacyJwtSwitchMixin, jwt_views.TokenObtainSlidingView):
    """`api-token-auth/`."""

    serializer_class = LegacySignInSerializer
    # The sign-in limits apply in the backend (accounts/signin.py), as at every door.
    throttle_classes = []


@legacy_operation(
    "Refresh a legacy JWT",
    "djangorestframework-jwt's `refresh_jwt_token`: a token still valid gives a new one of the "
    "same login, up to LEGACY_JWT_MAX_AGE_DAYS (7) after the sign-in.",
    LegacyTokenSerializer,
    {400: OpenApiResponse(description="An invalid or expired token, or its login has ended.")},
)
class LegacyRefreshView(LegacyJwtSwitchMixin, jwt_views.TokenRefreshSlidingView):
    """`api-token-refresh/`."""

    serializer_class = LegacyRefreshSerializer


@legacy_operation(
    "Verify a legacy JWT",
    "djangorestframework-jwt's `verify_jwt_token`: answers the token if the API takes it.",
    LegacyTokenSerializer,
    {400: OpenApiResponse(description="An invalid or expired token, or its login has ended.")},
)
class LegacyVerifyView(LegacyJwtSwitchMixin, jwt_views.TokenVerifyView):
    """`api-token-verify/`."""

    serializer_class = LegacyVerifySerializer
