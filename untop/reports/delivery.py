"""Getting a report to a worker and keeping it there until its PDF is stored.

No request may be lost between the report page and the PDF. Reports take the portal's one
background-job path (untop/jobs.py): sent after commit, left queued when the broker is down
and sent by the sweep later, claimed with one conditional UPDATE, kept alive by a heartbeat,
queued again when their worker dies, up to UNTOP_REPORT_MAX_ATTEMPTS starts, then failed with
the reason. What is the reports' own is here: their messages and storing their files (the
PDF, the Word document and, for donor reports, the spreadsheet).

Every write here is conditional on the attempt number the claim returned, so a worker that
was taken for dead and replaced can no longer change the report.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.translation import gettext_noop

from untop.jobs import Beat, JobPath, JobTakenOver, Sweep

from .models import Report

logger = logging.getLogger(__name__)

QUEUED, RUNNING = Report.Status.QUEUED, Report.Status.RUNNING
WAITING_FOR_WORKER = gettext_noop("Waiting for a worker")
WAITING_FOR_QUEUE = gettext_noop(
    "Waiting: the task queue is not answering; the report goes out when it is back"
)
WORKER_STOPPED = gettext_noop("Waiting for a worker: the one building it stopped")
DISK_FULL = gettext_noop("The disk is full: the PDF could not be stored.")
DISK_FULL_FOR = {
    "pdf": DISK_FULL,
    "docx": gettext_noop("The disk is full: the Word file could not be stored."),
    "xlsx": gettext_noop("The disk is full: the spreadsheet could not be stored."),
}

__all__ = ["Sweep", "ReportTakenOver", "ReportNotStored", "reports_sweep", "report_store_files"]


class ReportTakenOver(JobTakenOver):
    """This worker no longer holds the report: it was queued again and another one took it."""


class ReportNotStored(Exception):
    """The PDF was built but could not be stored; the message says why, in plain words."""


def _send_task(report_id: int) -> None:
    from . import tasks  # tasks imports services, which imports this module

    tasks.report_build_task.delay(report_id)


def _gave_up(attempts: int) -> dict:
    return {
        "step": gettext_noop("Failed"),
        "error": (
            f"The worker building it stopped {attempts} times (it may have run out of "
            "memory or been restarted). Build it again to retry."
        ),
    }


REPORTS = JobPath(
    model=Report,
    label="Report",
    settings_prefix="UNTOP_REPORT",
    send_task=_send_task,
    waiting_for_worker=WAITING_FOR_WORKER,
    waiting_for_queue=WAITING_FOR_QUEUE,
    worker_stopped=WORKER_STOPPED,
    gave_up=_gave_up,
)


def report_send(*, report_id: int) -> bool:
    """Hand a queued report to the task queue; False, and logged, when the broker refuses it."""
    return REPORTS.send(report_id)


def report_claim(*, report_id: int) -> int | None:
    """Take a report to build it: its attempt number, or None when it is not to be built here.

    A queued report is taken; so is a running one whose worker stopped giving signs of life
    while attempts remain (the task was delivered again). A report done or failed, or being
    built by a live worker, is left as it is.
    """
    return REPORTS.claim(report_id, error="", progress=5, step=gettext_noop("Starting"))


def report_mark_alive(
    *, report_id: int, attempt: int, progress: int | None = None, step: str = ""
) -> bool:
    """Record a sign of life (and the progress, if given); False if the report is not ours."""
    return REPORTS.mark_alive(report_id, attempt, progress=progress, step=step)


@contextmanager
def heartbeat(*, report_id: int, attempt: int) -> Iterator[Beat]:
    """Mark the report alive every UNTOP_REPORT_HEARTBEAT seconds while the block runs."""
    with REPORTS.heartbeat(report_id, attempt) as beat:
        yield beat


# The files a report is stored as: the model's field, the extension, and the file's name in
# the reasons given when it cannot be stored.
REPORT_FILES = {
    "pdf": ("file", "PDF"),
    "docx": ("word_file", "Word file"),
    "xlsx": ("sheet_file", "spreadsheet"),
}


def report_store_files(*, report: Report, files: dict[str, bytes | None]) -> dict[str, str]:
    """Store a report's files (``{"pdf": …, "docx": …, "xlsx": …}``, None for a file the
    report does not have) and return each one's stored name.

    All or nothing: when one cannot be stored, those already stored in this call are removed
    too, and ReportNotStored says which file failed and why. The PDF goes first, so a full
    disk is named as it always was.
    """
    stored: dict[str, str] = {}
    try:
        for extension, content in files.items():
            if content is not None:
                field_name = REPORT_FILES[extension][0]
                stored[extension] = _store(report, field_name, extension, content)
    except Exception:
        for extension, name in stored.items():
            _delete_quietly(getattr(report, REPORT_FILES[extension][0]).storage, name)
        raise
    return stored


def _store(report: Report, field_name: str, extension: str, content: bytes) -> str:
    """Store one of a report's files; a failed write leaves no partial file."""
    file = getattr(report, field_name)
    field = file.field
    storage: Storage = file.storage
    name = field.generate_filename(report, f"{report.kind}-{report.pk}.{extension}")
    what = REPORT_FILES[extension][1]
    try:
        if storage.exists(name):
            storage.delete(name)  # left by an earlier attempt whose worker died
        return storage.save(name, ContentFile(content), max_length=field.max_length)
    except OSError as exc:
        _delete_quietly(storage, name)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise ReportNotStored(DISK_FULL_FOR[extension]) from exc
        raise ReportNotStored(f"The {what} could not be stored: {exc.strerror or exc}.") from exc


def _delete_quietly(storage: Storage, name: str) -> None:
    try:
        if storage.exists(name):
            storage.delete(name)
    except OSError:
        logger.exception("Could not remove the partly written file %s", name)


def report_finish(
    *,
    report_id: int,
    attempt: int,
    name: str,
    checksum: str,
    word_name: str = "",
    word_checksum: str = "",
    sheet_name: str = "",
    sheet_checksum: str = "",
) -> bool:
    """Mark the report done with its stored files, all in one update; False if another
    worker holds it now (the files it stored are then not recorded)."""
    return REPORTS.finish(
        report_id,
        attempt,
        step=gettext_noop("Ready to download"),
        file=name,
        checksum=checksum,
        word_file=word_name,
        word_checksum=word_checksum,
        sheet_file=sheet_name,
        sheet_checksum=sheet_checksum,
    )


def report_fail(*, report_id: int, attempt: int, reason: str) -> bool:
    """Mark the report failed with the reason; False if another worker holds it now."""
    return REPORTS.fail(report_id, attempt, step=gettext_noop("Failed"), error=reason[:2000])


def reports_sweep() -> Sweep:
    """Queue again the reports whose worker died, and send every queued report not on its way.

    Run every minute by Celery beat. Safe to run at any time and twice at once: a report
    sent twice is built once (see report_claim).
    """
    return REPORTS.sweep()
