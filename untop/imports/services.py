"""Writes of the imports app: importing a file now, or handing a large one to a worker."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    importer = get_importer(importer_key)(acting_user=acting_user)
    if not importer.may_import(acting_user):
        raise PermissionDenied(
            _("You may not import %(lower)s.") % {"lower": importer.label.lower()}
        )
    table = read_table(data, filename)
    return run_import(importer, table, acting_user=acting_user, dry_run=dry_run)


@transaction.atomic
def import_job_request(*, importer_key: str, upload, acting_user) -> ImportJob:
    """Keep the file and queue its import; a worker starts once the transaction commits."""
    from .tasks import import_job_run_task

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
        step="Waiting for a worker",
    )
    job.file.save(upload.name, upload, save=False)
    job.save()
    transaction.on_commit(lambda: import_job_run_task.delay(job.pk))
    return job


def _set_progress(job_id: int, percent: int, step: str) -> None:
    ImportJob.objects.filter(pk=job_id).update(progress=max(0, min(percent, 99)), step=step[:200])


def import_job_run(*, job_id: int) -> ImportJob:
    """Import a queued job's file as the user who sent it; a finished job is left as it is."""
    job = ImportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.is_finished:
        return job
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now(), progress=1, step="Reading"
    )
    fields: dict = {"finished_at": timezone.now()}
    try:
        with job.file.open("rb") as stored:
            data = stored.read()
        table = read_table(data, job.original_name)
        _set_progress(job_id, 5, f"Read {len(table.rows):,} rows ({table.source})")
        importer = get_importer(job.importer)(acting_user=job.requested_by)
        outcome = run_import(
            importer,
            table,
            acting_user=job.requested_by,
            progress=lambda percent, step: _set_progress(job_id, percent, step),
        )
    except ImportRefused as refused:
        fields.update(status=ImportJob.Status.FAILED, step=refused.message[:200])
        fields["errors"] = [[0, "", refused.message]]
    except ImportInvalid as invalid:
        fields.update(status=ImportJob.Status.FAILED, step="Nothing was imported")
        fields["errors"] = [[e.row, e.column, e.message] for e in invalid.errors]
    except PermissionDenied as denied:
        fields.update(status=ImportJob.Status.FAILED, step="Refused", errors=[[0, "", str(denied)]])
    except Exception as error:
        logger.exception("Import job %s failed", job_id)
        fields.update(status=ImportJob.Status.FAILED, step="Failed")
        fields["errors"] = [[0, "", f"{type(error).__name__}: {error}"[:2000]]]
    else:
        fields.update(
            status=ImportJob.Status.DONE,
            progress=100,
            step=outcome.summary,
            rows=len(outcome.rows),
            created=outcome.created,
            updated=outcome.updated,
            errors=[],
        )
    ImportJob.objects.filter(pk=job_id).update(**fields)
    job.refresh_from_db()
    # The file may hold personal data: once imported (or refused), only the record stays.
    if job.file:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job_id).update(file="")
    return job
