"""The programme's figures, every one summed in SQL: what the dashboard, the mandate letter
and the area apps' sections count. A new figure of activities, participants or funding
belongs here.

Only held and approved activities count (`ActivityQuerySet.counted`). An activity's region is
that of the district it was held in, when one is named, else that of its centre. Each selector
runs a fixed number of queries whatever the amount of data; Python only arranges the grouped
rows the database returns (it never adds up activities or participants itself).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from untop.figures_cache import cached_figures, query_digest

from .models import (
    Activity,
    Centre,
    Contribution,
    Donor,
    MandateArea,
    MandatePeriod,
    Pledge,
    Project,
    Region,
)
from .models.money import MONEY_SUM, ZERO_USD
from .querysets import ActivityQuerySet
from .results import indicator_progress

# Where an activity took place: the district's region when it names one, else its centre's.
ACTIVITY_REGION = Coalesce("district__region__code", "centre__region__code")


def participant_sums(prefix: str = "participants__") -> dict[str, Any]:
    """Sum expressions of women, men and all participants, zero rather than NULL."""
    return {
        "women": Coalesce(Sum(f"{prefix}women"), 0),
        "men": Coalesce(Sum(f"{prefix}men"), 0),
        "total": Coalesce(Sum(F(f"{prefix}women") + F(f"{prefix}men")), 0),
    }


def _activity_figures() -> dict[str, Any]:
    """Activities and participants of grouped activity rows (joined with their counts)."""
    return {"activities": Count("id", distinct=True), **participant_sums()}


def counted_activities_in(period: MandatePeriod) -> ActivityQuerySet:
    """Held and approved activities that began in the mandate period."""
    return Activity.objects.counted().in_period(period.start, period.end)


def participants_by_region(activities: ActivityQuerySet) -> list[dict[str, Any]]:
    """Activities and participants per region, every region listed, by name. Two queries."""
    rows = {
        row["region_code"]: row
        for row in activities.annotate(region_code=ACTIVITY_REGION)
        .values("region_code")
        .annotate(**_activity_figures())
        .order_by()
    }
    empty = {"activities": 0, "women": 0, "men": 0, "total": 0}
    return [
        {
            "code": region["code"],
            "name": region["name_en"],
            "name_ru": region["name_ru"],
            "name_tg": region["name_tg"],
            **{key: rows.get(region["code"], empty)[key] for key in empty},
        }
        for region in Region.objects.order_by("name_en").values(
            "code", "name_en", "name_ru", "name_tg"
        )
    ]


def participants_by_area(activities: ActivityQuerySet) -> list[dict[str, Any]]:
    """Activities and participants per mandate area, every area listed in its order. One query."""
    rows = {
        row["project__area"]: row
        for row in activities.values("project__area").annotate(**_activity_figures()).order_by()
    }
    empty = {"activities": 0, "women": 0, "men": 0, "total": 0}
    return [
        {"code": code, "name": label, **{key: rows.get(code, empty)[key] for key in empty}}
        for code, label in MandateArea.choices
    ]


def participants_by_centre(activities: ActivityQuerySet) -> list[dict[str, Any]]:
    """Activities and participants per centre, every centre listed, busiest first. One query."""
    counted = Q(activities__in=activities.values("id"))
    return list(
        Centre.objects.annotate(
            activities_n=Count("activities", filter=counted, distinct=True),
            women=Coalesce(Sum("activities__participants__women", filter=counted), 0),
            men=Coalesce(Sum("activities__participants__men", filter=counted), 0),
            total=Coalesce(
                Sum(
                    F("activities__participants__women") + F("activities__participants__men"),
                    filter=counted,
                ),
                0,
            ),
        )
        .values(
            "id",
            "name",
            "name_ru",
            "name_tg",
            "town",
            "region__code",
            "activities_n",
            "women",
            "men",
            "total",
        )
        .order_by("-total", "-activities_n", "name")
    )


def funding_by_donor(period: MandatePeriod) -> tuple[list[dict[str, Any]], dict[str, Decimal]]:
    """US$ pledged and received in the period, per donor with either, and in all. Three queries.

    Pledged counts pledges made in the period; received counts contributions that arrived in
    it (whenever they were pledged). Per donor, subqueries keep the two sums from multiplying
    each other, as a join of pledges and contributions would.
    """
    pledges = Pledge.objects.filter(pledged_on__range=(period.start, period.end))
    contributions = Contribution.objects.filter(received_on__range=(period.start, period.end))

    def per_donor(rows: QuerySet) -> Coalesce:
        usd = rows.filter(donor=OuterRef("pk")).order_by().values("donor")
        usd = usd.annotate(usd=Sum("amount_usd")).values("usd")
        return Coalesce(Subquery(usd, output_field=MONEY_SUM), ZERO_USD, output_field=MONEY_SUM)

    donors = list(
        Donor.objects.annotate(pledged=per_donor(pledges), received=per_donor(contributions))
        .filter(Q(pledged__gt=0) | Q(received__gt=0))
        .values("id", "code", "name", "name_ru", "name_tg", "pledged", "received")
        .order_by("-pledged", "-received", "name")
    )
    in_all = Coalesce(Sum("amount_usd"), ZERO_USD, output_field=MONEY_SUM)
    totals = {
        "pledged": pledges.aggregate(usd=in_all)["usd"],
        "received": contributions.aggregate(usd=in_all)["usd"],
    }
    return donors, totals


def dashboard_figures(*, period: MandatePeriod, include_funding: bool = True) -> dict[str, Any]:
    """Every figure of the dashboard for a mandate period.

    Queries: one for the totals, one per mandate area, one per centre, two per region, three
    for funding (none when `include_funding` is false) and those of `indicator_progress` (six,
    or one when no indicator exists): fourteen in all.
    """
    activities = counted_activities_in(period)
    totals = activities.aggregate(**_activity_figures())
    figures: dict[str, Any] = {
        "period": period,
        "totals": totals,
        "by_area": participants_by_area(activities),
        "by_centre": participants_by_centre(activities),
        "by_region": participants_by_region(activities),
        # Only the projects that ran during the period: the others have nothing to measure.
        "indicators": indicator_progress(
            period=period,
            projects=Project.objects.filter(start__lte=period.end, end__gte=period.start),
        ),
        "funding": None,
    }
    if include_funding:
        donors, funding_totals = funding_by_donor(period)
        figures["funding"] = {"donors": donors, **funding_totals}
    return figures


# Kept in the figures cache (untop/figures_cache.py) until the data they sum changes ---------


def cached_dashboard_figures(
    *, period: MandatePeriod, include_funding: bool = True
) -> dict[str, Any]:
    """`dashboard_figures`, from the cache when the data has not changed since they were summed.

    Queries: none when cached, else those of `dashboard_figures`.
    """
    figures = cached_figures(
        "programs:dashboard",
        lambda: dashboard_figures(period=period, include_funding=include_funding),
        period.pk,
        period.start.isoformat(),
        period.end.isoformat(),
        "funding" if include_funding else "no-funding",
    )
    return {**figures, "period": period}


def cached_participant_totals(counts: QuerySet) -> dict[str, int]:
    """`counts.totals()` of participant rows, cached like the dashboard's figures."""
    digest = query_digest(counts)
    if digest is None:
        return counts.totals()
    return cached_figures("programs:participant-totals", counts.totals, digest)


def waiting_for_approval() -> int:
    """How many activities wait for a manager's approval (the managers' menu shows it)."""
    return cached_figures(
        "programs:waiting-for-approval",
        Activity.objects.filter(approval=Activity.Approval.SUBMITTED).count,
    )
