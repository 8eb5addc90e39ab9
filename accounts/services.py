"""Account rules with more than one caller: issuing, rotating and revoking refresh tokens."""

import logging
import uuid

from django.conf import settings
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import RefreshTokenLineage

logger = logging.getLogger(__name__)


def issue_refresh_token(user, family=None):
    """A refresh token for `user` (its access token names them), starting a new login unless a
    `family` is given."""
    refresh = RefreshToken.for_user(user)
    refresh["username"] = user.username
    refresh["family"] = family or uuid.uuid4().hex
    record_lineage(refresh)
    return refresh


def record_lineage(refresh):
    RefreshTokenLineage.objects.create(
        token=OutstandingToken.objects.get(jti=refresh["jti"]), family=refresh["family"]
    )


def record_rotation(old_payload, new_refresh):
    """`old_payload`'s token was exchanged for `new_refresh`, which continues its login."""
    RefreshTokenLineage.objects.filter(token__jti=old_payload["jti"]).update(
        rotated_at=timezone.now()
    )
    record_lineage(new_refresh)


def rotated_lineage(payload):
    """The lineage of a token that was exchanged by rotation (not logged out), if any."""
    return (
        RefreshTokenLineage.objects.filter(token__jti=payload.get("jti"), rotated_at__isnull=False)
        .select_related("token__user")
        .first()
    )


def in_reuse_grace(lineage):
    """Rotated so recently that a second browser tab refreshing at the same moment explains it,
    and its login still has a live token (it was neither logged out nor revoked)."""
    recent = timezone.now() - lineage.rotated_at <= settings.REFRESH_TOKEN_REUSE_GRACE
    return recent and live_tokens(family_tokens(lineage.family)).exists()


def revoke_login(lineage):
    """A rotated refresh token came back after the grace window: someone else holds a copy.
    Every token of that login stops working; the user's other logins are untouched."""
    blacklist(live_tokens(family_tokens(lineage.family)))
    logger.warning(
        "Refresh token reuse: login %s of user %s revoked",
        lineage.family,
        lineage.token.user_id,
        extra={"fields": {"event": "refresh_token_reuse", "user_id": lineage.token.user_id}},
    )


def revoke_all_sessions(user):
    """Blacklists every refresh token the user holds, so that each session must sign in again.

    Called on logout everywhere, password change and password reset. Access tokens already
    issued live on until they expire, which is why they are short-lived.
    """
    blacklist(live_tokens(OutstandingToken.objects.filter(user=user)))


def family_tokens(family):
    return OutstandingToken.objects.filter(lineage__family=family)


def live_tokens(tokens):
    return tokens.filter(expires_at__gt=timezone.now(), blacklistedtoken__isnull=True)


def blacklist(tokens):
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in tokens], ignore_conflicts=True
    )
