"""Real gunicorn processes in production mode, sharing one PostgreSQL database and one Redis.

The services are the ones a CI machine runs (PostgreSQL on 5432 with trust auth, Redis on 6379);
each run gets a database of its own, dropped at the end, and Redis database 14, emptied.
"""

import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import redis
import requests

PROJECT_ROOT = Path(__file__).resolve().parents[2]
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/14"
# What a TLS-terminating proxy in front of the instances would add.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
THROTTLE_SCOPES = [
    "ANON",
    "USER",
    "LOGIN",
    "LOGIN_ACCOUNT",
    "REGISTRATION",
    "ACTIVATION",
    "PASSWORD_RESET",
    "USERNAME_CHANGE",
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args, **environment):
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=environment,
        check=True,
        capture_output=True,
    )


@dataclass
class Server:
    """One gunicorn instance: its base URL, its process and its log."""

    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self):
        return self.log_path.read_text()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=40)


@pytest.fixture(scope="session")
def database_name():
    name = f"blog_live_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def production_environment(database_name, tmp_path_factory):
    """The environment of every instance: production mode, shared database and Redis."""
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "live-tests-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Required with DEBUG off; no browser calls these servers.
        "CORS_ALLOWED_ORIGINS": "",
        "FRONTEND_URL": "https://blog.example",
        "DATABASE_URL": f"{POSTGRES}/{database_name}",
        "REDIS_URL": REDIS_URL,
        "ACCOUNT_ACTIVATION": "false",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "8",
        **{f"THROTTLE_{scope}_RATE": "10000/minute" for scope in THROTTLE_SCOPES},
    }
    manage("migrate", "--no-input", **environment)
    manage("collectstatic", "--no-input", **environment)
    redis.Redis.from_url(REDIS_URL).flushdb()
    yield environment
    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture(scope="session")
def start_server(production_environment, tmp_path_factory):
    """`start_server(**environment)`: a gunicorn instance, answering, on a free port."""
    servers = []

    def start(**environment):
        port = free_port()
        log_path = tmp_path_factory.mktemp("server") / "gunicorn.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "config.wsgi"],
            cwd=PROJECT_ROOT,
            env={**production_environment, "GUNICORN_BIND": f"127.0.0.1:{port}", **environment},
            stdout=log_path.open("w"),
            stderr=subprocess.STDOUT,
        )
        server = Server(f"http://127.0.0.1:{port}", process, log_path)
        servers.append(server)
        wait_until_answering(server)
        return server

    yield start
    for server in servers:
        server.stop()


def wait_until_answering(server, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.process.poll() is None, server.log()
        try:
            if requests.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:  # Not listening yet, or still booting its workers.
            time.sleep(0.2)
    raise AssertionError(f"{server.url} did not answer in {timeout}s:\n{server.log()}")


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
