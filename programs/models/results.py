"""The results framework: what each project measures, its targets, and what it achieved."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from .activities import Activity, ParticipantCategory
from .geography import name_in_language
from .groups import Disability, Sex
from .mandate import MandatePeriod
from .projects import Project
from .tags import SdgTarget


class Outcome(models.Model):
    """A change a project works towards, such as "1. Political parties and the government
    settle their differences in dialogue"; UN reporting tags it with the SDG targets it
    serves. Its outputs say what the project delivers for it."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("project")
    )
    code = models.CharField(_("code"), max_length=10, help_text=_("e.g. 1"))
    statement = models.CharField(_("statement (English)"), max_length=500)
    statement_ru = models.CharField(
        _("statement (Russian)"), max_length=500, blank=True, db_default=""
    )
    statement_tg = models.CharField(
        _("statement (Tajik)"), max_length=500, blank=True, db_default=""
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    sdg_targets = models.ManyToManyField(
        SdgTarget, blank=True, related_name="outcomes", verbose_name=_("SDG targets")
    )

    class Meta:
        ordering = ["project__code", "order", "code"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="one_outcome_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.statement}"

    @property
    def local_statement(self) -> str:
        """The statement in the reader's language, English when it has no translation."""
        return name_in_language(self.statement, self.statement_ru, self.statement_tg)


class Output(models.Model):
    """What a project delivers towards one of its outcomes, such as "1.2 Dialogue forums
    held in every region"; the project's activities that deliver it are linked to it."""

    outcome = models.ForeignKey(
        Outcome, on_delete=models.CASCADE, related_name="outputs", verbose_name=_("outcome")
    )
    code = models.CharField(_("code"), max_length=10, help_text=_("e.g. 1.2"))
    statement = models.CharField(_("statement (English)"), max_length=500)
    statement_ru = models.CharField(
        _("statement (Russian)"), max_length=500, blank=True, db_default=""
    )
    statement_tg = models.CharField(
        _("statement (Tajik)"), max_length=500, blank=True, db_default=""
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    activities = models.ManyToManyField(
        Activity,
        blank=True,
        related_name="outputs",
        verbose_name=_("activities"),
        help_text=_("The project's activities that deliver this output."),
    )

    class Meta:
        ordering = ["outcome__project__code", "outcome__order", "outcome__code", "order", "code"]
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        constraints = [
            models.UniqueConstraint(fields=["outcome", "code"], name="one_output_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement}"

    @property
    def local_statement(self) -> str:
        return name_in_language(self.statement, self.statement_ru, self.statement_tg)

    def check_activities(self, activities) -> None:
        """Refuse activities of another project than the outcome's: an output is delivered by
        its own project's work. Raises a ValidationError on `activities` naming them."""
        project_id = self.outcome.project_id
        others = [activity for activity in activities if activity.project_id != project_id]
        if others:
            raise ValidationError(
                {
                    "activities": _(
                        "Only activities of project %(project)s deliver this output, not: "
                        "%(activities)s."
                    )
                    % {
                        "project": self.outcome.project.code,
                        "activities": "; ".join(str(activity) for activity in others),
                    }
                }
            )


@receiver(m2m_changed, sender=Output.activities.through)
def _output_activities_of_its_project(sender, instance, action, reverse, pk_set, **kwargs):
    """However activities are linked (back office, demo, shell), none of another project."""
    if action != "pre_add" or not pk_set:
        return
    if reverse:
        # Outputs added to an activity: each must be of the activity's project.
        for output in Output.objects.filter(pk__in=pk_set).select_related("outcome__project"):
            output.check_activities([instance])
    else:
        instance.check_activities(Activity.objects.filter(pk__in=pk_set))


class Indicator(models.Model):
    """Something a project measures, with its baseline; its actual is typed or computed.

    A computed indicator sums the project's held and approved activities in a period, so the
    figure is never typed twice: people of the chosen categories who took part, or the number
    of activities of the chosen type.

    Its kind says what the figure is: a count; a percentage (a numerator over a denominator
    entered per period, the numerator computed by the rule when there is one); or a score on
    the indicator's own scale with a narrative, for what a number cannot say. An indicator
    measures an output of the project's results chain, or the project as a whole (no output).
    """

    class Kind(models.TextChoices):
        COUNT = "count", _("Count")
        PERCENTAGE = "percentage", _("Percentage")
        QUALITATIVE = "qualitative", _("Qualitative (score and narrative)")

    class Aggregation(models.TextChoices):
        PERIOD = "period", _("Per period")
        CUMULATIVE = "cumulative", _("Cumulative (every period up to this one)")

    class Direction(models.TextChoices):
        ASCENDING = "ascending", _("Higher is better")
        DESCENDING = "descending", _("Lower is better")

    class Rule(models.TextChoices):
        MANUAL = "manual", _("Entered per period")
        PARTICIPANTS = "participants", _("Participants in the project's activities")
        ACTIVITIES = "activities", _("Number of the project's activities")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("project")
    )
    output = models.ForeignKey(
        Output,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("output"),
        help_text=_("The output of the project's results chain it measures; none: the project."),
    )
    name = models.CharField(_("name"), max_length=300)
    # Reports print the name and unit in their language; rows written by COPY (the synthetic
    # data, the importers) name no translation.
    name_ru = models.CharField(
        _("name (Russian)"),
        max_length=300,
        blank=True,
        db_default="",
        help_text=_("As a Russian report's table of indicators names it."),
    )
    name_tg = models.CharField(_("name (Tajik)"), max_length=300, blank=True, db_default="")
    unit = models.CharField(
        _("unit of measure"), max_length=40, help_text=_("e.g. people, seminars, per cent")
    )
    unit_ru = models.CharField(
        _("unit (Russian)"),
        max_length=40,
        blank=True,
        db_default="",
        help_text=_("e.g. человек, семинаров, процентов"),
    )
    unit_tg = models.CharField(_("unit (Tajik)"), max_length=40, blank=True, db_default="")
    # Rows written by COPY (the synthetic data) name none of these: the database's defaults.
    kind = models.CharField(
        _("kind of measure"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.COUNT,
        db_default=Kind.COUNT,
    )
    aggregation = models.CharField(
        _("aggregation"),
        max_length=20,
        choices=Aggregation.choices,
        default=Aggregation.PERIOD,
        db_default=Aggregation.PERIOD,
        help_text=_("Cumulative: a period's actual adds up every period up to it."),
    )
    direction = models.CharField(
        _("direction"),
        max_length=20,
        choices=Direction.choices,
        default=Direction.ASCENDING,
        db_default=Direction.ASCENDING,
        help_text=_("Lower is better for, e.g., complaints or cases of violence."),
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"),
        null=True,
        blank=True,
        help_text=_("The year the baseline was measured."),
    )
    scale_min = models.SmallIntegerField(
        _("lowest score"), null=True, blank=True, help_text=_("Qualitative indicators: e.g. 1.")
    )
    scale_max = models.SmallIntegerField(
        _("highest score"), null=True, blank=True, help_text=_("Qualitative indicators: e.g. 5.")
    )
    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices, default=Rule.MANUAL)
    rule_categories = models.ManyToManyField(
        ParticipantCategory,
        blank=True,
        related_name="+",
        verbose_name=_("count these participant categories"),
        help_text=_("For participant rules; none chosen means everyone."),
    )
    rule_activity_kind = models.CharField(
        _("count activities of this type"),
        max_length=20,
        choices=Activity.Kind.choices,
        blank=True,
        help_text=_("Leave empty to count every type."),
    )
    # Who of the chosen categories a participant rule counts (programs/models/groups.py).
    # Ages and disability are read from the rows' breakdowns: people recorded without one
    # are not counted by an indicator that asks for them.
    rule_sex = models.CharField(
        _("count only"),
        max_length=10,
        choices=Sex.choices,
        blank=True,
        db_default="",
        default="",
        help_text=_("For participant rules; empty counts women and men."),
    )
    rule_age_from = models.PositiveSmallIntegerField(
        _("aged from"),
        null=True,
        blank=True,
        help_text=_("For participant rules: the age bands from this age (at a band's edge)."),
    )
    rule_age_to = models.PositiveSmallIntegerField(
        _("aged to"),
        null=True,
        blank=True,
        help_text=_("…up to this age, inclusive; empty for no upper limit."),
    )
    rule_disability = models.CharField(
        _("disability"),
        max_length=10,
        choices=[(Disability.YES, Disability.YES.label), (Disability.NO, Disability.NO.label)],
        blank=True,
        db_default="",
        default="",
        help_text=_("For participant rules; empty counts everyone."),
    )

    class Meta:
        ordering = ["project__code", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.rule != self.Rule.MANUAL

    def clean(self) -> None:
        errors = {}
        if self.output_id and self.project_id:
            output = Output.objects.select_related("outcome__project").get(pk=self.output_id)
            if output.outcome.project_id != self.project_id:
                errors["output"] = _(
                    "Output %(output)s is of project %(other)s, not of this indicator's project."
                ) % {"output": output.code, "other": output.outcome.project.code}
        if self.kind == self.Kind.QUALITATIVE:
            if self.scale_min is None:
                errors["scale_min"] = _("A qualitative indicator needs its lowest score.")
            if self.scale_max is None:
                errors["scale_max"] = _("A qualitative indicator needs its highest score.")
            if self.is_computed:
                errors["rule"] = _("A qualitative indicator is entered per period.")
            if self.aggregation == self.Aggregation.CUMULATIVE:
                errors["aggregation"] = _("Scores do not add up: read them per period.")
        if (
            self.scale_min is not None
            and self.scale_max is not None
            and self.scale_min >= self.scale_max
        ):
            errors["scale_max"] = _("The highest score must be more than the lowest (%(low)s).") % {
                "low": self.scale_min
            }
        errors.update(self._group_errors())
        if errors:
            raise ValidationError(errors)

    @property
    def counts_groups(self) -> bool:
        """Whether it counts by age or disability (read from the rows' breakdowns)."""
        return (
            self.rule_age_from is not None
            or self.rule_age_to is not None
            or bool(self.rule_disability)
        )

    def age_bands(self, bands) -> list[int]:
        """The ids of ``bands`` (the office's) within the indicator's ages."""
        return [band.pk for band in bands if self._within_ages(band)]

    def _within_ages(self, band) -> bool:
        """Whether the whole band lies within the indicator's ages."""
        high = self.rule_age_to
        return band.min_age >= (self.rule_age_from or 0) and (
            high is None or (band.max_age is not None and band.max_age <= high)
        )

    def _group_errors(self) -> dict:
        errors = {}
        asks = self.rule_sex or self.counts_groups
        if asks and self.rule != self.Rule.PARTICIPANTS:
            errors["rule_sex"] = _(
                "Sex, ages and disability narrow a participant rule: choose “%(rule)s”."
            ) % {"rule": self.Rule.PARTICIPANTS.label}
        low, high = self.rule_age_from, self.rule_age_to
        if low is not None and high is not None and high < low:
            errors["rule_age_to"] = _("The ages end before they begin.")
        elif low is not None or high is not None:
            # The ages must fall on the bands' edges: a band is counted whole or not at all.
            from .groups import AgeBand

            for band in AgeBand.objects.all():
                top = band.max_age if band.max_age is not None else 10_000
                outside = top < (low or 0) or (high is not None and band.min_age > high)
                if not self._within_ages(band) and not outside:
                    errors["rule_age_from"] = _(
                        "The ages cut the age band “%(band)s”: start and end them at the "
                        "bands' edges."
                    ) % {"band": band}
                    break
        return errors


class IndicatorTarget(models.Model):
    """What an indicator should reach in a mandate period."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    period = models.ForeignKey(
        MandatePeriod, on_delete=models.PROTECT, related_name="+", verbose_name=_("period")
    )
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["period__start"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_target_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.target} in {self.period}"


class IndicatorValue(models.Model):
    """The actual of an indicator entered by hand for a mandate period."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    period = models.ForeignKey(
        MandatePeriod, on_delete=models.PROTECT, related_name="+", verbose_name=_("period")
    )
    # The count, or a qualitative indicator's score; a percentage's is its numerator over
    # its denominator.
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    numerator = models.PositiveIntegerField(
        _("numerator"),
        null=True,
        blank=True,
        help_text=_("Percentages: left empty when the indicator counts it from activities."),
    )
    denominator = models.PositiveIntegerField(_("denominator"), null=True, blank=True)
    narrative = models.TextField(
        _("narrative"),
        blank=True,
        db_default="",
        help_text=_("Qualitative indicators: what the score rests on."),
    )
    note = models.CharField(_("notes"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
        verbose_name=_("entered by"),
    )

    class Meta:
        ordering = ["period__start"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_value_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} in {self.period}"

    def clean(self) -> None:
        errors = {}
        try:
            # In the back office the indicator may be new, still unsaved, with its values.
            indicator = self.indicator
        except Indicator.DoesNotExist:
            indicator = None
        if indicator is not None:
            errors.update(self._measure_errors(indicator))
        if self.period_id and self.period.locked:
            from ..rules import RuleBook

            errors["period"] = RuleBook().period(self.period.start).message
        if errors:
            raise ValidationError(errors)

    def _measure_errors(self, indicator: Indicator) -> dict:
        """What the indicator's kind asks of a period's value, field by field."""
        errors = {}
        Kind = Indicator.Kind  # noqa: N806
        if indicator.kind == Kind.PERCENTAGE:
            if self.denominator is None:
                errors["denominator"] = _("A percentage needs its denominator.")
            elif self.denominator <= 0:
                errors["denominator"] = _("Must be more than zero.")
            if indicator.is_computed and self.numerator is not None:
                errors["numerator"] = _(
                    "This indicator counts its numerator from activities; leave it empty."
                )
            elif not indicator.is_computed and self.numerator is None:
                errors["numerator"] = _("A percentage needs its numerator.")
            if self.value is not None:
                errors["value"] = _("A percentage is its numerator over its denominator.")
            return errors
        if indicator.is_computed:
            return {
                "indicator": _("This indicator is computed from activities; it takes no values.")
            }
        if self.numerator is not None:
            errors["numerator"] = _("Only percentages take a numerator.")
        if self.denominator is not None:
            errors["denominator"] = _("Only percentages take a denominator.")
        if self.value is None:
            errors["value"] = _("Enter the value.")
        elif indicator.kind == Kind.QUALITATIVE:
            low, high = indicator.scale_min, indicator.scale_max
            if low is not None and high is not None and not low <= self.value <= high:
                errors["value"] = _("The score must be between %(low)s and %(high)s.") % {
                    "low": low,
                    "high": high,
                }
        return errors


class IndicatorStanding(models.Model):
    """Where an indicator stood in a mandate period when its figures last changed: derived
    data, like the summary rows, written by programs/standings.py from `indicator_progress`
    in the transaction of every write that moves it, so that the dashboard counts the
    indicators standing each way and picks those needing attention in SQL, however many
    projects run. Nobody edits them by hand."""

    class Status(models.TextChoices):
        MET = "met", _("met")
        BEHIND = "behind", _("behind")
        UNMEASURED = "unmeasured", _("unmeasured")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="standings", verbose_name=_("indicator")
    )
    period = models.ForeignKey(
        MandatePeriod, on_delete=models.CASCADE, related_name="+", verbose_name=_("period")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # Progress towards the target read the indicator's way (None when it cannot be read).
    percent = models.DecimalField(_("per cent"), max_digits=24, decimal_places=1, null=True)
    # A target for the period and no value yet.
    waiting = models.BooleanField(_("waiting for a value"))

    class Meta:
        verbose_name = _("indicator standing")
        verbose_name_plural = _("indicator standings")
        constraints = [
            models.UniqueConstraint(fields=["period", "indicator"], name="one_standing_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} in {self.period_id}: {self.status}"
