"""The bodies of the second-factor endpoints (accounts/second_factor_views.py)."""

from rest_framework import serializers

from accounts.signin import current_password_is_right
from api.serializers import StrictCharField


class CurrentPasswordSerializer(serializers.Serializer):
    """Your password, within the sign-in limits: a stolen access token alone changes nothing."""

    current_password = StrictCharField(style={"input_type": "password"}, trim_whitespace=False)

    def validate_current_password(self, value):
        request = self.context["request"]
        if not current_password_is_right(request, request.user, value):
            raise serializers.ValidationError("Wrong password.")
        return value


class CodeSerializer(serializers.Serializer):
    """A code of the authenticator app, or for removal a recovery code too."""

    code = StrictCharField(help_text="The 6-digit code your authenticator app shows now.")


class RemovalSerializer(CurrentPasswordSerializer, CodeSerializer):
    """Your password and a code: removal takes both factors."""


class SecondFactorStatusSerializer(serializers.Serializer):
    """Whether your account has a second factor."""

    enabled = serializers.BooleanField(help_text="Whether signing in takes a code.")
    recovery_codes_left = serializers.IntegerField(help_text="Unused recovery codes.")
    required = serializers.BooleanField(
        help_text="Whether you must enrol before anything else (staff, MFA_REQUIRED_FOR_STAFF)."
    )


class EnrolmentSerializer(serializers.Serializer):
    """A device to confirm: what an authenticator app needs."""

    secret = serializers.CharField(help_text="The TOTP secret, base32, to type into the app.")
    otpauth_uri = serializers.CharField(help_text="The same as an `otpauth://` URI, for a QR code.")


class NewRecoveryCodesSerializer(serializers.Serializer):
    """Ten new single-use recovery codes, shown this once: the old ones stop working."""

    recovery_codes = serializers.ListField(
        child=serializers.CharField(),
        help_text="Ten recovery codes, each good for one sign-in instead of the app's code.",
    )
