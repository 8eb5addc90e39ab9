"""Log formatting, and the one convention for structured events.

An event passes its machine-readable fields as `extra={"fields": {...}}` on an ordinary stdlib
logging call (the request log, sign-in attempts, refresh-token reuse); `JsonFormatter` writes them
beside time, level, logger and message, and the text format keeps the message alone. Django, DRF
and gunicorn all log through the standard library, so one formatter covers every line.
"""

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the record's `fields`."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def gunicorn_json_logging(access_log):
    """gunicorn's `logconfig_dict` for LOG_FORMAT=json: its own lines (start-up, workers, errors)
    through `JsonFormatter` too, so that a log collector reads one format.

    gunicorn's access lines would repeat the request log, so they stay off unless asked for
    (`access_log`: GUNICORN_ACCESS_LOG is set).
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "root": {"handlers": ["console"], "level": "INFO"},
        # No handlers of their own: their lines reach the root's JSON handler, which Django's
        # LOGGING sets up the same way in each worker.
        "loggers": {
            "gunicorn.error": {"handlers": [], "propagate": True},
            "gunicorn.access": {
                "handlers": [],
                "propagate": True,
                "level": "INFO" if access_log else "WARNING",
            },
        },
    }
