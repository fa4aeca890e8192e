"""Reads of the programs app: the figures reports and pages show, summed in SQL."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.db.models.functions import Coalesce

from .models import Activity, Donor, ParticipantCount, Pledge, Project


def donor_report_figures(
    *, donor: Donor, start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    """What a donor's money did in a period: its pledges, projects, activities and people.

    Activities count when they were held and approved, began in the period and belong to a
    project the donor has pledged to.
    """
    pledges = Pledge.objects.filter(donor=donor, pledged_on__range=(start, end)).select_related(
        "project"
    )
    pledged_usd = pledges.aggregate(total=Coalesce(Sum("amount_usd"), Decimal("0")))["total"]
    projects = Project.objects.filter(pledges__donor=donor).distinct().order_by("code")
    activities = (
        Activity.objects.counted()
        .in_period(start, end)
        .filter(project__in=projects)
        .select_related("project", "centre")
        .with_participant_totals()
        .order_by("start", "id")
    )
    counts = ParticipantCount.objects.filter(activity__in=activities.values("id"))
    return {
        "donor": donor,
        "start": start,
        "end": end,
        "pledges": list(pledges.order_by("pledged_on", "id")),
        "pledged_usd": pledged_usd,
        "projects": list(projects),
        "activities": list(activities),
        "participants": counts.totals(),
        "participants_by_category": list(counts.by_category()),
    }
