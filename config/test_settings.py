"""Settings for the test suite: the real settings with fast password hashing."""

from config.settings import *  # noqa: F403

# A real hash costs hundreds of milliseconds; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
