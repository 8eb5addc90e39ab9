"""The admin site, whose own password change checks the old password as every door does.

Django's asks `check_password` with no request: with a stolen staff session, unlimited guesses,
each one hashed. Here the old password is a current-password check (accounts/signin.py): limited
before the hash, logged, and a throttled attempt answered 429 by `SignInThrottledMiddleware`.
Kept apart from accounts/admin.py: `admin.site` imports this module as the first model registers,
which may be from django.contrib.auth.admin while it is still being imported.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminPasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.signin import current_password_is_right


class LimitedOldPasswordChangeForm(AdminPasswordChangeForm):
    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not current_password_is_right(self.request, self.user, old_password):
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class RequestFormPasswordChangeView(PasswordChangeView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class LimitedPasswordChangeAdminSite(admin.AdminSite):
    # The app list is one click away (Home); beside a list's filters, the sidebar left the
    # columns so narrow that titles wrapped over five lines and the last column was cut off.
    enable_nav_sidebar = False

    def password_change(self, request, extra_context=None):
        # AdminSite.password_change, with the view and form above.
        defaults = {
            "form_class": LimitedOldPasswordChangeForm,
            "success_url": reverse("admin:password_change_done", current_app=self.name),
            "extra_context": {**self.each_context(request), **(extra_context or {})},
        }
        if self.password_change_template is not None:
            defaults["template_name"] = self.password_change_template
        request.current_app = self.name
        return RequestFormPasswordChangeView.as_view(**defaults)(request)


class SecondFactorAdminSite(LimitedPasswordChangeAdminSite):
    """Staff with a second factor use the admin only in a session that passed it; staff without
    one, where MFA_REQUIRED_FOR_STAFF, not at all until they enrol (through the API)."""

    def has_permission(self, request):
        from accounts.browser_sessions import LOGIN_ID_KEY  # Models: imported once they load.
        from accounts.second_factor import login_passed_second_factor, must_enrol

        return (
            super().has_permission(request)
            and not must_enrol(request.user)
            and login_passed_second_factor(request.user, request.session.get(LOGIN_ID_KEY))
        )
