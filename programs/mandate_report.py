"""The mandate-renewal report: the Secretary-General's letter for a mandate period, from data.

The letter's figures (national dialogue, elections, human rights, funding) are summed here;
the area apps add their paragraphs as report sections (the training app writes the
conflict-prevention and police paragraphs), and the annex tabulates what the letter sums.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from untop.reports.forms import report_language_field
from untop.reports.registry import ReportKind
from untop.reports.templatetags.report_figures import list_words, localized

from .dashboard import (
    counted_activities_in,
    funding_by_donor,
    participants_by_area,
    participants_by_centre,
)
from .models import Donor, MandateArea, MandatePeriod, ParticipantCount, Pledge, Project
from .results import indicator_progress


class MandateReportForm(forms.Form):
    """A mandate period, chosen from the list or by its first and last day."""

    period = forms.ModelChoiceField(
        queryset=MandatePeriod.objects.all(), required=False, label=_("Mandate period")
    )
    start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    symbol = forms.CharField(
        required=False,
        max_length=40,
        help_text=_("The letter's symbol, e.g. S/2006/355. By default, that of the next period."),
    )
    dated = forms.DateField(
        required=False,
        label=_("Letter dated"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("By default, today."),
    )
    signatory = forms.CharField(
        required=False,
        max_length=100,
        label=_("Signed by"),
        help_text=_("The Secretary-General's name under “(Signed)”, e.g. Kofi A. Annan."),
    )
    language = report_language_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        period = data.get("period")
        if period is None:
            start, end = data.get("start"), data.get("end")
            if not (start and end):
                raise forms.ValidationError(
                    _("Choose a mandate period, or give its first and last day.")
                )
            period = MandatePeriod.objects.filter(start=start, end=end).first()
            if period is None:
                raise forms.ValidationError(
                    _(
                        "No mandate period runs from %(start)s to %(end)s; the back office "
                        "lists the periods."
                    )
                    % {"start": date_format(start, "j F Y"), "end": date_format(end, "j F Y")}
                )
        data["period"] = period
        return data

    def to_parameters(self) -> dict[str, Any]:
        data = self.cleaned_data
        period = data["period"]
        return {
            "period": period.pk,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "symbol": data.get("symbol") or "",
            "dated": (data.get("dated") or timezone.localdate()).isoformat(),
            "signatory": data.get("signatory") or "",
            "language": data.get("language") or "en",
        }


def _next_day(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=1)


def mandate_report_context(parameters: dict[str, Any]) -> dict[str, Any]:
    """Every figure of the letter and its annex for a mandate period, summed in SQL."""
    period = MandatePeriod.objects.get(pk=parameters["period"])
    following = MandatePeriod.objects.filter(start__gt=period.end).order_by("start").first()
    if following:
        extension_until = _next_day(following.end)
    else:
        extension_until = _next_day(period.end.replace(year=period.end.year + 1))
    activities = counted_activities_in(period)
    dialogue = activities.filter(project__area=MandateArea.NATIONAL_DIALOGUE, kind="meeting")
    dialogue_people = ParticipantCount.objects.filter(activity__in=dialogue.values("id"))
    top_categories = list(dialogue_people.by_category()[:3])
    running = Project.objects.filter(start__lte=period.end, end__gte=period.start)
    donors, funding = funding_by_donor(period)
    return {
        "period": period,
        "symbol": parameters.get("symbol") or (following.symbol if following else period.symbol),
        "dated": datetime.date.fromisoformat(parameters["dated"]),
        "signatory": parameters.get("signatory", ""),
        "extension_until": extension_until,
        "dialogue": {
            **dialogue_people.totals(),
            "meetings": dialogue.count(),
            "area": MandateArea.NATIONAL_DIALOGUE,
            "regions": dialogue.values("centre__region").distinct().count(),
            "categories_text": list_words(
                [localized(row, "category__name").lower() for row in top_categories]
            ),
        },
        "totals": ParticipantCount.objects.filter(activity__in=activities.values("id")).totals()
        | {"activities": activities.count()},
        "by_area": participants_by_area(activities),
        "by_centre": participants_by_centre(activities),
        "by_category": list(
            ParticipantCount.objects.filter(activity__in=activities.values("id")).by_category()
        ),
        "indicators": indicator_progress(period=period, projects=running),
        "donors": donors,
        "funding": funding,
        "pledged_by_governments": Pledge.objects.filter(
            pledged_on__range=(period.start, period.end), donor__kind=Donor.Kind.GOVERNMENT
        ).aggregate(total=Sum("amount_usd"))["total"],
    }


def _describe(parameters: dict[str, Any]) -> str:
    start, end = (datetime.date.fromisoformat(parameters[k]) for k in ("start", "end"))
    language = " (Russian)" if parameters.get("language") == "ru" else ""
    return f"Mandate-renewal report, {start:%-d %b %Y} – {end:%-d %b %Y}{language}"


def _narrative_scope(parameters: dict[str, Any]) -> str:
    """Narratives of the letter belong to its mandate period."""
    return f"period:{parameters['period']}"


MANDATE_REPORT = ReportKind(
    code="mandate",
    label=_("Mandate-renewal report"),
    template_name="programs/reports/mandate_report.html",
    form_class=MandateReportForm,
    build_context=mandate_report_context,
    describe=_describe,
    narrative_scope=_narrative_scope,
    narrative_slots=(
        ("context", _("The political context (after the opening paragraph)")),
        ("national_dialogue", _("National dialogue")),
    ),
)


def mandate_scope(parameters: dict[str, Any]) -> MandatePeriod:
    """The mandate period a letter covers; area sections of the letter start from it."""
    return MandatePeriod.objects.get(pk=parameters["period"])


def activities_by_project(period: MandatePeriod, area: str) -> list[dict[str, Any]]:
    """An area's projects with their counted activities and participants in the period.

    One query; area sections of the letter use it for their paragraph.
    """
    return list(
        counted_activities_in(period)
        .filter(project__area=area)
        .values("project__code", "project__title")
        .annotate(
            activities=Count("id", distinct=True),
            people=Coalesce(Sum(F("participants__women") + F("participants__men")), 0),
        )
        .order_by("project__code")
    )
