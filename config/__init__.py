# Loaded with Django, so that every task a request queues uses the project's Celery settings.
from config.celery import app as celery_app

__all__ = ["celery_app"]
