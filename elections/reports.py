"""The elections section of the donor report: what the donor's election projects delivered."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from programs.mandate_report import activities_by_project, mandate_scope
from programs.models import MandateArea
from programs.reports import donor_scope
from untop.reports.registry import ReportSection

from .models import JOURNALIST_CATEGORY, Briefing, NeedsAssessmentMission, Output


def donor_section(parameters: dict[str, Any]) -> dict[str, Any] | None:
    """Outputs delivered and press briefings held in the period, in the donor's projects;
    None when the donor funded none of them or nothing happened in the period."""
    scope = donor_scope(parameters)
    projects = scope.projects.values("pk")
    outputs = list(
        Output.objects.filter(component__project__in=projects)
        .select_related("component__election", "component__project")
        .with_actuals(scope.start, scope.end)
        .filter(actual__gt=0)
        .order_by("-component__election__election_day", "component__order", "order", "id")
    )
    journalists = Q(activity__participants__category__code=JOURNALIST_CATEGORY)
    briefings = list(
        Briefing.objects.counted()
        .in_period(scope.start, scope.end)
        .filter(activity__project__in=projects)
        .values("ministry__partner__name")
        .annotate(
            held=Count("pk", distinct=True),
            journalists=Coalesce(
                Sum(
                    F("activity__participants__women") + F("activity__participants__men"),
                    filter=journalists,
                ),
                0,
            ),
        )
        .order_by("ministry__partner__name")
    )
    if not outputs and not briefings:
        return None
    return {
        "donor": scope.donor,
        "start": scope.start,
        "end": scope.end,
        "outputs": outputs,
        "briefings": briefings,
        "briefings_held": sum(row["held"] for row in briefings),
        "journalists": sum(row["journalists"] for row in briefings),
    }


DONOR_SECTION = ReportSection(
    kind="donor",
    code="elections",
    title=_("Elections assistance"),
    template_name="elections/reports/donor_section.html",
    build=donor_section,
    order=40,
)


def mandate_section(parameters: dict[str, Any]) -> dict[str, Any] | None:
    """The letter's elections paragraph: needs assessment, the projects (each named by its
    letter phrase), government–media relations; None when the office did none of it."""
    period = mandate_scope(parameters)
    projects = activities_by_project(period, MandateArea.ELECTIONS)
    # The letter names no mission (the mission's title is kept in English only): "With
    # guidance from a United Nations electoral needs assessment mission".
    missions = list(
        NeedsAssessmentMission.objects.filter(start__range=(period.start, period.end))
        .select_related("election")
        .order_by("start")
    )
    briefings = (
        Briefing.objects.counted()
        .in_period(period.start, period.end)
        .aggregate(held=Count("pk"), ministries=Count("ministry", distinct=True))
    )
    if not (projects or missions or briefings["held"]):
        return None
    return {
        "period": period,
        "projects": projects,
        "missions": missions,
        "briefings": briefings,
    }


MANDATE_SECTION = ReportSection(
    kind="mandate",
    code="elections",
    title=_("Elections assistance and government–media relations"),
    template_name="elections/reports/mandate_section.html",
    build=mandate_section,
    order=30,
)
