"""What the office did, where, with whom, and who took part."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from untop.choices import ChoiceLabels

from ..querysets import ActivityQuerySet, ParticipantCountQuerySet
from .geography import Centre, District, name_in_language
from .projects import Partner, Project


class ParticipantCategory(models.Model):
    """Who took part, as the office counts it: government officials, educators, …"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (English)"), max_length=100, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True)
    name_tg = models.CharField(_("name (Tajik)"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("participant category")
        verbose_name_plural = _("participant categories")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the language the portal speaks to the user (English if not given)."""
        return name_in_language(self.name, self.name_ru, self.name_tg)


class Activity(ChoiceLabels):
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

    # The project's and the centre's own indexes would repeat the leading column of the
    # (project, start) and (centre, start) indexes below, and every import writes each index.
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("project"),
        db_index=False,
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("centre"),
        db_index=False,
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_("Where it was held, if not in the centre's own town."),
        verbose_name=_("district"),
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="activities", verbose_name=_("national partners")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.HELD
    )
    approval = models.CharField(
        _("approval"),
        max_length=10,
        choices=Approval.choices,
        default=Approval.DRAFT,
        help_text=_("Only approved activities count in reports."),
    )
    narrative = models.TextField(_("narrative"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="activities_created",
        editable=False,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities_approved",
        editable=False,
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    # The reason a manager gave for sending it back, shown to the centre until it is
    # submitted again; every return stays in the activity's comments.
    # db_default too: imports and generated data write activities by COPY, column by column.
    return_reason = models.TextField(
        _("reason for return"), blank=True, default="", db_default="", editable=False
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(
        _("version"),
        # db_default too: imports and generated data write activities by COPY, column by column.
        default=1,
        db_default=1,
        editable=False,
        help_text=_("Counts the saved changes: a form opened at an older version is stale."),
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("activity")
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
            models.Index(fields=["approval", "status", "start"]),
            models.Index(fields=["project", "start"]),
            # The lists' newest-first order (and any range of dates), and the back office's
            # filter by type.
            models.Index(fields=["start", "id"], name="activity_start_id"),
            models.Index(fields=["kind", "start"], name="activity_kind_start"),
            # A centre's drafts returned with a reason, latest first (the dashboard of its
            # staff): only those rows, read from the first until the dashboard has enough.
            models.Index(
                fields=["centre", "-returned_at", "-id"],
                condition=models.Q(approval="draft") & ~models.Q(return_reason=""),
                name="activity_returned_draft",
            ),
            # The approval queue: each centre's waiting activities, oldest submission first,
            # read no further than the page (programs.views.approvals.queue_page), and counted
            # per centre from the index alone.
            models.Index(
                fields=["centre", "submitted_at", "id"],
                condition=models.Q(approval="submitted"),
                name="activity_waiting",
            ),
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

    # No index of its own: the unique (activity, category) index below leads with it.
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("activity"),
        db_index=False,
    )
    category = models.ForeignKey(
        ParticipantCategory,
        on_delete=models.PROTECT,
        related_name="counts",
        verbose_name=_("category"),
    )
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)

    objects = ParticipantCountQuerySet.as_manager()

    class Meta:
        ordering = ["category__name"]
        verbose_name = _("participant count")
        verbose_name_plural = _("participant counts")
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
        from ..rules import RuleBook, ensure_period_open

        if self.activity_id:
            ensure_period_open(self.activity.start, field=None)
        # Its breakdown adds up to it: the one being saved with it (``pending_groups``, set
        # by the service), else the saved one, which a changed total must still match.
        groups = getattr(self, "pending_groups", None)
        if groups is None and self.pk is not None:
            groups = self.groups.values_list("sex", "number")
        if groups is not None and self.category_id is not None:
            RuleBook().enforce(RuleBook.breakdown(self.category, self.women, self.men, groups))

    @property
    def total(self) -> int:
        return self.women + self.men


EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "docx", "xlsx", "odt", "txt"]


class Evidence(models.Model):
    """A file that shows an activity took place: an agenda, a list of participants, a photo."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("activity")
    )
    file = models.FileField(
        _("file"),
        upload_to="evidence/%Y/%m/",
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
        help_text=_("PDF, image or office document, at most 5 MB."),
    )
    description = models.CharField(_("description"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.description


class ActivityComment(models.Model):
    """A note on an activity between its centre and the managers: a comment, or the reason
    it was returned. Kept as written; the thread is the activity's conversation."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        RETURNED = "returned", _("Returned to draft")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="comments", verbose_name=_("activity")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("author"),
    )
    at = models.DateTimeField(_("written at"), auto_now_add=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    text = models.TextField(_("comment"), max_length=4000)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["activity", "at"], name="comment_activity_at")]

    def __str__(self) -> str:
        return f"{self.activity}: {self.text[:60]}"
