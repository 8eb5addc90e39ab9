"""gunicorn settings: `gunicorn -c gunicorn.conf.py config.wsgi` (what `make serve` runs).

Each value can be changed from the environment; gunicorn's own GUNICORN_CMD_ARGS work too.
"""

import multiprocessing
import os
from pathlib import Path

import environ

from config.logging import gunicorn_json_logging

env = environ.Env()
# The .env file config/settings.py reads, so that both agree on DEBUG and LOG_FORMAT.
if (Path(__file__).resolve().parent / ".env").is_file():
    env.read_env(Path(__file__).resolve().parent / ".env")

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# The usual 2 x cores + 1 sync workers, unless the platform says otherwise.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# More than one thread per worker switches to the threaded worker (for slow clients or I/O).
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A worker silent this long is killed and replaced: a request never hangs forever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM, workers finish the requests they hold for up to this long before exiting.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# gunicorn itself refuses, before Django sees the request, a request line over 4094 bytes (414),
# a header over 8190 bytes or more than 100 headers (431) and malformed HTTP (400), each with a
# short HTML page of its own: the only answers under /api/ that are not JSON (README, Security).
# Recycle workers now and then, so that a slow leak never grows for long.
max_requests = 2000
max_requests_jitter = 200

# The access log: the application writes one JSON line per request itself (config.middleware),
# with the user id and request id gunicorn cannot know. Set GUNICORN_ACCESS_LOG=- to also get
# gunicorn's own lines.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn's own lines in the application's format: JSON unless DEBUG is on (config/settings.py).
if env("LOG_FORMAT", default="text" if env.bool("DEBUG", default=True) else "json") == "json":
    logconfig_dict = gunicorn_json_logging(access_log=accesslog is not None)
