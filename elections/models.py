"""Electoral assistance: elections and their calendars, needs-assessment missions and their
recommendations, the assistance project's outputs, and ministries' press briefings.

Trainings and briefings are activities of the programs app: an output or a briefing links to
them, so that a head count is entered once, on the activity, and counted only when the
activity is held and approved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from programs.models import Activity, ParticipantCategory, Partner, Project
from programs.rules import ensure_dates_in_order

from .querysets import (
    BriefingQuerySet,
    ElectionQuerySet,
    MilestoneQuerySet,
    OutputQuerySet,
    PlannedBriefingQuerySet,
)

# Journalists present at a briefing are the activity's participants of this category.
JOURNALIST_CATEGORY = "journalists"

NOT_NEGATIVE = MinValueValidator(0, "A count cannot be negative.")


def _translation(label, max_length: int, help_text: str = "") -> models.CharField:
    """A name's Russian or Tajik text, as the reports print it in that language. Blank until
    someone writes it; rows written by COPY (the synthetic data, the importers) name none."""
    return models.CharField(
        label, max_length=max_length, blank=True, db_default="", help_text=help_text
    )


class Election(models.Model):
    """A national vote the office assisted: a presidential or parliamentary election, …"""

    class Kind(models.TextChoices):
        PRESIDENTIAL = "presidential", _("Presidential election")
        PARLIAMENTARY = "parliamentary", _("Parliamentary elections")
        LOCAL = "local", _("Local elections")
        REFERENDUM = "referendum", _("Referendum")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PREPARING = "preparing", _("Preparations under way")
        HELD = "held", _("Held")
        POSTPONED = "postponed", _("Postponed")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_ru = _translation(_("title (Russian)"), 200)
    title_tg = _translation(_("title (Tajik)"), 200)
    election_day = models.DateField(_("election day"))
    authority = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        related_name="elections",
        verbose_name=_("electoral authority"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    projects = models.ManyToManyField(
        Project,
        blank=True,
        related_name="elections",
        verbose_name=_("assistance projects"),
        help_text=_("The office's projects that assist this election."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = ElectionQuerySet.as_manager()

    class Meta:
        ordering = ["-election_day"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.UniqueConstraint(fields=["kind", "election_day"], name="one_election_per_day"),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    """One step of the electoral calendar, with the day it was planned and the day it happened."""

    class Stage(models.TextChoices):
        NOMINATION = "nomination", _("Nomination of candidates")
        REGISTRATION = "registration", _("Registration of candidates")
        VOTER_LISTS = "voter_lists", _("Voter lists")
        CAMPAIGN = "campaign", _("Campaign")
        ELECTION_DAY = "election_day", _("Election day")
        RESULTS = "results", _("Results")

    # Stages that must come before election day, and those that cannot.
    BEFORE = {Stage.NOMINATION, Stage.REGISTRATION, Stage.VOTER_LISTS, Stage.CAMPAIGN}
    AFTER = {Stage.RESULTS}

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("election")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    title = models.CharField(_("title"), max_length=200)
    planned = models.DateField(_("planned date"))
    actual = models.DateField(_("actual date"), null=True, blank=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["planned", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not (self.election_id and self.stage):
            return
        day = self.election.election_day
        errors = {}
        for field in ("planned", "actual"):
            value = getattr(self, field)
            if value is None:
                continue
            if self.stage in self.BEFORE and value >= day:
                errors[field] = (
                    f"{self.get_stage_display()} must come before election day ({day:%-d %b %Y})."
                )
            elif self.stage in self.AFTER and value < day:
                errors[field] = (
                    f"{self.get_stage_display()} cannot come before election day ({day:%-d %b %Y})."
                )
            elif self.stage == self.Stage.ELECTION_DAY and field == "planned" and value != day:
                errors[field] = f"Election day is planned for {day:%-d %b %Y}."
        if errors:
            raise ValidationError(errors)


class NeedsAssessmentMission(models.Model):
    """A UN electoral needs-assessment mission: who came, when, and what it found."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="missions", verbose_name=_("election")
    )
    title = models.CharField(_("title"), max_length=200)
    title_ru = _translation(
        _("title (Russian)"),
        200,
        _("As the Russian letter's annex names the mission."),
    )
    title_tg = _translation(_("title (Tajik)"), 200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    team = models.TextField(_("team"), help_text=_("The team's members, one per line."))
    findings = models.TextField(_("findings"), blank=True)
    support_activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The office's activity supporting the mission, if recorded."),
        verbose_name=_("support activity"),
    )

    class Meta:
        ordering = ["-start"]
        verbose_name = _("needs-assessment mission")
        verbose_name_plural = _("needs-assessment missions")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="mission_end_not_early"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        ensure_dates_in_order(self.start, self.end)

    @property
    def team_members(self) -> list[str]:
        return [line.strip() for line in self.team.splitlines() if line.strip()]


class Recommendation(models.Model):
    """What a mission recommended, who owns it, and how far it has been followed up."""

    class FollowUp(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        IMPLEMENTED = "implemented", _("Implemented")
        NOT_IMPLEMENTED = "not_implemented", _("Not implemented")

    mission = models.ForeignKey(
        NeedsAssessmentMission,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("mission"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    owner = models.CharField(
        _("owner"), max_length=200, help_text=_("Who is responsible for the follow-up.")
    )
    follow_up = models.CharField(
        _("follow up"), max_length=20, choices=FollowUp.choices, default=FollowUp.OPEN
    )
    follow_up_note = models.TextField(_("follow up note"), blank=True)

    class Meta:
        ordering = ["mission", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["mission", "number"], name="one_number_per_mission"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class Component(models.Model):
    """A part of an assistance project: training of election administration, media, …"""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="components", verbose_name=_("election")
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="election_components",
        verbose_name=_("project"),
    )
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("component")
        verbose_name_plural = _("components")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.project_id and self.project.area != Project.Area.ELECTIONS:
            raise ValidationError({"project": _("Choose a project of the elections mandate area.")})


class Output(models.Model):
    """What a component must deliver, as a target; the actual comes from the records.

    People trained are the participants of the linked activities (held and approved) in the
    chosen categories; materials are the sum of the recorded deliveries.
    """

    class Measure(models.TextChoices):
        PEOPLE = "people", _("People trained (from activities)")
        ITEMS = "items", _("Items delivered (from deliveries)")

    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, related_name="outputs", verbose_name=_("component")
    )
    name = models.CharField(_("name"), max_length=200)
    name_ru = _translation(_("name (Russian)"), 200)
    name_tg = _translation(_("name (Tajik)"), 200)
    measure = models.CharField(
        _("measure"), max_length=10, choices=Measure.choices, default=Measure.PEOPLE
    )
    unit = models.CharField(_("unit of measure"), max_length=40, default="people")
    unit_ru = _translation(_("unit (Russian)"), 40, _("e.g. человек, экземпляров"))
    unit_tg = _translation(_("unit (Tajik)"), 40)
    target = models.PositiveIntegerField(_("target"), validators=[NOT_NEGATIVE])
    categories = models.ManyToManyField(
        ParticipantCategory,
        blank=True,
        related_name="election_outputs",
        help_text=_("Participants of these categories count; none chosen: all participants."),
        verbose_name=_("categories"),
    )
    activities = models.ManyToManyField(
        Activity,
        blank=True,
        related_name="election_outputs",
        help_text=_("The trainings that deliver this output."),
        verbose_name=_("activities"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = OutputQuerySet.as_manager()

    class Meta:
        ordering = ["component__order", "order", "id"]
        verbose_name = _("output")
        verbose_name_plural = _("outputs")

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """Items of an output printed or handed out on a day: posters, leaflets, manuals."""

    output = models.ForeignKey(
        Output, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("output")
    )
    day = models.DateField(_("day"))
    quantity = models.PositiveIntegerField(_("quantity"), validators=[NOT_NEGATIVE])
    note = models.CharField(_("notes"), max_length=200, blank=True)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity"),
    )

    class Meta:
        ordering = ["day", "id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.quantity} {self.output} on {self.day:%-d %b %Y}"

    def clean(self) -> None:
        if self.output_id and self.output.measure != Output.Measure.ITEMS:
            raise ValidationError(
                _("People trained come from their activities; deliveries are for materials.")
            )


class MinistryManager(models.Manager):
    def get_queryset(self) -> models.QuerySet:
        # A ministry is named by its partner: always read them together.
        return super().get_queryset().select_related("partner")


class Ministry(models.Model):
    """A ministry or State body that holds press briefings."""

    partner = models.OneToOneField(
        Partner, on_delete=models.PROTECT, related_name="ministry", verbose_name=_("partner")
    )
    spokesperson = models.CharField(_("spokesperson"), max_length=200, blank=True)

    objects = MinistryManager()

    class Meta:
        ordering = ["partner__name"]
        verbose_name = _("ministry")
        verbose_name_plural = _("ministries")

    def __str__(self) -> str:
        return self.partner.local_name


class PlannedBriefing(models.Model):
    """A briefing in a ministry's schedule."""

    ministry = models.ForeignKey(
        Ministry, on_delete=models.CASCADE, related_name="planned", verbose_name=_("ministry")
    )
    day = models.DateField(_("day"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    objects = PlannedBriefingQuerySet.as_manager()

    class Meta:
        ordering = ["day"]
        verbose_name = _("planned briefing")
        verbose_name_plural = _("planned briefings")
        constraints = [
            models.UniqueConstraint(fields=["ministry", "day"], name="one_plan_per_ministry_day"),
        ]

    def __str__(self) -> str:
        return f"{self.ministry}, {self.day:%-d %b %Y}"


class Briefing(models.Model):
    """A press briefing held by a ministry: the day and the journalists are its activity's."""

    ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, related_name="briefings", verbose_name=_("ministry")
    )
    activity = models.OneToOneField(
        Activity, on_delete=models.PROTECT, related_name="briefing", verbose_name=_("activity")
    )
    topic = models.CharField(_("topic"), max_length=300)

    objects = BriefingQuerySet.as_manager()

    class Meta:
        ordering = ["-activity__start"]
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")

    def __str__(self) -> str:
        return f"{self.ministry}: {self.topic}"

    def clean(self) -> None:
        if self.activity_id and self.activity.kind != Activity.Kind.BRIEFING:
            raise ValidationError({"activity": _("Choose an activity of the type “Briefing”.")})
