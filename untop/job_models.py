"""What every background job records: the fields the job path (untop/jobs.py) reads and writes.

A report being built and a file being imported are both a ``Job``: who asked and when, where
the worker has got to (status, progress, step), and what the job path keeps to deliver it
(sent_at, attempts, heartbeat_at). Each kind adds its own fields (a report's files, an
import's rows and errors) and registers how its status is answered (untop/job_views.py).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One background job: who asked for it, how far it has got, and how it is delivered.

    The fields keep the columns, labels and help texts the reports and imports had before
    they shared them. A kind overrides a field to keep what was its own: the reverse name of
    ``requested_by`` (``user.reports``, ``user.import_jobs``; a new kind gets its app's
    label), the import's longer step and its words for the worker's fields.
    """

    class Status(models.TextChoices):
        # The values the job path writes (untop.jobs.QUEUED, RUNNING, DONE, FAILED).
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress"), default=0, help_text=_("Percent done.")
    )
    step = models.CharField(_("step"), max_length=100, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="%(app_label)s",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    sent_at = models.DateTimeField(
        _("sent at"),
        null=True,
        blank=True,
        help_text=_("When the request was handed to the task queue."),
    )
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("How many times a worker has started building it.")
    )
    heartbeat_at = models.DateTimeField(
        _("heartbeat at"),
        null=True,
        blank=True,
        help_text=_("The last sign of life from the worker building it."),
    )

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-id"]
        # The sweep's and the lists' question: the queued or running jobs, oldest first.
        indexes = [models.Index(fields=["status", "requested_at"])]

    @property
    def is_finished(self) -> bool:
        """Done or failed: the worker will not change it again."""
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def duration(self) -> timedelta | None:
        """How long the worker took, once it has finished."""
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None
