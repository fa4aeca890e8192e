"""The office's mandate, renewed year by year by a letter to the Security Council."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class MandatePeriodQuerySet(models.QuerySet):
    def containing(self, day: datetime.date) -> "MandatePeriodQuerySet":
        """Periods that include the given day."""
        return self.filter(start__lte=day, end__gte=day)


class MandatePeriod(models.Model):
    """One year of mandate: the period reports cover and the unit in which results are locked."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CURRENT = "current", _("Current")
        ENDED = "ended", _("Ended")

    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    symbol = models.CharField(
        _("authorising document"),
        max_length=40,
        blank=True,
        help_text=_("The symbol of the letter that set this period, e.g. S/2006/355."),
    )
    symbol_verified = models.BooleanField(
        _("symbol verified"),
        default=True,
        help_text=_("Untick when the symbol has not been checked against the source."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CURRENT
    )
    locked = models.BooleanField(
        _("locked"),
        default=False,
        help_text=_("A locked period's activities and indicator values can no longer change."),
    )

    objects = MandatePeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("mandate period")
        verbose_name_plural = _("mandate periods")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="mandate_end_after_start"),
        ]

    def __str__(self) -> str:
        # In the reader's language: "1 Jun 2005 – 31 May 2006", "1 июня 2005 – 31 мая 2006".
        start, end = (date_format(day, "SHORT_DATE_FORMAT") for day in (self.start, self.end))
        return f"{start} – {end}"

    def clean(self) -> None:
        if self.start and self.end:
            if self.end <= self.start:
                raise ValidationError({"end": _("The period must end after it starts.")})
            overlapping = MandatePeriod.objects.filter(start__lte=self.end, end__gte=self.start)
            if self.pk:
                overlapping = overlapping.exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(_("This period overlaps another mandate period."))

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end
