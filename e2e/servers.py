"""The processes the browser suite starts, and the e-mails the API writes to its mailbox."""

import email
import os
import re
import socket
import subprocess
import time
from dataclasses import dataclass
from email import policy
from pathlib import Path

import requests


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def base_environment(**settings):
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **settings,
    }


@dataclass
class Server:
    """A process of ours that answers HTTP: its URL, its process and its log."""

    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self):
        return self.log_path.read_text()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wait_until_answering(server, path="/", timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.process.poll() is None, f"{server.url} exited:\n{server.log()}"
        try:
            if requests.get(server.url + path, timeout=1).status_code == 200:
                return
        except requests.RequestException:  # Not listening yet.
            time.sleep(0.2)
    raise AssertionError(f"{server.url} did not answer in {timeout}s:\n{server.log()}")


@dataclass
class Stack:
    """The API and the SPA that calls it, on two origins, and the API's mailbox."""

    api: str  # http://localhost:PORT/api/v1
    spa: str  # http://localhost:PORT, the API's allowed CORS origin
    mailbox: Path

    def activation_link(self, address):
        """The link of the newest activation e-mail to `address`."""
        body = wait_for(lambda: newest_mail(self.mailbox, address, subject="Activate"))
        return re.search(rf"{re.escape(self.spa)}/activate/\S+", body).group()


def wait_for(find, timeout=10):
    """What `find()` answers once it answers something: for what another process writes."""
    deadline = time.monotonic() + timeout
    while (found := find()) is None:
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.1)
    return found


def newest_mail(mailbox, address, subject):
    """The plain-text body of the newest e-mail to `address` whose subject starts so, or None."""
    bodies = []
    # Django's file backend: one file per connection, each message followed by a line of dashes.
    for path in sorted(mailbox.glob("*.log"), key=lambda path: path.stat().st_mtime):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            message = email.message_from_bytes(raw, policy=policy.default)
            if message["To"] == address and message["Subject"].startswith(subject):
                bodies.append(message.get_body(preferencelist=("plain",)).get_content())
    return bodies[-1] if bodies else None
