"""The log of a real gunicorn in production mode: one JSON format, no warning for HEAD, no line
per static file."""

import json

import pytest
import requests

from harness.server import (
    fresh_database,
    gunicorn,
    manage,
    prepare_database,
    server_environment,
    work_folder,
)

pytestmark = pytest.mark.live

STATIC_FILE = "/static/rest_framework/css/bootstrap.min.css"
# What a TLS-terminating proxy adds; without it, production mode redirects to https.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module")
def server_log():
    """Everything gunicorn wrote, from start-up to stop, around GET and HEAD requests."""
    with work_folder() as work, fresh_database("sqlite", work) as database_url:
        environment = server_environment(database_url)
        prepare_database(environment)
        manage(environment, "collectstatic", "--no-input")
        with gunicorn(environment, work / "gunicorn.log") as server:
            for path in ("/api/v1/", "/api/v1/posts/", "/admin/login/", "/api/docs/", STATIC_FILE):
                for send in (requests.get, requests.head):
                    response = send(server.url + path, headers=PROXY_HEADERS, timeout=10)
                    assert response.status_code == 200
        return server.log()


def test_every_line_is_one_json_object(server_log):
    entries = [json.loads(line) for line in server_log.splitlines()]

    loggers = {entry["logger"] for entry in entries}
    assert {"gunicorn.error", "config.middleware"} <= loggers


def test_head_requests_send_no_body_for_gunicorn_to_drop(server_log):
    heads = [e for e in map(json.loads, server_log.splitlines()) if e.get("method") == "HEAD"]

    assert len(heads) == 4
    assert "no-body response" not in server_log


def test_static_files_leave_no_line(server_log):
    paths = [e.get("path") for e in map(json.loads, server_log.splitlines())]

    assert STATIC_FILE not in paths
    assert "/api/v1/posts/" in paths
