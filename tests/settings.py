"""Settings for the test suite: the portal's own settings, with DEBUG off as in production.

Only what a test machine cannot have is filled in here; DATABASE_URL and CELERY_BROKER_URL
still come from the environment, so `.ci/run` runs the same tests on PostgreSQL and Redis.
"""

import os
from pathlib import Path

_var = Path(__file__).resolve().parent.parent / "var" / "test"
# `make test` runs the suite in one process per core (pytest-xdist). Each starts from the
# environment of the process that launched it, where these settings were read first: it takes
# a folder and a queue of its own (pytest-django gives it a test database of its own), and
# the workers and servers it starts inherit them.
_process = os.environ.get("PYTEST_XDIST_WORKER")
if _process and os.environ.get("UNTOP_TEST_PROCESS") != _process:
    os.environ["UNTOP_TEST_PROCESS"] = _process
    os.environ["UNTOP_VAR_DIR"] = str(Path(os.environ.get("UNTOP_VAR_DIR", _var)) / _process)
    os.environ.pop("UNTOP_TEST_QUEUE", None)
os.environ.setdefault("UNTOP_VAR_DIR", str(_var))
# DEBUG off as in production, whatever a development checkout's .env says.
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-" + "x" * 50)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "false")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

from untop.settings import *  # noqa: E402, F403

# Each test run sends its tasks to a queue of its own, which the workers it starts consume,
# so that two runs on one machine (or one broker) never take each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = os.environ.setdefault("UNTOP_TEST_QUEUE", f"untop-tests-{os.getpid()}")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# WhiteNoise serves STATIC_ROOT; the tests read static files through the finders instead.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# One SQLite test database per run, so that two runs on one machine never share a file.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"]["NAME"] = str(_var / f"test-untop-{os.getpid()}.sqlite3")  # noqa: F405

# Templates that only tests use (an example report section, …).
TEMPLATES[0]["DIRS"].append(_var.parent.parent / "tests" / "templates")  # noqa: F405

# A worker started by tests/reports/test_reliability.py also knows the kind of report those
# tests build (one that waits for the test's signal: tests/worker.py).
if os.environ.get("UNTOP_TEST_WAITING_REPORT"):
    INSTALLED_APPS = [*INSTALLED_APPS, "tests.worker.WaitingReportConfig"]  # noqa: F405
# A pool process killed mid-task is reported lost after 1 s rather than Celery's 10, so that
# the test killing one (tests/reports/test_reliability.py) does not wait.
CELERY_WORKER_LOST_WAIT = 1.0
