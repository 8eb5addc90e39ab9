"""Two-factor sign-in: TOTP devices (django-otp), recovery codes, and the challenge between them.

Every door that turns a password into a credential reaches `UsernameOrEmailBackend` through
`authenticate()` (accounts/signin.py). For a user with a confirmed TOTP device the backend raises
`SecondFactorRequired` instead of returning them: no door can hand out a credential on the
password alone, whichever it is. The exception carries a challenge, signed for the URL it was
raised at, valid MFA_CHALLENGE_LIFETIME and until the user's next sign-in (so used once, kept in
the database rather than in a cache); the client sends it back there with a TOTP or recovery
code (`complete_second_step`), and the login it then gets is marked as having passed the second
factor (`Login.second_factor`). The API answers the exception as a 401 with the challenge; the
browser doors (the admin's, the browsable API's) go to a page asking for the code
(accounts/second_factor_page.py).

Wrong codes are counted per account, from any address (`second_factor` scope): past the rate,
429. A TOTP code is taken once (django-otp remembers the last step used), one step of drift either
side. Every event is logged as `{"event": "second_factor", "action": ...}`.
"""

import hashlib
import logging
import re
import secrets
from base64 import b32encode
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.exceptions import AuthenticationFailed

from accounts.email import queue_account_email
from accounts.models import Login, RecoveryCode, User
from accounts.signin import SignInThrottled
from accounts.throttling import LoginIPThrottle, SecondFactorFailureThrottle

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
# Without the characters read alike (0/o, 1/l/i); ten of them (49 bits) shown as `abcde-fghjk`.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TOTP_CODE = re.compile(r"\d{6}")
CHALLENGE_SALT = "accounts.second_factor.challenge"
# The attribute of a request whose sign-in passed the second factor: its login is marked so.
PASSED = "passed_second_factor"


class SecondFactorRequired(AuthenticationFailed):
    """The password was right; a code must follow, with the challenge this answer carries."""

    def __init__(self, request, user):
        self.user = user
        self.challenge = make_challenge(user, request.path)
        log_event(request, "challenge", user)
        super().__init__(
            {
                "detail": "A second factor is needed: send the challenge back to this URL with a "
                "code from your authenticator app or a recovery code.",
                "code": "second_factor_required",
                "challenge": self.challenge,
            }
        )
        # A number, where DRF makes every detail a string.
        self.detail["expires_in"] = int(settings.MFA_CHALLENGE_LIFETIME.total_seconds())


class SecondStepRefused(AuthenticationFailed):
    """A second step refused, with a `code` in the body for clients to tell why."""

    def __init__(self):
        super().__init__({"detail": self.default_detail, "code": self.default_code})


class ChallengeRefused(SecondStepRefused):
    default_detail = "This challenge is invalid, expired or used: sign in again."
    default_code = "challenge_invalid"


class CodeRefused(SecondStepRefused):
    default_detail = "Wrong code: try the current one, or a recovery code."
    default_code = "code_invalid"


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def must_enrol(user):
    """Staff without a second factor where MFA_REQUIRED_FOR_STAFF: they may only enrol."""
    return settings.MFA_REQUIRED_FOR_STAFF and user.is_staff and not has_second_factor(user)


def login_passed_second_factor(user, login_id):
    """Whether the login `login_id` of `user` may do what takes the second factor (create API
    tokens, use the admin): it passed it, or the user has none."""
    if not has_second_factor(user):
        return True
    return Login.objects.filter(pk=login_id, user=user, second_factor=True).exists()


def secret_of(device):
    """The device's secret as authenticator apps take it typed in: base32, without padding."""
    return b32encode(device.bin_key).decode().rstrip("=")


# --- The challenge ------------------------------------------------------------------------------


def user_stamp(user):
    """Changes with the password, logout everywhere and every sign-in (`last_login`): a pending
    challenge dies with them, and so is used once."""
    state = f"{user.password}{user.session_stamp}{user.last_login}"
    return salted_hmac(CHALLENGE_SALT, state).hexdigest()[:16]


def make_challenge(user, purpose):
    """A signed, single-use challenge for `user`, good only at the URL `purpose`."""
    return signing.dumps(
        {"user": user.pk, "for": purpose, "stamp": user_stamp(user)}, salt=CHALLENGE_SALT
    )


def read_challenge(raw, purpose):
    """The user of a challenge made for `purpose`, unexpired and unused."""
    try:
        payload = signing.loads(
            raw, salt=CHALLENGE_SALT, max_age=settings.MFA_CHALLENGE_LIFETIME.total_seconds()
        )
    except signing.BadSignature:  # Expired ones included.
        raise ChallengeRefused() from None
    if payload.get("for") != purpose:
        raise ChallengeRefused()
    user = User.objects.filter(pk=payload["user"], is_active=True).first()
    if user is None or user_stamp(user) != payload["stamp"]:
        raise ChallengeRefused()
    return user


def complete_second_step(request, challenge, code, purpose=None):
    """The user whose challenge and code these are, the challenge used up; `request` is marked so
    that the login it starts passed the second factor. 401 on a wrong one, 429 past the limit."""
    user = read_challenge(challenge, purpose or request.path)
    if not verify_code(request, user, code):
        raise CodeRefused()
    # The sign-in is noted only if none came between (two requests with one challenge): the
    # database decides which, and the other's challenge no longer matches the user.
    signed_in = User.objects.filter(pk=user.pk, last_login=user.last_login)
    now = timezone.now()
    if user.last_login is not None and now <= user.last_login:  # A clock that stood still.
        now = user.last_login + timedelta(microseconds=1)
    if not signed_in.update(last_login=now):
        raise ChallengeRefused()
    setattr(request, PASSED, True)
    return user


# --- Codes --------------------------------------------------------------------------------------


def verify_code(request, user, code, device=None):
    """Whether `code` is `user`'s current TOTP code (of `device`, a device being confirmed) or
    one of their unused recovery codes, which it uses up. Wrong codes count against the account."""
    failures = SecondFactorFailureThrottle(user.pk)
    if not failures.allow_request(request, view=None):
        log_event(request, "throttled", user)
        raise SignInThrottled(wait=failures.wait())
    if TOTP_CODE.fullmatch(code):
        method, right = "totp", totp_is_right(user, code, device)
    else:
        method, right = "recovery_code", device is None and use_recovery_code(user, code)
    if right:
        failures.refund()
    log_event(request, "success" if right else "failure", user, method=method)
    if right and method == "recovery_code":
        queue_account_email("recovery_code_used", user, [user.email])
    return right


def totp_is_right(user, code, device=None):
    devices = TOTPDevice.objects.filter(pk=device.pk) if device else TOTPDevice.objects
    # Locked: two requests with one code would both pass django-otp's check of the last step used.
    locked = devices.select_for_update().filter(user=user).order_by("-confirmed").first()
    return locked is not None and locked.verify_token(code)


def normalized(code):
    return re.sub(r"[\s-]", "", code).lower()


def digest(code):
    return hashlib.sha256(normalized(code).encode()).hexdigest()


def use_recovery_code(user, code):
    unused = RecoveryCode.objects.filter(user=user, digest=digest(code), used_at__isnull=True)
    return unused.update(used_at=timezone.now()) == 1


def new_recovery_codes(user):
    """Ten new codes for `user`, shown once: the old ones stop working."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, digest=digest(c)) for c in codes)
    return codes


def recovery_codes_left(user):
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def remove_second_factor(user):
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    queue_account_email("second_factor_removed", user, [user.email])


# --- The log ------------------------------------------------------------------------------------


def log_event(request, action, user, **fields):
    """One event per step of two-factor sign-in: who, from where, at which URL, what happened."""
    ip = LoginIPThrottle().get_ident(request)
    level = logging.WARNING if action in ("failure", "throttled") else logging.INFO
    logger.log(
        level,
        "Second factor %s: user %s from %s at %s",
        action,
        user.pk,
        ip,
        request.path,
        extra={
            "fields": {
                "event": "second_factor",
                "action": action,
                "user_id": user.pk,
                "ip": ip,
                "path": request.path,
                "request_id": getattr(request, "id", None),
                **fields,
            }
        },
    )
