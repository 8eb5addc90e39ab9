"""Your second factor (auth/mfa/): enrol an authenticator app, confirm it, regenerate recovery
codes, remove it. The rules and the sign-in steps are in accounts/second_factor.py."""

from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Login
from accounts.second_factor import (
    has_second_factor,
    log_event,
    must_enrol,
    new_recovery_codes,
    recovery_codes_left,
    remove_second_factor,
    secret_of,
    verify_code,
)
from accounts.second_factor_schema import (
    confirm_schema,
    recovery_codes_schema,
    status_schema,
    totp_schema,
)
from accounts.second_factor_serializers import (
    CodeSerializer,
    CurrentPasswordSerializer,
    RemovalSerializer,
)
from accounts.session_views import current_login_id
from api.schema import DeleteWithBodyAutoSchema


def validated(serializer_class, request):
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def wrong_code():
    return ValidationError({"code": ["Wrong code: type the one your app shows now."]})


@status_schema
class SecondFactorView(APIView):
    """Whether your account has a second factor, and how many recovery codes are left."""

    permission_classes = [IsAuthenticated]

    def get(self, request):
        user = request.user
        return Response(
            {
                "enabled": has_second_factor(user),
                "recovery_codes_left": recovery_codes_left(user),
                "required": must_enrol(user),
            }
        )


@totp_schema
class TotpDeviceView(APIView):
    """Enrols an authenticator app (to confirm with a code), or removes it."""

    permission_classes = [IsAuthenticated]
    schema = DeleteWithBodyAutoSchema()  # Removal takes the password and a code.

    def post(self, request):
        validated(CurrentPasswordSerializer, request)
        if has_second_factor(request.user):
            raise ValidationError({"detail": "A second factor is on already: remove it first."})
        TOTPDevice.objects.filter(user=request.user).delete()  # An enrolment left unconfirmed.
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator", confirmed=False)
        log_event(request, "enrolment_started", request.user)
        return Response(
            {"secret": secret_of(device), "otpauth_uri": device.config_url},
            status=status.HTTP_201_CREATED,
        )

    def delete(self, request):
        data = validated(RemovalSerializer, request)
        if not has_second_factor(request.user):
            raise ValidationError({"detail": "Your account has no second factor."})
        if not verify_code(request, request.user, data["code"]):
            raise wrong_code()
        remove_second_factor(request.user)
        log_event(request, "removed", request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@confirm_schema
class TotpConfirmView(APIView):
    """Turns the enrolled app on with one of its codes; answers the recovery codes, once."""

    permission_classes = [IsAuthenticated]

    def post(self, request):
        data = validated(CodeSerializer, request)
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if device is None:
            raise ValidationError({"detail": "Nothing to confirm: start an enrolment first."})
        if not verify_code(request, request.user, data["code"], device=device):
            raise wrong_code()
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        # The login that just showed a code passed the second factor, as a sign-in with it would.
        Login.objects.filter(pk=current_login_id(request), user=request.user).update(
            second_factor=True
        )
        log_event(request, "enrolled", request.user)
        return Response({"recovery_codes": new_recovery_codes(request.user)})


@recovery_codes_schema
class RecoveryCodesView(APIView):
    """Ten new recovery codes, shown once; the old ones stop working."""

    permission_classes = [IsAuthenticated]

    def post(self, request):
        validated(CurrentPasswordSerializer, request)
        if not has_second_factor(request.user):
            raise ValidationError({"detail": "Your account has no second factor."})
        codes = new_recovery_codes(request.user)
        log_event(request, "recovery_codes_regenerated", request.user)
        return Response({"recovery_codes": codes})
