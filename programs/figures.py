"""The programme's figures, every one summed in SQL: what the dashboard, the mandate letter
and the area apps' sections count. A new figure of activities, participants or funding
belongs here.

Only held and approved activities count (`ActivityQuerySet.counted`). An activity's region is
that of the district it was held in, when one is named, else that of its centre. Each selector
runs a fixed number of queries whatever the amount of data; Python only arranges the grouped
rows the database returns (it never adds up activities or participants itself).

The figures of a mandate period of whole months (every period the office has had) are read
from the summary rows kept per month (programs/summary.py): a few hundred rows, however many
activities the period holds. Those of any other selection of activities are summed from the
activities themselves; both give the same figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.formats import number_format

from untop.figures_cache import cached_figures, query_digest
from untop.pagination import counted_up_to

from . import standings
from .budgets import budget_against_actual, total_row
from .models import (
    Activity,
    ActivitySummary,
    Centre,
    Contribution,
    Donor,
    MandateArea,
    MandatePeriod,
    ParticipantCount,
    ParticipantSummary,
    Pledge,
    Project,
    Region,
)
from .querysets import ActivityQuerySet, per_category
from .summary import whole_months

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
    """Held and approved activities that began in the mandate period.

    The figures below read these from the summary rows when the period is whole months: the
    queryset says so in `summary_span`, which no further filter keeps (a filtered or
    otherwise derived queryset is summed from the activities).
    """
    activities = Activity.objects.counted().in_period(period.start, period.end)
    if whole_months(period.start, period.end):
        activities.summary_span = (period.start, period.end)
    return activities


def summary_rows(activities: QuerySet) -> QuerySet | None:
    """The summary rows that sum exactly these activities, or None when there are none."""
    if activities.model is ActivitySummary:
        return activities
    span = getattr(activities, "summary_span", None)
    if span is None:
        return None
    return ActivitySummary.objects.filter(month__gte=span[0], month__lte=span[1])


FIGURES = ("activities", "women", "men", "total")


def _summed_figures() -> dict[str, Any]:
    """Activities and participants of grouped summary rows, named `summed_<figure>` (the
    rows' own columns have the figures' names)."""
    return {
        "summed_activities": Coalesce(Sum("activities"), 0),
        "summed_women": Coalesce(Sum("women"), 0),
        "summed_men": Coalesce(Sum("men"), 0),
        "summed_total": Coalesce(Sum(F("women") + F("men")), 0),
    }


def _figures_of(row: dict[str, Any]) -> dict[str, Any]:
    """A row of `_summed_figures` with its figures under their own names."""
    return {
        **{key: value for key, value in row.items() if not key.startswith("summed_")},
        **{figure: row[f"summed_{figure}"] for figure in FIGURES},
    }


def summary_groups(activities: QuerySet) -> list[dict[str, Any]] | None:
    """The summary rows of these activities (`summary_rows`) summed per mandate area, centre
    and region, or None when there are none: one query, read once per queryset. The
    dashboard and the mandate letter sum the same rows in all, by area, by centre and by
    region; each sum is then the groups' added up (at most areas × centres × regions rows),
    where four queries read the period's summary rows four times."""
    summary = summary_rows(activities)
    if summary is None:
        return None
    groups = getattr(activities, "_summary_groups", None)
    if groups is None:
        groups = [
            _figures_of(row)
            for row in summary.values("area", "centre_id", region_code=F("region__code"))
            .annotate(**_summed_figures())
            .order_by()
        ]
        activities._summary_groups = groups
    return groups


def _added_up(groups: list[dict[str, Any]], key: str | None) -> dict[Any, dict[str, int]]:
    """The groups' figures added up per value of ``key`` (all under None without one)."""
    sums: dict[Any, dict[str, int]] = {None: dict.fromkeys(FIGURES, 0)} if key is None else {}
    for group in groups:
        summed = sums.setdefault(group[key] if key else None, dict.fromkeys(FIGURES, 0))
        for figure in FIGURES:
            summed[figure] += group[figure]
    return sums


def participant_totals_of(activities: QuerySet) -> dict[str, int]:
    """Activities, women, men and all participants of these activities, in one row. One query
    (none when `summary_groups` were read)."""
    groups = summary_groups(activities)
    if groups is not None:
        return _added_up(groups, None)[None]
    return activities.aggregate(**_activity_figures())


def participants_by_category(activities: QuerySet) -> list[dict[str, Any]]:
    """Women and men per participant category of these activities, largest first. One query,
    on the summary rows when the activities are a period of whole months."""
    span = getattr(activities, "summary_span", None)
    if span is None:
        rows = ParticipantCount.objects.filter(activity__in=activities.values("id"))
    else:
        rows = ParticipantSummary.objects.filter(month__gte=span[0], month__lte=span[1])
    return list(per_category(rows))


def participants_by_region(activities: QuerySet) -> list[dict[str, Any]]:
    """Activities and participants per region, every region listed, by name. Two queries."""
    groups = summary_groups(activities)
    if groups is not None:
        rows = _added_up(groups, "region_code")
    else:
        grouped = (
            activities.annotate(region_code=ACTIVITY_REGION)
            .values("region_code")
            .annotate(**_activity_figures())
            .order_by()
        )
        rows = {row["region_code"]: row for row in grouped}
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


def participants_by_area(activities: QuerySet) -> list[dict[str, Any]]:
    """Activities and participants per mandate area, every area listed in its order. One query."""
    groups = summary_groups(activities)
    if groups is not None:
        rows = _added_up(groups, "area")
    else:
        grouped = (
            activities.values(code=F("project__area")).annotate(**_activity_figures()).order_by()
        )
        rows = {row["code"]: row for row in grouped}
    empty = {"activities": 0, "women": 0, "men": 0, "total": 0}
    return [
        {"code": code, "name": label, **{key: rows.get(code, empty)[key] for key in empty}}
        for code, label in MandateArea.choices
    ]


CENTRE_FIELDS = (
    "id",
    "name",
    "name_ru",
    "name_tg",
    "town",
    "region__code",
    "latitude",
    "longitude",
)


def participants_by_centre(activities: QuerySet) -> list[dict[str, Any]]:
    """Activities and participants per centre, every centre listed, busiest first. One query."""
    groups = summary_groups(activities)
    if groups is not None:
        sums = _added_up(groups, "centre_id")
        empty = dict.fromkeys(FIGURES, 0)
        rows = []
        for centre in Centre.objects.values(*CENTRE_FIELDS).order_by("name"):
            summed = sums.get(centre["id"], empty)
            rows.append(
                {
                    **centre,
                    "activities_n": summed["activities"],
                    **{figure: summed[figure] for figure in ("women", "men", "total")},
                }
            )
        # Busiest first; in the names' order (the database's, read above) when equal.
        rows.sort(key=lambda row: (-row["total"], -row["activities_n"]))
        return rows
    counted = Q(activities__in=activities.values("id"))
    centres = Centre.objects.annotate(
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
    return list(
        centres.values(*CENTRE_FIELDS, "activities_n", "women", "men", "total").order_by(
            "-total", "-activities_n", "name"
        )
    )


def funding_by_donor(period: MandatePeriod) -> tuple[list[dict[str, Any]], dict[str, Decimal]]:
    """US$ pledged and received in the period, per donor with either, and in all. Three queries.

    Pledged counts pledges made in the period; received counts contributions that arrived in
    it (whenever they were pledged). Each is summed per donor in a query of its own (so the
    two sums never multiply each other, as a join of pledges and contributions would), over
    the period's rows only; the totals are the donors' sums added up (every pledge and
    contribution has its donor).
    """

    def per_donor(rows: QuerySet) -> dict[int, Decimal]:
        return dict(rows.values_list("donor_id").annotate(usd=Sum("amount_usd")).order_by())

    pledged = per_donor(Pledge.objects.filter(pledged_on__range=(period.start, period.end)))
    received = per_donor(Contribution.objects.filter(received_on__range=(period.start, period.end)))
    zero = Decimal("0.00")
    donors = [
        {
            **donor,
            "pledged": pledged.get(donor["id"], zero),
            "received": received.get(donor["id"], zero),
        }
        for donor in Donor.objects.filter(pk__in=pledged.keys() | received.keys())
        .values("id", "code", "name", "name_ru", "name_tg")
        .order_by("name")
    ]
    donors.sort(key=lambda row: (-row["pledged"], -row["received"]))
    totals = {"pledged": sum(pledged.values(), zero), "received": sum(received.values(), zero)}
    return donors, totals


# The projects over their budget the dashboard names, furthest over first.
OVER_BUDGET_NAMED = 3


def budget_figures(period: MandatePeriod) -> dict[str, Any]:
    """Budget against actual of the projects that ran in the period, in US$: the budget for
    the period, spent, the rate of spending, and the projects that spent more than their
    budget for the period (how many, and the first few by how far over). Three queries.
    """
    projects = Project.objects.running(period.start, period.end)
    rows = budget_against_actual(projects, period.start, period.end)
    total = total_row(rows)
    over = sorted(
        (row for row in rows if row.over),
        key=lambda row: (row.budget - row.spent, row.project.code),
    )
    return {
        "budget": total.budget,
        "spent": total.spent,
        "percent": total.percent,
        "projects": len(rows),
        "over_count": len(over),
        # Plain values, not the projects: the figures are pickled into the cache.
        "over": [
            {
                "pk": row.project.pk,
                "code": row.project.code,
                "title": row.project.title,
                "title_ru": row.project.title_ru,
                "title_tg": row.project.title_tg,
                "budget": row.budget,
                "spent": row.spent,
                "percent": row.percent,
            }
            for row in over[:OVER_BUDGET_NAMED]
        ],
    }


# The indicators the dashboard lists: those furthest behind their targets.
DASHBOARD_INDICATORS = 10

#: How many donors the dashboard names: those that pledged or gave most in the period (the
#: larger of the two); the others are summed in one row, so that the page and its chart stay
#: readable, and as quick, however many donors gave. The mandate letter's annex names every
#: donor.
DASHBOARD_DONORS = 10


def _largest_donors(donors: list[dict[str, Any]], count: int) -> set[int]:
    """The ids of the ``count`` donors that pledged or gave most (the larger of the two), in
    the list's order when equal."""
    largest = sorted(donors, key=lambda donor: -max(donor["pledged"], donor["received"]))
    return {donor["id"] for donor in largest[:count]}


def _summed_donors(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The donors not named, as one row: how many, and their pledges and receipts summed."""
    if not rows:
        return None
    zero = Decimal("0.00")
    return {
        "count": len(rows),
        "pledged": sum((row["pledged"] for row in rows), zero),
        "received": sum((row["received"] for row in rows), zero),
    }


def dashboard_figures(
    *, period: MandatePeriod, include_funding: bool = True, include_budget: bool = True
) -> dict[str, Any]:
    """Every figure of the dashboard for a mandate period.

    Queries: one of the summary rows per area, centre and region (`summary_groups`; the
    totals and the three tables add them up), one listing the centres and one the regions,
    two by age and disability, three for funding (none when `include_funding` is false),
    three for budget against actual (none when `include_budget` is false), two of the
    indicators' standings and those of `indicator_progress` for the ten shown (six; none
    when no indicator needs attention): nineteen in all.
    """
    activities = counted_activities_in(period)
    totals = participant_totals_of(activities)
    figures: dict[str, Any] = {
        "period": period,
        "totals": totals,
        "by_area": participants_by_area(activities),
        "by_centre": participants_by_centre(activities),
        "by_region": participants_by_region(activities),
        "people_groups": people_by_age_and_disability(activities, totals),
        "funding": None,
        "budget": None,
    }
    # Only the projects that ran during the period: the others have nothing to measure. The
    # dashboard shows how many stand each way and those that need attention; the indicators
    # page lists them all.
    # Counted and ordered from the standings kept (programs/standings.py); only the rows
    # shown are measured.
    figures["indicator_counts"], figures["indicators"] = standings.needing_attention(
        period, Project.objects.running(period.start, period.end), DASHBOARD_INDICATORS
    )
    if include_funding:
        donors, funding_totals = funding_by_donor(period)
        named = _largest_donors(donors, DASHBOARD_DONORS)
        figures["funding"] = {
            "donors": [donor for donor in donors if donor["id"] in named],
            "other_donors": _summed_donors([d for d in donors if d["id"] not in named]),
            **funding_totals,
        }
    if include_budget:
        figures["budget"] = budget_figures(period)
    return figures


# Kept in the figures cache (untop/figures_cache.py) until the data they sum changes ---------


def cached_dashboard_figures(
    *, period: MandatePeriod, include_funding: bool = True, include_budget: bool = True
) -> dict[str, Any]:
    """`dashboard_figures`, from the cache when the data has not changed since they were summed.

    Queries: none when cached, else those of `dashboard_figures`.
    """
    figures = cached_figures(
        "programs:dashboard",
        lambda: dashboard_figures(
            period=period, include_funding=include_funding, include_budget=include_budget
        ),
        period.pk,
        period.start.isoformat(),
        period.end.isoformat(),
        "funding" if include_funding else "no-funding",
        "budget" if include_budget else "no-budget",
    )
    return {**figures, "period": period}


def cached_participant_totals(counts: QuerySet) -> dict[str, int]:
    """`counts.totals()` of participant rows, cached like the dashboard's figures."""
    digest = query_digest(counts)
    if digest is None:
        return counts.totals()
    return cached_figures("programs:participant-totals", counts.totals, digest)


#: How far the activities waiting for approval are counted for the menu's badge and the
#: dashboard: past it they say "1,000+" and "more than 1,000", which a manager acts on as on
#: the exact number, and which takes as long to count however long the queue grows (the
#: queue's own page counts every one). Counting 100,000 took 6 ms after every save.
WAITING_COUNTED_UP_TO = 1000


def waiting_for_approval() -> int:
    """How many activities wait for a manager's approval, counted no further than one past
    WAITING_COUNTED_UP_TO (see `waiting_badge`)."""
    waiting = Activity.objects.filter(approval=Activity.Approval.SUBMITTED)
    return cached_figures(
        f"programs:waiting-for-approval:up-to-{WAITING_COUNTED_UP_TO}",
        lambda: counted_up_to(waiting, WAITING_COUNTED_UP_TO),
    )


def waiting_badge() -> str:
    """The managers' menu badge: how many activities wait for approval, "1,000+" past
    WAITING_COUNTED_UP_TO, empty when none does."""
    waiting = waiting_for_approval()
    if waiting > WAITING_COUNTED_UP_TO:
        return f"{number_format(WAITING_COUNTED_UP_TO, force_grouping=True)}+"
    return number_format(waiting, force_grouping=True) if waiting else ""


# Who took part by age and disability (programs/models/groups.py) -------------------------


def people_by_age_and_disability(
    activities: QuerySet, totals: dict[str, int] | None = None
) -> dict[str, Any]:
    """The people of these activities by age band and by disability, women and men.

    The recorded breakdowns are summed; the rest of each sex's total, rows recorded without a
    breakdown, is "not recorded". Queries: the bands, the breakdowns and (unless ``totals``
    of these activities are given) the totals: three at most.
    """
    from .models import AgeBand, Disability, GroupSummary, ParticipantGroup, Sex
    from .models.groups import AGE_NOT_RECORDED

    if totals is None:
        totals = participant_totals_of(activities)
    span = getattr(activities, "summary_span", None)
    if span is not None:
        rows = GroupSummary.objects.filter(month__gte=span[0], month__lte=span[1])
    else:
        rows = ParticipantGroup.objects.filter(
            count__activity__in=activities.order_by().values("pk")
        )
    summed = rows.values("sex", "age_band", "disability").annotate(n=Sum("number")).order_by()
    by_band: dict[tuple, int] = {}
    by_disability: dict[tuple, int] = {}
    recorded = {Sex.WOMEN: 0, Sex.MEN: 0}
    for row in summed:
        sex = row["sex"]
        recorded[sex] += row["n"]
        if row["age_band"] is not None:
            by_band[sex, row["age_band"]] = by_band.get((sex, row["age_band"]), 0) + row["n"]
        if row["disability"] != Disability.NOT_RECORDED:
            key = (sex, row["disability"])
            by_disability[key] = by_disability.get(key, 0) + row["n"]
    total = {Sex.WOMEN: totals["women"], Sex.MEN: totals["men"]}

    # Labels stay lazy (a band, a choice's label): the figures are cached for every language.
    def line(label, women: int, men: int, **extra) -> dict[str, Any]:
        return {"label": label, "women": women, "men": men, "total": women + men, **extra}

    bands = [
        line(band, by_band.get(("women", band.pk), 0), by_band.get(("men", band.pk), 0))
        for band in AgeBand.objects.all()
    ]
    bands.append(
        line(
            AGE_NOT_RECORDED,
            total[Sex.WOMEN] - sum(row["women"] for row in bands),
            total[Sex.MEN] - sum(row["men"] for row in bands),
            not_recorded=True,
        )
    )
    disability = [
        line(
            choice.label,
            by_disability.get(("women", choice.value), 0),
            by_disability.get(("men", choice.value), 0),
        )
        for choice in (Disability.YES, Disability.NO)
    ]
    disability.append(
        line(
            Disability.NOT_RECORDED.label,
            total[Sex.WOMEN] - sum(row["women"] for row in disability),
            total[Sex.MEN] - sum(row["men"] for row in disability),
            not_recorded=True,
        )
    )
    people = total[Sex.WOMEN] + total[Sex.MEN]
    with_breakdown = recorded[Sex.WOMEN] + recorded[Sex.MEN]
    return {
        "bands": bands,
        "disability": disability,
        "people": people,
        "with_breakdown": with_breakdown,
        "any": with_breakdown > 0,
    }
