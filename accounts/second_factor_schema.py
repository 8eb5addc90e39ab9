"""What the OpenAPI schema says of the second-factor endpoints (auth/mfa/) and the second step of
sign-in."""

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from accounts.second_factor_serializers import (
    CodeSerializer,
    CurrentPasswordSerializer,
    EnrolmentSerializer,
    NewRecoveryCodesSerializer,
    RemovalSerializer,
    SecondFactorStatusSerializer,
)

SECOND_STEP = (
    " A user with a second factor signs in in two steps: the password answers 401 with a "
    "`challenge` (`code`: `second_factor_required`), which is sent back to the same URL with the "
    "`code` of their authenticator app or a recovery code. Wrong codes are limited per account "
    "(429)."
)
NEEDS_SECOND_STEP = OpenApiResponse(
    description="A second factor is needed (a right password of a user who has one); or a wrong "
    "or used challenge or code, wrong credentials, or an account not activated yet.",
)


def mfa_operation(summary, description, **kwargs):
    return extend_schema(tags=["Auth"], summary=summary, description=description, **kwargs)


status_schema = mfa_operation(
    "Read your second factor",
    "Whether signing in takes a code, how many recovery codes are left, and whether you must "
    "enrol first.",
    responses=SecondFactorStatusSerializer,
)

CONFLICT = OpenApiResponse(
    description="Invalid input, or your account has a second factor already."
)

totp_schema = extend_schema_view(
    post=mfa_operation(
        "Enrol an authenticator app",
        "Takes your password; answers a TOTP secret and its `otpauth://` URI (show it as a QR "
        "code). Nothing changes until it is confirmed with a code (`auth/mfa/totp/confirm/`).",
        request=CurrentPasswordSerializer,
        responses={201: EnrolmentSerializer, 400: CONFLICT},
    ),
    delete=mfa_operation(
        "Remove your second factor",
        "Takes your password and a code (or a recovery code). Signing in takes the password only "
        "again; you are e-mailed.",
        request=RemovalSerializer,
        responses={204: None},
    ),
)

confirm_schema = mfa_operation(
    "Confirm your authenticator app",
    "A code of the app enrolled turns the second factor on, and the answer shows ten recovery "
    "codes, once: each signs in once instead of a code. This login counts as having passed the "
    "second factor.",
    request=CodeSerializer,
    responses=NewRecoveryCodesSerializer,
)

recovery_codes_schema = mfa_operation(
    "Regenerate your recovery codes",
    "Takes your password; ten new recovery codes, shown once. The old ones stop working.",
    request=CurrentPasswordSerializer,
    responses=NewRecoveryCodesSerializer,
)
