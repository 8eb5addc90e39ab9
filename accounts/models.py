"""The project's user model."""

from confusable_homoglyphs import confusables
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from config.names import (
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
    # Unique under config.names' rule: no two users share a name or an address in any case.
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

    def __str__(self):
        return self.username

    def clean(self):
        super().clean()
        validate_name_keys(self)


class RefreshTokenLineage(models.Model):
    """Which login each refresh token descends from, and when it was exchanged for the next.

    Every refresh token of one login (one `family`) is a link in a chain of rotations. A link
    presented again after its rotation means two parties hold it: see accounts.services.
    Rows go with their outstanding token (`manage.py flushexpiredtokens`).
    """

    token = models.OneToOneField(OutstandingToken, on_delete=models.CASCADE, related_name="lineage")
    family = models.CharField(max_length=32, db_index=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.token.jti} of login {self.family}"
