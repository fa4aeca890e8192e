"""What the office did, where, with whom, and who took part."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..querysets import ActivityQuerySet, ParticipantCountQuerySet
from .geography import Centre, District
from .projects import Partner, Project


class ParticipantCategory(models.Model):
    """Who took part, as the office counts it: government officials, educators, …"""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name (English)"), max_length=100, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True)
    name_tg = models.CharField(_("name (Tajik)"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("participant categories")

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """Something the office did: a meeting, a seminar, a training, … at one centre."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        SEMINAR = "seminar", _("Seminar")
        CONFERENCE = "conference", _("Conference")
        TRAINING = "training", _("Training")
        BRIEFING = "briefing", _("Briefing")
        PUBLICATION = "publication", _("Publication")
        ADVISORY = "advisory", _("Advisory")
        MONITORING_VISIT = "monitoring", _("Monitoring visit")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class Approval(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    start = models.DateField()
    end = models.DateField()
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="activities")
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_("Where it was held, if not in the centre's own town."),
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="activities", verbose_name=_("national partners")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    approval = models.CharField(
        max_length=10,
        choices=Approval.choices,
        default=Approval.DRAFT,
        help_text=_("Only approved activities count in reports."),
    )
    narrative = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="activities_created",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities_approved",
        editable=False,
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(
        # db_default too: imports and generated data write activities by COPY, column by column.
        default=1,
        db_default=1,
        editable=False,
        help_text=_("Counts the saved changes: a form opened at an older version is stale."),
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name_plural = _("activities")
        permissions = [
            ("change_activity_any_centre", "Can enter and edit activities of every centre"),
            ("approve_activity", "Can approve activities"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="activity_end_not_before_start"
            ),
        ]
        indexes = [
            models.Index(fields=["centre", "start"]),
            models.Index(fields=["start"]),
            models.Index(fields=["approval", "status", "start"]),
            models.Index(fields=["project", "start"]),
            # The lists' newest-first order, and the back office's filter by type.
            models.Index(fields=["start", "id"], name="activity_start_id"),
            models.Index(fields=["kind", "start"], name="activity_kind_start"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        """Approved activities are settled; a manager returns one to draft to change it."""
        return self.approval != self.Approval.APPROVED

    def clean(self) -> None:
        # The rules live in programs/rules.py; here they put their messages on the fields.
        from ..rules import RuleBook, validation_error

        book = RuleBook()
        project = self.project if self.project_id else None
        error = validation_error(
            [
                book.dates(self.start, self.end),
                *book.project(project, self.start, self.end, new_to_it=False),
                book.period(self.start),
            ]
        )
        if error:
            raise error


class ParticipantCount(models.Model):
    """How many women and men of one category took part in an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    category = models.ForeignKey(
        ParticipantCategory, on_delete=models.PROTECT, related_name="counts"
    )
    women = models.PositiveIntegerField(default=0)
    men = models.PositiveIntegerField(default=0)

    objects = ParticipantCountQuerySet.as_manager()

    class Meta:
        ordering = ["category__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "category"], name="one_count_per_activity_category"
            ),
            models.CheckConstraint(
                condition=Q(women__gte=0) & Q(men__gte=0), name="participant_counts_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.women} women, {self.men} men"

    def clean(self) -> None:
        from ..rules import ensure_period_open

        if self.activity_id:
            ensure_period_open(self.activity.start, field=None)

    @property
    def total(self) -> int:
        return self.women + self.men


EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "docx", "xlsx", "odt", "txt"]


class Evidence(models.Model):
    """A file that shows an activity took place: an agenda, a list of participants, a photo."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(
        upload_to="evidence/%Y/%m/",
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
        help_text=_("PDF, image or office document, at most 5 MB."),
    )
    description = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.description
