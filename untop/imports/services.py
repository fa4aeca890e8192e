"""Writes of the imports app: importing a file now, or handing a large one to a worker.

A background import takes the portal's one job path (untop/jobs.py), as a report does: sent
after commit, left queued when the broker is down and sent by the sweep later, claimed with
attempt fencing, kept alive by a heartbeat, queued again when its worker dies, failed with
the reason after UNTOP_IMPORT_MAX_ATTEMPTS starts. The import is all-or-nothing in one
transaction, and the job is marked done in that same transaction: a worker killed or cut off
mid-import leaves nothing behind, so running the job again imports the file once.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from untop.jobs import Beat, JobPath, JobTakenOver
from untop.uploads import discard_upload, store_upload

from .engine import ImportInvalid, ImportOutcome, get_importer, run_import
from .models import ImportJob
from .reading import ImportRefused, limit, read_table

logger = logging.getLogger(__name__)


def import_file(
    *, importer_key: str, data: bytes, filename: str, acting_user, dry_run: bool = False
) -> ImportOutcome:
    """Read and import a file now, as the acting user: every row, or none.

    Raises ImportRefused (the file as a whole), ImportInvalid (rows, by number and column)
    or PermissionDenied.
    """
    resource = get_importer(importer_key)(acting_user=acting_user)
    if not resource.may_import(acting_user):
        raise PermissionDenied(
            _("You may not import %(lower)s.") % {"lower": resource.label.lower()}
        )
    table = read_table(data, filename)
    return run_import(resource, table, acting_user=acting_user, dry_run=dry_run)


WAITING_FOR_WORKER = "Waiting for a worker"
WAITING_FOR_QUEUE = "Waiting: the job queue is not reachable; it will be sent again"
WORKER_STOPPED = "Waiting for a worker: the one importing it stopped"


def _send_task(job_id: int) -> None:
    from .tasks import import_job_run_task  # tasks imports this module

    import_job_run_task.delay(job_id)


def _failed(reason: str, step: str = "Failed") -> dict:
    return {"step": step[:200], "errors": [[0, "", reason[:2000]]]}


def _gave_up(attempts: int) -> dict:
    return _failed(
        f"The worker importing it stopped {attempts} times (it may have run out of memory or "
        "been restarted). Nothing was imported; send the file again."
    )


IMPORTS = JobPath(
    model=ImportJob,
    label="Import job",
    settings_prefix="UNTOP_IMPORT",
    send_task=_send_task,
    waiting_for_worker=WAITING_FOR_WORKER,
    waiting_for_queue=WAITING_FOR_QUEUE,
    worker_stopped=WORKER_STOPPED,
    gave_up=_gave_up,
)


class JobNotRecorded(Exception):
    """The rows were saved but the job could not be marked done with them: both undone."""


@transaction.atomic
def import_job_request(*, importer_key: str, upload, acting_user) -> ImportJob:
    """Keep the file and queue its import; it is sent to a worker once the transaction commits.

    When the task queue cannot take it then (the broker is down), the job stays queued, its
    step says it waits for the queue, and the sweep sends it once the queue is back.
    """
    importer = get_importer(importer_key)(acting_user=acting_user)
    if not importer.may_import(acting_user):
        raise PermissionDenied(
            _("You may not import %(lower)s.") % {"lower": importer.label.lower()}
        )
    if upload.size > limit("MAX_BYTES"):
        raise ImportRefused(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; the largest file the portal "
            f"takes is {limit('MAX_BYTES') / 1024 / 1024:.1f} MB. Split it into smaller files."
        )
    job = ImportJob(
        importer=importer_key,
        original_name=upload.name[:255],
        requested_by=acting_user,
        step=WAITING_FOR_WORKER,
    )
    # Written first, removed when anything after fails: no partial or orphan file is left
    # (a full disk raises DiskFull, which the page names).
    field = ImportJob._meta.get_field("file")
    job.file.name = store_upload(field, job, upload)
    try:
        job.save()
    except BaseException:
        discard_upload(field, job.file.name)
        raise
    transaction.on_commit(lambda: import_job_send(job_id=job.pk))
    return job


def import_job_send(*, job_id: int) -> bool:
    """Hand a queued import to the task queue; False, and logged, when the broker refuses it."""
    return IMPORTS.send(job_id)


def import_job_claim(*, job_id: int) -> int | None:
    """Take a job to import it: its attempt number, or None when it is not to be run here."""
    return IMPORTS.claim(job_id, progress=1, step="Reading", errors=[])


def _set_progress(
    job_id: int, attempt: int, beat: Beat, percent: int, step: str, *, outside: int
) -> None:
    """Show the sender how far the import has got; it is also the worker's sign of life.

    Inside the rows' transaction (deeper than ``outside`` atomic blocks) the heartbeat
    records it, on its own connection: written here, it would lock the job's row until the
    commit and be seen only then.
    """
    percent = max(0, min(percent, 99))
    if len(connection.atomic_blocks) > outside:
        beat.note(percent, step[:200])
    elif not IMPORTS.mark_alive(job_id, attempt, progress=percent, step=step[:200]):
        raise JobTakenOver(f"Import job {job_id} is no longer this worker's to run.")


def import_job_run(*, job_id: int) -> ImportJob:
    """Import a queued job's file as the user who sent it; safe to run twice for one job.

    The job is claimed first: one done, failed, or being imported by a live worker is left as
    it is, so a task delivered twice imports the file once. The job is marked done in the
    rows' transaction, so a worker that dies or loses its database before the commit leaves
    neither rows nor "done": the sweep queues the job again and the next worker imports it.
    """
    attempt = import_job_claim(job_id=job_id)
    job = ImportJob.objects.select_related("requested_by").get(pk=job_id)
    if attempt is None:
        return job

    recorded = False

    def record_done(outcome: ImportOutcome) -> None:
        nonlocal recorded
        try:
            done = IMPORTS.finish(
                job_id,
                attempt,
                step=outcome.summary[:200],
                rows=outcome.rows,
                created=outcome.created,
                updated=outcome.updated,
                errors=[],
            )
        except DatabaseError as error:
            raise JobNotRecorded(f"Import job {job_id}: done not recorded ({error})") from error
        if not done:
            raise JobTakenOver(f"Import job {job_id} is no longer this worker's to run.")
        recorded = True  # unless the commit fails, which run_import reports

    def progress(percent: int, step: str) -> None:
        if not recorded:  # "done" says the rest
            _set_progress(job_id, attempt, beat, percent, step, outside=outside)

    outside = len(connection.atomic_blocks)
    failure: dict | None = None
    try:
        with IMPORTS.heartbeat(job_id, attempt) as beat:
            with job.file.open("rb") as stored:
                data = stored.read()
            table = read_table(data, job.original_name)
            progress(5, f"Read {len(table.rows):,} rows ({table.source})")
            importer = get_importer(job.importer)(acting_user=job.requested_by)
            run_import(
                importer,
                table,
                acting_user=job.requested_by,
                progress=progress,
                before_commit=record_done,
            )
    except (JobTakenOver, JobNotRecorded):
        # Nothing was imported (the transaction was undone) and the job is not ours to end:
        # another worker has it, or the sweep queues it again once this one's signs stop.
        logger.warning("Import job %s (attempt %s) left to the next worker", job_id, attempt)
        job.refresh_from_db()
        return job
    except ImportRefused as refused:
        failure = _failed(refused.message, step=refused.message)
    except ImportInvalid as invalid:
        failure = {
            "step": "Nothing was imported",
            "errors": [[e.row, e.column, e.message] for e in invalid.errors],
        }
    except PermissionDenied as denied:
        failure = _failed(str(denied), step="Refused")
    except SoftTimeLimitExceeded:
        limit_seconds = settings.CELERY_TASK_SOFT_TIME_LIMIT
        failure = _failed(
            f"The import took longer than the limit of {limit_seconds} seconds; nothing was "
            "imported. Split the file into smaller ones."
        )
    except Exception as error:
        logger.exception("Import job %s failed", job_id)
        failure = _failed(f"{type(error).__name__}: {error}")
    ended = IMPORTS.fail(job_id, attempt, **failure) if failure else True
    job.refresh_from_db()
    if ended:
        _delete_file(job)
    return job


def _delete_file(job: ImportJob) -> bool:
    """Delete a finished job's file: it may hold personal data, and only the record stays."""
    name = job.file.name
    if not name:
        return False
    try:
        job.file.storage.delete(name)
    except Exception:
        logger.exception("Import job %s: its file %s could not be deleted", job.pk, name)
        return False
    ImportJob.objects.filter(pk=job.pk, file=name).update(file="")
    job.file.name = ""
    return True


def _expire_waiting() -> int:
    """Fail the jobs still waiting (never started, or their worker died) FILE_DAYS after they
    were sent, with the reason, so that their file (personal data, perhaps) can go."""
    now = timezone.now()
    days = settings.UNTOP_IMPORT_FILE_DAYS
    left = Q(status=ImportJob.Status.QUEUED) | IMPORTS.stale(now)
    return (
        ImportJob.objects.filter(left, requested_at__lt=now - timedelta(days=days))
        .exclude(file="")
        .update(
            status=ImportJob.Status.FAILED,
            finished_at=now,
            **_failed(
                f"The file waited {days} days without being imported, and was deleted then "
                "(it may hold personal data). Nothing was imported; send the file again."
            ),
        )
    )


def _delete_finished_files() -> int:
    """Delete the files still kept by finished jobs (their worker died before it could)."""
    finished = ImportJob.objects.filter(
        status__in=[ImportJob.Status.DONE, ImportJob.Status.FAILED]
    ).exclude(file="")
    return sum(_delete_file(job) for job in finished.only("pk", "file"))


def import_jobs_sweep() -> dict[str, int]:
    """Every minute (Celery beat): the job path's sweep, and the files no import needs.

    Fails the imports waiting for longer than UNTOP_IMPORT_FILE_DAYS, queues again those
    whose worker died, sends those not on their way, then deletes the files of finished
    imports. Safe to run at any time and twice at once; five queries when there is nothing to do.
    """
    expired = _expire_waiting()
    swept = asdict(IMPORTS.sweep())
    swept["failed"] += expired
    swept["files_deleted"] = _delete_finished_files()
    if expired or swept["files_deleted"]:
        logger.info(
            "Import sweep: %s failed after %s days, %s files deleted",
            expired,
            settings.UNTOP_IMPORT_FILE_DAYS,
            swept["files_deleted"],
        )
    return swept
