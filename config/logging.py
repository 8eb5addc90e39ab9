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
