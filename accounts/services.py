"""Account rules with more than one caller."""

from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken


def revoke_all_sessions(user):
    """Blacklists every refresh token the user holds, so that each session must sign in again.

    Called on logout everywhere, password change and password reset. Access tokens already
    issued live on until they expire, which is why they are short-lived.
    """
    live_tokens = OutstandingToken.objects.filter(
        user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
    )
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in live_tokens], ignore_conflicts=True
    )
