"""The API as a real server, started the same way for every live harness.

`running_server()` does it all: a fresh database, migrated, with the demo data when asked; the
settings of `server_environment()`; gunicorn on a free local port; ready once /readyz answers (the
database and the cache both reached); stopped with its whole process group. Harnesses that share
one database between several servers (tests/live) or seed data of their own (bench) use its
parts: `fresh_database`, `server_environment`, `prepare_database` and `gunicorn`.

A server's environment is built here, never inherited: what a developer's shell exports cannot
change what a harness tests or measures. Every throttle is off (THROTTLING=false) unless a
harness turns them on, as the live tests that measure them do.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The PostgreSQL server of this machine and of CI (trust authentication).
POSTGRES = "postgres://postgres@127.0.0.1:5432"
LOG_TAIL_LINES = 40


@dataclass
class Server:
    """A process of ours answering HTTP: its URL, its process and its log."""

    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self):
        return self.log_path.read_text()

    def log_tail(self, lines=LOG_TAIL_LINES):
        return "\n".join(self.log().splitlines()[-lines:])


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def work_folder(folder=None) -> Iterator[Path]:
    """`folder`, or a new temporary one deleted after a clean run and kept after a failure."""
    if folder is not None:
        yield Path(folder)
        return
    created = Path(tempfile.mkdtemp(prefix="harness-"))
    try:
        yield created
    except BaseException:
        print(
            f"harness: the run failed; its files (database, logs) are kept in {created}",
            file=sys.stderr,
        )
        raise
    shutil.rmtree(created)


@contextmanager
def fresh_database(kind="sqlite", folder=None, name="blog_harness", postgres=POSTGRES):
    """The URL of an empty database: an SQLite file in `folder`, or a PostgreSQL database named
    `name` plus a random suffix, made now and dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{Path(folder) / 'db.sqlite3'}"
        return
    if kind != "postgresql":
        raise ValueError(f"No such database kind: {kind!r} (sqlite or postgresql).")
    import psycopg  # Only PostgreSQL runs need the driver at hand.

    database = f"{name}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{postgres}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        yield f"{postgres}/{database}"
    finally:
        with psycopg.connect(f"{postgres}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def server_environment(database_url, *, debug=False, **settings):
    """A server's whole environment: the project's settings on `database_url` with the local-memory
    cache, tasks run in-process and no throttling, in production mode unless `debug`; `settings`
    set or override any."""
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),  # noqa: S108 - where tools may keep caches
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true" if debug else "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        # Tasks (e-mails) run in the server's process unless a harness starts workers and names
        # their broker, as tests/live/test_task_queue.py does.
        "CELERY_BROKER_URL": "",
        "THROTTLING": "false",
    }
    if not debug:
        # What production mode requires; no browser calls these servers unless a harness says so.
        base |= {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CORS_ALLOWED_ORIGINS": "",
            "FRONTEND_URL": "https://blog.example",
        }
    return base | settings


def manage(environment, *args):
    """Runs a manage.py command; its output is in the error if it fails."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare_database(environment, demo_data=False):
    """Migrates the environment's database and, if asked, loads the demo data."""
    manage(environment, "migrate", "--no-input")
    if demo_data:
        # The demo data loads only in development mode; the server may then run in production's.
        manage({**environment, "DEBUG": "true"}, "load_demo_data")


@contextmanager
def serving(command, url, environment, log_path, ready_path="/readyz", timeout=30):
    """`command` running, once `url + ready_path` answers 200; stopped with all its processes."""
    with Path(log_path).open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and servers
            command,
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Its own process group: stopping it stops its workers.
        )
    server = Server(url, process, Path(log_path))
    try:
        wait_until_answering(server, ready_path, timeout)
        yield server
    finally:
        stop(process)


def wait_until_answering(server, path, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.url} exited before answering:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(server.url + path, timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:  # Not listening yet, or not ready: an HTTPError is an OSError too.
            time.sleep(0.2)
    raise RuntimeError(f"{server.url}{path} did not answer in {timeout} s:\n{server.log_tail()}")


def stop(process, timeout=40):
    """SIGTERM to the process group (gunicorn lets its workers finish), then SIGKILL."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def gunicorn(environment, log_path, *, workers=2, threads=1, hostname="127.0.0.1", args=()):
    """The API under gunicorn (gunicorn.conf.py) on a free port of 127.0.0.1, reached through
    `hostname`; `args` are more of gunicorn's options."""
    port = free_port()
    with serving(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", *args, "config.wsgi"],
        f"http://{hostname}:{port}",
        {
            **environment,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": str(threads),
        },
        log_path,
    ) as server:
        yield server


@contextmanager
def running_server(
    *,
    database="sqlite",
    folder=None,
    debug=False,
    demo_data=True,
    workers=2,
    threads=1,
    hostname="127.0.0.1",
    gunicorn_args=(),
    **settings,
) -> Iterator[Server]:
    """The API on a fresh `database` (sqlite or postgresql), with `settings` (environment
    variables) over `server_environment()`'s; `folder` holds the database and the log."""
    with work_folder(folder) as work, fresh_database(database, work) as database_url:
        environment = server_environment(database_url, debug=debug, **settings)
        prepare_database(environment, demo_data)
        with gunicorn(
            environment,
            work / "server.log",
            workers=workers,
            threads=threads,
            hostname=hostname,
            args=gunicorn_args,
        ) as server:
            yield server
