"""The API and SPA the browser suite starts, and the e-mails the API writes to its mailbox."""

import email
import re
import time
from dataclasses import dataclass
from email import policy
from pathlib import Path


@dataclass
class Stack:
    """The API and the SPA that calls it, on two origins, and the API's mailbox."""

    api: str  # http://localhost:PORT/api/v1
    spa: str  # http://localhost:PORT, the API's allowed CORS origin
    mailbox: Path

    def activation_link(self, address):
        """The link of the newest activation e-mail to `address`."""
        return self.link(address, subject="Activate", path="activate")

    def password_reset_link(self, address):
        """The link of the newest password reset e-mail to `address`."""
        return self.link(address, subject="Reset your", path="reset-password")

    def username_reset_link(self, address):
        """The link of the newest username reset e-mail to `address`."""
        return self.link(address, subject="Username reset", path="reset-username")

    def link(self, address, subject, path):
        """The SPA's /{path}/... link in the newest e-mail to `address` whose subject starts so."""
        body = self.mail(address, subject)
        return re.search(rf"{re.escape(self.spa)}/{path}/\S+", body).group()

    def mail(self, address, subject):
        """The body of the newest e-mail to `address` whose subject starts so, once it is there."""
        return wait_for(lambda: newest_mail(self.mailbox, address, subject=subject))


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
