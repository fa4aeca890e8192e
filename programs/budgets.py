"""Budgets: budget against actual, and the budget's one write.

``budget_revise`` (programs/services.py, with the other writes) is the one write of
budgets: the project's page, the back office and the budget import call it. A revision is a
whole budget: every line by year and category in the project's currency, converted to US$
at the UN operational rate of the revision's month (programs/exchange.py) and kept with the
rate used. Revising needs the number of the revision the user started from: when someone
else revised the budget meanwhile, the second revision is refused and names the first (two
people at once never overwrite each other).

Budget against actual compares the current revision's lines with the expenditure booked, in
US$: over a period, each year's lines count for the part of the project's days that year
inside the period, as the office's budget years are calendar years and its mandate periods
run from June to May.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce

from .exchange import CENT
from .models import BudgetLine, Expenditure, Project
from .models.money import MONEY_SUM, ZERO_USD

# The write lives with the other services; its names are the budgets' too.
from .services import CATEGORIES, BudgetRevisedMeanwhile, LineInput, budget_revise


# -- budget against actual -----------------------------------------------------------------
def year_share(
    year: int,
    start: datetime.date,
    end: datetime.date,
    runs_from: datetime.date | None = None,
    runs_to: datetime.date | None = None,
) -> Decimal:
    """The part of a year's budget that falls in [start, end]: of the days the project runs
    in that year (``runs_from`` – ``runs_to``; the whole year if not given), those inside."""
    year_from = max(datetime.date(year, 1, 1), runs_from or datetime.date.min)
    year_to = min(datetime.date(year, 12, 31), runs_to or datetime.date.max)
    if year_from > year_to:
        return Decimal(0)
    first, last = max(start, year_from), min(end, year_to)
    if first > last:
        return Decimal(0)
    return Decimal((last - first).days + 1) / Decimal((year_to - year_from).days + 1)


def spending_rate(spent: Decimal, budget: Decimal) -> Decimal | None:
    """Spent as a share of the budget (1 = all of it), None without a budget."""
    if not budget:
        return None
    return (spent / budget).quantize(Decimal("0.001"), ROUND_HALF_UP)


@dataclass
class BudgetRow:
    """One project's (or one category's) budget against actual, in US$."""

    key: Any
    label: str = ""
    budget: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)
    project: Project | None = None
    extra: dict = field(default_factory=dict)

    @property
    def rate(self) -> Decimal | None:
        return spending_rate(self.spent, self.budget)

    @property
    def percent(self) -> int | None:
        rate = self.rate
        return None if rate is None else int((rate * 100).quantize(Decimal(1), ROUND_HALF_UP))

    @property
    def over(self) -> bool:
        return self.budget > 0 and self.spent > self.budget

    @property
    def balance(self) -> Decimal:
        return self.budget - self.spent


def _budget_by(
    projects: QuerySet[Project], start: datetime.date, end: datetime.date, by: str
) -> dict[Any, Decimal]:
    """The current budgets' US$ for the period, summed by ``by`` (a BudgetLine lookup): each
    year's lines count for the part of the project's days that year inside the period (one
    query)."""
    project = "revision__project"
    lines = (
        BudgetLine.objects.filter(
            revision__is_current=True,
            revision__project__in=projects,
            year__range=(start.year, end.year),
        )
        .order_by()
        .values(by, project, f"{project}__start", f"{project}__end", "year")
        .annotate(usd=Coalesce(Sum("amount_usd"), ZERO_USD, output_field=MONEY_SUM))
    )
    totals: dict[Any, Decimal] = defaultdict(Decimal)
    for row in lines:
        share = year_share(
            row["year"], start, end, row[f"{project}__start"], row[f"{project}__end"]
        )
        totals[row[by]] += row["usd"] * share
    return {key: value.quantize(CENT, ROUND_HALF_UP) for key, value in totals.items()}


def _spent_by(
    projects: QuerySet[Project], start: datetime.date, end: datetime.date, by: str
) -> dict[Any, Decimal]:
    rows = (
        Expenditure.objects.filter(project__in=projects, spent_on__range=(start, end))
        .order_by()
        .values(by)
        .annotate(usd=Coalesce(Sum("amount_usd"), ZERO_USD, output_field=MONEY_SUM))
    )
    return {row[by]: row["usd"].quantize(CENT) for row in rows}


def budget_against_actual(
    projects: QuerySet[Project], start: datetime.date, end: datetime.date
) -> list[BudgetRow]:
    """Each project's budget for the period against what it spent in it, in US$ (three
    queries whatever the number of projects, two when none has either); projects with
    neither are left out."""
    budget = _budget_by(projects, start, end, "revision__project")
    spent = _spent_by(projects, start, end, "project")
    keys = {key for key, usd in [*budget.items(), *spent.items()] if usd}
    rows = [
        BudgetRow(
            key=p.pk,
            project=p,
            budget=budget.get(p.pk, Decimal(0)),
            spent=spent.get(p.pk, Decimal(0)),
        )
        for p in projects.filter(pk__in=keys).order_by("code")
    ]
    return rows


def budget_by_category(
    projects: QuerySet[Project], start: datetime.date, end: datetime.date
) -> list[BudgetRow]:
    """The same by expenditure category, over all the projects given (two queries)."""
    budget = _budget_by(projects, start, end, "category")
    spent = _spent_by(projects, start, end, "category")
    return [
        BudgetRow(
            key=code,
            label=str(label),
            budget=budget.get(code, Decimal(0)),
            spent=spent.get(code, Decimal(0)),
        )
        for code, label in Expenditure.Category.choices
        if budget.get(code) or spent.get(code)
    ]


def total_row(rows: Iterable[BudgetRow], label: str = "") -> BudgetRow:
    rows = list(rows)
    return BudgetRow(
        key=None,
        label=label,
        budget=sum((r.budget for r in rows), Decimal(0)),
        spent=sum((r.spent for r in rows), Decimal(0)),
    )


def donor_projects(donor) -> QuerySet[Project]:
    """The projects a donor funds: those it pledged to."""
    return Project.objects.filter(pledges__donor=donor).distinct()


__all__ = [
    "CATEGORIES",
    "BudgetRevisedMeanwhile",
    "BudgetRow",
    "LineInput",
    "budget_against_actual",
    "budget_by_category",
    "budget_revise",
    "donor_projects",
    "spending_rate",
    "total_row",
    "year_share",
]
