"""Every password check of a client, wherever it happens: limited before the hash, and logged.

Signing in (JWT, the browsable API, the admin) reaches `UsernameOrEmailBackend` through
`authenticate()`; a current-password check (password, username and e-mail changes, account
deletion) calls `current_password_is_right`. Both go through `checked_password`, which counts the
attempt against two limits before any password is hashed:

- per client IP, every attempt (`login` scope), so that one client cannot keep the server hashing;
- per login name and client IP, failures only (`login_account` scope), so that guessing one
  account's password is slow. Failures from other addresses never count against its owner, a
  right password costs nothing, and the name counts as typed (hashed): exhausting `bob` tells
  nothing about which e-mail address is Bob's. The price: guesses spread over many addresses are
  limited per address only, which the IP rate, Argon2 and the password validators keep costly.

A refused attempt raises `SignInThrottled`: DRF answers it as any 429, and
`SignInThrottledMiddleware` does for Django's own login views.
"""

import logging

from django.template.response import TemplateResponse
from django.utils.crypto import salted_hmac
from rest_framework.exceptions import Throttled

from accounts.throttling import LoginFailureThrottle, LoginIPThrottle
from api.names import comparison_key

logger = logging.getLogger(__name__)


class SignInThrottled(Throttled):
    """Too many sign-in attempts from this client, or failures for this name from it."""

    default_detail = "Too many sign-in attempts."


def hashed_login(login):
    """The login name as throttles and logs know it: compared as names are for uniqueness, and
    never the name itself (sometimes a password typed into the wrong field). Keyed by the secret
    key, so that a log reader cannot reverse it by hashing a dictionary of names."""
    return salted_hmac(__name__, comparison_key(login), algorithm="sha256").hexdigest()


def checked_password(request, login, check, user=None):
    """Runs `check()` within the sign-in limits and logs the attempt; the user if it succeeded.

    `check` hashes the password and returns the user the login names (or None) and whether the
    attempt succeeded; `user` is that user when it is known beforehand (a current-password check).
    Without a request (a shell, a test client's `login()`) there is no client to limit or log.
    """
    if request is None:
        user, succeeded = check()
        return user if succeeded else None
    login_hash = hashed_login(login)
    failures = LoginFailureThrottle(login_hash)
    for throttle in (LoginIPThrottle(), failures):
        if not throttle.allow_request(request, view=None):
            log_attempt(request, "throttled", login_hash, user)
            raise SignInThrottled(wait=throttle.wait())
    user, succeeded = check()
    if succeeded:
        failures.refund()
    log_attempt(request, "success" if succeeded else "failure", login_hash, user)
    return user if succeeded else None


def current_password_is_right(request, user, password):
    """Whether `password` is the signed-in `user`'s: a sign-in attempt under their username."""
    return (
        checked_password(
            request, user.get_username(), lambda: (user, user.check_password(password)), user
        )
        is not None
    )


def log_attempt(request, outcome, login_hash, user):
    """One event per attempt (OWASP ASVS 16.3.1): who, from where, through which door, and how
    it ended. The user id is known once the login named an account."""
    ip = LoginIPThrottle().get_ident(request)
    user_id = user.pk if user is not None else None
    logger.log(
        logging.INFO if outcome == "success" else logging.WARNING,
        "Sign-in %s: %s from %s at %s",
        outcome,
        f"user {user_id}" if user_id is not None else f"login {login_hash[:12]}",
        ip,
        request.path,
        extra={
            "fields": {
                "event": "sign_in",
                "outcome": outcome,
                "user_id": user_id,
                "login_hash": login_hash,
                "ip": ip,
                "path": request.path,
                "request_id": getattr(request, "id", None),
            }
        },
    )


class SignInThrottledMiddleware:
    """Answers 429 with `Retry-After` when Django's own login views (the admin's, the browsable
    API's) meet the sign-in limits; DRF's views answer `SignInThrottled` themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SignInThrottled):
            return None
        return TemplateResponse(
            request,
            "accounts/sign_in_throttled.html",
            {"detail": exception.detail, "form_url": request.get_full_path()},
            status=exception.status_code,
            headers={"Retry-After": str(exception.wait)},
        )
