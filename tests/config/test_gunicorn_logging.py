"""gunicorn's own lines (start-up, workers, errors) use the application's log format."""

import json
import logging
import runpy

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

from harness.server import PROJECT_ROOT

GUNICORN_LOGGERS = ("gunicorn.error", "gunicorn.access")


def gunicorn_settings(monkeypatch, **environment):
    """The settings gunicorn.conf.py gives in `environment` (a shell exporting nothing else)."""
    for name in ("DEBUG", "LOG_FORMAT", "GUNICORN_ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))


@pytest.fixture
def gunicorn_logging():
    """`gunicorn_logging(settings)`: gunicorn's logger set up as its master does, then undone."""
    loggers = [logging.getLogger(), *map(logging.getLogger, GUNICORN_LOGGERS)]
    saved = [(lg, lg.handlers[:], lg.level, lg.propagate) for lg in loggers]

    def set_up(settings):
        config = Config()
        for name in ("accesslog", "errorlog", "loglevel", "logconfig_dict"):
            if name in settings:
                config.set(name, settings[name])
        return Logger(config)

    yield set_up
    for lg, handlers, level, propagate in saved:
        lg.handlers[:] = handlers
        lg.setLevel(level)
        lg.propagate = propagate


def formatted(logger_name, message, level=logging.INFO):
    """What the handlers that a gunicorn logger's record reaches write for it."""
    record = logging.getLogger(logger_name).makeRecord(logger_name, level, "", 0, message, (), None)
    lines, current = [], logging.getLogger(logger_name)
    while current:
        lines += [handler.format(record) for handler in current.handlers]
        current = current.parent if current.propagate else None
    return lines


def test_with_debug_off_gunicorns_lines_are_json(monkeypatch, gunicorn_logging):
    gunicorn_logging(gunicorn_settings(monkeypatch, DEBUG="false"))

    [line] = formatted("gunicorn.error", "Booting worker with pid: 42")

    entry = json.loads(line)
    assert entry["logger"] == "gunicorn.error"
    assert entry["level"] == "INFO"
    assert entry["message"] == "Booting worker with pid: 42"


def test_gunicorns_access_lines_stay_off_since_the_request_log_has_each_request(
    monkeypatch, gunicorn_logging
):
    gunicorn_logging(gunicorn_settings(monkeypatch, DEBUG="false"))

    assert not logging.getLogger("gunicorn.access").isEnabledFor(logging.INFO)


def test_gunicorns_access_lines_asked_for_are_json_too(monkeypatch, gunicorn_logging):
    gunicorn_logging(gunicorn_settings(monkeypatch, DEBUG="false", GUNICORN_ACCESS_LOG="-"))

    [line] = formatted("gunicorn.access", '127.0.0.1 - - "GET /healthz HTTP/1.1" 200')

    assert json.loads(line)["logger"] == "gunicorn.access"
    assert logging.getLogger("gunicorn.access").isEnabledFor(logging.INFO)


def test_log_format_text_keeps_gunicorns_own_format(monkeypatch, gunicorn_logging):
    settings = gunicorn_settings(monkeypatch, DEBUG="false", LOG_FORMAT="text")
    gunicorn_logging(settings)

    [line] = formatted("gunicorn.error", "Booting worker with pid: 42")

    assert "logconfig_dict" not in settings
    assert line.endswith("[INFO] Booting worker with pid: 42")


def test_in_development_gunicorn_writes_text(monkeypatch):
    assert "logconfig_dict" not in gunicorn_settings(monkeypatch)
