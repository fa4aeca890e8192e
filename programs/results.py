"""Indicator progress: each indicator's baseline, target and actual for a mandate period.

Computed indicators are never typed: their actual is summed from the project's held and
approved activities. The whole table comes from a fixed number of queries, whatever the number
of indicators: the indicators with their categories, the period's targets and values, and two
grouped aggregates over the period's activities, combined here by dictionary look-ups.

An indicator's kind says what its actual is: a count (typed or computed), a percentage (its
numerator over its denominator, both shown; a computed one counts its numerator), or a score
with its narrative. A cumulative indicator's actual adds up every period up to the one shown;
a descending one ("lower is better") reads its progress from its baseline down to its target.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from . import summary
from .models import (
    Activity,
    AgeBand,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MandatePeriod,
    Outcome,
    ParticipantCount,
    ParticipantGroup,
    Project,
)

HUNDRED = Decimal("100")
TENTH = Decimal("0.1")


def _percent(actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Actual as a per cent of target, to one decimal; None when either is missing or zero."""
    if actual is None or not target:
        return None
    return (actual * HUNDRED / target).quantize(TENTH)


def _progress(
    indicator: Indicator, actual: Decimal | None, target: Decimal | None
) -> Decimal | None:
    """How far towards its target an indicator has come, in per cent, read its way.

    Higher is better: the actual as a per cent of the target, as the reports have always
    printed it. Lower is better (e.g. complaints): the way gone down from the baseline as a
    per cent of the way to the target, so 100 is the target reached; None when the target is
    not below the baseline, as there is then no way down to measure.
    """
    if indicator.direction != Indicator.Direction.DESCENDING:
        return _percent(actual, target)
    if actual is None or target is None or indicator.baseline <= target:
        return None
    return ((indicator.baseline - actual) * HUNDRED / (indicator.baseline - target)).quantize(TENTH)


def _met(indicator: Indicator, actual: Decimal | None, target: Decimal | None) -> bool | None:
    """Whether the actual reached the target, read the indicator's way; None if unknown."""
    if actual is None or target is None:
        return None
    if indicator.direction == Indicator.Direction.DESCENDING:
        return actual <= target
    return actual >= target


def indicator_progress(
    *,
    period: MandatePeriod,
    projects: Iterable[Project] | QuerySet[Project] | None = None,
    indicators: QuerySet[Indicator] | None = None,
) -> list[dict[str, Any]]:
    """Baseline, target, actual and per cent of target of each indicator in a mandate period.

    `projects` limits the table to those projects' indicators (all indicators when None),
    `indicators` to those indicators.
    The actual of a manual indicator is its IndicatorValue for the period (None if not
    entered); a `participants` indicator sums women and men of the project's counted activities
    that began in the period, only of its rule categories when any are chosen; an `activities`
    indicator counts those activities, only of its rule kind when one is set. A cumulative
    indicator sums the same from its project's start (its typed values: every period's up to
    this one). `percent` is the progress towards the target read by the indicator's direction.

    Each row also names the indicator's kind, its output (`output_id`), a percentage's
    `numerator` and `denominator`, a qualitative indicator's `narrative` (its score is the
    actual) and whether the target was `met`.

    Queries: one when there are no indicators; otherwise six (indicators, their categories,
    targets, values, participants by project and category, activities by project and kind),
    and two more (the same aggregates from the projects' start) when a computed indicator is
    cumulative.
    """
    chosen = Indicator.objects.all()
    if projects is not None:
        chosen = chosen.filter(project__in=projects)
    if indicators is not None:
        chosen = chosen.filter(pk__in=indicators.values("pk"))
    indicators = list(chosen.select_related("project").order_by("project__code", "id"))
    if not indicators:
        return []
    # The queries below name these indicators (and their projects) by a subquery, not by a
    # list of ids: Django prepares each id of a list apart, which for the dashboard's every
    # running indicator of a large office took longer than the queries themselves.
    indicator_ids = chosen.values("pk")
    # The categories each participants rule counts, read from the rules' own table: a
    # prefetch would build a related manager and a queryset per indicator, a third of this
    # function's time for the dashboard's every running indicator.
    rule_categories: dict[int, dict[int, str]] = defaultdict(dict)
    chosen_rows = (
        Indicator.rule_categories.through.objects.filter(indicator_id__in=indicator_ids)
        .order_by("participantcategory__code")
        .values_list("indicator_id", "participantcategory_id", "participantcategory__code")
    )
    for indicator_id, category_id, code in chosen_rows:
        rule_categories[indicator_id][category_id] = code
    project_ids = chosen.values("project_id")
    cumulative = [
        indicator
        for indicator in indicators
        if indicator.aggregation == Indicator.Aggregation.CUMULATIVE
    ]

    targets = dict(
        IndicatorTarget.objects.filter(period=period, indicator_id__in=indicator_ids).values_list(
            "indicator_id", "target"
        )
    )
    # The period's typed values, and a cumulative indicator's of the periods before it.
    values: dict[int, dict[str, Any]] = {}
    earlier: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = IndicatorValue.objects.filter(
        Q(period=period, indicator_id__in=indicator_ids)
        | Q(
            indicator_id__in=chosen.filter(aggregation=Indicator.Aggregation.CUMULATIVE).values(
                "pk"
            ),
            period__start__lt=period.start,
        )
    ).values("indicator_id", "period_id", "value", "numerator", "denominator", "narrative")
    for row in rows:
        if row["period_id"] == period.pk:
            values[row["indicator_id"]] = row
        else:
            earlier[row["indicator_id"]].append(row)

    # Indicators counting by age or disability read the breakdowns and the office's bands
    # (two queries more, and two more for cumulative ones; none when no indicator does).
    by_groups = any(indicator.counts_groups for indicator in indicators)
    bands = list(AgeBand.objects.all()) if by_groups else []
    participants, activities, groups = _computed(
        period.start, period.end, project_ids, groups=by_groups
    )
    # Cumulative computed indicators: the same aggregates from the earliest of their
    # projects' starts (its month's first day, so the summary rows serve).
    since_start = ({}, {}, {})
    computed_cumulative = [indicator for indicator in cumulative if indicator.is_computed]
    if computed_cumulative:
        start = min(indicator.project.start for indicator in computed_cumulative).replace(day=1)
        since_start = _computed(
            start,
            period.end,
            {indicator.project_id for indicator in computed_cumulative},
            groups=any(indicator.counts_groups for indicator in computed_cumulative),
        )

    # Each label translated once, not once a row (get_FOO_display translates on every call).
    rule_labels = {value: str(label) for value, label in Indicator.Rule.choices}
    kind_labels = {value: str(label) for value, label in Indicator.Kind.choices}
    table = []
    for indicator in indicators:
        # A score is read per period (the indicator's check refuses a cumulative one).
        is_cumulative = (
            indicator.aggregation == Indicator.Aggregation.CUMULATIVE
            and indicator.kind != Indicator.Kind.QUALITATIVE
        )
        counts = since_start if is_cumulative else (participants, activities, groups)
        own = [values[indicator.pk]] if indicator.pk in values else []
        typed = own + (earlier[indicator.pk] if is_cumulative else [])
        chosen = rule_categories.get(indicator.pk, {})
        computed = (
            _count(indicator, *counts, chosen=set(chosen), bands=bands)
            if indicator.is_computed
            else None
        )
        figure = _measure(indicator, typed, computed, is_cumulative)
        target = targets.get(indicator.pk)
        table.append(
            {
                "indicator": indicator,
                "project": indicator.project,
                "output_id": indicator.output_id,
                "name": indicator.name,
                "unit": indicator.unit,
                "rule": indicator.rule,
                "rule_label": rule_labels.get(indicator.rule, indicator.rule),
                # The codes of the participant categories a participants rule counts.
                "rule_category_codes": list(chosen.values()),
                "kind": indicator.kind,
                "kind_label": kind_labels.get(indicator.kind, indicator.kind),
                "aggregation": indicator.aggregation,
                "direction": indicator.direction,
                "baseline": indicator.baseline,
                "baseline_year": indicator.baseline_year,
                "target": target,
                **figure,
                "percent": _progress(indicator, figure["actual"], target),
                "met": _met(indicator, figure["actual"], target),
            }
        )
    return table


def _computed(
    start: datetime.date,
    end: datetime.date,
    project_ids: Iterable[int] | QuerySet,
    *,
    groups: bool = False,
) -> tuple[dict, dict, dict]:
    """Women and men by (project, category), activities by (project, kind) and, when
    ``groups``, the recorded breakdowns by project, of the counted activities begun in
    [start, end]: from the summary rows kept per month when the dates are whole months
    (programs/summary.py), else from the activities. Two queries, three with ``groups``."""
    counted = Activity.objects.counted().in_period(start, end).filter(project_id__in=project_ids)
    participants: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    people = summary.people_by_project_and_category(start, end, project_ids)
    if people is None:
        people = (
            ParticipantCount.objects.filter(activity__in=counted.values("id"))
            .values("category_id", project_id=F("activity__project_id"))
            .annotate(women=Sum("women"), men=Sum("men"))
            .order_by()
        )
    for row in people:
        participants[row["project_id"]][row["category_id"]] = (row["women"], row["men"])
    by_project: dict[int, list[tuple]] = defaultdict(list)
    if groups:
        # From the breakdowns themselves: the summary rows keep no project or category.
        rows = (
            ParticipantGroup.objects.filter(count__activity__in=counted.values("id"))
            .values(
                "sex",
                "age_band_id",
                "disability",
                project_id=F("count__activity__project_id"),
                category_id=F("count__category_id"),
            )
            .annotate(number=Sum("number"))
            .order_by()
        )
        for row in rows:
            by_project[row["project_id"]].append(
                (
                    row["category_id"],
                    row["sex"],
                    row["age_band_id"],
                    row["disability"],
                    row["number"],
                )
            )
    activities: dict[int, dict[str, int]] = defaultdict(dict)
    kinds = summary.activities_by_project_and_kind(start, end, project_ids)
    if kinds is None:
        kinds = counted.values("project_id", "kind").annotate(n=Count("id")).order_by()
    for row in kinds:
        activities[row["project_id"]][row["kind"]] = row["n"]
    return participants, activities, by_project


def _measure(
    indicator: Indicator,
    typed: list[dict[str, Any]],
    computed: Decimal | None,
    cumulative: bool,
) -> dict[str, Any]:
    """An indicator's actual, with a percentage's numerator and denominator and a score's
    narrative, from its typed values (the period's; a cumulative one's, every period's up to
    it) and its computed count."""
    figure: dict[str, Any] = {"numerator": None, "denominator": None, "narrative": ""}
    if indicator.kind == Indicator.Kind.PERCENTAGE:
        denominators = [row["denominator"] for row in typed if row["denominator"] is not None]
        if indicator.is_computed:
            numerator = computed
        else:
            numerators = [row["numerator"] for row in typed if row["numerator"] is not None]
            numerator = Decimal(sum(numerators)) if numerators else None
        denominator = Decimal(sum(denominators)) if denominators else None
        figure["numerator"], figure["denominator"] = numerator, denominator
        figure["actual"] = (
            (numerator * HUNDRED / denominator).quantize(TENTH)
            if numerator is not None and denominator
            else None
        )
        return figure
    if indicator.kind == Indicator.Kind.QUALITATIVE:
        if typed:
            figure["narrative"] = typed[0]["narrative"]
        figure["actual"] = typed[0]["value"] if typed else None
        return figure
    if indicator.is_computed:
        figure["actual"] = computed
    elif cumulative:
        entered = [row["value"] for row in typed if row["value"] is not None]
        figure["actual"] = sum(entered, Decimal(0)) if entered else None
    else:
        figure["actual"] = typed[0]["value"] if typed else None
    return figure


def _count(
    indicator: Indicator,
    participants: dict[int, dict[int, tuple[int, int]]],
    activities: dict[int, dict[str, int]],
    groups: dict[int, list[tuple]],
    *,
    chosen: set[int],
    bands: list,
) -> Decimal:
    """A computed indicator's count, picked from grouped aggregates.

    The aggregates are already summed in SQL per (project, category), (project, kind) and
    (project, category, sex, age band, disability); an indicator adds up the few groups its
    rule selects (``chosen``: the ids of the categories it counts; none, everyone). By age
    or disability only the recorded breakdowns count.
    """
    if indicator.rule == Indicator.Rule.PARTICIPANTS:
        sex = indicator.rule_sex
        if indicator.counts_groups:
            ages = indicator.rule_age_from is not None or indicator.rule_age_to is not None
            in_ages = set(indicator.age_bands(bands)) if ages else None
            return Decimal(
                sum(
                    number
                    for category, group_sex, band, disability, number in groups.get(
                        indicator.project_id, ()
                    )
                    if (not chosen or category in chosen)
                    and (not sex or group_sex == sex)
                    and (in_ages is None or band in in_ages)
                    and (not indicator.rule_disability or disability == indicator.rule_disability)
                )
            )
        by_category = participants.get(indicator.project_id, {})
        people = [
            (women if sex != "men" else 0) + (men if sex != "women" else 0)
            for category, (women, men) in by_category.items()
            if not chosen or category in chosen
        ]
        return Decimal(sum(people))
    by_kind = activities.get(indicator.project_id, {})
    kind = indicator.rule_activity_kind
    return Decimal(by_kind.get(kind, 0) if kind else sum(by_kind.values()))


def results_by_sdg_target(projects, indicator_rows: list[dict[str, Any]]) -> list[dict]:
    """The SDG targets the projects' outcomes serve, in the UN's order, each with those
    outcomes and the rows of ``indicator_rows`` (``indicator_progress``'s, already summed)
    that measure their outputs. Three queries: the outcomes, their targets, their outputs."""
    outcomes = list(
        Outcome.objects.filter(project__in=projects)
        .select_related("project")
        .prefetch_related("sdg_targets", "outputs")
        .order_by("project__code", "order", "code")
    )
    rows_by_output: dict[int, list[dict]] = defaultdict(list)
    for row in indicator_rows:
        if row.get("output_id") is not None:
            rows_by_output[row["output_id"]].append(row)
    by_target: dict[int, dict] = {}
    for outcome in outcomes:
        measured = [row for output in outcome.outputs.all() for row in rows_by_output[output.pk]]
        for target in outcome.sdg_targets.all():
            entry = by_target.setdefault(target.pk, {"target": target, "outcomes": []})
            entry["outcomes"].append({"outcome": outcome, "indicators": measured})
    return sorted(by_target.values(), key=lambda entry: entry["target"].order)


# Reading the table: which indicators need attention -----------------------------------------

MET, BEHIND, UNMEASURED = "met", "behind", "unmeasured"


def progress_status(row: dict[str, Any]) -> str:
    """An `indicator_progress` row's standing: its target met, behind it, or unmeasured (no
    target for the period, or no value yet)."""
    if row["met"] is None:
        return UNMEASURED
    return MET if row["met"] else BEHIND


def waits_for_value(row: dict[str, Any]) -> bool:
    """Whether an `indicator_progress` row has a target for the period and no value yet."""
    return row["target"] is not None and row["actual"] is None


def progress_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """How many rows stand each way, and in all."""
    counts = {MET: 0, BEHIND: 0, UNMEASURED: 0}
    for row in rows:
        counts[progress_status(row)] += 1
    return {**counts, "all": len(rows)}


def needing_attention(rows: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` rows a manager looks at first: those behind their target, the furthest
    behind first (an unknown per cent, as a zero target's, after the known ones), then those
    with a target but no value yet. Rows met or without a target are left out."""
    behind = [row for row in rows if progress_status(row) == BEHIND]
    behind.sort(key=lambda row: (row["percent"] is None, row["percent"] or 0))
    waiting = [row for row in rows if waits_for_value(row)]
    return (behind + waiting)[:limit]
