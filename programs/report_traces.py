"""Where a report's figure leads in its web preview: the list of the records it sums.

Each function returns a trace for the ``traced_to`` template tag (``{"url_name", "args",
"filters"}``), or None where no list shows exactly what the figure sums; the figure is then
printed plain. Activities lead to the activity list (its filters: area, centre, project,
kind, category, counted, start_from, start_to), whose line above the table states the
activities and participants (women, men) it shows; money leads to the back office's pledges,
contributions and expenditure, filtered by donor, project and dates. No query, but for the
letter's prose below (each function says its queries).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from itertools import combinations
from typing import Any

from django.db.models import Count, Min, Q, QuerySet

from .models import Activity, Donor, Indicator, Pledge, Project
from .rules import counted

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
    row: dict[str, Any], start: datetime.date, end: datetime.date
) -> dict[str, Any] | None:
    """What a computed indicator's actual counts, in the activity list: the project's counted
    activities of the period (of its type, for an activities rule), or their participants (of
    its category, for a participants rule with one). None for a typed actual, and for a
    participants rule of several categories (the list filters by one category). ``row``: the
    indicator's row of `indicator_progress`."""
    indicator = row["indicator"]
    if indicator.rule == Indicator.Rule.ACTIVITIES:
        return activities_trace(
            start, end, project=indicator.project_id, kind=indicator.rule_activity_kind
        )
    if indicator.rule == Indicator.Rule.PARTICIPANTS:
        categories = row["rule_category_codes"]
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
    return [{**row, "trace": indicator_trace(row, start, end)} for row in rows]


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


# -- the letter's prose -----------------------------------------------------------------------
# The letter's sentences sum records that no list is built for (the seminars of two course
# topics, the visits abroad, the bulletin's issues): they lead to the activity list when its
# filters can show exactly those activities, checked against the data, and are printed plain
# otherwise.


# The activity list's filters (programs/filters.py) a set of activities may share, by their
# query names, with the field each filters.
LIST_FILTERS = {"project": "project", "kind": "kind", "area": "project__area", "centre": "centre"}


def exact_activities_trace(
    activities: QuerySet[Activity], start: datetime.date, end: datetime.date
) -> dict[str, Any] | None:
    """The activity list showing exactly ``activities`` (counted, begun in [start, end]): the
    fewest of the filters they all share (project, type, area, centre) under which the list
    shows no other activity. None when no filters do (or there is no activity). Two queries.
    """
    shared = Activity.objects.filter(pk__in=activities.values("pk")).aggregate(
        n=Count("pk"),
        listed=Count("pk", filter=counted() & Q(start__gte=start, start__lte=end)),
        **{f"{name}_values": Count(field, distinct=True) for name, field in LIST_FILTERS.items()},
        **{f"{name}_value": Min(field) for name, field in LIST_FILTERS.items()},
    )
    if not shared["n"] or shared["listed"] != shared["n"]:
        return None
    # What they all share, by the list's query names and the field each filters.
    filters = {
        name: (field, shared[f"{name}_value"])
        for name, field in LIST_FILTERS.items()
        if shared[f"{name}_values"] == 1
    }
    # Every combination of those filters, the fewest first; how many activities each shows.
    choices = [choice for size in range(len(filters) + 1) for choice in combinations(filters, size)]
    shown = (
        Activity.objects.counted()
        .in_period(start, end)
        .aggregate(
            **{
                f"shown_{index}": Count("pk", filter=Q(**dict(filters[name] for name in choice)))
                for index, choice in enumerate(choices)
            }
        )
    )
    for index, choice in enumerate(choices):
        if shown[f"shown_{index}"] == shared["n"]:
            return activities_trace(start, end, **{name: filters[name][1] for name in choice})
    return None


def with_project_traces(
    rows: list[dict[str, Any]], start: datetime.date, end: datetime.date
) -> list[dict[str, Any]]:
    """Rows of the letter's projects (``project__code``, their counted activities of the
    period), each with the ``trace`` of its activities and participants: the project's counted
    activities in the activity list. One query, none without rows."""
    if not rows:
        return rows
    codes = [row["project__code"] for row in rows]
    ids = dict(Project.objects.filter(code__in=codes).values_list("code", "pk"))
    for row in rows:
        project = ids.get(row["project__code"])
        row["trace"] = activities_trace(start, end, project=project) if project else None
    return rows


def government_pledges_trace(start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """The back office's pledges made by donor governments in the days given. One query."""
    governments = Donor.objects.filter(
        kind=Donor.Kind.GOVERNMENT,
        pk__in=Pledge.objects.filter(pledged_on__range=(start, end)).values("donor"),
    ).order_by("pk")
    ids = ",".join(str(pk) for pk in governments.values_list("pk", flat=True))
    return _money("pledge", "pledged_on", start, end, donor__id__in=ids or "0")
