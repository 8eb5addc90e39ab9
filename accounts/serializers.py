"""User and token serializers: Djoser's and SimpleJWT's, extended where settings cannot."""

from djoser import serializers as djoser_serializers
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt import serializers as jwt_serializers
from rest_framework_simplejwt.exceptions import TokenBackendError, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.state import token_backend

from accounts.authentication import CurrentUsernameJWTAuthentication
from accounts.email import queue_account_email
from accounts.models import User
from accounts.second_step import SecondStepMixin
from accounts.services import (
    end_login,
    in_reuse_grace,
    issue_refresh_token,
    locked_login,
    rotate,
    rotated_lineage,
    take_grace_exchange,
)
from accounts.signin import current_password_is_right
from accounts.tokens import WellFormedRefreshToken, WellFormedUntypedToken, check_claim_types
from api.schema import request_example
from api.serializers import (
    StrictCharField,
    StrictEmailField,
    StrictModelSerializer,
    unique_case_insensitively,
)


@extend_schema_serializer(
    description="A new account: its username and e-mail address are taken in no other case.",
    examples=[
        request_example(
            "A new account",
            {
                "username": "carol",
                "email": "carol@example.com",
                "password": "a-long-passphrase-2026",
                "bio": "Reads about APIs.",
            },
        )
    ],
)
class UserCreateSerializer(djoser_serializers.UserCreateSerializer):
    """Registration: username and e-mail unique whatever their case."""

    serializer_field_mapping = StrictModelSerializer.serializer_field_mapping
    password = StrictCharField(style={"input_type": "password"}, write_only=True)

    class Meta(djoser_serializers.UserCreateSerializer.Meta):
        fields = ["id", "username", "email", "password", "bio"]
        extra_kwargs = {
            "username": {
                "validators": [User.username_validator, unique_case_insensitively(User, "username")]
            },
            "email": {"validators": [unique_case_insensitively(User, "email")]},
        }


@extend_schema_serializer(
    description="An account; its e-mail address is shown to its owner only.",
    examples=[
        request_example(
            "A new bio (the same address needs no password)",
            {"email": "alice@example.com", "bio": "Writes about Django and APIs."},
        )
    ],
)
class UserSerializer(djoser_serializers.UserSerializer):
    """A user's account; the e-mail address and the notification choice are shown to its owner
    only.

    Changing the address takes the current password: whoever holds the address can reset the
    password, so a stolen access token must not be enough to take the account over.
    """

    serializer_field_mapping = StrictModelSerializer.serializer_field_mapping

    current_password = StrictCharField(
        write_only=True,
        required=False,
        style={"input_type": "password"},
        help_text="Your password: needed to change the e-mail address.",
    )

    class Meta(djoser_serializers.UserSerializer.Meta):
        fields = [
            "id",
            "username",
            "email",
            "bio",
            "email_notifications",
            "date_joined",
            "current_password",
        ]
        read_only_fields = ["username", "date_joined"]
        extra_kwargs = {"email": {"validators": [unique_case_insensitively(User, "email")]}}

    def validate(self, attrs):
        password = attrs.pop("current_password", None)
        new_email = attrs.get("email")
        if new_email is not None and new_email != self.instance.email:
            requester = self.context["request"].user
            if password is None or not current_password_is_right(
                self.context["request"], requester, password
            ):
                raise serializers.ValidationError(
                    {"current_password": ["Your password is needed to change your e-mail address."]}
                )
        return attrs

    def update(self, instance, validated_data):
        # Past Djoser's `update`, which deactivates the account whenever the address changes (its
        # case included) until a link mailed to it is followed: the owner, who proved their
        # password, stays signed in and able to sign in. The old address is told.
        old_address = instance.email
        user = serializers.ModelSerializer.update(self, instance, validated_data)
        if user.email != old_address:
            queue_account_email("address_changed", user, [old_address])
        return user

    def to_representation(self, user):
        data = super().to_representation(user)
        request = self.context.get("request")
        if request is None or request.user.pk != user.pk:
            del data["email"], data["email_notifications"]
        return data


USERNAME_VALIDATORS = {
    "validators": [User.username_validator, unique_case_insensitively(User, "username")]
}


# Djoser's `current_password` check, within the sign-in limits (accounts/signin.py), for password
# and username changes and account deletion. No docstrings: drf-spectacular would publish them as
# the descriptions of these request bodies.
class LimitedCurrentPasswordMixin:
    def validate_current_password(self, value):
        request = self.context["request"]
        if not current_password_is_right(request, request.user, value):
            self.fail("invalid_password")
        return value


@extend_schema_serializer(description="A password change: the current one, then the new one.")
class SetPasswordSerializer(LimitedCurrentPasswordMixin, djoser_serializers.SetPasswordSerializer):
    pass


@extend_schema_serializer(description="Your password, to confirm the deletion.")
class UserDeleteSerializer(LimitedCurrentPasswordMixin, djoser_serializers.UserDeleteSerializer):
    pass


@extend_schema_serializer(
    description="A username change: your password, then the new username, taken in no other case."
)
class SetUsernameSerializer(LimitedCurrentPasswordMixin, djoser_serializers.SetUsernameSerializer):
    """Username change: unique whatever its case, as at registration."""

    serializer_field_mapping = StrictModelSerializer.serializer_field_mapping

    # Djoser checks the exact case only: a case variant reached the database constraint, a 500.
    class Meta(djoser_serializers.SetUsernameSerializer.Meta):
        extra_kwargs = {"username": USERNAME_VALIDATORS}


# Djoser decodes the e-mailed link's `uid` and checks its `token` from the raw input, past its
# own CharFields, which take a number: `{"uid": 0}` was a 500. Strict fields refuse it first.


@extend_schema_serializer(description="The `uid` and `token` of the e-mailed activation link.")
class ActivationSerializer(djoser_serializers.ActivationSerializer):
    """Activation by e-mailed link: `uid` and `token` are strings."""

    uid = StrictCharField()
    token = StrictCharField()


@extend_schema_serializer(
    description="The `uid` and `token` of the e-mailed reset link, and the new password."
)
class PasswordResetConfirmSerializer(djoser_serializers.PasswordResetConfirmSerializer):
    """Password reset by e-mailed link: `uid` and `token` are strings."""

    uid = StrictCharField()
    token = StrictCharField()


@extend_schema_serializer(
    description="The `uid` and `token` of the e-mailed reset link, and the new username."
)
class UsernameResetConfirmSerializer(djoser_serializers.UsernameResetConfirmSerializer):
    """Username reset by e-mailed link: the new username is unique whatever its case."""

    serializer_field_mapping = StrictModelSerializer.serializer_field_mapping
    uid = StrictCharField()
    token = StrictCharField()

    class Meta(djoser_serializers.UsernameResetConfirmSerializer.Meta):
        extra_kwargs = {"username": USERNAME_VALIDATORS}


@extend_schema_serializer(
    description="The e-mail address of an account, in any case.",
    examples=[request_example("A demo account's address", {"email": "alice@example.com"})],
)
class SendEmailResetSerializer(djoser_serializers.SendEmailResetSerializer):
    """Password and username resets, activation resend: the address to mail a link to.

    The account is found whatever the case of the address, after the answer: whether there is
    one never shows in the answer, nor in its time.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"] = StrictEmailField()  # Djoser sets its own in __init__.


class TokenObtainPairSerializer(SecondStepMixin, jwt_serializers.TokenObtainPairSerializer):
    """Signs in: a token pair starting a new login, whose access token names the user so that an
    SPA can greet them without a lookup. A user with a second factor signs in in two steps."""

    def get_token(self, user):
        # An instance method where SimpleJWT has a class method: the login notes the client.
        return issue_refresh_token(user, request=self.context.get("request"))

    def second_step_passed(self, attrs):
        return token_pair(self.get_token(self.user))


class RefreshTokenReused(Exception):
    """A rotated refresh token came back after the grace window; the view revokes its login."""

    def __init__(self, login):
        super().__init__(login.family)
        self.login = login


class TokenRefreshSerializer(jwt_serializers.TokenRefreshSerializer):
    """Rotates the refresh token within its login, and treats a rotated one presented again as a
    stolen copy.

    Within REFRESH_TOKEN_REUSE_GRACE of its rotation (two tabs refreshing at once) the old token
    gets one more pair in the same login; later, RefreshTokenReused is raised for the view. Every
    step runs under the login's lock, so nothing is minted into a login that has ended.
    """

    token_class = WellFormedRefreshToken

    def validate(self, attrs):
        payload = verified_refresh_payload(attrs["refresh"])
        login = locked_login(payload)
        try:
            self.token_class(attrs["refresh"])  # Signature, expiry, blacklist.
        except TokenError:
            lineage = rotated_lineage(payload) if payload else None
            if lineage is None or lineage.login.has_ended():
                raise  # Expired, logged out or revoked: an ordinary refusal.
            return self.exchange_rotated(lineage)
        user = self.active_user(payload.get(jwt_settings.USER_ID_CLAIM))
        if login is None or login.has_ended():
            raise TokenError("This login has ended: sign in again.")
        return token_pair(rotate(payload, user, login))

    def exchange_rotated(self, lineage):
        """A token rotated moments ago: a second tab's, which gets one more pair. Later, a copy."""
        if not in_reuse_grace(lineage):
            raise RefreshTokenReused(lineage.login)
        if not take_grace_exchange(lineage):
            raise TokenError("This refresh token was already exchanged: use the new one.")
        user = self.active_user(lineage.token.user_id)
        return token_pair(issue_refresh_token(user, lineage.login))

    def active_user(self, user_id):
        try:
            user = User.objects.filter(**{jwt_settings.USER_ID_FIELD: user_id}).first()
        except (TypeError, ValueError):
            user = None  # A claim of the wrong type names nobody.
        if user is None or not jwt_settings.USER_AUTHENTICATION_RULE(user):
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], "no_active_account"
            )
        return user


def token_pair(refresh):
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


class TokenBlacklistSerializer(jwt_serializers.TokenBlacklistSerializer):
    """Logs out: the token's whole login ends, with any token a racing tab got moments before."""

    token_class = WellFormedRefreshToken

    def validate(self, attrs):
        login = locked_login(verified_refresh_payload(attrs["refresh"]))
        data = super().validate(attrs)
        if login is not None:
            end_login(login)
        return data


def verified_refresh_payload(raw):
    """The claims of a correctly signed, unexpired refresh token, blacklisted or not."""
    try:
        payload = token_backend.decode(raw, verify=True)
        check_claim_types(payload)
    except (TokenBackendError, TokenError):
        return None
    return payload if payload.get(jwt_settings.TOKEN_TYPE_CLAIM) == "refresh" else None


# Says whether a token is valid: one whose claims have the wrong types is not, and an access token
# is valid when the API would take it (its user active, named as they are now). (No docstring: the
# schema would show it as the request's description.)
@extend_schema_serializer(description="A token to check: access or refresh.")
class TokenVerifySerializer(jwt_serializers.TokenVerifySerializer):
    def validate(self, attrs):
        token = WellFormedUntypedToken(attrs["token"])
        if token[jwt_settings.TOKEN_TYPE_CLAIM] == "access":
            CurrentUsernameJWTAuthentication().get_user(token)
        return super().validate(attrs)
