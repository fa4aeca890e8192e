"""The press briefings' period and their export's columns (see programs/filters.py)."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.rules import RuleBook
from untop.exports import Column, ListExport
from untop.widgets import DateFilter, DateInput

from .models import Briefing

#: The start of the whole record: the office's first mandate period.
RECORD_START = datetime.date(2000, 6, 1)


class PeriodFilterForm(forms.Form):
    """The one check across the period's two days: the dates-in-order rule's message."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        violation = RuleBook.dates(data.get("start"), data.get("end"))
        if violation is not None:
            self.add_error(violation.field, violation.message)
        return data


class BriefingFilter(django_filters.FilterSet):
    """The period of the briefing figures and list; the whole record when left empty (or
    when a date is bad: the page says which, and shows the whole record)."""

    start = DateFilter(label=_("Start"), widget=DateInput())
    end = DateFilter(label=_("End"), widget=DateInput())

    class Meta:
        model = Briefing
        fields: list[str] = []
        form = PeriodFilterForm

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The first and last day chosen, or the whole record up to today."""
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("start") or RECORD_START, data.get("end") or timezone.localdate()

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self._qs = self.queryset.all().in_period(*self.period())
        return self._qs


#: The briefing list's export: the briefings of the period, with their journalists.
BRIEFING_EXPORT = ListExport(
    stem="briefings",
    title="Briefings",
    columns=[
        Column("date", "activity__start"),
        Column("ministry", "ministry__partner__name"),
        Column("topic", "topic"),
        Column("centre", "activity__centre__code"),
        Column("approval", "activity__approval"),
        Column("journalists", "journalists"),
    ],
)
