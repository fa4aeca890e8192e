"""Where a report's figure leads in its web preview: the list of the records it sums.

Each function returns a trace for the ``traced_to`` template tag (``{"url_name", "args",
"filters"}``), or None where no list shows exactly what the figure sums; the figure is then
printed plain. Activities lead to the activity list (its filters: area, centre, project,
kind, category, counted, start_from, start_to), whose line above the table states the
activities and participants (women, men) it shows; money leads to the back office's pledges,
contributions and expenditure, filtered by donor, project and dates. No query.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from .models import Indicator

ACTIVITY_LIST = "programs:activity_list"


def activities_trace(start: datetime.date, end: datetime.date, **filters: Any) -> dict[str, Any]:
    """The counted activities that began in [start, end], with the list's other filters."""
    return {
        "url_name": ACTIVITY_LIST,
        "filters": {
            **filters,
            "counted": "on",
            "start_from": start.isoformat(),
            "start_to": end.isoformat(),
        },
    }


def activity_trace(activity_id: int) -> dict[str, Any]:
    """One activity's page, with its participants by category, women and men."""
    return {"url_name": "programs:activity_detail", "args": [activity_id]}


def indicator_trace(
    indicator: Indicator, start: datetime.date, end: datetime.date
) -> dict[str, Any] | None:
    """What a computed indicator's actual counts, in the activity list: the project's counted
    activities of the period (of its type, for an activities rule), or their participants (of
    its category, for a participants rule with one). None for a typed actual, and for a
    participants rule of several categories (the list filters by one category)."""
    if indicator.rule == Indicator.Rule.ACTIVITIES:
        return activities_trace(
            start, end, project=indicator.project_id, kind=indicator.rule_activity_kind
        )
    if indicator.rule == Indicator.Rule.PARTICIPANTS:
        # Prefetched with the indicators: no query.
        categories = [category.code for category in indicator.rule_categories.all()]
        if len(categories) > 1:
            return None
        return activities_trace(
            start, end, project=indicator.project_id, category="".join(categories)
        )
    return None


def with_indicator_traces(
    rows: Iterable[dict[str, Any]], start: datetime.date, end: datetime.date
) -> list[dict[str, Any]]:
    """Indicator progress rows, each with the ``trace`` of its actual."""
    return [{**row, "trace": indicator_trace(row["indicator"], start, end)} for row in rows]


def _money(model: str, day_field: str, since, until, **filters: Any) -> dict[str, Any]:
    days = {}
    if since:
        days[f"{day_field}__gte"] = since.isoformat()
    if until:
        days[f"{day_field}__lte"] = until.isoformat()
    return {"url_name": f"admin:programs_{model}_changelist", "filters": {**filters, **days}}


def pledges_trace(
    since: datetime.date | None,
    until: datetime.date | None,
    *,
    donor: int | None = None,
    project: int | None = None,
) -> dict[str, Any]:
    """The back office's pledges made in the days given, of a donor and project if given."""
    return _money(
        "pledge", "pledged_on", since, until, donor__id__exact=donor, project__id__exact=project
    )


def contributions_trace(
    since: datetime.date | None, until: datetime.date | None, *, donor: int | None = None
) -> dict[str, Any]:
    """The back office's contributions received in the days given, of a donor if given."""
    return _money("contribution", "received_on", since, until, donor__id__exact=donor)


def expenditure_trace(
    since: datetime.date, until: datetime.date, *, projects: Iterable[int], category: str = ""
) -> dict[str, Any]:
    """The back office's expenditure of these projects booked in the days given."""
    ids = ",".join(str(pk) for pk in sorted(projects))
    return _money(
        "expenditure", "spent_on", since, until, project__id__in=ids or "0", category=category
    )
