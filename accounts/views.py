"""Account endpoints."""

from djoser import views as djoser_views

from accounts.throttling import AuthRateThrottle


class UserViewSet(djoser_views.UserViewSet):
    """Djoser's user endpoints, with the strict `auth` throttle on the anonymous ones."""

    # Djoser has no setting for per-action throttles.
    auth_throttled_actions = {
        "create",
        "activation",
        "resend_activation",
        "reset_password",
        "reset_password_confirm",
    }

    def get_throttles(self):
        if self.action in self.auth_throttled_actions:
            return [AuthRateThrottle()]
        return super().get_throttles()
