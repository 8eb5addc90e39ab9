"""Personal API tokens and the Djoser-shaped token sign-in."""

from django.contrib.auth import authenticate
from django.utils import timezone
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from accounts.api_tokens import create_api_token
from accounts.models import ApiToken
from accounts.second_step import SecondStepMixin
from api.schema import request_example
from api.serializers import StrictCharField, StrictModelSerializer


@extend_schema_serializer(
    examples=[request_example("A read-only token for CI", {"name": "CI", "scope": "read"})]
)
class ApiTokenSerializer(StrictModelSerializer):
    """A personal API token as its owner sees it: never its secret, but once, on creation."""

    created_at = serializers.DateTimeField(source="login.started_at", read_only=True)
    last_used_at = serializers.DateTimeField(
        source="login.last_used_at", read_only=True, allow_null=True, help_text="Null if never."
    )
    token = serializers.SerializerMethodField(
        help_text="The secret, sent as `Authorization: Token <secret>`: in the answer to its "
        "creation only, and stored nowhere."
    )

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "scope",
            "expires_at",
            "created_at",
            "last_used_at",
            "key_prefix",
            "token",
        ]
        read_only_fields = ["key_prefix"]
        extra_kwargs = {
            "scope": {"help_text": "`read`: only reads (a write is 403); `read-write`: both."},
            "expires_at": {"help_text": "When it stops working; never if null."},
            "key_prefix": {"help_text": "The secret's first characters, to recognise it by."},
        }

    def get_token(self, token) -> str | None:
        return getattr(token, "secret", None)

    def validate_expires_at(self, value):
        if value is not None and value <= timezone.now():
            raise serializers.ValidationError("Pick a time in the future.")
        return value

    def create(self, validated_data):
        token, secret = create_api_token(
            self.context["request"].user,
            name=validated_data["name"],
            scope=validated_data.get("scope", ApiToken.Scope.READ_WRITE),
            expires_at=validated_data.get("expires_at"),
            request=None,  # Not the client it is for: it has not been used yet.
        )
        token.secret = secret  # For this one answer.
        return token


class PasswordLoginSerializer(serializers.Serializer):
    """Djoser's token sign-in body: a username or e-mail address and a password."""

    username = StrictCharField(help_text="Username or e-mail address, in any case.")
    password = StrictCharField(style={"input_type": "password"}, trim_whitespace=False)

    default_error_messages = {
        "invalid_credentials": "Unable to log in with provided credentials."  # Djoser's words.
    }

    def validate(self, attrs):
        # Through authenticate() only, within the sign-in limits (accounts/signin.py): Djoser's own
        # serializer checks the password a second time when the backend refuses.
        self.user = authenticate(
            self.context["request"], username=attrs["username"], password=attrs["password"]
        )
        if self.user is None:
            self.fail("invalid_credentials")
        return attrs


class TokenLoginSerializer(SecondStepMixin, PasswordLoginSerializer):
    """Djoser's token sign-in, then for a user with a second factor the challenge and a code."""


class AuthTokenSerializer(serializers.Serializer):
    """What `auth/token/login/` answers, as Djoser does."""

    auth_token = serializers.CharField(help_text="Sent as `Authorization: Token <auth_token>`.")
