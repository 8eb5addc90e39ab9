"""The project's user model."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower


class User(AbstractUser):
    """A person who signs in: writes posts and comments, likes posts."""

    email = models.EmailField("email address")
    bio = models.TextField(blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="unique_username_case_insensitive",
                violation_error_message="A user with that username already exists.",
            ),
            models.UniqueConstraint(
                Lower("email"),
                name="unique_email_case_insensitive",
                violation_error_message="A user with that email already exists.",
            ),
        ]

    def __str__(self):
        return self.username
