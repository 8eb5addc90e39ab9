"""The project's user model, and the logins its refresh tokens belong to."""

from confusable_homoglyphs import confusables
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts.signals import user_deleting
from api.names import (
    NameKeyField,
    NormalizedNameField,
    comparison_key,
    latin_look_alike,
    validate_name_keys,
)


class UsernameValidator(RegexValidator):
    """Letters, digits and . + - _ but no @: users sign in with a username or an e-mail address,
    so a username must never be mistaken for someone else's address; nor, by its look-alike
    letters of other scripts, for someone else's username."""

    regex = r"^[\w.+-]+\Z"
    message = "Enter a valid username: letters, digits and . + - _ only."

    def __call__(self, value):
        super().__call__(value)
        # A letter of another script that looks like a Latin one (a Cyrillic a in `alice`)
        # passes for someone else's name.
        if confusables.is_dangerous(value):
            raise ValidationError(
                "Enter a username in one script: it mixes look-alike letters of several.",
                code="mixed_script",
            )
        # A whole name in another script can still read as a Latin one (Cyrillic `coco`).
        look_alike = latin_look_alike(value)
        if (
            look_alike != value
            and User.objects.filter(username_key=comparison_key(look_alike)).exists()
        ):
            raise ValidationError(
                "A user with a username that looks the same already exists.", code="look_alike"
            )


class User(AbstractUser):
    """A person who signs in: writes posts and comments, likes posts."""

    username_validator = UsernameValidator()

    username = NormalizedNameField(
        "username",
        max_length=150,
        unique=True,
        help_text="150 characters or fewer: letters, digits and . + - _ only.",
        validators=[username_validator],
        error_messages={"unique": "A user with that username already exists."},
    )
    email = models.EmailField("email address")
    bio = models.TextField(blank=True, max_length=2000)
    email_notifications = models.BooleanField(
        default=True, help_text="Whether comments by others on your posts are e-mailed to you."
    )
    # Unique under api.names' rule: no two users share a name or an address in any case.
    username_key = NameKeyField(
        source="username",
        max_length=450,
        unique=True,
        error_messages={"unique": "A user with that username already exists."},
    )
    email_key = NameKeyField(
        source="email",
        max_length=762,
        unique=True,
        error_messages={"unique": "A user with that email already exists."},
    )
    # Changed by accounts.services.revoke_all_sessions: every browser session signed before ends.
    session_stamp = models.CharField(max_length=32, blank=True, editable=False)

    def __str__(self):
        return self.username

    def clean(self):
        super().clean()
        validate_name_keys(self)

    _password_disabled = False

    def set_unusable_password(self):
        super().set_unusable_password()
        # Turning password sign-in off (as the admin can) changes the password as far as
        # sessions go; set_password() marks a change in `_password`.
        self._password_disabled = True

    def save(self, *args, **kwargs):
        """Deactivating a user or changing their password (admin, API, reset link, shell) revokes
        every session: reactivation must not bring them back, nor a stolen session outlive the
        password. A hash upgraded at sign-in is no change (Django leaves `_password` unset).
        `QuerySet.update(is_active=False)` skips this, as it skips save(); whoever calls it calls
        accounts.services.revoke_all_sessions for each user."""
        update_fields = kwargs.get("update_fields")
        deactivated = (
            not self.is_active
            and self.pk is not None
            and (update_fields is None or "is_active" in update_fields)
            and User.objects.filter(pk=self.pk, is_active=True).exists()
        )
        password_changed = not self._state.adding and (
            self._password is not None or self._password_disabled
        )
        self._password_disabled = False
        super().save(*args, **kwargs)
        if deactivated or password_changed:
            from accounts.services import revoke_all_sessions  # It imports this module.

            revoke_all_sessions(self)

    def delete(self, *args, **kwargs):
        """Deletes the user and what is theirs, with their row (and through `user_deleting`, the
        rows others add to) locked before Django collects it all: a write in flight for them
        (accounts.authentication holds the writer's row) commits first and is collected, and one
        that comes later waits and finds them gone. Collected first, a post written meanwhile
        would still point at the deleted row, and the deletion fail when it commits."""
        with transaction.atomic():
            User.objects.select_for_update().filter(pk=self.pk).exists()
            user_deleting.send(sender=User, user=self)
            return super().delete(*args, **kwargs)

    def _get_session_auth_hash(self, secret=None):
        # Django's, with the stamp mixed in: a session signed before it changed no longer matches,
        # and Django ends it. An empty stamp gives Django's own hash, so no session ends on upgrade.
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            self.password + self.session_stamp,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Login(models.Model):
    """One sign-in: a JWT login and the chain of refresh tokens rotated from it (its `family`),
    a browser session of the browsable API or the admin, a personal API token, or a legacy JWT
    client's chain of tokens. Users list and
    end them at auth/sessions/.

    Minting a token into a login and revoking it both lock this row first (accounts.services), so
    a revocation sees every token minted before it and none is minted after it. A login ends when
    revoked or REFRESH_TOKEN_ABSOLUTE_LIFETIME after it started, however often it was rotated.
    """

    class Kind(models.TextChoices):
        JWT = "jwt", "JWT"
        BROWSER = "browser", "Browser session"
        TOKEN = "token", "API token"
        LEGACY = "legacy", "Legacy JWT"  # A djangorestframework-jwt client's (accounts.legacy_jwt).

    family = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="logins"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.JWT)
    started_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Where and how it was last used: written at most once per LAST_USED_PRECISION (accounts.usage).
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_ip = models.GenericIPAddressField(null=True, blank=True)
    client = models.CharField(max_length=100, blank=True)
    # A browser login's Django session, ended with it.
    session_key = models.CharField(max_length=40, blank=True)
    # Whether its sign-in passed a second factor (accounts/second_factor.py): only such a login of
    # a user with one may create API tokens or use the admin.
    second_factor = models.BooleanField(default=False)

    def __str__(self):
        return f"login {self.family} of user {self.user_id}"

    @property
    def ends_at(self):
        """When it ends however it is used: a JWT login's absolute lifetime, a token's expiry."""
        if self.kind == self.Kind.TOKEN:
            return self.api_token.expires_at
        if self.kind == self.Kind.BROWSER:
            return None  # Django's session expiry applies.
        if self.kind == self.Kind.LEGACY:
            return self.started_at + settings.LEGACY_JWT_MAX_AGE
        return self.started_at + settings.REFRESH_TOKEN_ABSOLUTE_LIFETIME

    def has_ended(self):
        ends_at = self.ends_at
        return self.revoked_at is not None or (ends_at is not None and timezone.now() >= ends_at)


class RefreshTokenLineage(models.Model):
    """Which login each refresh token descends from, and when it was exchanged for the next.

    Every refresh token of one login is a link in a chain of rotations. A link presented again
    after its rotation means two parties hold it: see accounts.services. `grace_exchanges` counts
    the new pairs it got inside the reuse grace window. Rows go with their outstanding token
    (`manage.py flushexpiredtokens`).
    """

    token = models.OneToOneField(OutstandingToken, on_delete=models.CASCADE, related_name="lineage")
    login = models.ForeignKey(
        Login, on_delete=models.CASCADE, to_field="family", db_column="family", related_name="links"
    )
    rotated_at = models.DateTimeField(null=True, blank=True)
    grace_exchanges = models.PositiveSmallIntegerField(default=0)

    def __str__(self):
        return f"{self.token.jti} of login {self.login_id}"


class ApiToken(models.Model):
    """A personal API token, sent as `Authorization: Token <secret>` by scripts and CI jobs.

    Only the SHA-256 of the secret is stored: the secret is long and random, so a slow hash would
    add nothing but time to every request. Its login holds when it was created, last used and
    revoked, so that it is listed and ended with the user's other sessions.
    """

    PREFIX = "blogpat_"  # Recognisable, so that secret scanners can find leaked ones.

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        READ_WRITE = "read-write", "Read and write"

    login = models.OneToOneField(Login, on_delete=models.CASCADE, related_name="api_token")
    name = models.CharField(max_length=100)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.READ_WRITE)
    expires_at = models.DateTimeField(null=True, blank=True)
    # The secret's first characters, shown in lists so that its owner can tell which one it is.
    key_prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)

    def __str__(self):
        return f"token {self.key_prefix}… of login {self.login_id}"


class RecoveryCode(models.Model):
    """One of a user's single-use recovery codes, for a second factor without the authenticator.

    Only the SHA-256 of the code is stored: it is random and long enough that a slow hash would
    add nothing. A used one is kept, marked, until the codes are regenerated.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"recovery code {self.pk} of user {self.user_id}"
