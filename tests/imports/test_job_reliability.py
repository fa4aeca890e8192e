"""No import is lost or done twice: not when the broker is down, not when its worker dies or
loses the database, and the file sent (personal data) never outstays its import.

Most tests drive the job path in-process (the broker's send recorded, a dead worker as a
stale heartbeat); the broker tests stop a private redis-server, as the reports' do.
"""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError as DatabaseOperationalError
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from programs.models import Activity
from tests.reports.test_reliability import (
    _celery_app_on,
    _free_port,
    _redis_answers,
    _redis_server,
    _wait_for,
)
from tests.worker import celery_worker, kill_worker
from untop.celery import app as celery_app
from untop.imports import services
from untop.imports.models import ImportJob
from untop.imports.services import (
    IMPORTS,
    WAITING_FOR_QUEUE,
    WAITING_FOR_WORKER,
    WORKER_STOPPED,
    import_job_claim,
    import_job_run,
    import_jobs_sweep,
)
from untop.imports.tasks import import_job_run_task
from untop.jobs import JobPath

from .conftest import corpus, database_counts

LONG_AGO = datetime.timedelta(hours=1)
SHEET = "signin_sheets_cp1251.csv"  # 3 rows: 2 activities


class WorkerKilled(BaseException):
    """The worker process ending mid-import: nothing of it runs on, not even `except`."""


def _ago(delta: datetime.timedelta) -> datetime.datetime:
    return timezone.now() - delta


@pytest.fixture
def sent(monkeypatch) -> list[int]:
    """The ids handed to the task queue; the broker itself is not used."""
    ids: list[int] = []
    monkeypatch.setattr(import_job_run_task, "delay", ids.append)
    return ids


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(job_id):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(import_job_run_task, "delay", refuse)


def _send(client, name: str = SHEET):
    return client.post(
        reverse("imports:index"),
        {"kind": "activities", "file": SimpleUploadedFile(name, corpus(name))},
    )


def _job(staff_user, name: str = SHEET, **fields) -> ImportJob:
    job = ImportJob(importer="activities", original_name=name, requested_by=staff_user, **fields)
    job.file.save(name, SimpleUploadedFile(name, corpus(name)), save=False)
    job.save()
    return job


def _status(client, job: ImportJob) -> dict:
    response = client.get(reverse("jobs:status", args=["import", job.pk]))
    assert response.status_code == 200
    return response.json()


def _imported(staff_user) -> int:
    return Activity.objects.filter(created_by=staff_user).count()


def _dead_worker(job: ImportJob, attempts: int = 1, progress: int = 40) -> None:
    """As a worker killed mid-import leaves its job: running, its signs of life long stopped."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING,
        attempts=attempts,
        progress=progress,
        step="Saved 1 activities",
        sent_at=_ago(LONG_AGO),
        started_at=_ago(LONG_AGO),
        heartbeat_at=_ago(LONG_AGO),
    )


# --- the broker down when the file is sent -----------------------------------------------


def test_a_file_sent_while_the_broker_is_down_waits_and_is_imported_once_it_is_back(
    staff_client,
    staff_user,
    sheet_records,
    broker_down,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(staff_client)
    assert response.status_code == 302  # not a 500: the job and its file are kept
    job = ImportJob.objects.get()
    assert (job.status, job.sent_at, job.step) == ("queued", None, WAITING_FOR_QUEUE)
    assert job.file.storage.exists(job.file.name)
    page = staff_client.get(response.url)
    assert page.status_code == 200
    assert "the job queue is not reachable; it will be sent again" in page.text
    assert _status(staff_client, job)["step"] == WAITING_FOR_QUEUE

    # Still down: the sweep leaves it for the next one.
    assert import_jobs_sweep()["unsent"] == 1
    assert ImportJob.objects.get().sent_at is None

    ids: list[int] = []
    monkeypatch.setattr(import_job_run_task, "delay", ids.append)  # the broker is back
    assert import_jobs_sweep()["sent"] == 1
    assert ids == [job.pk]
    status = _status(staff_client, job)
    assert (status["status"], status["step"]) == ("queued", WAITING_FOR_WORKER)

    import_job_run(job_id=job.pk)
    status = _status(staff_client, job)
    assert (status["status"], status["created"]) == ("done", 2)
    assert _imported(staff_user) == 2


def test_a_file_sent_is_handed_to_the_queue_after_commit(
    staff_client, sheet_records, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _send(staff_client)
    job = ImportJob.objects.get()
    assert sent == [job.pk]
    assert job.sent_at is not None and job.step == WAITING_FOR_WORKER
    assert import_jobs_sweep()["sent"] == 0  # on its way: not sent twice


@pytest.mark.django_db(transaction=True)
def test_redis_stopped_when_a_file_is_sent_gives_a_normal_page_then_the_sweep_sends_it(
    staff_client, staff_user, sheet_records, tmp_path
):
    port = _free_port()
    with _celery_app_on(f"redis://127.0.0.1:{port}/0"):
        with _redis_server(port, tmp_path):
            pass  # started, then stopped: the portal's broker is down
        assert not _redis_answers(port)

        response = _send(staff_client)
        assert response.status_code == 302
        job = ImportJob.objects.get()
        assert (job.status, job.sent_at, job.step) == ("queued", None, WAITING_FOR_QUEUE)
        page = staff_client.get(response.url)
        assert page.status_code == 200
        assert "the job queue is not reachable; it will be sent again" in page.text
        assert import_jobs_sweep()["unsent"] == 1

        with _redis_server(port, tmp_path):
            assert import_jobs_sweep()["sent"] == 1
    job.refresh_from_db()
    assert (job.status, job.step) == ("queued", WAITING_FOR_WORKER)
    assert job.sent_at is not None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_file_sent_while_redis_is_down_is_imported_by_a_worker_once_it_is_back(
    staff_client, staff_user, sheet_records, tmp_path
):
    port = _free_port()
    broker_url = f"redis://127.0.0.1:{port}/0"
    with _celery_app_on(broker_url):
        response = _send(staff_client)  # no redis-server on that port at all
        assert response.status_code == 302
        job = ImportJob.objects.get()
        assert job.step == WAITING_FOR_QUEUE
        with _redis_server(port, tmp_path), celery_worker(broker_url=broker_url) as worker:
            assert import_jobs_sweep()["sent"] == 1
            # Done, and then its file deleted (the worker's next step, after recording done).
            job = _wait_for(
                lambda: ImportJob.objects.filter(pk=job.pk, status="done", file="").first(),
                "the import to be done and its file deleted",
            )
            kill_worker(worker)  # done with it: no need to wait for a warm shutdown
    assert (job.attempts, job.created) == (1, 2)
    assert _imported(staff_user) == 2


# --- claiming and attempt fencing -----------------------------------------------------------


def test_a_queued_job_is_claimed_once_and_a_finished_one_never(staff_user, sheet_records):
    job = _job(staff_user)
    assert import_job_claim(job_id=job.pk) == 1
    assert import_job_claim(job_id=job.pk) is None  # a second delivery leaves it
    done = _job(staff_user, status=ImportJob.Status.DONE, attempts=1)
    assert import_job_claim(job_id=done.pk) is None


def test_running_a_job_twice_imports_it_once(staff_user, sheet_records):
    job = _job(staff_user)
    assert import_job_run(job_id=job.pk).status == "done"
    before = database_counts()
    again = import_job_run(job_id=job.pk)
    assert (again.status, again.attempts, again.created) == ("done", 1, 2)
    assert database_counts() == before


def test_a_job_being_imported_by_a_live_worker_is_left_to_it(staff_user, sheet_records):
    job = _job(staff_user)
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", attempts=1, started_at=timezone.now(), heartbeat_at=timezone.now()
    )
    assert import_job_run(job_id=job.pk).attempts == 1
    assert _imported(staff_user) == 0


def test_a_worker_taken_for_dead_cannot_record_done_over_its_successor(
    staff_client, staff_user, sheet_records, monkeypatch
):
    job = _job(staff_user)

    def taken_over_meanwhile(job_id, attempt, beat, percent, step, *, outside):
        if percent == 5:  # read, about to check and save the rows, when the worker stalls:
            # the sweep queues the job again and another worker claims it (attempt 2).
            ImportJob.objects.filter(pk=job_id).update(attempts=F("attempts") + 1, step="Reading")

    monkeypatch.setattr(services, "_set_progress", taken_over_meanwhile)
    before = database_counts()

    import_job_run(job_id=job.pk)

    assert database_counts() == before  # its rows were undone with its late "done"
    status = _status(staff_client, job)
    assert (status["status"], status["step"]) == ("running", "Reading")
    job.refresh_from_db()
    assert job.attempts == 2
    assert job.file.storage.exists(job.file.name)  # the successor still needs the file


# --- the worker dies, or loses the database -------------------------------------------------


def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_is_imported_again(
    staff_client, staff_user, sheet_records, sent, monkeypatch, settings
):
    """The kill lands while the rows are being written (by COPY on PostgreSQL)."""
    import programs.resources

    settings.UNTOP_IMPORT_STALE_AFTER = 180
    job = _job(staff_user)
    before = database_counts()

    def killed(*args, **kwargs):
        raise WorkerKilled

    with monkeypatch.context() as patch:
        # After the activities are written, before their audit entries.
        patch.setattr(programs.resources, "copy_audit_created", killed)
        patch.setattr(programs.resources, "audit_created", killed)
        with pytest.raises(WorkerKilled):
            import_job_run(job_id=job.pk)

    assert database_counts() == before  # the half-written import was rolled back
    status = _status(staff_client, job)
    assert status["status"] == "running"  # what the tester saw: "Running 40 %"
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=_ago(datetime.timedelta(seconds=181)))

    swept = import_jobs_sweep()

    assert (swept["requeued"], swept["sent"]) == (1, 1)
    assert sent == [job.pk]
    status = _status(staff_client, job)
    assert (status["status"], status["step"], status["progress"]) == ("queued", WORKER_STOPPED, 0)

    job = import_job_run(job_id=job.pk)
    assert (job.status, job.attempts, job.created) == ("done", 2, 2)
    assert _imported(staff_user) == 2
    assert not job.file


def test_a_running_job_whose_heartbeat_is_fresh_is_not_swept(staff_user, sheet_records, sent):
    job = _job(staff_user)
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", attempts=1, started_at=_ago(LONG_AGO), heartbeat_at=timezone.now()
    )
    assert import_jobs_sweep()["requeued"] == 0
    assert ImportJob.objects.get(pk=job.pk).status == "running"
    assert sent == []


def test_a_connection_cut_as_done_is_recorded_imports_the_file_once_on_the_rerun(
    staff_client, staff_user, sheet_records, sent, monkeypatch
):
    job = _job(staff_user)
    before = database_counts()

    def cut(path, pk, attempt, **fields):
        raise DatabaseOperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        patch.setattr(JobPath, "finish", cut)
        import_job_run(job_id=job.pk)

    # Neither the rows nor "done": both were in one transaction. The file stays for the rerun.
    assert database_counts() == before
    job.refresh_from_db()
    assert job.status == "running" and job.file.storage.exists(job.file.name)
    stored = job.file.name

    _dead_worker(job, attempts=1, progress=99)
    assert import_jobs_sweep()["requeued"] == 1
    job = import_job_run(job_id=job.pk)

    status = _status(staff_client, job)
    assert (status["status"], status["progress"], status["created"]) == ("done", 100, 2)
    assert _imported(staff_user) == 2
    assert not job.file and not job.file.storage.exists(stored)


def test_after_three_dead_workers_the_job_fails_in_plain_words_and_its_file_goes(
    staff_client, staff_user, sheet_records, sent, settings
):
    settings.UNTOP_IMPORT_MAX_ATTEMPTS = 3
    job = _job(staff_user)
    stored = job.file.name
    _dead_worker(job, attempts=3)

    swept = import_jobs_sweep()

    assert (swept["failed"], swept["requeued"], swept["files_deleted"]) == (1, 0, 1)
    assert sent == []
    status = _status(staff_client, job)
    assert status["status"] == "failed"
    assert status["errors"] == [
        "The worker importing it stopped 3 times (it may have run out of memory or been "
        "restarted). Nothing was imported; send the file again."
    ]
    page = staff_client.get(reverse("imports:job", args=[job.pk]))
    assert "The worker importing it stopped 3 times" in page.text
    job.refresh_from_db()
    assert not job.file and not job.file.storage.exists(stored)
    assert import_job_run(job_id=job.pk).status == "failed"  # a late delivery changes nothing


# --- the file sent is not kept ----------------------------------------------------------


def test_a_failed_import_deletes_its_file(staff_user, sheet_records):
    job = _job(staff_user, name="one_bad_row.csv")
    stored = job.file.name
    job = import_job_run(job_id=job.pk)
    assert job.status == "failed"
    assert not job.file and not job.file.storage.exists(stored)


def test_the_sweep_deletes_files_no_import_needs(staff_client, staff_user, sheet_records, settings):
    settings.UNTOP_IMPORT_FILE_DAYS = 7
    # Finished, but its worker died before deleting the file.
    finished = _job(staff_user, status=ImportJob.Status.DONE, attempts=1)
    # Never imported: the queue was down for eight days.
    forgotten = _job(staff_user)
    ImportJob.objects.filter(pk=forgotten.pk).update(
        requested_at=_ago(datetime.timedelta(days=8)), step=WAITING_FOR_QUEUE
    )
    waiting = _job(staff_user, step=WAITING_FOR_QUEUE)  # sent today: kept for its import
    ImportJob.objects.filter(pk=waiting.pk).update(requested_at=_ago(datetime.timedelta(days=6)))
    files = {job.pk: job.file.name for job in (finished, forgotten, waiting)}

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(import_job_run_task, "delay", lambda job_id: None)
        swept = import_jobs_sweep()

    assert swept["files_deleted"] == 2
    storage = finished.file.storage
    assert not storage.exists(files[finished.pk]) and not storage.exists(files[forgotten.pk])
    assert storage.exists(files[waiting.pk])
    assert ImportJob.objects.get(pk=finished.pk).file.name == ""
    status = _status(staff_client, forgotten)
    assert status["status"] == "failed"
    assert status["errors"] == [
        "The file waited 7 days without being imported, and was deleted then (it may hold "
        "personal data). Nothing was imported; send the file again."
    ]
    assert ImportJob.objects.get(pk=waiting.pk).status == "queued"


def test_an_idle_sweep_is_cheap(staff_user, sheet_records, sent, django_assert_max_num_queries):
    for _ in range(3):
        ImportJob.objects.create(
            importer="activities", original_name="x.csv", requested_by=staff_user, status="done"
        )
    with django_assert_max_num_queries(5):
        swept = import_jobs_sweep()
    assert swept == {"requeued": 0, "failed": 0, "sent": 0, "unsent": 0, "files_deleted": 0}


# --- the heartbeat ----------------------------------------------------------------------


def test_the_heartbeat_survives_any_database_error(monkeypatch, settings):
    settings.UNTOP_IMPORT_HEARTBEAT = 0.02
    calls: list[tuple] = []
    errors = [
        DatabaseOperationalError("database is locked"),
        DatabaseOperationalError("server closed the connection unexpectedly"),
        RuntimeError("anything else"),
    ]

    def mark_alive(path, pk, attempt, progress=None, step=""):
        calls.append((progress, step))
        if errors:
            raise errors.pop(0)
        return True

    monkeypatch.setattr(JobPath, "mark_alive", mark_alive)
    with IMPORTS.heartbeat(12345, 1) as beat:
        beat.note(70, "Added 2 records")
        _wait_until(lambda: len(calls) >= 6)
        threads = [t for t in threading.enumerate() if t.name == "import-job-12345-heartbeat"]
        assert threads and threads[0].is_alive()
    # The progress noted was not lost with the failed beats: a later one recorded it.
    assert calls[:4] == [(70, "Added 2 records")] * 4
    assert calls[4] == (None, "")
    assert not threads[0].is_alive()  # ends with the block


def test_the_heartbeat_stops_once_the_job_is_not_ours(monkeypatch, settings):
    settings.UNTOP_IMPORT_HEARTBEAT = 0.02
    calls: list[int] = []
    monkeypatch.setattr(JobPath, "mark_alive", lambda *args, **kwargs: calls.append(1) and False)
    with IMPORTS.heartbeat(54321, 1):
        time.sleep(0.3)
    assert len(calls) == 1


def _wait_until(condition, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


# --- configuration ------------------------------------------------------------------------


def test_beat_sweeps_the_imports_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-import-jobs"]
    assert (entry["task"], entry["schedule"]) == ("imports.sweep_import_jobs", 60.0)
    assert "imports.sweep_import_jobs" in celery_app.tasks
    assert import_job_run_task.acks_late and import_job_run_task.reject_on_worker_lost


def test_imports_take_the_reports_job_path():
    from untop.reports.delivery import REPORTS

    assert type(services.IMPORTS) is type(REPORTS) is JobPath
