"""Start a real Celery worker process for a test, on the test database and the configured broker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

from django import forms
from django.apps import AppConfig
from django.conf import settings
from django.db import connection

from untop.reports.registry import ReportKind, register_report_kind

ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    """A DATABASE_URL for the database the tests are using right now."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    if db["ENGINE"].endswith("postgresql"):
        auth = quote(db["USER"] or "", safe="")
        if db.get("PASSWORD"):
            auth += ":" + quote(db["PASSWORD"], safe="")
        host = db["HOST"] or "localhost"
        port = db["PORT"] or 5432
        return f"postgres://{auth}@{host}:{port}/{db['NAME']}"
    raise RuntimeError(f"No worker set-up for {db['ENGINE']}")


@contextmanager
def celery_worker(
    timeout: float = 60, *, broker_url: str | None = None, extra_env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen]:
    """Run `celery worker` until the block ends; fails if it is not ready within the timeout.

    The worker is the leader of a process group of its own, so that a test can kill it with
    its pool processes at once (`kill_worker`). ``broker_url`` points it at another broker
    than the configured one; ``extra_env`` adds settings (see WaitingReportConfig below).
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": broker_url or settings.CELERY_BROKER_URL,
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    log = open(_log_path(), "w+")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "untop",
            "worker",
            "--purge",
            "--loglevel=INFO",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            log.seek(0)
            output = log.read()
            if " ready." in output:
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"The Celery worker did not start:\n{output[-3000:]}")
            time.sleep(0.2)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                kill_worker(process)
        log.close()


def kill_worker(process: subprocess.Popen) -> None:
    """SIGKILL a worker started by celery_worker and its pool processes, as a crash would."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _log_path() -> Path:
    return Path(settings.VAR_DIR) / f"worker-{os.getpid()}.log"


def worker_log() -> str:
    path = _log_path()
    return path.read_text() if path.exists() else ""


# A kind of report whose build waits for the test's signal, so that a test can kill the worker
# while it builds. Its builds are logged ("start <pid>", "end <pid>") in the folder named by
# the report's parameters; it goes on once the file "go" exists there. The test process
# registers it with monkeypatch; a worker gets it with WAITING_REPORT_ENV (tests/settings.py).
WAITING_REPORT_ENV = {"UNTOP_TEST_WAITING_REPORT": "1"}


class WaitingReportForm(forms.Form):
    folder = forms.CharField()

    def to_parameters(self) -> dict[str, str]:
        return {"folder": self.cleaned_data["folder"]}


def _wait_for_the_signal(parameters: dict) -> dict:
    folder = Path(parameters["folder"])
    with (folder / "builds.log").open("a") as builds:
        builds.write(f"start {os.getpid()}\n")
    deadline = time.monotonic() + 60
    while not (folder / "go").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("The test never let the report go on.")
        time.sleep(0.05)
    with (folder / "builds.log").open("a") as builds:
        builds.write(f"end {os.getpid()}\n")
    return {"figure": 42, "donor": "the test"}


WAITING_REPORT = ReportKind(
    code="waiting",
    label="Waiting report",
    template_name="tests/section.html",
    form_class=WaitingReportForm,
    build_context=_wait_for_the_signal,
    describe=lambda parameters: "Report that waits for the test",
)


class WaitingReportConfig(AppConfig):
    """Registers WAITING_REPORT in a worker process started by a test."""

    name = "tests"
    label = "untop_tests"
    default = False

    def ready(self) -> None:
        register_report_kind(WAITING_REPORT)
