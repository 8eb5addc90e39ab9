"""Throttles for the account endpoints that guessing and spam go for.

Each scope counts twice where one count alone could be dodged: per client IP, and per account or
e-mail address named in the request, so that spreading attempts over many addresses gains nothing.
Password checks are the exception, counted per login name and IP so that nobody can lock an owner
out: see accounts/signin.py. Rates are settings (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]), read
from the environment.
"""

import hashlib

from api.throttling import AtomicRateThrottle


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
    """Counts every password check per client IP (see accounts/signin.py)."""

    scope = "login"


class LoginFailureThrottle(AtomicRateThrottle):
    """Counts failed password checks per login name and client IP (see accounts/signin.py)."""

    scope = "login_account"

    def __init__(self, login_hash):
        super().__init__()
        self.login_hash = login_hash

    def get_cache_key(self, request, view):
        ident = f"{self.login_hash}:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


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


class SecondFactorFailureThrottle(AtomicRateThrottle):
    """Counts wrong second-factor codes per account, from any address (accounts/second_factor.py):
    six digits fall to a guesser spreading over many addresses otherwise."""

    scope = "second_factor"

    def __init__(self, user_id):
        super().__init__()
        self.user_id = user_id

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.user_id}
