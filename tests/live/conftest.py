"""Real gunicorn processes in production mode, sharing one PostgreSQL database and one Redis.

The services are the ones a CI machine runs (PostgreSQL on 5432 with trust auth, Redis on 6379);
each run gets a database of its own, dropped at the end, and a Redis database (LIVE_REDIS_URL,
14 by default, so that runs side by side can each have one), emptied. The instances start as
every harness starts the API (harness/server.py): nothing throttled, except where a test turns
THROTTLING on to measure its limits.
"""

import os
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import redis
import requests

from harness.server import (
    POSTGRES,
    PROJECT_ROOT,
    fresh_database,
    gunicorn,
    manage,
    prepare_database,
    server_environment,
    stop,
)

REDIS_URL = os.environ.get("LIVE_REDIS_URL", "redis://127.0.0.1:6379/14")
# The Celery workers' broker: a Redis database of its own (13 by default), emptied by each test
# that uses it.
CELERY_BROKER_URL = os.environ.get("LIVE_CELERY_BROKER_URL", "redis://127.0.0.1:6379/13")
# What a TLS-terminating proxy in front of the instances would add.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


@pytest.fixture(scope="session")
def database_name():
    with fresh_database("postgresql", name="blog_live") as url:
        yield url.rsplit("/", 1)[1]


@pytest.fixture(scope="session")
def production_environment(database_name):
    """The environment of every instance: production mode, shared database and Redis."""
    environment = server_environment(
        f"{POSTGRES}/{database_name}", REDIS_URL=REDIS_URL, ACCOUNT_ACTIVATION="false"
    )
    prepare_database(environment)
    manage(environment, "collectstatic", "--no-input")
    redis.Redis.from_url(REDIS_URL).flushdb()
    yield environment
    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture(scope="session")
def start_server(production_environment, tmp_path_factory):
    """`start_server(**environment)`: a gunicorn instance, answering, on a free port."""
    with ExitStack() as servers:

        def start(**environment):
            return servers.enter_context(
                gunicorn(
                    {**production_environment, **environment},
                    tmp_path_factory.mktemp("server") / "gunicorn.log",
                    threads=8,
                )
            )

        yield start


def https_session():
    """A client as the load balancer forwards it: over https."""
    session = requests.Session()
    session.headers.update(PROXY_HEADERS)
    # Room for every request of a burst to be in flight at once.
    session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=128))
    return session


@pytest.fixture
def http():
    return https_session()


@pytest.fixture
def empty_throttles():
    """Every throttle window starts empty."""
    redis.Redis.from_url(REDIS_URL).flushdb()


def register(http, server, username, password="a-long-live-passphrase"):  # noqa: S107
    response = http.post(
        f"{server.url}/api/v1/auth/users/",
        json={"username": username, "email": f"{username}@example.com", "password": password},
    )
    assert response.status_code == 201, response.text
    return {"username": username, "password": password}


def login(http, server, account):
    response = http.post(f"{server.url}/api/v1/auth/jwt/create/", json=account)
    assert response.status_code == 200, response.text
    return response.json()


@contextmanager
def celery_worker(environment, log_path, *, visibility_timeout=3600):
    """A Celery worker (one process: one task at a time) as `make worker` starts it, with
    `environment`, once it is ready; stopped with its pool (SIGTERM, then SIGKILL). `.process`
    is the worker's main process, leading the process group of its pool."""
    log_path = Path(log_path)
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and worker
            [
                *(sys.executable, "-m", "celery", "--app", "config", "worker"),
                *("--loglevel", "INFO", "--concurrency", "1"),
                # No waiting for neighbours at start: each test has its own broker database.
                *("--without-mingle", "--without-gossip"),
            ],
            cwd=PROJECT_ROOT,
            env={
                **environment,
                "CELERY_BROKER_URL": CELERY_BROKER_URL,
                "CELERY_VISIBILITY_TIMEOUT_SECONDS": str(visibility_timeout),
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        while " ready." not in log_path.read_text():
            assert process.poll() is None, f"the worker exited:\n{log_path.read_text()}"
            assert time.monotonic() < deadline, f"not ready:\n{log_path.read_text()}"
            time.sleep(0.1)
        yield process
    finally:
        stop(process)
