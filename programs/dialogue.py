"""The national dialogue page's figures: meetings of national dialogue projects in a mandate
period (or over the office's whole history), by region and by participant category over
time, summed in SQL.

In a period the categories are shown three months at a time from the period's first day; over
the whole history, one mandate period at a time. The buckets' labels are in the reader's
language: these figures are not cached (they are summed for each page), but read from the
summary rows kept per month (programs/summary.py) whenever every bucket is whole months (the
office's periods are): a few hundred rows, whatever the number of meetings.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Max, Min, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext

from .figures import ACTIVITY_REGION, participant_sums, participants_by_region
from .models import (
    Activity,
    ActivitySummary,
    MandateArea,
    MandatePeriod,
    ParticipantCount,
    ParticipantSummary,
)
from .querysets import ActivityQuerySet
from .summary import whole_months

# Months shown together in a mandate period's category mix.
SPAN_MONTHS = 3
# The bucket of meetings held outside every recorded mandate period (whole history only).
OUTSIDE = -1


@dataclass(frozen=True)
class Bucket:
    """A stretch of time the category mix sums over, both days included."""

    start: datetime.date
    end: datetime.date
    label: str


def dialogue_meetings() -> ActivityQuerySet:
    """Held and approved meetings of national dialogue projects, over the whole history."""
    return Activity.objects.counted().filter(
        project__area=MandateArea.NATIONAL_DIALOGUE, kind=Activity.Kind.MEETING
    )


def summarized_meetings(model: type, period: MandatePeriod | None = None):
    """Summary rows (`model`: ActivitySummary or ParticipantSummary) of the dialogue meetings,
    of a period or of the whole history."""
    rows = model.objects.filter(area=MandateArea.NATIONAL_DIALOGUE, kind=Activity.Kind.MEETING)
    if period is not None:
        rows = rows.filter(month__gte=period.start, month__lte=period.end)
    return rows


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def _span_label(start: datetime.date, end: datetime.date) -> str:
    if (start.year, start.month) == (end.year, end.month):
        return date_format(start, "M Y")
    if start.year == end.year:
        return f"{date_format(start, 'M')}–{date_format(end, 'M Y')}"
    return f"{date_format(start, 'M Y')}–{date_format(end, 'M Y')}"


def period_spans(period: MandatePeriod) -> list[Bucket]:
    """The period in three-month spans from its first day's month, the last one cut at its end."""
    buckets = []
    first = period.start
    while first <= period.end:
        after = _add_months(first, SPAN_MONTHS)
        last = min(after - datetime.timedelta(days=1), period.end)
        buckets.append(Bucket(first, last, _span_label(first, last)))
        first = after
    return buckets


def period_label(period: MandatePeriod) -> str:
    """A mandate period in short: "2005–06" (one year of mandate), "2005" (within a year)."""
    if period.start.year == period.end.year:
        return str(period.start.year)
    return f"{period.start.year}–{period.end.year % 100:02d}"


def mandate_buckets(periods: Sequence[MandatePeriod]) -> list[Bucket]:
    """Each mandate period, oldest first."""
    ordered = sorted(periods, key=lambda period: period.start)
    return [Bucket(period.start, period.end, period_label(period)) for period in ordered]


def _in(bucket: Bucket, prefix: str = "", field: str = "start") -> Q:
    return Q(**{f"{prefix}{field}__gte": bucket.start, f"{prefix}{field}__lte": bucket.end})


def _outside(buckets: Sequence[Bucket], field: str = "start") -> Q | None:
    """Outside every bucket; None (no condition) when there is no bucket."""
    if not buckets:
        return None
    inside = _in(buckets[0], field=field)
    for bucket in buckets[1:]:
        inside |= _in(bucket, field=field)
    return ~inside


def category_mix(
    meetings: ActivityQuerySet | None,
    buckets: Sequence[Bucket],
    bucket_totals: dict[int, int],
    *,
    summary: QuerySet | None = None,
) -> dict[str, Any]:
    """Participants per category in each bucket (the outside one last, if anyone is in it),
    of the meetings' participant rows, or of the ParticipantSummary rows `summary`.

    Two queries: the cells (bucket × category) and the category totals; the buckets' totals
    come with the page's totals (`dialogue_figures`). Returns the categories (largest first)
    and a row per bucket with its cells in category order and its total.
    """
    if summary is not None:
        counts, prefix, field = summary, "", "month"
    else:
        counts = ParticipantCount.objects.filter(activity__in=meetings.values("id"))
        prefix, field = "activity__", "start"
    counts = counts.annotate(
        bucket=Case(
            *[
                When(_in(bucket, prefix, field), then=Value(index))
                for index, bucket in enumerate(buckets)
            ],
            default=Value(OUTSIDE),
            output_field=IntegerField(),
        )
    )
    people = Sum(F("women") + F("men"))
    cells = {
        (row["bucket"], row["category_id"]): row["people"]
        for row in counts.values("bucket", "category_id").annotate(people=people).order_by()
    }
    categories = list(
        counts.values("category_id", "category__name", "category__name_ru", "category__name_tg")
        .annotate(people=people)
        .filter(people__gt=0)
        .order_by("-people", "category__name")
    )
    shown = list(enumerate(buckets))
    if bucket_totals.get(OUTSIDE):
        outside = Bucket(
            datetime.date.min, datetime.date.max, gettext("Outside the recorded mandate periods")
        )
        shown.append((OUTSIDE, outside))
    return {
        "categories": [
            {
                "id": c["category_id"],
                "name": c["category__name"],
                "name_ru": c["category__name_ru"],
                "name_tg": c["category__name_tg"],
                "total": c["people"],
            }
            for c in categories
        ],
        "rows": [
            {
                "start": bucket.start,
                "label": bucket.label,
                "cells": [cells.get((index, c["category_id"]), 0) for c in categories],
                "total": bucket_totals.get(index, 0),
            }
            for index, bucket in shown
        ],
    }


def dialogue_figures(
    *, period: MandatePeriod | None = None, periods: Sequence[MandatePeriod] = ()
) -> dict[str, Any]:
    """The national dialogue page: meetings and participants in all, per region, and the mix
    of participant categories over time. Five queries.

    With a `period`, its meetings, the mix in three-month spans; without, every meeting, the
    mix per mandate period (`periods`, already read for the page's period picker).
    """
    buckets = period_spans(period) if period is not None else mandate_buckets(periods)
    if all(whole_months(bucket.start, bucket.end) for bucket in buckets):
        return _summarized_figures(period, buckets)
    meetings = dialogue_meetings()
    if period is not None:
        meetings = meetings.in_period(period.start, period.end)
    people = F("participants__women") + F("participants__men")
    per_bucket = {
        f"bucket_{index}": Coalesce(Sum(people, filter=_in(bucket)), 0)
        for index, bucket in enumerate(buckets)
    }
    if period is None:
        per_bucket["bucket_outside"] = Coalesce(Sum(people, filter=_outside(buckets)), 0)
    totals = meetings.aggregate(
        meetings=Count("id", distinct=True),
        regions=Count(ACTIVITY_REGION, distinct=True),
        first=Min("start"),
        last=Max("start"),
        **participant_sums(),
        **per_bucket,
    )
    bucket_totals = _bucket_totals(totals, per_bucket)
    return {
        "period": period,
        "totals": totals,
        "by_region": participants_by_region(meetings),
        "mix": category_mix(meetings, buckets, bucket_totals),
    }


def _bucket_totals(totals: dict[str, Any], per_bucket: dict[str, Any]) -> dict[int, int]:
    """The buckets' totals, taken out of the page's totals."""
    return {
        OUTSIDE if name == "bucket_outside" else int(name.removeprefix("bucket_")): totals.pop(name)
        for name in per_bucket
    }


def _summarized_figures(period: MandatePeriod | None, buckets: Sequence[Bucket]) -> dict[str, Any]:
    """`dialogue_figures` from the summary rows (every bucket whole months). Five queries."""
    rows = summarized_meetings(ActivitySummary, period)
    people = F("women") + F("men")
    per_bucket = {
        f"bucket_{index}": Coalesce(Sum(people, filter=_in(bucket, field="month")), 0)
        for index, bucket in enumerate(buckets)
    }
    if period is None:
        per_bucket["bucket_outside"] = Coalesce(
            Sum(people, filter=_outside(buckets, field="month")), 0
        )
    totals = rows.aggregate(
        meetings=Coalesce(Sum("activities"), 0),
        regions=Count("region", distinct=True),
        first=Min("first_start"),
        last=Max("last_start"),
        summed_women=Coalesce(Sum("women"), 0),
        summed_men=Coalesce(Sum("men"), 0),
        summed_total=Coalesce(Sum(people), 0),
        **per_bucket,
    )
    bucket_totals = _bucket_totals(totals, per_bucket)
    totals = {name.removeprefix("summed_"): value for name, value in totals.items()}
    return {
        "period": period,
        "totals": totals,
        "by_region": participants_by_region(rows),
        "mix": category_mix(
            None,
            buckets,
            bucket_totals,
            summary=summarized_meetings(ParticipantSummary, period),
        ),
    }
