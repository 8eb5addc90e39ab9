from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"


class LimitedPasswordChangeAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the site of accounts/admin_site.py."""

    default = False  # The accounts app's own config is AccountsConfig.
    default_site = "accounts.admin_site.LimitedPasswordChangeAdminSite"
