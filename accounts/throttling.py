"""Throttles for the account endpoints that guessing and spam go for.

Each scope counts twice where one count alone could be dodged: per client IP, and per account or
e-mail address named in the request, so that spreading attempts over many addresses gains nothing.
Rates are settings (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]), read from the environment.
"""

import hashlib

from django.db.models import Q

from accounts.models import User
from config.throttling import AtomicRateThrottle


class IPRateThrottle(AtomicRateThrottle):
    """Counts requests per client IP, signed in or not."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class RequestFieldRateThrottle(AtomicRateThrottle):
    """Counts requests per value of one field of the request body, whatever its case."""

    field = "email"

    def get_cache_key(self, request, view):
        data = request.data
        value = data.get(self.field) if isinstance(data, dict) else None
        # The serializers read numbers as text too: {"username": 12345} names user "12345".
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return None  # Nothing to count by: the request fails validation anyway.
        text = str(value).strip()
        if not text or "\x00" in text:  # PostgreSQL cannot even look a NUL up (a 500).
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.ident_for(text)}

    def ident_for(self, value):
        return hashlib.sha256(value.lower().encode()).hexdigest()


class LoginIPThrottle(IPRateThrottle):
    scope = "login"


class LoginAccountThrottle(RequestFieldRateThrottle):
    """Counts logins per account, whether it is named by username or by e-mail address."""

    scope = "login_account"
    field = "username"

    def ident_for(self, login):
        # Nobody signs in with a name longer than an e-mail address may be: no query for it.
        if len(login) > User._meta.get_field("email").max_length:
            return super().ident_for(login)
        user_id = (
            User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
            .values_list("pk", flat=True)
            .first()
        )
        return f"user-{user_id}" if user_id else super().ident_for(login)


class RegistrationThrottle(IPRateThrottle):
    scope = "registration"


class ActivationIPThrottle(IPRateThrottle):
    scope = "activation"


class ActivationEmailThrottle(RequestFieldRateThrottle):
    scope = "activation"


class PasswordResetIPThrottle(IPRateThrottle):
    scope = "password_reset"


class PasswordResetEmailThrottle(RequestFieldRateThrottle):
    scope = "password_reset"


class UsernameChangeIPThrottle(IPRateThrottle):
    scope = "username_change"


class UsernameChangeEmailThrottle(RequestFieldRateThrottle):
    scope = "username_change"
