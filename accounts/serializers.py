"""User and token serializers: Djoser's and SimpleJWT's, extended where settings cannot."""

from urllib.parse import urlencode

from django.urls import reverse
from djoser import serializers as djoser_serializers
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.validators import UniqueValidator
from rest_framework_simplejwt import serializers as jwt_serializers

from accounts.models import User
from posts.models import Post


def unique_case_insensitively(field):
    return UniqueValidator(
        queryset=User.objects.all(),
        lookup="iexact",
        message=f"A user with that {field} already exists.",
    )


class UserCreateSerializer(djoser_serializers.UserCreateSerializer):
    """Registration: username and e-mail unique whatever their case."""

    class Meta(djoser_serializers.UserCreateSerializer.Meta):
        fields = ["id", "username", "email", "password", "bio"]
        extra_kwargs = {
            "username": {
                "validators": [User.username_validator, unique_case_insensitively("username")]
            },
            "email": {"validators": [unique_case_insensitively("email")]},
        }


class UserSerializer(djoser_serializers.UserSerializer):
    """A user's account; the e-mail address is shown to its owner only."""

    class Meta(djoser_serializers.UserSerializer.Meta):
        fields = ["id", "username", "email", "bio", "date_joined"]
        read_only_fields = ["username", "date_joined"]
        extra_kwargs = {"email": {"validators": [unique_case_insensitively("email")]}}

    def to_representation(self, user):
        data = super().to_representation(user)
        request = self.context.get("request")
        if request is None or request.user.pk != user.pk:
            del data["email"]
        return data


USERNAME_VALIDATORS = {
    "validators": [User.username_validator, unique_case_insensitively("username")]
}


class SetUsernameSerializer(djoser_serializers.SetUsernameSerializer):
    """Username change: unique whatever its case, as at registration."""

    # Djoser checks the exact case only: a case variant reached the database constraint, a 500.
    class Meta(djoser_serializers.SetUsernameSerializer.Meta):
        extra_kwargs = {"username": USERNAME_VALIDATORS}


class UsernameResetConfirmSerializer(djoser_serializers.UsernameResetConfirmSerializer):
    """Username reset by e-mailed link: the new username is unique whatever its case."""

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

    def get_user(self, is_active=True):
        user = User.objects.filter(
            is_active=is_active, email__iexact=self.data.get("email", "")
        ).first()
        return user if user is not None and user.has_usable_password() else None


class TokenObtainPairSerializer(jwt_serializers.TokenObtainPairSerializer):
    """Token pair whose access token names the user, so an SPA can greet them without a lookup."""

    @classmethod
    def get_token(cls, user):
        token = super().get_token(user)
        token["username"] = user.username
        return token


class TokenRefreshSerializer(jwt_serializers.TokenRefreshSerializer):
    """Refresh; a deleted user's token gets 401 (SimpleJWT lets `DoesNotExist` out as a 500)."""

    def validate(self, attrs):
        try:
            return super().validate(attrs)
        except User.DoesNotExist as error:
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], "no_active_account"
            ) from error
