"""Settings for the test suite: the real settings with fast password hashing."""

from config.settings import *  # noqa: F403

# A real hash costs hundreds of milliseconds; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in-process as they are queued, even where REDIS_URL names a Redis (make test-postgres):
# no worker runs beside the suite. The live tests (tests/live/test_task_queue.py) run real ones.
CELERY_TASK_ALWAYS_EAGER = True
# The suite tests djangorestframework-jwt's endpoints as a deployment that serves them would;
# tests/accounts/test_legacy_jwt.py turns them off to see them refused.
LEGACY_JWT = True
