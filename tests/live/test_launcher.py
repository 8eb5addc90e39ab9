"""The launcher every live harness starts the API with (harness/): what a harness can count on."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import requests

from harness.server import POSTGRES, PROJECT_ROOT, running_server

pytestmark = pytest.mark.live

# What the command of `python -m harness.serve` does: reads /readyz and leaves a report behind.
COMMAND = """
import os, pathlib, sys, urllib.request
with urllib.request.urlopen(os.environ["SERVER_URL"] + "/readyz") as response:
    print(os.environ["SERVER_URL"], response.status)
(pathlib.Path(os.environ["SERVER_DIR"]) / "report.txt").write_text("found nothing")
sys.exit(int(sys.argv[1]))
"""


def serve(status):
    """`python -m harness.serve` running COMMAND, which exits with `status`."""
    return subprocess.run(  # noqa: S603 - our own interpreter and launcher
        [sys.executable, "-m", "harness.serve", "--", sys.executable, "-c", COMMAND, str(status)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def is_answering(url):
    try:
        requests.get(f"{url}/healthz", timeout=2)
    except requests.ConnectionError:
        return False
    return True


def test_a_command_runs_against_a_ready_server_which_is_gone_after_a_clean_run():
    result = serve(0)

    url, status = result.stdout.split()
    assert (result.returncode, status) == (0, "200")
    assert not is_answering(url)
    assert "kept in" not in result.stderr


def test_a_failed_command_gives_its_status_and_keeps_the_log_and_reports():
    result = serve(3)

    assert result.returncode == 3
    assert "The server's last log lines" in result.stderr
    folder = Path(re.search(r"kept in (\S+)", result.stderr).group(1))
    report, log = (folder / "report.txt").read_text(), (folder / "server.log").read_text()
    shutil.rmtree(folder)
    assert report == "found nothing"
    assert "GET /readyz 200" in log
    assert not is_answering(result.stdout.split()[0])


def databases_named(prefix):
    with psycopg.connect(f"{POSTGRES}/postgres") as connection:
        rows = connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{prefix}%"]
        ).fetchall()
    return {name for (name,) in rows}


def test_a_postgresql_server_has_a_database_of_its_own_dropped_afterwards():
    before = databases_named("blog_harness")

    with running_server(database="postgresql", debug=True) as server:
        during = databases_named("blog_harness")
        posts = requests.get(f"{server.url}/api/v1/posts/", timeout=10)

    assert len(during - before) == 1
    assert posts.status_code == 200
    assert posts.json()["count"] > 0  # The demo data.
    assert databases_named("blog_harness") == before


def test_nothing_is_throttled_the_hundredth_sign_in_attempt_included():
    with running_server(debug=True) as server:
        url = f"{server.url}/api/v1/auth/jwt/create/"
        wrong = {"username": "alice", "password": "a-wrong-guess"}
        statuses = {requests.post(url, json=wrong, timeout=10).status_code for _ in range(99)}
        right = requests.post(url, json={**wrong, "password": "demo-alice-2026"}, timeout=10)

    assert statuses == {401}
    assert right.status_code == 200
