"""The elections section of the donor report: what the donor's election projects delivered."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from programs.reports import donor_scope
from untop.reports.registry import ReportSection

from .models import JOURNALIST_CATEGORY, Briefing, Output


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
    title="Elections assistance",
    template_name="elections/reports/donor_section.html",
    build=donor_section,
    order=40,
)
