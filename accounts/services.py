"""Account rules with more than one caller: logins, their refresh tokens, and ending them."""

import logging
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from accounts.browser_sessions import delete_session
from accounts.models import Login, RefreshTokenLineage, User
from accounts.second_factor import PASSED
from accounts.usage import usage
from api.names import comparison_key

logger = logging.getLogger(__name__)

# How many new pairs a rotated refresh token still gets inside REFRESH_TOKEN_REUSE_GRACE: one, for
# a second tab that refreshed at the same moment. A copy sent more often mints nothing more.
REUSE_GRACE_EXCHANGES = 1


def start_login(user, kind, request=None):
    """A new login of `user`, used now by `request`'s client if there is one, which may have
    passed the second factor (accounts.second_factor.complete_second_step)."""
    return Login.objects.create(
        user=user,
        kind=kind,
        family=uuid.uuid4().hex,
        second_factor=getattr(request, PASSED, False),
        **(usage(request) if request else {}),
    )


def issue_refresh_token(user, login=None, request=None):
    """A refresh token for `user` (its access token names them), starting a new login from
    `request` unless an ongoing `login` is given, locked by the caller (`locked_login`). It never
    outlives its login.
    """
    login = login or start_login(user, Login.Kind.JWT, request)
    refresh = RefreshToken.for_user(user)
    refresh["username"] = user.username
    refresh["family"] = login.family
    outstanding = OutstandingToken.objects.get(jti=refresh["jti"])
    if outstanding.expires_at > login.ends_at:
        refresh.set_exp(from_time=login.ends_at, lifetime=timedelta(0))
        outstanding.expires_at = datetime_from_epoch(refresh["exp"])
        outstanding.save(update_fields=["expires_at"])
    RefreshTokenLineage.objects.create(token=outstanding, login=login)
    return refresh


def locked_login(payload):
    """The login of a refresh token's claims, if any, locked until the transaction ends: every
    refresh, logout and revocation of one login waits for the one before it to commit."""
    family = payload.get("family") if payload else None
    if not isinstance(family, str):
        return None
    return Login.objects.select_for_update().filter(family=family).first()


def rotate(payload, user, login):
    """The next refresh token of `login`; the token of `payload` stops working."""
    rotated = OutstandingToken.objects.filter(jti=payload["jti"])
    blacklist(rotated)
    RefreshTokenLineage.objects.filter(token__in=rotated).update(rotated_at=timezone.now())
    return issue_refresh_token(user, login)


def rotated_lineage(payload):
    """The lineage of a token that was exchanged by rotation (not logged out), if any."""
    return (
        RefreshTokenLineage.objects.filter(token__jti=payload.get("jti"), rotated_at__isnull=False)
        .select_related("login")
        .first()
    )


def in_reuse_grace(lineage):
    """Rotated so recently that a second browser tab refreshing at the same moment explains it."""
    return timezone.now() - lineage.rotated_at <= settings.REFRESH_TOKEN_REUSE_GRACE


def take_grace_exchange(lineage):
    """Counts one more new pair for a token rotated within the grace window; False once it has
    had REUSE_GRACE_EXCHANGES. Its login is locked, so two requests cannot both take the last."""
    if lineage.grace_exchanges >= REUSE_GRACE_EXCHANGES:
        return False
    lineage.grace_exchanges += 1
    lineage.save(update_fields=["grace_exchanges"])
    return True


def end_login(login):
    """`login`, locked by the caller, ends at once: its refresh tokens stop working and none is
    minted into it again (a refresh waiting for the lock finds it revoked), its access tokens and
    API token are refused (accounts.authentication), its browser session is deleted."""
    login.revoked_at = timezone.now()
    login.save(update_fields=["revoked_at"])
    blacklist(live_tokens(OutstandingToken.objects.filter(lineage__login=login)))
    delete_session(login.session_key)


def revoke_login(login):
    """A rotated refresh token came back after the grace window: someone else holds a copy.
    Every token of that login stops working; the user's other logins are untouched."""
    end_login(login)
    logger.warning(
        "Refresh token reuse: login %s of user %s revoked",
        login.family,
        login.user_id,
        extra={"fields": {"event": "refresh_token_reuse", "user_id": login.user_id}},
    )


def revoke_all_sessions(user):
    """Signs every session of `user` out: each login, and with it its refresh and access tokens
    and its API token (accounts.authentication refuses a revoked login's), and each browser
    session of the browsable API and the admin (Django ends those whose stamp no longer matches).

    Called on logout everywhere, and by User.save on a password change or deactivation; deleting
    the account deletes its logins.
    """
    user.session_stamp = secrets.token_hex(16)
    User.objects.filter(pk=user.pk).update(session_stamp=user.session_stamp)
    # An UPDATE waits for the lock of a login being refreshed, so the blacklisting below sees the
    # token that refresh mints, and later refreshes find the login revoked.
    Login.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    blacklist(live_tokens(OutstandingToken.objects.filter(user=user)))


def live_tokens(tokens):
    return tokens.filter(expires_at__gt=timezone.now(), blacklistedtoken__isnull=True)


def blacklist(tokens):
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in tokens], ignore_conflicts=True
    )


def account_for_address(address, is_active=True):
    """The account an e-mailed link for `address` may go to: found whatever the case, as
    registration treats case variants as one address (Djoser matches it exactly), and only if it
    signs in with a password."""
    user = User.objects.filter(is_active=is_active, email_key=comparison_key(address)).first()
    return user if user is not None and user.has_usable_password() else None


# Rows deleted per transaction by the housekeeping: each batch holds its locks briefly, whatever
# the backlog.
HOUSEKEEPING_BATCH = 10_000


def remove_expired_sign_in_records():
    """Deletes what no sign-in can use any more; the counts deleted, by kind.

    Refresh tokens past their expiry, with their blacklist entries and lineage: an expired token
    is refused for its expiry, with or without them, while a token still valid keeps its
    blacklist entry (without it, a logged-out token would work again). JWT logins past their
    absolute lifetime, whose tokens all expired with them (a token never outlives its login); a
    revoked one stays until then, as its blacklisted tokens do. API tokens revoked or expired, and
    the logins of browser sessions that ended (`ended_for_good`). Browser sessions past their
    expiry.
    """
    now = timezone.now()
    expired_tokens = OutstandingToken.objects.filter(expires_at__lt=now)
    blacklisted = BlacklistedToken.objects.filter(token__expires_at__lt=now).count()
    return {
        "refresh_tokens": delete_in_batches(expired_tokens),
        "blacklisted_refresh_tokens": blacklisted,
        "logins": delete_in_batches(Login.objects.filter(ended_for_good(now))),
        "sessions": delete_in_batches(Session.objects.filter(expire_date__lt=now)),
    }


def ended_for_good(now):
    """Which logins nothing can bring back, by kind: a JWT or legacy login past its lifetime, an
    API token revoked or expired, a browser login whose session is gone. An API token lives as
    long as its owner wants, and a browser session as long as Django keeps it."""
    live_session = Session.objects.filter(session_key=OuterRef("session_key"), expire_date__gte=now)
    return (
        Q(kind=Login.Kind.JWT, started_at__lt=now - settings.REFRESH_TOKEN_ABSOLUTE_LIFETIME)
        | Q(kind=Login.Kind.LEGACY, started_at__lt=now - settings.LEGACY_JWT_MAX_AGE)
        | Q(kind=Login.Kind.TOKEN)
        & (Q(revoked_at__isnull=False) | Q(api_token__expires_at__lt=now))
        | Q(kind=Login.Kind.BROWSER) & (Q(revoked_at__isnull=False) | ~Exists(live_session))
    )


def delete_in_batches(queryset):
    """Deletes the rows of `queryset` (and what cascades from them) HOUSEKEEPING_BATCH at a time;
    how many of its own rows."""
    deleted = 0
    while True:
        with transaction.atomic():
            batch = list(queryset.values_list("pk", flat=True)[:HOUSEKEEPING_BATCH])
            if not batch:
                return deleted
            queryset.model.objects.filter(pk__in=batch).delete()
        deleted += len(batch)
