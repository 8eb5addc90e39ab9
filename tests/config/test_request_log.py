"""Every request gets an id, echoed in X-Request-ID, and one log line a log collector can parse."""

import json
import logging

import pytest
from django.urls import reverse

from config.logging import JsonFormatter

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.INFO, logger="config.middleware")
    return caplog


def log_fields(caplog):
    return [record.fields for record in caplog.records if record.name == "config.middleware"]


def test_an_incoming_request_id_is_kept_and_echoed(api_client):
    response = api_client.get(reverse("post-list"), HTTP_X_REQUEST_ID="lb-7f3a.42")

    assert response["X-Request-ID"] == "lb-7f3a.42"


def test_a_request_without_an_id_gets_a_new_one(api_client):
    first = api_client.get(reverse("post-list"))["X-Request-ID"]
    second = api_client.get(reverse("post-list"))["X-Request-ID"]

    assert len(first) == 32
    assert first != second


@pytest.mark.parametrize("forged", ["x" * 500, "id with spaces", "evil\u2028line"])
def test_an_unusable_incoming_id_is_replaced(api_client, forged):
    response = api_client.get(reverse("post-list"), HTTP_X_REQUEST_ID=forged)

    assert response["X-Request-ID"] != forged
    assert len(response["X-Request-ID"]) == 32


def test_each_request_logs_one_line_with_what_happened(auth_client, alice, request_log):
    response = auth_client(alice).get(reverse("post-list"), HTTP_X_REQUEST_ID="abc-123")

    [fields] = log_fields(request_log)
    assert fields["method"] == "GET"
    assert fields["path"] == reverse("post-list")
    assert fields["status"] == response.status_code == 200
    assert fields["duration_ms"] >= 0
    assert fields["user_id"] == alice.pk
    assert fields["request_id"] == "abc-123"


def test_an_anonymous_request_logs_no_user(api_client, request_log):
    api_client.get(reverse("post-list"))

    [fields] = log_fields(request_log)
    assert fields["user_id"] is None


def test_errors_are_logged_with_their_status(api_client, request_log):
    api_client.get("/api/v1/no-such-thing/")

    [fields] = log_fields(request_log)
    assert fields["status"] == 404


def test_the_json_formatter_writes_one_parsable_object_per_record(api_client, request_log):
    api_client.get(reverse("post-list"), HTTP_X_REQUEST_ID="abc-123")
    [record] = [r for r in request_log.records if r.name == "config.middleware"]

    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "INFO"
    assert entry["request_id"] == "abc-123"
    assert entry["status"] == 200
    assert entry["method"] == "GET"


def test_a_static_file_is_logged_at_debug_level(api_client, caplog):
    caplog.set_level(logging.DEBUG, logger="config.middleware")

    response = api_client.get("/static/rest_framework/css/bootstrap.min.css")

    [record] = [r for r in caplog.records if r.name == "config.middleware"]
    assert response.status_code == 200
    assert record.levelno == logging.DEBUG
    assert record.fields["path"] == "/static/rest_framework/css/bootstrap.min.css"


def test_static_files_leave_no_line_at_the_default_level(api_client, request_log):
    api_client.get("/static/rest_framework/css/bootstrap.min.css")
    api_client.get(reverse("post-list"))

    assert [fields["path"] for fields in log_fields(request_log)] == [reverse("post-list")]


# --- Django: log injection -----------------------------------------------------------------------

FORGED_LINE = "/api/v1/posts/%0D%0AINFO 200 GET /admin/ forged=1"


def request_log_records(caplog, client):
    with caplog.at_level(logging.INFO, logger="config.middleware"):
        client.get(FORGED_LINE)
    return [record for record in caplog.records if record.name == "config.middleware"]


@pytest.mark.owasp("API8:2023")
def test_cve_2025_48432_request_log_message_escapes_control_characters(api_client, caplog):
    """CVE-2025-48432: Django's response logging wrote `request.path` unescaped, so a URL with
    CR/LF could forge log lines. Our request log writes the path too; it must escape it as
    `django.utils.log.log_response` now does."""
    (record,) = request_log_records(caplog, api_client)

    message = record.getMessage()
    assert "\n" not in message
    assert "\r" not in message


@pytest.mark.owasp("API8:2023")
def test_cve_2025_48432_json_request_log_stays_one_line(api_client, caplog):
    """Production's JSON log lines (LOG_FORMAT=json) cannot be split by a crafted path."""
    (record,) = request_log_records(caplog, api_client)

    assert len(JsonFormatter().format(record).splitlines()) == 1
