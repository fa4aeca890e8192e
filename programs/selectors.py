"""Reads of the programs app: the figures reports and pages show, summed in SQL."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth

from .figures import people_by_age_and_disability
from .models import (
    Activity,
    Contribution,
    Donor,
    Expenditure,
    MandatePeriod,
    ParticipantCount,
    Pledge,
    Project,
)
from .models.money import MONEY_SUM, ZERO_USD
from .results import indicator_progress, results_by_sdg_target


def donor_report_figures(
    *, donor: Donor, start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    """What a donor's money did in a period: its pledges, projects, activities and people.

    Activities count when they were held and approved, began in the period and belong to a
    project the donor has pledged to. Who took part by age and disability is summed from
    those activities' breakdowns; the people of rows recorded without one are "not recorded".
    """
    pledges = Pledge.objects.filter(donor=donor, pledged_on__range=(start, end)).select_related(
        "project"
    )
    pledged_usd = pledges.aggregate(total=Coalesce(Sum("amount_usd"), ZERO_USD))["total"]
    projects = Project.objects.filter(pledges__donor=donor).distinct().order_by("code")
    counted = Activity.objects.counted().in_period(start, end).filter(project__in=projects)
    activities = (
        counted.select_related("project", "centre")
        .with_participant_totals()
        .order_by("start", "id")
    )
    counts = ParticipantCount.objects.filter(activity__in=counted.values("id"))
    participants = counts.totals()
    received_usd = Contribution.objects.filter(
        donor=donor, received_on__range=(start, end)
    ).aggregate(total=Coalesce(Sum("amount_usd"), ZERO_USD))["total"]
    period = MandatePeriod.objects.filter(start__lte=end, end__gte=start).order_by("-end").first()
    indicators = indicator_progress(period=period, projects=projects) if period else []
    return {
        "donor": donor,
        "start": start,
        "end": end,
        "pledges": list(pledges.order_by("pledged_on", "id")),
        "pledged_usd": pledged_usd,
        "received_usd": received_usd,
        "projects": list(projects),
        "funding_by_project": donor_funding_by_project(donor=donor, start=start, end=end),
        "expenditure": project_expenditure(projects=projects, start=start, end=end),
        "indicator_period": period,
        "indicators": indicators,
        "sdg_targets": results_by_sdg_target(projects, indicators),
        "activities": list(activities),
        "participants": participants,
        "people_groups": people_by_age_and_disability(counted, participants),
        "participants_by_category": list(counts.by_category()),
        "participants_by_month": list(
            counts.annotate(month=TruncMonth("activity__start"))
            .values("month")
            .annotate(women=Sum("women"), men=Sum("men"))
            .order_by("month")
        ),
    }


def donor_funding_by_project(
    *, donor: Donor, start: datetime.date, end: datetime.date
) -> list[dict[str, Any]]:
    """Per project the donor supports: US$ pledged up to the period's end, received up to it
    and received within the period. One query (subqueries keep the sums apart)."""

    def usd(rows, day_field: str, since: datetime.date | None) -> Coalesce:
        rows = rows.filter(donor=donor, **{f"{day_field}__lte": end})
        if since:
            rows = rows.filter(**{f"{day_field}__gte": since})
        summed = rows.order_by().values("donor").annotate(usd=Sum("amount_usd")).values("usd")
        return Coalesce(Subquery(summed, output_field=MONEY_SUM), ZERO_USD, output_field=MONEY_SUM)

    pledges = Pledge.objects.filter(project=OuterRef("pk"))
    received = Contribution.objects.filter(pledge__project=OuterRef("pk"))
    rows = (
        Project.objects.filter(pledges__donor=donor)
        .distinct()
        .annotate(
            pledged=usd(pledges, "pledged_on", None),
            received=usd(received, "received_on", None),
            received_in_period=usd(received, "received_on", start),
        )
        .filter(Q(pledged__gt=0) | Q(received__gt=0))
        .values("code", "title", "pledged", "received", "received_in_period")
        .order_by("code")
    )
    return [{**row, "outstanding": max(row["pledged"] - row["received"], ZERO_USD)} for row in rows]


def project_expenditure(*, projects, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """US$ spent by these projects in the period, per category, largest first. One query."""
    rows = list(
        Expenditure.objects.filter(project__in=projects, spent_on__range=(start, end))
        .values("category")
        .annotate(usd=Sum("amount_usd"))
        .order_by("-usd", "category")
    )
    labels = dict(Expenditure.Category.choices)
    for row in rows:
        row["label"] = labels.get(row["category"], row["category"])
    return {"rows": rows, "total": sum((row["usd"] for row in rows), ZERO_USD)}
