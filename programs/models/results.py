"""The results framework: what each project measures, its targets, and what it achieved."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .activities import Activity, ParticipantCategory
from .mandate import MandatePeriod
from .projects import Project


class Indicator(models.Model):
    """Something a project measures, with its baseline; its actual is typed or computed.

    A computed indicator sums the project's held and approved activities in a period, so the
    figure is never typed twice: people of the chosen categories who took part, or the number
    of activities of the chosen type.
    """

    class Rule(models.TextChoices):
        MANUAL = "manual", _("Entered per period")
        PARTICIPANTS = "participants", _("Participants in the project's activities")
        ACTIVITIES = "activities", _("Number of the project's activities")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("project")
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
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, default=Decimal("0")
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

    class Meta:
        ordering = ["project__code", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.rule != self.Rule.MANUAL


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
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
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
        if self.indicator_id and self.indicator.is_computed:
            errors["indicator"] = "This indicator is computed from activities; it takes no values."
        if self.period_id and self.period.locked:
            from ..rules import RuleBook

            errors["period"] = RuleBook().period(self.period.start).message
        if errors:
            raise ValidationError(errors)
