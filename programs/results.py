"""Indicator progress: each indicator's baseline, target and actual for a mandate period.

Computed indicators are never typed: their actual is summed from the project's held and
approved activities. The whole table comes from a fixed number of queries, whatever the number
of indicators: the indicators with their categories, the period's targets and values, and two
grouped aggregates over the period's activities, combined here by dictionary look-ups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, QuerySet, Sum

from . import summary
from .models import (
    Activity,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MandatePeriod,
    ParticipantCount,
    Project,
)

HUNDRED = Decimal("100")


def _percent(actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Actual as a per cent of target, to one decimal; None when either is missing or zero."""
    if actual is None or not target:
        return None
    return (actual * HUNDRED / target).quantize(Decimal("0.1"))


def indicator_progress(
    *, period: MandatePeriod, projects: Iterable[Project] | QuerySet[Project] | None = None
) -> list[dict[str, Any]]:
    """Baseline, target, actual and per cent of target of each indicator in a mandate period.

    `projects` limits the table to those projects' indicators (all indicators when None).
    The actual of a manual indicator is its IndicatorValue for the period (None if not
    entered); a `participants` indicator sums women and men of the project's counted activities
    that began in the period, only of its rule categories when any are chosen; an `activities`
    indicator counts those activities, only of its rule kind when one is set.

    Queries: one when there are no indicators; otherwise six (indicators, their categories,
    targets, values, participants by project and category, activities by project and kind).
    """
    indicators = Indicator.objects.select_related("project").prefetch_related("rule_categories")
    if projects is not None:
        indicators = indicators.filter(project__in=projects)
    indicators = list(indicators.order_by("project__code", "id"))
    if not indicators:
        return []
    indicator_ids = [indicator.pk for indicator in indicators]
    project_ids = {indicator.project_id for indicator in indicators}

    targets = dict(
        IndicatorTarget.objects.filter(period=period, indicator_id__in=indicator_ids).values_list(
            "indicator_id", "target"
        )
    )
    values = dict(
        IndicatorValue.objects.filter(period=period, indicator_id__in=indicator_ids).values_list(
            "indicator_id", "value"
        )
    )
    counted = (
        Activity.objects.counted()
        .in_period(period.start, period.end)
        .filter(project_id__in=project_ids)
    )
    # Participants of the period's counted activities, one row per (project, category); from
    # the summary rows kept per month when the period is whole months (programs/summary.py).
    participants: dict[int, dict[int, int]] = defaultdict(dict)
    people = summary.people_by_project_and_category(period.start, period.end, project_ids)
    if people is None:
        people = (
            ParticipantCount.objects.filter(activity__in=counted.values("id"))
            .values("category_id", project_id=F("activity__project_id"))
            .annotate(people=Sum(F("women") + F("men")))
            .order_by()
        )
    for row in people:
        participants[row["project_id"]][row["category_id"]] = row["people"]
    # Counted activities of the period, one row per (project, kind).
    activities: dict[int, dict[str, int]] = defaultdict(dict)
    kinds = summary.activities_by_project_and_kind(period.start, period.end, project_ids)
    if kinds is None:
        kinds = counted.values("project_id", "kind").annotate(n=Count("id")).order_by()
    for row in kinds:
        activities[row["project_id"]][row["kind"]] = row["n"]

    rows = []
    for indicator in indicators:
        actual = _actual(indicator, values, participants, activities)
        target = targets.get(indicator.pk)
        rows.append(
            {
                "indicator": indicator,
                "project": indicator.project,
                "name": indicator.name,
                "unit": indicator.unit,
                "rule": indicator.rule,
                "rule_label": indicator.get_rule_display(),
                "baseline": indicator.baseline,
                "target": target,
                "actual": actual,
                "percent": _percent(actual, target),
            }
        )
    return rows


def _actual(
    indicator: Indicator,
    values: dict[int, Decimal],
    participants: dict[int, dict[int, int]],
    activities: dict[int, dict[str, int]],
) -> Decimal | None:
    """An indicator's actual, picked from the period's values and grouped aggregates.

    The aggregates are already summed in SQL per (project, category) and (project, kind);
    an indicator adds up the few groups its rule selects.
    """
    if indicator.rule == Indicator.Rule.PARTICIPANTS:
        by_category = participants.get(indicator.project_id, {})
        # The categories came with the prefetch: no query here.
        chosen = [category.pk for category in indicator.rule_categories.all()]
        if chosen:
            return Decimal(sum(by_category.get(pk, 0) for pk in chosen))
        return Decimal(sum(by_category.values()))
    if indicator.rule == Indicator.Rule.ACTIVITIES:
        by_kind = activities.get(indicator.project_id, {})
        kind = indicator.rule_activity_kind
        return Decimal(by_kind.get(kind, 0) if kind else sum(by_kind.values()))
    return values.get(indicator.pk)
