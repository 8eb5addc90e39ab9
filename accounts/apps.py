from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from accounts.browser_sessions import end_browser_login, start_browser_login

        user_logged_in.connect(start_browser_login, dispatch_uid="accounts.browser_login")
        user_logged_out.connect(end_browser_login, dispatch_uid="accounts.browser_logout")


class LimitedPasswordChangeAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the site of accounts/admin_site.py."""

    default = False  # The accounts app's own config is AccountsConfig.
    default_site = "accounts.admin_site.SecondFactorAdminSite"
