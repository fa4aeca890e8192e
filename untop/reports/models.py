"""A report the portal has been asked to build, and where it is in being built."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from untop.job_models import Job


def _report_storage():
    return storages["reports"]


class Report(Job):
    """One request for a report: who asked, for what, and how far it has got.

    A report done has its PDF (``file``), the same as a Word document (``word_file``) and,
    for kinds that have one, its tables as a spreadsheet (``sheet_file``). Its status,
    progress and delivery are every job's (untop/job_models.py).
    """

    kind = models.CharField(_("kind"), max_length=30)
    parameters = models.JSONField(_("parameters"), default=dict)
    title = models.CharField(_("title"), max_length=300)
    # Its own reverse name on the user, as before jobs shared their fields (``user.reports``).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("requested by"),
    )
    file = models.FileField(_("file"), storage=_report_storage, upload_to="%Y/%m/", blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    # The same report as a Word document (every report), and its tables as an Excel
    # workbook (donor reports), built from the same HTML as the PDF in the same attempt.
    word_file = models.FileField(
        _("Word file"), storage=_report_storage, upload_to="%Y/%m/", blank=True
    )
    word_checksum = models.CharField(_("SHA-256 of the Word file"), max_length=64, blank=True)
    sheet_file = models.FileField(
        _("spreadsheet"), storage=_report_storage, upload_to="%Y/%m/", blank=True
    )
    sheet_checksum = models.CharField(_("SHA-256 of the spreadsheet"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta(Job.Meta):
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        permissions = [("request_report", "Can request and download reports")]

    def __str__(self) -> str:
        return self.title


class Narrative(models.Model):
    """The text a manager writes for one section of a kind of report, for one scope.

    ``scope`` names what the report covers (a mandate period's id, a donor's code); the
    section is the report's own (``letter``) or an area's. Every save is kept as a revision:
    drafts stay drafts until a manager publishes one, and reports print the latest published.
    """

    kind = models.CharField(_("kind"), max_length=30)
    scope = models.CharField(_("scope"), max_length=100)
    section = models.CharField(_("section"), max_length=50)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        verbose_name = _("narrative")
        verbose_name_plural = _("narratives")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "scope", "section", "language"], name="one_narrative_per_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.scope} {self.section} ({self.language})"


class NarrativeRevision(models.Model):
    """One saved version of a narrative: its text, who wrote it and when."""

    narrative = models.ForeignKey(
        Narrative, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("narrative")
    )
    text = models.TextField(_("text"))
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Published text goes into reports; drafts do not."),
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("edited by"),
    )
    edited_at = models.DateTimeField(_("edited at"), auto_now_add=True)

    class Meta:
        ordering = ["-edited_at", "-id"]
        verbose_name = _("narrative revision")
        verbose_name_plural = _("narrative revisions")
        indexes = [models.Index(fields=["narrative", "published", "edited_at"])]

    def __str__(self) -> str:
        return f"{self.narrative} at {self.edited_at:%Y-%m-%d %H:%M}"


class Signatory(models.Model):
    """Who signs a kind of letter, and from when to when (the Secretary-General's letters:
    Kofi A. Annan until 31 December 2006, Ban Ki-moon from 1 January 2007).

    A letter proposes the holder on its date; the manager may type another name.
    """

    role = models.CharField(
        _("role"),
        max_length=30,
        default="secretary-general",
        help_text=_("The office signed for, e.g. secretary-general."),
    )
    name = models.CharField(_("name"), max_length=100)
    name_ru = models.CharField(_("name in Russian"), max_length=100, blank=True)
    from_date = models.DateField(_("from date"))
    until_date = models.DateField(
        _("until date"), null=True, blank=True, help_text=_("Empty: still in office.")
    )

    class Meta:
        ordering = ["role", "-from_date"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until_date__isnull=True)
                | models.Q(until_date__gte=models.F("from_date")),
                name="signatory_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        return (self.name_ru if language == "ru" else "") or self.name
