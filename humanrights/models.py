"""UN recommendations and what was done about them, institution building, and monitoring.

Monitoring notes are confidential: they are read only through ``MonitoringNote.objects
.visible_to(user)``, which asks whether the user is a human-rights officer or was given the
note, never ``has_perm`` alone (a superuser passes every ``has_perm``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programs.models import Activity, Partner, Region, SdgTarget
from programs.models.geography import name_in_language
from untop.choices import ChoiceLabels

from .querysets import (
    MonitoringNoteQuerySet,
    NamedQuerySet,
    NoteLogQuerySet,
    RecommendationQuerySet,
)


class Mechanism(models.Model):
    """A UN human-rights mechanism: a treaty body, a special procedure, the UPR."""

    class Kind(models.TextChoices):
        TREATY_BODY = "treaty_body", _("Treaty body")
        SPECIAL_PROCEDURE = "special_procedure", _("Special procedure")
        UPR = "upr", _("Universal Periodic Review")

    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("For example CERD or CCPR.")
    )
    name = models.CharField(_("name (English)"), max_length=200, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True, db_default="")
    name_tg = models.CharField(_("name (Tajik)"), max_length=200, blank=True, db_default="")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("mechanism")
        verbose_name_plural = _("mechanisms")

    def __str__(self) -> str:
        return self.code

    @property
    def local_name(self) -> str:
        """The name in the language the portal speaks to the user (English if not given)."""
        return name_in_language(self.name, self.name_ru, self.name_tg)


class Document(models.Model):
    """A mechanism's document: concluding observations, a mission report."""

    symbol = models.CharField(
        _("symbol"), max_length=60, unique=True, help_text=_("For example CCPR/CO/84/TJK.")
    )
    mechanism = models.ForeignKey(
        Mechanism, on_delete=models.PROTECT, related_name="documents", verbose_name=_("mechanism")
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    issued_on = models.DateField(_("date"))

    class Meta:
        ordering = ["-issued_on", "symbol"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.symbol


class NamedInThreeLanguages(models.Model):
    """Reference data of the tracker named in English, with its Russian and Tajik names beside
    it, as the centres are: a page shows the name in the reader's language (English where that
    one is not given). The English name is the one files and the API exchange."""

    name = models.CharField(_("name (English)"), max_length=100, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True, db_default="")
    name_tg = models.CharField(_("name (Tajik)"), max_length=100, blank=True, db_default="")

    objects = NamedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the language the portal speaks to the user (English if not given)."""
        return name_in_language(self.name, self.name_ru, self.name_tg)


class Theme(NamedInThreeLanguages):
    """What a recommendation is about: domestic violence, the judiciary, minorities, …"""

    class Meta(NamedInThreeLanguages.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class AffectedGroup(NamedInThreeLanguages):
    """Who a recommendation protects: women, minorities, detainees, …"""

    class Meta(NamedInThreeLanguages.Meta):
        verbose_name = _("affected group")
        verbose_name_plural = _("affected groups")


class RecommendationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIAL = "partial", _("Partially implemented")
    IMPLEMENTED = "implemented", _("Implemented")


class Recommendation(ChoiceLabels):
    """One paragraph of a document: what the mechanism asked the State to do."""

    Status = RecommendationStatus

    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("document"),
    )
    paragraph = models.CharField(
        _("paragraph"), max_length=20, help_text=_("The paragraph number, e.g. 12 or 12(a).")
    )
    text = models.TextField(_("text"))
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="recommendations", verbose_name=_("themes")
    )
    affected_groups = models.ManyToManyField(
        AffectedGroup, blank=True, related_name="recommendations", verbose_name=_("affected groups")
    )
    institutions = models.ManyToManyField(
        Partner,
        blank=True,
        related_name="hr_recommendations",
        verbose_name=_("responsible national institutions"),
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget,
        blank=True,
        related_name="hr_recommendations",
        verbose_name=_("SDG targets"),
        help_text=_("The Sustainable Development Goal targets the recommendation serves."),
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.NOT_STARTED,
        help_text=_("Changed by recording an implementation action, which keeps the history."),
    )
    follow_up_due = models.DateField(
        _("follow up due"),
        null=True,
        blank=True,
        help_text=_("When the mechanism expects the State's follow-up."),
    )

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["document__symbol", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "paragraph"], name="one_recommendation_per_paragraph"
            )
        ]
        indexes = [
            models.Index(fields=["status", "follow_up_due"]),
            # The tracker's longest overdue follow-ups: the open ones in the order it lists
            # them, read from the first until it has enough (see overdue_follow_ups).
            models.Index(
                fields=["follow_up_due", "id"],
                condition=~models.Q(status=RecommendationStatus.IMPLEMENTED),
                name="recommendation_open_follow_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol} para. {self.paragraph}"

    @property
    def reference(self) -> str:
        """Its document and paragraph ("CCPR/C/TJK/CO/1 para. 6") in the reader's language, as
        the tracker lists it (the record's name, str(), stays in English: the audit trail
        keeps it)."""
        return gettext("%(symbol)s para. %(paragraph)s") % {
            "symbol": self.document.symbol,
            "paragraph": self.paragraph,
        }

    def clean(self) -> None:
        if self.follow_up_due and self.document_id:
            issued = Document.objects.filter(pk=self.document_id).values_list(
                "issued_on", flat=True
            )
            if issued and self.follow_up_due < issued[0]:
                raise ValidationError(
                    {"follow_up_due": _("The follow-up cannot be due before the document's date.")}
                )


class ImplementationAction(models.Model):
    """Something done towards a recommendation, the office activities behind it, its effect."""

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("recommendation"),
    )
    taken_on = models.DateField(_("date"))
    description = models.TextField(_("what was done"))
    taken_by = models.CharField(
        _("by whom"), max_length=200, help_text=_("The institution or office that acted.")
    )
    evidence = models.CharField(
        _("evidence"),
        max_length=300,
        blank=True,
        help_text=_("Where it can be checked: a law, a decree, minutes."),
    )
    activities = models.ManyToManyField(
        Activity,
        blank=True,
        related_name="hr_actions",
        verbose_name=_("office activities"),
        help_text=_(
            "The office's own activities behind this action; their participants count once."
        ),
    )
    new_status = models.CharField(
        _("status it justifies"),
        max_length=20,
        choices=RecommendationStatus.choices,
        blank=True,
        help_text=_("Leave empty if the action does not change the recommendation's status."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-taken_on", "-id"]
        verbose_name = _("implementation action")
        verbose_name_plural = _("implementation actions")
        indexes = [models.Index(fields=["taken_on"])]

    def __str__(self) -> str:
        return f"{self.taken_on:%d %b %Y}: {self.description[:60]}"


class StatusChange(models.Model):
    """One step of a recommendation's status history, and the action that justified it."""

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("recommendation"),
    )
    action = models.ForeignKey(
        ImplementationAction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_changes",
        verbose_name=_("action"),
    )
    from_status = models.CharField(
        _("from status"), max_length=20, choices=RecommendationStatus.choices
    )
    to_status = models.CharField(
        _("to status"), max_length=20, choices=RecommendationStatus.choices
    )
    changed_on = models.DateField(_("changed on"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Milestone(models.Model):
    """A step in building an institution: the Ombudsman, the school curriculum."""

    class Track(models.TextChoices):
        OMBUDSMAN = "ombudsman", _("National Human Rights Ombudsman")
        CURRICULUM = "curriculum", _("Human rights curriculum for secondary schools")

    class Stage(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        DRAFT_LAW = "draft_law", _("Draft law")
        LAW_ADOPTED = "law_adopted", _("Law adopted")
        APPOINTMENT = "appointment", _("Ombudsman appointed")
        DRAFTED = "drafted", _("Curriculum drafted")
        ADOPTED = "adopted", _("Curriculum adopted")
        INTRODUCED = "introduced", _("Curriculum introduced")

    STAGES_OF = {
        Track.OMBUDSMAN: [Stage.CONFERENCE, Stage.DRAFT_LAW, Stage.LAW_ADOPTED, Stage.APPOINTMENT],
        Track.CURRICULUM: [Stage.DRAFTED, Stage.ADOPTED, Stage.INTRODUCED],
    }

    track = models.CharField(_("track"), max_length=20, choices=Track.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hr_milestones",
        help_text=_("Only for the curriculum's introduction, which goes region by region."),
        verbose_name=_("region"),
    )
    planned_on = models.DateField(_("planned on"))
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="hr_milestones", verbose_name=_("office activities")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["track", "planned_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["track", "stage", "region"],
                name="one_milestone_per_stage_region",
            )
        ]

    def __str__(self) -> str:
        where = f" ({self.region})" if self.region_id else ""
        return f"{self.get_stage_display()}{where}"

    @property
    def is_achieved(self) -> bool:
        return self.achieved_on is not None

    def clean(self) -> None:
        errors = {}
        if self.track and self.stage and self.stage not in self.STAGES_OF.get(self.track, []):
            errors["stage"] = f"“{self.get_stage_display()}” is not a stage of this track."
        if self.stage == self.Stage.INTRODUCED and not self.region_id:
            errors["region"] = "Say in which region the curriculum was introduced."
        if self.region_id and self.stage != self.Stage.INTRODUCED:
            errors["region"] = "Only the curriculum's introduction is recorded per region."
        twins = Milestone.objects.filter(
            track=self.track, stage=self.stage, region_id=self.region_id
        ).exclude(pk=self.pk)
        if not errors and self.track and self.stage and twins.exists():
            errors["stage"] = "This milestone is already recorded."
        if errors:
            raise ValidationError(errors)


class MonitoringNote(models.Model):
    """A confidential note on a human-rights development and the advice given about it."""

    class Sensitivity(models.TextChoices):
        RESTRICTED = "restricted", _("Restricted")
        CONFIDENTIAL = "confidential", _("Confidential")
        STRICTLY = "strictly", _("Strictly confidential")

    observed_on = models.DateField(_("date"))
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    topic = models.CharField(_("topic"), max_length=200)
    summary = models.TextField(_("summary"))
    sources = models.TextField(_("sources"), blank=True)
    sensitivity = models.CharField(
        _("sensitivity"),
        max_length=15,
        choices=Sensitivity.choices,
        default=Sensitivity.CONFIDENTIAL,
    )
    advice = models.TextField(_("advice given to the authorities"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MonitoringNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-observed_on", "-id"]
        verbose_name = _("monitoring note")
        verbose_name_plural = _("monitoring notes")

    def __str__(self) -> str:
        # Neutral on purpose: this string can surface outside the confidential pages (a
        # "cannot delete the region" message), so it names neither the topic nor the id.
        return "Confidential monitoring note"


class NoteShare(models.Model):
    """A user outside the human-rights officers who may read one note."""

    note = models.ForeignKey(
        MonitoringNote, on_delete=models.CASCADE, related_name="shares", verbose_name=_("note")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("shared by"),
    )
    shared_at = models.DateTimeField(_("shared at"), auto_now_add=True)

    class Meta:
        ordering = ["shared_at"]
        verbose_name = _("note share")
        verbose_name_plural = _("note shares")
        constraints = [
            models.UniqueConstraint(fields=["note", "user"], name="share_note_once_per_user")
        ]

    def __str__(self) -> str:
        return f"Shared with {self.user}"


class NoteLog(models.Model):
    """Who read or changed which monitoring note, and when; nobody can edit it.

    Kept here rather than in the shared audit trail, which managers and administrators read.
    """

    class Action(models.TextChoices):
        READ = "read", _("Read on the portal")
        LISTED = "listed", _("Listed on the portal (topic, region, sensitivity)")
        READ_ADMIN = "read_admin", _("Read in the back office")
        LISTED_ADMIN = "listed_admin", _("Listed in the back office (topic, region, sensitivity)")
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        SHARED = "shared", _("Shared")
        UNSHARED = "unshared", _("Sharing withdrawn")
        DELETED = "deleted", _("Deleted")

    note = models.ForeignKey(
        MonitoringNote,
        on_delete=models.SET_NULL,
        null=True,
        related_name="log_entries",
        verbose_name=_("note"),
    )
    note_number = models.PositiveIntegerField(
        _("note number"), help_text=_("The note's id, kept after a deletion.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    action = models.CharField(_("what was done"), max_length=12, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    objects = NoteLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("monitoring note log entry")
        verbose_name_plural = _("monitoring note read log")

    def __str__(self) -> str:
        return f"{self.user} {self.get_action_display().lower()} note {self.note_number}"


def is_human_rights_officer(user) -> bool:
    """Whether the user is in the human-rights officers' group (superuser or not)."""
    from untop.roles import HUMAN_RIGHTS_OFFICER

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    cached = getattr(user, "_hr_officer", None)
    if cached is None:
        cached = user.groups.filter(name=HUMAN_RIGHTS_OFFICER).exists()
        user._hr_officer = cached
    return cached


__all__ = [
    "AffectedGroup",
    "Document",
    "ImplementationAction",
    "Mechanism",
    "Milestone",
    "MonitoringNote",
    "NoteLog",
    "NoteShare",
    "Recommendation",
    "RecommendationStatus",
    "StatusChange",
    "Theme",
    "is_human_rights_officer",
]
