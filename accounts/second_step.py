"""The second step of every API sign-in door: the challenge a right password got, and a code."""

from rest_framework import serializers

from accounts.second_factor import complete_second_step
from api.serializers import StrictCharField


class SecondStepMixin:
    """A sign-in body: a login and password, or the challenge they got and a code. The door
    answers a second step as it answers a password of a user without a second factor."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("username", "password"):
            self.fields[name].required = False
        self.fields["challenge"] = StrictCharField(
            required=False,
            help_text="Second step: the challenge the password answered (401, "
            "`second_factor_required`), sent back with `code` instead of the password.",
        )
        self.fields["code"] = StrictCharField(
            required=False,
            help_text="Second step: the 6-digit code of your authenticator app, or an unused "
            "recovery code.",
        )

    def validate(self, attrs):
        if "challenge" not in attrs:
            missing = [name for name in ("username", "password") if name not in attrs]
            if missing:
                raise serializers.ValidationError(
                    {name: ["This field is required."] for name in missing}
                )
            return super().validate(attrs)
        if "code" not in attrs:
            raise serializers.ValidationError({"code": ["Send a code with the challenge."]})
        self.user = complete_second_step(self.context["request"], attrs["challenge"], attrs["code"])
        return self.second_step_passed(attrs)

    def second_step_passed(self, attrs):
        """What the door validates to once `self.user` passed both steps."""
        return attrs
