"""A real SMTP server on this machine (aiosmtpd), and reading back what it received: for the
notification tests, and for any test (a browser journey) that follows an e-mail to its end.

    with smtp_server() as (controller, inbox):
        ...  # send to controller.hostname:controller.port
        inbox.wait_for(1)

A Celery worker started with ``worker_env(controller)`` (tests/worker.py's ``extra_env``)
sends the portal's e-mail there.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the SMTP server received: each message with the addresses it was sent to."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._received: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self._lock:
            self._received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return [message for _, message in self._received]

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [message for rcpt, message in self._received if address in rcpt]

    def recipients(self) -> list[str]:
        with self._lock:
            return sorted(address for rcpt, _ in self._received for address in rcpt)

    def wait_for(self, count: int, timeout: float = 60) -> list[EmailMessage]:
        """The messages once ``count`` have arrived (a worker sends them from its process)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.2)
        return self.messages


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content().replace("\r\n", "\n")


@contextmanager
def smtp_server() -> Iterator[tuple[Controller, Inbox]]:
    """An SMTP server on a free port of 127.0.0.1 until the block ends."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def worker_env(controller: Controller) -> dict[str, str]:
    """The environment of a Celery worker that sends the portal's e-mail to the server."""
    return {
        "DJANGO_SETTINGS_MODULE": "tests.notifications.smtp_settings",
        "UNTOP_TEST_SMTP_PORT": str(controller.port),
    }
