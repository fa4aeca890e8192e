"""A file handed to a worker to import, and where the import has got to."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def _private_storage():
    return storages["default"]


class ImportJob(models.Model):
    """One upload of a large file, imported in the background like a report is built."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    importer = models.CharField(_("kind of records"), max_length=40)
    file = models.FileField(
        storage=_private_storage,
        upload_to="imports/%Y/%m/",
        blank=True,
        help_text=_("The file sent; deleted once the import has finished."),
    )
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text=_("Percent done."))
    step = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_jobs"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(_("records added"), default=0)
    updated = models.PositiveIntegerField(_("records changed"), default=0)
    errors = models.JSONField(
        default=list, blank=True, help_text=_("The problems found: [row, column, message].")
    )
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the request was handed to the task queue.")
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text=_("How many times a worker has started importing it.")
    )
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text=_("The last sign of life from the worker importing it.")
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["requested_by", "requested_at"]),
            models.Index(fields=["status", "requested_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
