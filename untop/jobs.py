"""The portal's one background-job path: reports and imports get to a worker this way.

No job may be lost between the page that asked for it and its result:

- the job is saved first and sent to the task queue after commit; when the broker cannot
  take it (Redis down), the job stays queued and unsent, its step says so, and the sweep
  sends it later: the page that asked answers normally;
- a worker claims a job with one conditional UPDATE, so a task delivered twice runs the job
  once, and a job already done or failed is left as it is;
- while running, the worker marks the job alive (its heartbeat); the sweep, run every minute
  by Celery beat, queues again a job whose worker stopped giving signs of life, up to
  <prefix>_MAX_ATTEMPTS starts, then marks it failed with the reason in plain words.

Every write of the worker is conditional on the attempt number the claim returned (attempt
fencing), so a worker that was taken for dead and replaced can no longer change the job.

A kind of job is a ``JobPath``: its model (a subclass of ``untop.job_models.Job``, which has
the fields status, step, progress, sent_at, attempts, heartbeat_at, started_at, finished_at),
how to send one to the task queue, its messages, and the prefix of its settings
(``UNTOP_REPORT`` reads UNTOP_REPORT_HEARTBEAT, UNTOP_REPORT_STALE_AFTER,
UNTOP_REPORT_MAX_ATTEMPTS and UNTOP_REPORT_RESEND_AFTER). Pages follow any job through one
status endpoint (untop/job_views.py) and one script (static/js/job-status.js).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connections, models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

logger = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


class JobTakenOver(Exception):
    """This worker no longer holds the job: it was queued again and another one took it."""


@dataclass(frozen=True)
class Sweep:
    """What one sweep did: jobs queued again, given up, sent, and left for the next one."""

    requeued: int = 0
    failed: int = 0
    sent: int = 0
    unsent: int = 0


class Beat:
    """The heartbeat of one running job; ``note`` hands it progress to record on its next beat.

    For progress reached inside a long transaction: written there, it would lock the job's row
    (and hide the progress) until the commit; the heartbeat writes it on its own connection.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: tuple[int, str] | None = None

    def note(self, progress: int, step: str) -> None:
        with self._lock:
            self._pending = (progress, step)

    def put_back(self, pending: tuple[int, str]) -> None:
        """Progress a failed beat could not record, unless newer progress came meanwhile."""
        with self._lock:
            if self._pending is None:
                self._pending = pending

    def take(self) -> tuple[int, str] | None:
        with self._lock:
            pending, self._pending = self._pending, None
            return pending


@dataclass(frozen=True)
class JobPath:
    """How one kind of background job is sent, claimed, kept alive, finished and swept."""

    model: type[models.Model]
    label: str  # for the logs: "Report", "Import job"
    settings_prefix: str  # "UNTOP_REPORT": UNTOP_REPORT_HEARTBEAT, ..._STALE_AFTER, ...
    send_task: Callable[[int], Any]  # hands the id to the task queue (the task's .delay)
    waiting_for_worker: str
    waiting_for_queue: str
    worker_stopped: str
    gave_up: Callable[[int], dict]  # the fields of a job failed after so many dead workers

    def setting(self, name: str) -> int:
        return getattr(settings, f"{self.settings_prefix}_{name}")

    # --- sending ---------------------------------------------------------------------------

    def send(self, pk: int) -> bool:
        """Hand a queued job to the task queue; False, and logged, when the broker refuses it."""
        objects = self.model._default_manager
        try:
            self.send_task(pk)
        except Exception:
            # kombu's OperationalError when Redis is down or unreachable, or anything else on
            # the way: the job is saved, so it is only late. The sweep sends it later.
            logger.exception("%s %s not sent to the task queue; it stays queued", self.label, pk)
            objects.filter(pk=pk, status=QUEUED).update(step=self.waiting_for_queue)
            return False
        objects.filter(pk=pk).update(
            sent_at=timezone.now(),
            step=Case(
                When(
                    status=QUEUED, step=self.waiting_for_queue, then=Value(self.waiting_for_worker)
                ),
                default=F("step"),
            ),
        )
        return True

    # --- the worker's side -----------------------------------------------------------------

    def stale(self, now: datetime) -> Q:
        """Running jobs whose worker has given no sign of life for <prefix>_STALE_AFTER."""
        before = now - timedelta(seconds=self.setting("STALE_AFTER"))
        silent = Q(heartbeat_at__lt=before) | Q(
            Q(started_at__lt=before) | Q(started_at__isnull=True), heartbeat_at__isnull=True
        )
        return Q(status=RUNNING) & silent

    def claim(self, pk: int, **fields: Any) -> int | None:
        """Take a job to run it: its attempt number, or None when it is not to be run here.

        A queued job is taken; so is a running one whose worker stopped giving signs of life
        while attempts remain (the task was delivered again). A job done or failed, or being
        run by a live worker, is left as it is. ``fields`` are set with the claim (the step).
        """
        now = timezone.now()
        attempts_left = Q(attempts__lt=self.setting("MAX_ATTEMPTS"))
        claimable = Q(status=QUEUED) | (self.stale(now) & attempts_left)
        claimed = self.model._default_manager.filter(claimable, pk=pk).update(
            status=RUNNING,
            attempts=F("attempts") + 1,
            heartbeat_at=now,
            started_at=now,
            finished_at=None,
            **fields,
        )
        if not claimed:
            return None
        return self.model._default_manager.filter(pk=pk).values_list("attempts", flat=True).get()

    def mine(self, pk: int, attempt: int) -> models.QuerySet:
        """The job, if this attempt still holds it: every write of the worker goes through it."""
        return self.model._default_manager.filter(pk=pk, status=RUNNING, attempts=attempt)

    def mark_alive(
        self, pk: int, attempt: int, progress: int | None = None, step: str = ""
    ) -> bool:
        """Record a sign of life (and the progress, if given); False if the job is not ours."""
        fields: dict = {"heartbeat_at": timezone.now()}
        if progress is not None:
            fields.update(progress=progress, step=step)
        return self.mine(pk, attempt).update(**fields) == 1

    @contextmanager
    def heartbeat(self, pk: int, attempt: int) -> Iterator[Beat]:
        """Mark the job alive every <prefix>_HEARTBEAT seconds while the block runs.

        Progress steps mark it too, but one step (laying out a long PDF, saving 200,000 rows)
        can last longer than the stale threshold. The thread dies with the worker process,
        and then the signs stop; nothing else stops it but the job no longer being ours.
        """
        beat = Beat()
        stop = threading.Event()
        thread = threading.Thread(
            target=self._beat,
            args=(pk, attempt, beat, stop),
            name=f"{self.label.lower().replace(' ', '-')}-{pk}-heartbeat",
        )
        thread.daemon = True
        thread.start()
        try:
            yield beat
        finally:
            stop.set()
            thread.join(timeout=5)

    def _beat(self, pk: int, attempt: int, beat: Beat, stop: threading.Event) -> None:
        try:
            while not stop.wait(self.setting("HEARTBEAT")):
                pending = beat.take()
                try:
                    progress, step = pending if pending else (None, "")
                    if not self.mark_alive(pk, attempt, progress=progress, step=step):
                        return  # queued again and taken by another worker: not ours to mark
                except Exception:
                    # A busy database (SQLite's lock), a connection cut, anything: one sign of
                    # life is late, and the next beat tries again on a fresh connection.
                    logger.warning("%s %s: heartbeat not recorded", self.label, pk, exc_info=True)
                    if pending:
                        beat.put_back(pending)
                    self._close_connections()
        finally:
            self._close_connections()  # this thread's own connections

    @staticmethod
    def _close_connections() -> None:
        try:
            connections.close_all()
        except Exception:
            logger.warning("Heartbeat: a connection could not be closed", exc_info=True)

    def finish(self, pk: int, attempt: int, **fields: Any) -> bool:
        """Mark the job done with these fields; False if another worker holds it now."""
        now = timezone.now()
        done = {"progress": 100, "finished_at": now, "heartbeat_at": now, **fields}
        return self.mine(pk, attempt).update(status=DONE, **done) == 1

    def fail(self, pk: int, attempt: int, **fields: Any) -> bool:
        """Mark the job failed with these fields (the reason); False if it is not ours now."""
        return (
            self.mine(pk, attempt).update(status=FAILED, finished_at=timezone.now(), **fields) == 1
        )

    # --- the sweep -------------------------------------------------------------------------

    def sweep(self) -> Sweep:
        """Queue again the jobs whose worker died, and send every queued job not on its way.

        Run every minute by Celery beat. Safe to run at any time and twice at once: a job
        sent twice runs once (see claim). Three queries when there is nothing to do.
        """
        now = timezone.now()
        objects = self.model._default_manager
        stale, limit = self.stale(now), self.setting("MAX_ATTEMPTS")
        failed = 0
        for pk, attempts in objects.filter(stale, attempts__gte=limit).values_list(
            "pk", "attempts"
        ):
            failed += objects.filter(stale, pk=pk).update(
                status=FAILED, finished_at=now, **self.gave_up(attempts)
            )
        requeued = objects.filter(stale, attempts__lt=limit).update(
            status=QUEUED, sent_at=None, heartbeat_at=None, progress=0, step=self.worker_stopped
        )
        # Never sent (the broker was down), or sent long ago and never started (a broker that
        # lost its messages): send again.
        resend_before = now - timedelta(seconds=self.setting("RESEND_AFTER"))
        waiting = list(
            objects.filter(Q(sent_at__isnull=True) | Q(sent_at__lt=resend_before), status=QUEUED)
            .order_by("requested_at", "pk")
            .values_list("pk", flat=True)
        )
        sent = 0
        for pk in waiting:
            if not self.send(pk):
                break  # the broker is down: the next sweep tries again
            sent += 1
        if requeued or failed or waiting:
            logger.info(
                "%s sweep: %s queued again, %s failed, %s sent, %s still waiting",
                self.label,
                requeued,
                failed,
                sent,
                len(waiting) - sent,
            )
        return Sweep(requeued=requeued, failed=failed, sent=sent, unsent=len(waiting) - sent)
