"""A file handed to a worker to import, and where the import has got to."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from untop.job_models import Job


def _private_storage():
    return storages["default"]


class ImportJob(Job):
    """One upload of a large file, imported in the background like a report is built.

    Its status, progress and delivery are every job's (untop/job_models.py); it keeps its
    longer step, its own reverse name on the user and its own words for the worker's fields.
    """

    importer = models.CharField(_("kind of records"), max_length=40)
    file = models.FileField(
        _("file"),
        storage=_private_storage,
        upload_to="imports/%Y/%m/",
        blank=True,
        help_text=_("The file sent; deleted once the import has finished."),
    )
    original_name = models.CharField(_("original name"), max_length=255)
    step = models.CharField(_("step"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="import_jobs",
        verbose_name=_("requested by"),
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("records added"), default=0)
    updated = models.PositiveIntegerField(_("records changed"), default=0)
    errors = models.JSONField(
        _("errors"),
        default=list,
        blank=True,
        help_text=_("The problems found: [row, column, message]."),
    )
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("How many times a worker has started importing it.")
    )
    heartbeat_at = models.DateTimeField(
        _("heartbeat at"),
        null=True,
        blank=True,
        help_text=_("The last sign of life from the worker importing it."),
    )

    class Meta(Job.Meta):
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [
            models.Index(fields=["requested_by", "requested_at"]),
            *Job.Meta.indexes,
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
