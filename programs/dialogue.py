"""The national dialogue page's figures: meetings of national dialogue projects over the
office's whole history, by region and by participant category over time, summed in SQL."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, Max, Min, Sum
from django.db.models.functions import TruncQuarter, TruncYear

from .figures import ACTIVITY_REGION, participant_sums, participants_by_region
from .models import Activity, MandateArea, ParticipantCount
from .querysets import ActivityQuerySet

# The dialogue page shows participant categories per quarter, or per year past this span.
LONG_RANGE_QUARTERS = 12


def dialogue_meetings() -> ActivityQuerySet:
    """Held and approved meetings of national dialogue projects, over the whole history."""
    return Activity.objects.counted().filter(
        project__area=MandateArea.NATIONAL_DIALOGUE, kind=Activity.Kind.MEETING
    )


def _quarter(day: datetime.date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def _buckets(first: datetime.date, last: datetime.date, per_year: bool) -> list[datetime.date]:
    """The first day of every quarter (or year) from first to last, empty ones included."""
    if per_year:
        return [datetime.date(year, 1, 1) for year in range(first.year, last.year + 1)]
    return [
        datetime.date(quarter // 4, quarter % 4 * 3 + 1, 1)
        for quarter in range(_quarter(first), _quarter(last) + 1)
    ]


def _bucket_label(day: datetime.date, per_year: bool) -> str:
    return str(day.year) if per_year else f"{day.year} Q{(day.month - 1) // 3 + 1}"


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    # Trunc of a date column gives a date; some backends hand back a datetime.
    return value.date() if isinstance(value, datetime.datetime) else value


def category_mix(
    meetings: ActivityQuerySet, first: datetime.date | None, last: datetime.date | None
) -> dict[str, Any]:
    """Participants per category in each quarter (each year past LONG_RANGE_QUARTERS).

    Three queries: the cells (bucket × category), the bucket totals and the category totals.
    Returns the buckets (empty ones included), the categories (largest first) and a row per
    bucket with its cells in category order and its total.
    """
    per_year = bool(first and last) and (_quarter(last) - _quarter(first) + 1 > LONG_RANGE_QUARTERS)
    trunc = TruncYear if per_year else TruncQuarter
    counts = ParticipantCount.objects.filter(activity__in=meetings.values("id")).annotate(
        bucket=trunc("activity__start")
    )
    people = Sum(F("women") + F("men"))
    cells = {
        (_as_date(row["bucket"]), row["category_id"]): row["people"]
        for row in counts.values("bucket", "category_id").annotate(people=people).order_by()
    }
    bucket_totals = {
        _as_date(row["bucket"]): row["people"]
        for row in counts.values("bucket").annotate(people=people).order_by()
    }
    categories = list(
        counts.values("category_id", "category__name")
        .annotate(people=people)
        .filter(people__gt=0)
        .order_by("-people", "category__name")
    )
    buckets = _buckets(first, last, per_year) if first and last else []
    return {
        "per_year": per_year,
        "categories": [
            {"id": c["category_id"], "name": c["category__name"], "total": c["people"]}
            for c in categories
        ],
        "rows": [
            {
                "start": bucket,
                "label": _bucket_label(bucket, per_year),
                "cells": [cells.get((bucket, c["category_id"]), 0) for c in categories],
                "total": bucket_totals.get(bucket, 0),
            }
            for bucket in buckets
        ],
    }


def dialogue_figures() -> dict[str, Any]:
    """The national dialogue page: meetings and participants in all, per region, and the mix
    of participant categories over time. Six queries.
    """
    meetings = dialogue_meetings()
    totals = meetings.aggregate(
        meetings=Count("id", distinct=True),
        regions=Count(ACTIVITY_REGION, distinct=True),
        first=Min("start"),
        last=Max("start"),
        **participant_sums(),
    )
    return {
        "totals": totals,
        "by_region": participants_by_region(meetings),
        "mix": category_mix(meetings, totals["first"], totals["last"]),
    }
