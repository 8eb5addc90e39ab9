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


def test_each_request_logs_one_line_with_what_happened(auth_client, user, request_log):
    response = auth_client(user).get(reverse("post-list"), HTTP_X_REQUEST_ID="abc-123")

    [fields] = log_fields(request_log)
    assert fields["method"] == "GET"
    assert fields["path"] == reverse("post-list")
    assert fields["status"] == response.status_code == 200
    assert fields["duration_ms"] >= 0
    assert fields["user_id"] == user.pk
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
