"""A report whose database connection is lost while its figures are gathered is built again
on a new connection, with backoff; when the database stays out of reach, the report fails in
plain words, not with the driver's message.

The fault is the real one: the connection gathering the figures is ended by PostgreSQL
(pg_terminate_backend, from a second connection), as a database restart or an administrator
would end it. The first tests run the task function in the test's process, as a worker runs
it; the last one ends the connection of a real Celery worker while it builds the report.
"""

from __future__ import annotations

import io
import time

import pytest
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from tests.worker import (
    WAITING_REPORT,
    WAITING_REPORT_ENV,
    WaitingReportForm,
    celery_worker,
    kill_worker,
    worker_log,
)
from untop.reports import registry
from untop.reports.models import Report
from untop.reports.registry import ReportKind
from untop.reports.services import report_request
from untop.reports.tasks import report_build_task
from untop.storage import PrivateFileSystemStorage

ON_POSTGRESQL = connection.vendor == "postgresql"
on_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="ends a real PostgreSQL connection (CI runs on PostgreSQL)"
)
PLAIN_MESSAGE = (
    "The database could not be reached while the report was being built; try again later."
)


def _end_this_connection(*, then=None) -> None:
    """End the connection gathering the figures from a second one, as a restart would."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            # Waits (up to 5 s) until the backend has gone, so the next query finds it gone.
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
            if then:
                then(cursor)
    finally:
        other.close()


@pytest.fixture
def builds(monkeypatch, tmp_path):
    """A kind of report whose first ``lose`` builds lose their connection; its figure is the
    number of the build, so the PDF shows which build's figures it holds."""
    calls: list[int] = []
    options: dict = {"lose": 0, "then": None, "fail": None}

    def build_context(parameters: dict) -> dict:
        calls.append(len(calls) + 1)
        if options["fail"]:
            raise options["fail"]
        if len(calls) <= options["lose"]:
            _end_this_connection(then=options["then"])
        return {"figure": f"build {len(calls)}", "donor": "the test"}

    kind = ReportKind(
        code="retried",
        label="Retried report",
        template_name="tests/section.html",
        form_class=WaitingReportForm,
        build_context=build_context,
        describe=lambda parameters: "Report that loses its connection",
    )
    monkeypatch.setitem(registry._kinds, kind.code, kind)
    storage = PrivateFileSystemStorage(location=tmp_path / "reports")
    monkeypatch.setattr(Report._meta.get_field("file"), "storage", storage)
    return calls, options


def _report(user) -> Report:
    return Report.objects.create(
        kind="retried", parameters={}, title="Report that loses its connection", requested_by=user
    )


def _pdf_text(report: Report) -> str:
    with report.file.open("rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    return " ".join(page.extract_text() for page in reader.pages)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_while_gathering_figures_is_retried_with_backoff(
    manager, builds, settings, caplog
):
    calls, options = builds
    options["lose"] = 2
    settings.UNTOP_REPORT_DB_RETRIES = 3
    settings.UNTOP_REPORT_DB_RETRY_BACKOFF = 0.2
    report = _report(manager)

    began = time.monotonic()
    status = report_build_task(report.pk)
    seconds = time.monotonic() - began

    report.refresh_from_db()
    assert status == "done"
    assert (report.status, report.error) == (Report.Status.DONE, "")
    assert report.attempts == 1  # retried within the worker's one claim, not queued again
    assert calls == [1, 2, 3]
    assert "Section says build 3 for the test" in _pdf_text(report)
    # Backoff: 0.2 s, then twice that.
    assert seconds >= 0.6
    waits = [r.getMessage() for r in caplog.records if "trying again" in r.getMessage()]
    assert len(waits) == 2
    assert "trying again in 0.2 s (retry 1 of 3)" in waits[0]
    assert "trying again in 0.4 s (retry 2 of 3)" in waits[1]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_when_the_retries_run_out_the_report_fails_in_plain_words(
    manager, manager_client, builds, settings
):
    calls, options = builds
    options["lose"] = 100
    settings.UNTOP_REPORT_DB_RETRIES = 2
    settings.UNTOP_REPORT_DB_RETRY_BACKOFF = 0.05
    report = _report(manager)

    assert report_build_task(report.pk) == "failed"

    report.refresh_from_db()
    assert calls == [1, 2, 3]  # the first try and two retries
    assert report.status == Report.Status.FAILED
    assert report.error == PLAIN_MESSAGE
    assert not report.file
    page = manager_client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert PLAIN_MESSAGE in page
    for driver_words in ("psycopg", "terminating connection", "OperationalError", "server"):
        assert driver_words not in report.error


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_report_given_to_another_worker_meanwhile_is_left_to_it(manager, builds, settings):
    """Attempt fencing holds across retries: the sweep took the report for dead during the
    backoff and another worker claimed it (attempt 2); this worker changes nothing more."""
    calls, options = builds
    options["lose"] = 1
    settings.UNTOP_REPORT_DB_RETRY_BACKOFF = 0.05
    report = _report(manager)

    def taken_over(cursor):
        cursor.execute(
            f"UPDATE {Report._meta.db_table} SET attempts = 2, step = 'Starting' WHERE id = %s",  # noqa: S608 (the model's own table)
            [report.pk],
        )

    options["then"] = taken_over

    report_build_task(report.pk)

    report.refresh_from_db()
    assert calls == [1]  # the retry found the report no longer its own, before gathering
    assert (report.status, report.attempts, report.step) == (Report.Status.RUNNING, 2, "Starting")
    assert (report.error, report.file.name) == ("", "")


@pytest.mark.django_db(transaction=True)
def test_an_error_other_than_the_database_is_not_retried(manager, builds, settings):
    calls, options = builds
    options["fail"] = ValueError("No donor by that code")
    settings.UNTOP_REPORT_DB_RETRY_BACKOFF = 0.05

    report = _report(manager)
    assert report_build_task(report.pk) == "failed"

    report.refresh_from_db()
    assert calls == [1]
    assert report.error == "ValueError: No donor by that code"


def _builds(folder) -> list[str]:
    log = folder / "builds.log"
    return log.read_text().splitlines() if log.exists() else []


def _wait_for(condition, what: str, timeout: float = 40):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"Timed out waiting for {what}:\n{worker_log()[-3000:]}")


def _snapshot_backend() -> int | None:
    """The worker's connection holding the report's snapshot open (idle in its transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND state = 'idle in transaction' AND pid <> pg_backend_pid()"
        )
        rows = cursor.fetchall()
    return rows[0][0] if len(rows) == 1 else None


@on_postgresql
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_whose_connection_is_ended_builds_the_report_on_a_new_one(
    manager, tmp_path, monkeypatch
):
    """The report that waits for the test's signal (tests/worker.py): while it waits inside
    its snapshot, PostgreSQL ends the worker's connection; the worker gathers the figures
    again on a new one, in the same attempt, and the report is built."""
    monkeypatch.setitem(registry._kinds, WAITING_REPORT.code, WAITING_REPORT)
    worker_env = {**WAITING_REPORT_ENV, "UNTOP_REPORT_DB_RETRY_BACKOFF": "0.2"}
    with celery_worker(extra_env=worker_env) as worker:
        report = report_request(
            kind=WAITING_REPORT, parameters={"folder": str(tmp_path)}, acting_user=manager
        )
        _wait_for(lambda: _builds(tmp_path), "the build to start")
        pid = _wait_for(_snapshot_backend, "the worker's snapshot")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
        (tmp_path / "go").touch()

        def finished():
            found = Report.objects.get(pk=report.pk)
            return found if found.is_finished else None

        report = _wait_for(finished, "the report to be built")
        kill_worker(worker)  # done with it: no need to wait for a warm shutdown

    assert report.status == Report.Status.DONE, report.error
    assert report.attempts == 1
    first, end_first, second, end_second = _builds(tmp_path)
    # Two builds in the same pool process: the retry, not a new delivery of the task.
    assert first == second and end_first == end_second == "end " + first.removeprefix("start ")
    assert "trying again in 0.2 s (retry 1 of 3)" in worker_log()
    assert "Section says 42 for the test" in _pdf_text(report)
