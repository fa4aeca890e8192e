"""This area's sections of the donor and mandate-renewal reports: aggregates, never a name."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from programs.models import MandatePeriod
from programs.reports import donor_scope
from untop.reports.registry import ReportSection
from untop.reports.templatetags.report_figures import localized

from .selectors import donor_training_figures, mandate_training_figures


def build_donor_section(parameters: dict[str, Any]) -> dict[str, Any] | None:
    """Training paid for by the donor's projects in the period; None when there was none."""
    scope = donor_scope(parameters)
    figures = donor_training_figures(projects=scope.projects, start=scope.start, end=scope.end)
    if not (figures["by_course"] or figures["visits"] or figures["issues"]):
        return None
    return {"donor": scope.donor, "start": scope.start, "end": scope.end, **figures}


def _period(parameters: dict[str, Any]) -> tuple[datetime.date, datetime.date]:
    if parameters.get("period"):
        period = MandatePeriod.objects.get(pk=parameters["period"])
        return period.start, period.end
    return (
        datetime.date.fromisoformat(parameters["start"]),
        datetime.date.fromisoformat(parameters["end"]),
    )


def build_mandate_section(parameters: dict[str, Any]) -> dict[str, Any] | None:
    """The letter's training paragraphs for a period ({"period": pk} or start and end)."""
    start, end = _period(parameters)
    figures = mandate_training_figures(start=start, end=end)
    cascade = figures["cascade"]
    shown = (
        figures["seminars"]["total"],
        cascade.second_generation["total"],
        figures["abroad"]["total"],
        figures["issues"],
    )
    if not any(shown):
        return None
    names = [localized(row, "category__name").lower() for row in figures["seminar_categories"]]
    return {**figures, "seminar_category_names": names}


DONOR_SECTION = ReportSection(
    kind="donor",
    code="training",
    title=_("Training, study visits and publications"),
    template_name="training/reports/donor_section.html",
    build=build_donor_section,
    order=50,
)

# The conflict-prevention and police paragraphs of the mandate-renewal letter.
MANDATE_SECTION = ReportSection(
    kind="mandate",
    code="training",
    title=_("Conflict-prevention training and police reform"),
    template_name="training/reports/mandate_section.html",
    build=build_mandate_section,
    order=50,
)
