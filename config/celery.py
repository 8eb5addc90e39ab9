"""The Celery application: the workers (`make worker`) and the scheduler (`make beat`) boot here.

Its settings are the CELERY_* names of config/settings.py; each app's tasks live in its
`tasks.py`, found by autodiscovery once Django's apps are loaded.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("blog")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
