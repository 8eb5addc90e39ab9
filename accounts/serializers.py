"""User and token serializers: Djoser's and SimpleJWT's, extended where settings cannot."""

from urllib.parse import urlencode

from django.urls import reverse
from djoser import serializers as djoser_serializers
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt import serializers as jwt_serializers
from rest_framework_simplejwt.exceptions import TokenBackendError, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.state import token_backend

from accounts.models import User
from accounts.services import (
    in_reuse_grace,
    issue_refresh_token,
    record_rotation,
    rotated_lineage,
)
from accounts.signin import current_password_is_right
from config.serializers import (
    StrictCharField,
    StrictEmailField,
    StrictModelSerializer,
    unique_case_insensitively,
)
from posts.models import Post


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


class UserSerializer(djoser_serializers.UserSerializer):
    """A user's account; the e-mail address is shown to its owner only.

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
        fields = ["id", "username", "email", "bio", "date_joined", "current_password"]
        read_only_fields = ["username", "date_joined"]
        extra_kwargs = {"email": {"validators": [unique_case_insensitively(User, "email")]}}

    def validate(self, attrs):
        password = attrs.pop("current_password", None)
        new_email = attrs.get("email")
        if new_email is not None and new_email.lower() != self.instance.email.lower():
            requester = self.context["request"].user
            if password is None or not current_password_is_right(
                self.context["request"], requester, password
            ):
                raise serializers.ValidationError(
                    {"current_password": ["Your password is needed to change your e-mail address."]}
                )
        return attrs

    def to_representation(self, user):
        data = super().to_representation(user)
        request = self.context.get("request")
        if request is None or request.user.pk != user.pk:
            del data["email"]
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


class SetPasswordSerializer(LimitedCurrentPasswordMixin, djoser_serializers.SetPasswordSerializer):
    pass


class UserDeleteSerializer(LimitedCurrentPasswordMixin, djoser_serializers.UserDeleteSerializer):
    pass


class SetUsernameSerializer(LimitedCurrentPasswordMixin, djoser_serializers.SetUsernameSerializer):
    """Username change: unique whatever its case, as at registration."""

    serializer_field_mapping = StrictModelSerializer.serializer_field_mapping

    # Djoser checks the exact case only: a case variant reached the database constraint, a 500.
    class Meta(djoser_serializers.SetUsernameSerializer.Meta):
        extra_kwargs = {"username": USERNAME_VALIDATORS}


# Djoser decodes the e-mailed link's `uid` and checks its `token` from the raw input, past its
# own CharFields, which take a number: `{"uid": 0}` was a 500. Strict fields refuse it first.


class ActivationSerializer(djoser_serializers.ActivationSerializer):
    """Activation by e-mailed link: `uid` and `token` are strings."""

    uid = StrictCharField()
    token = StrictCharField()


class PasswordResetConfirmSerializer(djoser_serializers.PasswordResetConfirmSerializer):
    """Password reset by e-mailed link: `uid` and `token` are strings."""

    uid = StrictCharField()
    token = StrictCharField()


class UsernameResetConfirmSerializer(djoser_serializers.UsernameResetConfirmSerializer):
    """Username reset by e-mailed link: the new username is unique whatever its case."""

    serializer_field_mapping = StrictModelSerializer.serializer_field_mapping
    uid = StrictCharField()
    token = StrictCharField()

    class Meta(djoser_serializers.UsernameResetConfirmSerializer.Meta):
        extra_kwargs = {"username": USERNAME_VALIDATORS}


class AuthorProfileSerializer(serializers.ModelSerializer):
    """What anyone may know of an author: never their e-mail."""

    url = serializers.HyperlinkedIdentityField(view_name="author-detail", lookup_field="username")
    post_count = serializers.IntegerField(read_only=True, help_text="Published posts.")
    posts = serializers.SerializerMethodField(help_text="The author's published posts.")

    class Meta:
        model = User
        fields = ["url", "username", "bio", "date_joined", "post_count", "posts"]
        read_only_fields = fields

    def get_posts(self, user) -> str:
        query = urlencode({"author": user.username, "status": Post.Status.PUBLISHED})
        return self.context["request"].build_absolute_uri(f"{reverse('post-list')}?{query}")


class SendEmailResetSerializer(djoser_serializers.SendEmailResetSerializer):
    """Password and username resets, activation resend: finds the account whatever the case.

    Djoser matches the address exactly, while registration treats case variants as the same.
    Whether an account was found never shows in the answer.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"] = StrictEmailField()  # Djoser sets its own in __init__.

    def get_user(self, is_active=True):
        user = User.objects.filter(
            is_active=is_active, email__iexact=self.data.get("email", "")
        ).first()
        return user if user is not None and user.has_usable_password() else None


class TokenObtainPairSerializer(jwt_serializers.TokenObtainPairSerializer):
    """Signs in: a token pair starting a new login, whose access token names the user so that an
    SPA can greet them without a lookup."""

    @classmethod
    def get_token(cls, user):
        return issue_refresh_token(user)


class RefreshTokenReused(Exception):
    """A rotated refresh token came back after the grace window; the view revokes its login."""

    def __init__(self, lineage):
        super().__init__(lineage.family)
        self.lineage = lineage


class TokenRefreshSerializer(jwt_serializers.TokenRefreshSerializer):
    """Rotates the refresh token, and treats a rotated one presented again as a stolen copy.

    Within REFRESH_TOKEN_REUSE_GRACE of its rotation (two tabs refreshing at once) the old token
    still gets a new pair in the same login; later, RefreshTokenReused is raised for the view.
    A deleted user's token gets 401 (SimpleJWT lets `DoesNotExist` out as a 500).
    """

    def validate(self, attrs):
        payload = verified_refresh_payload(attrs["refresh"])
        try:
            data = super().validate(attrs)
        except User.DoesNotExist as error:
            raise self.no_active_account() from error
        except TokenError:
            lineage = rotated_lineage(payload) if payload else None
            if lineage is None:
                raise  # Expired, logged out or revoked: an ordinary refusal.
            if in_reuse_grace(lineage):
                return self.continue_login(lineage)
            raise RefreshTokenReused(lineage) from None
        if "family" in payload:
            record_rotation(payload, token_backend.decode(data["refresh"], verify=False))
        return data

    def continue_login(self, lineage):
        user = lineage.token.user
        if user is None or not jwt_settings.USER_AUTHENTICATION_RULE(user):
            raise self.no_active_account()
        refresh = issue_refresh_token(user, family=lineage.family)
        return {"access": str(refresh.access_token), "refresh": str(refresh)}

    def no_active_account(self):
        return AuthenticationFailed(self.error_messages["no_active_account"], "no_active_account")


def verified_refresh_payload(raw):
    """The claims of a correctly signed, unexpired refresh token, blacklisted or not."""
    try:
        payload = token_backend.decode(raw, verify=True)
    except TokenBackendError:
        return None
    return payload if payload.get(jwt_settings.TOKEN_TYPE_CLAIM) == "refresh" else None
