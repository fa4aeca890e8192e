"""Getting a report to a worker and keeping it there until its PDF is stored.

No request may be lost between the report page and the PDF:

- the report is saved first and sent to the task queue after commit; when the broker cannot
  take it (Redis down), the report stays queued and unsent, and the sweep sends it later;
- a worker claims a report with one conditional UPDATE, so a task delivered twice builds the
  report once, and a report already done is left as it is;
- while building, the worker marks the report alive (its heartbeat); the sweep, run every
  minute by Celery beat, queues again a report whose worker stopped giving signs of life,
  up to UNTOP_REPORT_MAX_ATTEMPTS starts, then marks it failed with the reason.

Every write here is conditional on the attempt number the claim returned, so a worker that
was taken for dead and replaced can no longer change the report.
"""

from __future__ import annotations

import errno
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import DatabaseError, connections
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_noop

from .models import Report

logger = logging.getLogger(__name__)

QUEUED, RUNNING = Report.Status.QUEUED, Report.Status.RUNNING
WAITING_FOR_WORKER = gettext_noop("Waiting for a worker")
WAITING_FOR_QUEUE = gettext_noop(
    "Waiting: the task queue is not answering; the report goes out when it is back"
)
WORKER_STOPPED = gettext_noop("Waiting for a worker: the one building it stopped")
DISK_FULL = gettext_noop("The disk is full: the PDF could not be stored.")


class ReportTakenOver(Exception):
    """This worker no longer holds the report: it was queued again and another one took it."""


class ReportNotStored(Exception):
    """The PDF was built but could not be stored; the message says why, in plain words."""


def report_send(*, report_id: int) -> bool:
    """Hand a queued report to the task queue; False, and logged, when the broker refuses it."""
    from . import tasks  # tasks imports services, which imports this module

    try:
        tasks.report_build_task.delay(report_id)
    except Exception:
        # kombu's OperationalError when Redis is down or unreachable, or anything else on the
        # way: the report is saved, so it is only late. The sweep sends it when the queue is back.
        logger.exception("Report %s not sent to the task queue; it stays queued", report_id)
        Report.objects.filter(pk=report_id, status=QUEUED).update(step=WAITING_FOR_QUEUE)
        return False
    Report.objects.filter(pk=report_id).update(
        sent_at=timezone.now(),
        step=Case(
            When(status=QUEUED, step=WAITING_FOR_QUEUE, then=Value(WAITING_FOR_WORKER)),
            default=F("step"),
        ),
    )
    return True


def _stale(now: datetime) -> Q:
    """Running reports whose worker has given no sign of life for UNTOP_REPORT_STALE_AFTER."""
    before = now - timedelta(seconds=settings.UNTOP_REPORT_STALE_AFTER)
    silent = Q(heartbeat_at__lt=before) | Q(
        Q(started_at__lt=before) | Q(started_at__isnull=True), heartbeat_at__isnull=True
    )
    return Q(status=RUNNING) & silent


def report_claim(*, report_id: int) -> int | None:
    """Take a report to build it: its attempt number, or None when it is not to be built here.

    A queued report is taken; so is a running one whose worker stopped giving signs of life
    while attempts remain (the task was delivered again). A report done or failed, or being
    built by a live worker, is left as it is.
    """
    now = timezone.now()
    attempts_left = Q(attempts__lt=settings.UNTOP_REPORT_MAX_ATTEMPTS)
    claimable = Q(status=QUEUED) | (_stale(now) & attempts_left)
    claimed = Report.objects.filter(claimable, pk=report_id).update(
        status=RUNNING,
        attempts=F("attempts") + 1,
        heartbeat_at=now,
        started_at=now,
        finished_at=None,
        error="",
        progress=5,
        step=gettext_noop("Starting"),
    )
    if not claimed:
        return None
    return Report.objects.filter(pk=report_id).values_list("attempts", flat=True).get()


def report_mark_alive(
    *, report_id: int, attempt: int, progress: int | None = None, step: str = ""
) -> bool:
    """Record a sign of life (and the progress, if given); False if the report is not ours."""
    fields: dict = {"heartbeat_at": timezone.now()}
    if progress is not None:
        fields.update(progress=progress, step=step)
    mine = Report.objects.filter(pk=report_id, status=RUNNING, attempts=attempt)
    return mine.update(**fields) == 1


@contextmanager
def heartbeat(*, report_id: int, attempt: int) -> Iterator[None]:
    """Mark the report alive every UNTOP_REPORT_HEARTBEAT seconds while the block runs.

    Progress steps mark it too, but one step (laying out a long PDF) can last longer than
    the stale threshold. The thread dies with the worker process, and then the signs stop.
    """
    stop = threading.Event()
    thread = threading.Thread(
        target=_beat, args=(report_id, attempt, stop), name=f"report-{report_id}-heartbeat"
    )
    thread.daemon = True
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def _beat(report_id: int, attempt: int, stop: threading.Event) -> None:
    try:
        while not stop.wait(settings.UNTOP_REPORT_HEARTBEAT):
            try:
                if not report_mark_alive(report_id=report_id, attempt=attempt):
                    return
            except DatabaseError:
                # A busy database (SQLite's lock) delays one sign of life, not the report.
                logger.warning("Report %s: heartbeat not recorded", report_id, exc_info=True)
    finally:
        connections.close_all()  # this thread's own connections


def report_store_pdf(*, report: Report, pdf: bytes) -> str:
    """Store a report's PDF and return its name; a failed write leaves no partial file.

    Raises ReportNotStored with the reason in plain words when the storage refuses it.
    """
    field = report.file.field
    storage: Storage = report.file.storage
    name = field.generate_filename(report, f"{report.kind}-{report.pk}.pdf")
    try:
        if storage.exists(name):
            storage.delete(name)  # left by an earlier attempt whose worker died
        return storage.save(name, ContentFile(pdf), max_length=field.max_length)
    except OSError as exc:
        _delete_quietly(storage, name)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise ReportNotStored(DISK_FULL) from exc
        raise ReportNotStored(f"The PDF could not be stored: {exc.strerror or exc}.") from exc


def _delete_quietly(storage: Storage, name: str) -> None:
    try:
        if storage.exists(name):
            storage.delete(name)
    except OSError:
        logger.exception("Could not remove the partly written file %s", name)


def report_finish(*, report_id: int, attempt: int, name: str, checksum: str) -> bool:
    """Mark the report done with its stored PDF; False if another worker holds it now."""
    mine = Report.objects.filter(pk=report_id, status=RUNNING, attempts=attempt)
    return (
        mine.update(
            status=Report.Status.DONE,
            progress=100,
            step="PDF ready",
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
            file=name,
            checksum=checksum,
        )
        == 1
    )


def report_fail(*, report_id: int, attempt: int, reason: str) -> bool:
    """Mark the report failed with the reason; False if another worker holds it now."""
    mine = Report.objects.filter(pk=report_id, status=RUNNING, attempts=attempt)
    return (
        mine.update(
            status=Report.Status.FAILED,
            finished_at=timezone.now(),
            step=gettext_noop("Failed"),
            error=reason[:2000],
        )
        == 1
    )


@dataclass(frozen=True)
class Sweep:
    """What one sweep did: reports queued again, given up, sent, and left for the next one."""

    requeued: int = 0
    failed: int = 0
    sent: int = 0
    unsent: int = 0


def reports_sweep() -> Sweep:
    """Queue again the reports whose worker died, and send every queued report not on its way.

    Run every minute by Celery beat. Safe to run at any time and twice at once: a report
    sent twice is built once (see report_claim).
    """
    now = timezone.now()
    stale, limit = _stale(now), settings.UNTOP_REPORT_MAX_ATTEMPTS
    failed = 0
    for report_id, attempts in Report.objects.filter(stale, attempts__gte=limit).values_list(
        "pk", "attempts"
    ):
        failed += Report.objects.filter(stale, pk=report_id).update(
            status=Report.Status.FAILED,
            finished_at=now,
            step=gettext_noop("Failed"),
            error=(
                f"The worker building it stopped {attempts} times (it may have run out of "
                "memory or been restarted). Build it again to retry."
            ),
        )
    requeued = Report.objects.filter(stale, attempts__lt=limit).update(
        status=QUEUED, sent_at=None, heartbeat_at=None, progress=0, step=WORKER_STOPPED
    )
    # Never sent (the broker was down), or sent long ago and never started (a broker that
    # lost its messages): send again.
    resend_before = now - timedelta(seconds=settings.UNTOP_REPORT_RESEND_AFTER)
    waiting = list(
        Report.objects.filter(Q(sent_at__isnull=True) | Q(sent_at__lt=resend_before), status=QUEUED)
        .order_by("requested_at", "pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for report_id in waiting:
        if not report_send(report_id=report_id):
            break  # the broker is down: the next sweep tries again
        sent += 1
    if requeued or failed or waiting:
        logger.info(
            "Report sweep: %s queued again, %s failed, %s sent, %s still waiting",
            requeued,
            failed,
            sent,
            len(waiting) - sent,
        )
    return Sweep(requeued=requeued, failed=failed, sent=sent, unsent=len(waiting) - sent)
