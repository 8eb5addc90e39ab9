"""What the OpenAPI schema says of the account endpoints: Djoser's users and the JWT views.

Djoser's actions answer 204 or, for `set_password`, a token pair, and the JWT views take and give
bodies their serializers do not show (the refresh token leaves the body in cookie mode), so each
operation states its request and answers here. The views wear these as class decorators.
"""

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerExtension,
)
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import serializers

from accounts.cookies import COOKIE_MODE_HEADER
from accounts.second_factor_schema import NEEDS_SECOND_STEP, SECOND_STEP
from accounts.token_serializers import AuthTokenSerializer
from api.schema import ERROR_DESCRIPTIONS, documented, request_example


@extend_schema_serializer(
    description="The credentials that sign in: `username` and `password`, then for an account "
    "with a second factor `challenge` and `code`.",
    examples=[
        request_example(
            "A demo account (manage.py load_demo_data)",
            {"username": "alice", "password": "demo-alice-2026"},
        )
    ],
)
class SignInSerializer(serializers.Serializer):
    """The sign-in body, as documented (accounts.serializers.TokenObtainPairSerializer reads it)."""

    username = serializers.CharField(
        required=False, help_text="Username or e-mail address, in any case (first step)."
    )
    password = serializers.CharField(required=False, help_text="First step.")
    challenge = serializers.CharField(
        required=False,
        help_text="Second step: the `challenge` the password answered, instead of the password.",
    )
    code = serializers.CharField(
        required=False,
        help_text="Second step: the 6-digit code of your authenticator app, or a recovery code.",
    )


@extend_schema_serializer(
    description="A refresh token: in the body, or in cookie mode the `refresh_token` cookie."
)
class RefreshTokenSerializer(serializers.Serializer):
    """The refresh and log-out body, as documented."""

    refresh = serializers.CharField(
        required=False,
        help_text="Required, except in cookie mode, which reads the `refresh_token` cookie.",
    )


@extend_schema_serializer(
    description="A new access token, and a new refresh token unless in cookie mode."
)
class TokenPairSerializer(serializers.Serializer):
    """The token pair answered, as documented."""

    access = serializers.CharField(
        help_text="Sent as `Authorization: Bearer <access>`; lives 15 minutes by default."
    )
    refresh = serializers.CharField(
        required=False,
        help_text="Single use: refreshing answers a new one. Left out in cookie mode.",
    )

    class Meta:
        sometimes_left_out = ["refresh"]


class EmptySerializer(serializers.Serializer):
    """`{}`, as a component: generated clients name it `Empty`, not after an operation."""


class EmptySerializerExtension(OpenApiSerializerExtension):
    """drf-spectacular documents a serializer without fields as no body at all."""

    target_class = EmptySerializer

    def map_serializer(self, auto_schema, direction):
        return {"type": "object", "description": "An empty object.", "additionalProperties": False}


class CurrentUsernameJWTScheme(SimpleJWTScheme):
    """SimpleJWT's bearer scheme, and the same tokens behind djangorestframework-jwt's `JWT`
    prefix: two schemes, either of which will do (SimpleJWT's extension documents one prefix)."""

    target_class = "accounts.authentication.CurrentUsernameJWTAuthentication"
    name = ["jwtAuth", "legacyJwtAuth"]

    def get_security_requirement(self, auto_schema):
        return [{name: []} for name in self.name]

    def get_security_definition(self, auto_schema):
        return [
            {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
            {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "The same tokens as `jwtAuth`, sent as `JWT <token>`, "
                "djangorestframework-jwt's prefix; its clients' own tokens come from "
                "`api-token-auth/` (with LEGACY_JWT on).",
            },
        ]


class EnrolmentFirstSessionScheme(SessionScheme):
    """Documented as DRF's session scheme, which it is."""

    target_class = "accounts.authentication.EnrolmentFirstSessionAuthentication"


class UserSerializerExtension(OpenApiSerializerExtension):
    """A user's `email` and `email_notifications` are in their own account only: never required
    in an answer."""

    target_class = "accounts.serializers.UserSerializer"

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "response":
            for private in ("email", "email_notifications"):
                if private in schema["required"]:
                    schema["required"].remove(private)
                description = schema["properties"][private].get("description")
                schema["properties"][private]["description"] = " ".join(
                    filter(None, [description, "In your own account only."])
                )
        return schema


COOKIE_MODE = OpenApiParameter(
    COOKIE_MODE_HEADER,
    str,
    OpenApiParameter.HEADER,
    description=(
        "Cookie mode (any value, e.g. `1`): the refresh token travels in the HttpOnly cookie "
        "`refresh_token` (path `/api/v1/auth/jwt/`), never in a JSON body."
    ),
)
REFRESH_COOKIE_SET = OpenApiParameter(
    "Set-Cookie",
    str,
    OpenApiParameter.HEADER,
    description="Cookie mode only: the new refresh token, as the `refresh_token` cookie.",
    response=[200],
)
NO_BODY = {204: None}
INVALID_REFRESH = (
    "A refresh token that is invalid, expired or used, of a login that has ended, or no cookie in "
    "cookie mode."
)
BAD_ORIGIN = OpenApiResponse(
    description="Cookie mode from a page on an origin the API does not serve."
)


def auth_operation(summary, description, **kwargs):
    return extend_schema(tags=["Auth"], summary=summary, description=description, **kwargs)


jwt_create_schema = auth_operation(
    "Sign in",
    "A username or e-mail address and a password give an access and a refresh token." + SECOND_STEP,
    request=SignInSerializer,
    responses={
        200: TokenPairSerializer,
        401: NEEDS_SECOND_STEP,
        403: BAD_ORIGIN,
        # The sign-in limits refuse in the backend (accounts/signin.py), not a view throttle.
        429: OpenApiResponse(description=ERROR_DESCRIPTIONS[429]),
    },
    parameters=[COOKIE_MODE, REFRESH_COOKIE_SET],
)

jwt_refresh_schema = auth_operation(
    "Refresh the tokens",
    "A refresh token gives a new access and refresh token of the same login. Within 10 seconds "
    "(REFRESH_TOKEN_REUSE_GRACE_SECONDS) the old refresh token gets one more pair, as two tabs "
    "may refresh at once; later it is taken for a stolen copy and ends its whole login (401). A "
    "login ends 30 days (REFRESH_TOKEN_ABSOLUTE_LIFETIME_DAYS) after its sign-in, however often "
    "it is refreshed.",
    request=RefreshTokenSerializer,
    responses={
        200: TokenPairSerializer,
        401: OpenApiResponse(description=INVALID_REFRESH),
        403: BAD_ORIGIN,
    },
    parameters=[COOKIE_MODE, REFRESH_COOKIE_SET],
)

jwt_verify_schema = auth_operation(
    "Verify a token",
    "Answers 200 if the token (access or refresh) is valid, and 401 if it is not.",
    responses={
        200: OpenApiResponse(EmptySerializer, description="The token is valid."),
        401: OpenApiResponse(description="The token is invalid or expired."),
    },
)

jwt_blacklist_schema = auth_operation(
    "Log out",
    "The refresh token's login ends: none of its refresh tokens works any more; in cookie mode "
    "the cookie is cleared.",
    request=RefreshTokenSerializer,
    responses={
        200: OpenApiResponse(EmptySerializer, description="Logged out."),
        401: OpenApiResponse(description=INVALID_REFRESH),
        403: BAD_ORIGIN,
    },
    parameters=[COOKIE_MODE],
)

logout_everywhere_schema = auth_operation(
    "Log out everywhere",
    "Every refresh token of yours stops working, on every device, and every browser session of "
    "the browsable API and the admin ends; the cookie is cleared.",
    request=None,
    responses=NO_BODY,
)

user_schema = documented(
    "Users",
    list=("List users", "Yourself; staff see every user, without their e-mail addresses."),
    create=(
        "Register",
        "Creates an account, inactive until its e-mailed activation link is followed "
        "(unless ACCOUNT_ACTIVATION is off).",
    ),
    retrieve=("Read a user", "Your own account (staff: anyone's); another user is 404."),
    update=("Replace a user", "Your own account (staff: anyone's)."),
    partial_update=("Edit a user", "Your own account (staff: anyone's)."),
    destroy=(
        "Delete a user",
        "Checks your `current_password`, then deletes the account.",
        {"responses": NO_BODY},
    ),
    activation=(
        "Activate an account",
        "Activates the account named by the e-mailed link's `uid` and `token`.",
        {
            "responses": {
                204: None,
                403: OpenApiResponse(description="The account is active already."),
            }
        },
    ),
    resend_activation=(
        "Resend the activation e-mail",
        "Mails a new link if an inactive account has this address: 204 either way "
        "(400 when activation is off).",
        {"responses": NO_BODY},
    ),
    set_password=(
        "Change your password",
        "Checks `current_password`, sets `new_password`, ends every session and answers a new "
        "token pair.",
        {"responses": {200: TokenPairSerializer}, "parameters": [COOKIE_MODE, REFRESH_COOKIE_SET]},
    ),
    reset_password=(
        "Ask for a password reset",
        "Mails a reset link if an account has this address: 204 either way.",
        {"responses": NO_BODY},
    ),
    reset_password_confirm=(
        "Reset the password",
        "Sets `new_password` with the e-mailed link's `uid` and `token`; every session ends.",
        {"responses": NO_BODY},
    ),
    set_username=(
        "Change your username",
        "Checks `current_password` and sets `new_username`.",
        {"responses": NO_BODY},
    ),
    reset_username=(
        "Ask for a username reset",
        "Mails a link to choose a new username if an account has this address: 204 either way.",
        {"responses": NO_BODY},
    ),
    reset_username_confirm=(
        "Reset the username",
        "Sets `new_username` with the e-mailed link's `uid` and `token`.",
        {"responses": NO_BODY},
    ),
)


def users_operation(method, summary, description, **kwargs):
    return extend_schema(
        methods=[method], tags=["Users"], summary=summary, description=description, **kwargs
    )


me_schema = extend_schema_view(
    me=[
        users_operation("GET", "Read your account", "Your account, with your e-mail address."),
        users_operation(
            "PUT",
            "Replace your account",
            "Sets your e-mail address, bio and whether comments on your posts are e-mailed to you.",
        ),
        users_operation(
            "PATCH",
            "Edit your account",
            "Changes your e-mail address, bio or whether comments on your posts are e-mailed to "
            "you.",
        ),
        users_operation(
            "DELETE",
            "Delete your account",
            "Checks `current_password`, deletes your account and ends every session.",
            responses=NO_BODY,
        ),
    ]
)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """`Authorization: Token <secret>`, a personal API token."""

    target_class = "accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A personal API token (`auth/tokens/`, `auth/token/login/`), sent as "
            "`Token <secret>`; its secret starts with `blogpat_`.",
        }


api_token_schema = documented(
    "Auth",
    list=("List your API tokens", "Name, scope, expiry, creation and last use: never the secret."),
    create=(
        "Create an API token",
        "A named token, read-only or read-write, with an optional expiry. The answer shows its "
        "secret, once: only a hash of it is kept. Send it as `Authorization: Token <secret>`. "
        "A token cannot create tokens (403), nor a login without the second factor of an account "
        "that has one.",
    ),
    retrieve=("Read an API token", "One of your tokens, without its secret."),
    destroy=("Revoke an API token", "It stops working at once.", {"responses": NO_BODY}),
)

token_login_schema = auth_operation(
    "Sign in for an API token",
    "Djoser's token login: a username or e-mail address and a password give a read-write API "
    "token, which ends REFRESH_TOKEN_ABSOLUTE_LIFETIME_DAYS later. Sign-in limits apply."
    + SECOND_STEP,
    request=SignInSerializer,
    responses={
        200: AuthTokenSerializer,
        400: OpenApiResponse(description="Wrong credentials, or an account not activated yet."),
        401: NEEDS_SECOND_STEP,
        # The sign-in limits refuse in the backend (accounts/signin.py), not a view throttle.
        429: OpenApiResponse(description=ERROR_DESCRIPTIONS[429]),
    },
)

token_logout_schema = auth_operation(
    "Log out of an API token",
    "Djoser's token logout: the token sent as `Authorization: Token <secret>` stops working.",
    request=None,
    responses={
        **NO_BODY,
        403: OpenApiResponse(description="Signed in otherwise than with a token."),
    },
)

session_schema = documented(
    "Auth",
    list=(
        "List your sessions",
        "Every login of yours that still signs in: JWT logins, browser sessions and API tokens, "
        "with when each started and was last used, the client and IP last seen, and which one "
        "this request is sent with (`current`).",
    ),
    destroy=(
        "End a session",
        "Ends it at once: its refresh and access tokens, its browser session or its API token "
        "stop working.",
        {"responses": NO_BODY},
    ),
)
