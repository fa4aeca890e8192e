"""The test settings, with the portal's e-mail sent to the SMTP server a test started
(UNTOP_TEST_SMTP_PORT): for a Celery worker started by tests/notifications/test_worker.py."""

import os

from tests.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["UNTOP_TEST_SMTP_PORT"])
EMAIL_HOST_USER = ""
EMAIL_HOST_PASSWORD = ""
EMAIL_USE_TLS = False
EMAIL_USE_SSL = False
UNTOP_PORTAL_URL = "https://portal.untop.example.org"
