"""A real SMTP server on a local port (aiosmtpd), for the workers of the live tests to mail to.

It can be down (nothing listens: connections are refused), up, or stalling: it then takes a
message's data and answers nothing until it stops stalling, and then answers 451 (try later), so
a message counts as delivered only once the server answered 250 for it.
"""

import asyncio
import email
import threading
import time
from email import policy

from aiosmtpd.controller import Controller

from harness.server import free_port


class Mailbox:
    """aiosmtpd's handler: the messages accepted, and the ones stalled."""

    def __init__(self):
        self.messages = []
        self.stalled = 0
        self.stalling = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if self.stalling.is_set():
            self.stalled += 1
            while self.stalling.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Try again later"
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


class SmtpServer:
    """`start()` listens on `port` (chosen free, nothing listening until then); `stop()`."""

    def __init__(self):
        self.port = free_port()
        self.mailbox = Mailbox()
        self.controller = None

    @property
    def url(self):
        """The EMAIL_URL of a process that mails through this server."""
        return f"smtp://127.0.0.1:{self.port}"

    def start(self):
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.mailbox.stalling.clear()
            self.controller.stop()
            self.controller = None

    def messages_to(self, address, subject=""):
        """The messages accepted for `address` whose subject starts with `subject`."""
        return [
            message
            for message in self.mailbox.messages
            if address in message["To"] and message["Subject"].startswith(subject)
        ]

    def wait_for_mail(self, address, subject="", timeout=30):
        """The first message accepted for `address` whose subject starts with `subject`, and the
        seconds waited for it."""
        started = time.monotonic()
        while not (found := self.messages_to(address, subject)):
            assert time.monotonic() - started < timeout, f"no mail for {address} in {timeout} s"
            time.sleep(0.05)
        return found[0], time.monotonic() - started

    def wait_until_stalled(self, count=1, timeout=30):
        started = time.monotonic()
        while self.mailbox.stalled < count:
            assert time.monotonic() - started < timeout, "no message reached the server"
            time.sleep(0.05)
