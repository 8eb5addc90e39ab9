from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction

from accounts.models import User
from accounts.services import revoke_all_sessions


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users with what staff look for (when they joined, whether they may sign in), and a way to
    sign someone out of every device."""

    list_display = ["username", "email", "date_joined", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    ordering = ["-date_joined"]
    actions = ["end_sessions"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Profile", {"fields": ("bio", "email_notifications")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),
    )

    def delete_queryset(self, request, queryset):
        # "Delete selected users": each as User.delete deletes one, their row and what others
        # add to locked first, what they take along read together (posts.signals).
        with transaction.atomic():
            for user in queryset:
                user.delete()

    @admin.action(description="End all sessions of the selected users", permissions=["change"])
    def end_sessions(self, request, queryset):
        # The revocation of "log out everywhere": tokens, API tokens and browser sessions alike.
        users = list(queryset)
        for user in users:
            revoke_all_sessions(user)
        self.message_user(
            request, f"Ended every session of {len(users)} user(s).", messages.SUCCESS
        )
