"""The notification tests' SMTP server (tests/notifications/smtp.py) and the portal's
e-mail pointed at it; Celery tasks run in the test's own process where a test is about an
e-mail's content."""

from __future__ import annotations

import pytest

from tests.notifications.smtp import Inbox, smtp_server


@pytest.fixture(name="smtp_server")
def smtp_server_fixture():
    """An SMTP server on a free port of 127.0.0.1, for the length of the test."""
    with smtp_server() as running:
        yield running


@pytest.fixture
def inbox(smtp_server, settings) -> Inbox:
    """The portal's e-mail pointed at the test's SMTP server; what it received."""
    controller, received = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = controller.hostname
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.UNTOP_PORTAL_URL = "https://portal.untop.example.org"
    return received


@pytest.fixture
def eager_tasks():
    """Celery tasks run in the test's process when queued, their errors raised."""
    from untop.celery import app

    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before
