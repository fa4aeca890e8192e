"""Data quality before reporting: what a manager checks before a mandate period's letter or a
donor report is built.

- the centre × month grid of activities entered, submitted and approved (one aggregate query);
- centres silent for the last two months of what the period has run so far;
- old drafts (entered more than 14 whole days ago: programs.rules.stale_since), and
  activities returned to their centres and not yet sent back;
- head counts far out of line with the centre's other activities of the same type: a
  modified z-score (0.6745 × (x − median) / MAD, Iglewicz and Hoaglin) above 3.5.

Medians are not an aggregate SQLite has, so the outlier test reads one row per activity of
the period (id, centre, type, head count: a few thousand a year) and compares in Python.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from untop.figures_cache import cached_figures

from .models import Activity, Centre, MandatePeriod
from .rules import stale_since

SILENT_MONTHS = 2
OUTLIER_SCORE = 3.5
# Fewer activities than this of a centre and type: no baseline to compare a head count with.
OUTLIER_MIN_GROUP = 5
LISTED = 50


@dataclass
class Outlier:
    activity: Activity
    total: int
    median: float
    score: float


@dataclass
class Quality:
    """What the quality page and the report form show for one span of dates."""

    start: datetime.date
    end: datetime.date
    months: list[datetime.date] = field(default_factory=list)
    grid: list[dict[str, Any]] = field(default_factory=list)
    silent: list[Centre] = field(default_factory=list)
    stale_drafts: list[Activity] = field(default_factory=list)
    stale_count: int = 0
    returned: list[Activity] = field(default_factory=list)
    returned_count: int = 0
    outliers: list[Outlier] = field(default_factory=list)
    drafts: int = 0
    submitted: int = 0

    @property
    def warnings(self) -> bool:
        """Whether a report of these dates would leave something out or count a doubtful
        figure: drafts or submissions waiting, returned items, outliers."""
        return bool(self.drafts or self.submitted or self.returned_count or self.outliers)


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _month_of(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def quality(
    start: datetime.date, end: datetime.date, *, today: datetime.date | None = None
) -> Quality:
    """The checks for activities that began within [start, end]. A fixed number of queries."""
    today = today or timezone.localdate()
    result = Quality(start=start, end=end, months=_months(start, end))
    activities = Activity.objects.in_period(start, end)
    centres = list(Centre.objects.order_by("name"))

    # The grid: per centre and month, activities entered, submitted and approved.
    cells: dict[tuple[int, datetime.date], dict[str, int]] = defaultdict(
        lambda: {"draft": 0, "submitted": 0, "approved": 0}
    )
    # The counts and the outliers sum every activity of the span (one query each; 1.1 s of
    # the page's 1.4 at 100,000 activities a year): kept in the figures cache until the data
    # changes, as the drafts below are.
    span = (start.isoformat(), end.isoformat())
    rows = cached_figures(
        "programs:quality-grid",
        lambda: list(
            activities.annotate(month=TruncMonth("start"))
            .values("centre_id", "month", "approval")
            .annotate(n=Count("id"))
            .order_by()
        ),
        *span,
    )
    for row in rows:
        cells[(row["centre_id"], _month_of(row["month"]))][row["approval"]] += row["n"]
    for centre in centres:
        months = []
        for month in result.months:
            cell = cells.get((centre.pk, month), {"draft": 0, "submitted": 0, "approved": 0})
            entered = sum(cell.values())
            months.append({"month": month, "entered": entered, **cell})
        result.grid.append({"centre": centre, "months": months})
        result.drafts += sum(m["draft"] for m in months)
        result.submitted += sum(m["submitted"] for m in months)

    # Silent centres: nothing begun in the last two months of the span run so far.
    last_day = min(end, today)
    if last_day >= start:
        recent = _months(start, last_day)[-SILENT_MONTHS:]
        result.silent = [
            row["centre"]
            for row in result.grid
            if not any(m["entered"] for m in row["months"] if m["month"] in recent)
        ]

    # Old drafts (programs.rules.stale_since), and activities returned and not yet sent
    # back: read once until the data changes, as the grid is. Which drafts are old moves
    # with the clock, so what is kept is the drafts' count per day entered (in the portal's
    # time zone) and the oldest of them, and the day is applied to those here.
    drafts = cached_figures("programs:quality-drafts", lambda: _drafts(activities), *span)
    since = stale_since(today)
    result.stale_count = sum(n for day, n in drafts["entered"] if day < since.date())
    result.stale_drafts = [a for a in drafts["oldest"] if a.created_at < since]
    result.returned_count, result.returned = drafts["returned_count"], drafts["returned"]

    result.outliers = cached_figures(
        "programs:quality-outliers", lambda: _outliers(activities), *span
    )
    return result


def _drafts(activities) -> dict[str, Any]:
    """The span's drafts: how many not returned were entered each day, the oldest LISTED of
    them (the stale ones are always the first of these), and those returned to their
    centres. Three queries, however many drafts."""
    drafts = activities.filter(approval=Activity.Approval.DRAFT).order_by()
    sent_back = ~Q(return_reason="")
    days = (
        drafts.annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(waiting=Count("id", filter=~sent_back), returned=Count("id", filter=sent_back))
    )
    days = sorted((row["day"], row["waiting"], row["returned"]) for row in days)
    return {
        "entered": [(day, waiting) for day, waiting, _ in days if waiting],
        "oldest": list(
            drafts.filter(return_reason="")
            .select_related("centre")
            .order_by("created_at", "id")[:LISTED]
        ),
        "returned_count": sum(returned for _, _, returned in days),
        "returned": list(
            drafts.filter(sent_back).select_related("centre").order_by("returned_at", "id")[:LISTED]
        ),
    }


def _outliers(activities) -> list[Outlier]:
    """Activities whose head count is far out of line with their centre's of the same type."""
    groups: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    rows = (
        activities.exclude(status=Activity.Status.CANCELLED)
        .with_participant_totals()
        .values_list("pk", "centre_id", "kind", "participant_total")
        .order_by()
    )
    for pk, centre_id, kind, total in rows:
        groups[(centre_id, kind)].append((pk, total or 0))
    found: dict[int, tuple[int, float, float]] = {}
    for members in groups.values():
        if len(members) < OUTLIER_MIN_GROUP:
            continue
        totals = [total for _, total in members]
        median = statistics.median(totals)
        mad = statistics.median(abs(total - median) for total in totals)
        if mad == 0:
            continue
        for pk, total in members:
            score = 0.6745 * (total - median) / mad
            if abs(score) > OUTLIER_SCORE:
                found[pk] = (total, median, score)
    if not found:
        return []
    worst = sorted(found, key=lambda pk: -abs(found[pk][2]))[:LISTED]
    by_pk = Activity.objects.select_related("centre").in_bulk(worst)
    outliers = [
        Outlier(activity=by_pk[pk], total=total, median=median, score=round(score, 1))
        for pk in worst
        if pk in by_pk
        for total, median, score in [found[pk]]
    ]
    return sorted(outliers, key=lambda o: -abs(o.score))


def report_warnings(parameters: dict[str, Any]) -> list[tuple[str, str]]:
    """What the report form says before a letter or donor report of these dates is built:
    activities it would leave out (drafts, submissions, returns) and head counts to check,
    each linking to where a manager deals with it."""
    from django.urls import reverse
    from django.utils.translation import ngettext

    start = datetime.date.fromisoformat(parameters["start"])
    end = datetime.date.fromisoformat(parameters["end"])
    found = quality(start, end)
    period = MandatePeriod.objects.filter(start=start, end=end).values_list("pk", flat=True)
    page = reverse("programs:quality") + (f"?period={period[0]}" if period else "")
    warnings = []
    if found.submitted:
        warnings.append(
            (
                ngettext(
                    "%(count)d activity of these dates waits for approval.",
                    "%(count)d activities of these dates wait for approval.",
                    found.submitted,
                )
                % {"count": found.submitted},
                reverse("programs:approvals"),
            )
        )
    if found.drafts:
        warnings.append(
            (
                ngettext(
                    "%(count)d activity of these dates is still a draft, %(returned)d of them "
                    "returned to its centre.",
                    "%(count)d activities of these dates are still drafts, %(returned)d of "
                    "them returned to their centres.",
                    found.drafts,
                )
                % {"count": found.drafts, "returned": found.returned_count},
                page,
            )
        )
    if found.outliers:
        warnings.append(
            (
                ngettext(
                    "%(count)d head count stands out from its centre's usual.",
                    "%(count)d head counts stand out from their centres' usual.",
                    len(found.outliers),
                )
                % {"count": len(found.outliers)},
                page + "#outliers-heading",
            )
        )
    return warnings
