"""Budgets: revising a project's budget, and budget against actual.

``budget_revise`` is the one write of budgets: the project's page, the back office and the
budget import call it. A revision is a whole budget: every line by year and category in the
project's currency, converted to US$ at the UN operational rate of the revision's month
(programs/exchange.py) and kept with the rate used. Revising needs the number of the
revision the user started from: when someone else revised the budget meanwhile, the second
revision is refused and names the first (two people at once never overwrite each other).

Budget against actual compares the current revision's lines with the expenditure booked, in
US$: over a period, each year's lines count for the part of the year inside the period, as
the office's budget years are calendar years and its mandate periods run from June to May.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from untop.audit.context import acting_as

from .exchange import CENT, RateMissing, Rates
from .models import BudgetLine, BudgetRevision, Expenditure, Project, User
from .models.money import MONEY_SUM, ZERO_USD
from .rules import RuleBook

CATEGORIES = dict(Expenditure.Category.choices)


class BudgetRevisedMeanwhile(Exception):
    """Someone else's revision became current after the user began theirs."""

    def __init__(self, current: BudgetRevision | None):
        self.current = current
        if current is None:
            message = _("The budget's revision was withdrawn meanwhile: open the budget again.")
        else:
            message = _(
                "Revision %(number)s of this budget was entered meanwhile by %(who)s: "
                "review it, then revise again."
            ) % {"number": current.number, "who": current.made_by or _("someone")}
        super().__init__(message)


@dataclass(frozen=True)
class LineInput:
    year: int
    category: str
    amount: Decimal


def _check_lines(project: Project, lines: Iterable[LineInput]) -> list[LineInput]:
    """The lines worth keeping (empty and zero lines dropped); ValidationError naming each
    bad line by its year and category."""
    errors, kept, seen = [], [], set()
    first, last = project.start.year, project.end.year
    for line in lines:
        if line.amount is None or line.amount == 0:
            continue
        name = f"{line.year} {CATEGORIES.get(line.category, line.category)}"
        if line.category not in CATEGORIES:
            errors.append(
                _("“%(category)s” is not a budget category.") % {"category": line.category}
            )
        elif not first <= line.year <= last:
            errors.append(
                _("%(line)s: the project runs from %(first)s to %(last)s.")
                % {"line": name, "first": first, "last": last}
            )
        elif line.amount < 0:
            errors.append(_("%(line)s: an amount cannot be negative.") % {"line": name})
        elif (line.year, line.category) in seen:
            errors.append(_("%(line)s is given twice.") % {"line": name})
        else:
            seen.add((line.year, line.category))
            kept.append(line)
    if errors:
        raise ValidationError({"lines": errors})
    if not kept:
        raise ValidationError({"lines": [_("A budget needs at least one line.")]})
    return kept


@transaction.atomic
def budget_revise(
    *,
    project: Project,
    acting_user: User | None,
    made_on: datetime.date,
    reason: str,
    lines: Iterable[LineInput],
    based_on: int | None,
) -> BudgetRevision:
    """Make a new current revision of the project's budget from ``lines``.

    ``based_on`` is the number of the revision the user saw (None for a project with no
    budget yet). Refused, changing nothing: by PermissionDenied without the permission; by
    ValidationError naming the field (a line, the reason, a locked period, a missing rate);
    by BudgetRevisedMeanwhile when another revision became current since.
    """
    if acting_user is not None and not acting_user.has_perm("programs.add_budgetrevision"):
        raise PermissionDenied(_("You may not revise budgets."))
    # The project's row, locked: revisions of one project queue behind each other.
    project = Project.objects.select_for_update().get(pk=project.pk)
    current = (
        BudgetRevision.objects.filter(project=project, is_current=True)
        .select_related("made_by")
        .first()
    )
    if (current.number if current else None) != based_on:
        raise BudgetRevisedMeanwhile(current)
    reason = (reason or "").strip()
    errors: dict[str, list] = {}
    if current is not None and not reason:
        errors["reason"] = [_("Say why the budget is revised.")]
    book = RuleBook(acting_user)
    book.hold()
    locked = book.period(made_on, field="made_on")
    if locked is not None:
        errors["made_on"] = [locked.message]
    try:
        kept = _check_lines(project, lines)
    except ValidationError as error:
        errors.update(error.message_dict)
        kept = []
    rates = Rates([project.currency])
    if kept and "made_on" not in errors:
        try:
            rates.rate(project.currency, made_on)
        except RateMissing as missing:
            errors["made_on"] = [missing]
    if errors:
        raise ValidationError(errors)
    with acting_as(acting_user):
        if current is not None:
            BudgetRevision.objects.filter(pk=current.pk, is_current=True).update(is_current=False)
        revision = BudgetRevision(
            project=project,
            number=(current.number if current else 0) + 1,
            made_on=made_on,
            reason=reason,
            made_by=acting_user,
            currency=project.currency,
        )
        try:
            with transaction.atomic():
                revision.save()
        except IntegrityError:  # another revision took the number or the current place
            raise BudgetRevisedMeanwhile(
                BudgetRevision.objects.filter(project=project, is_current=True).first()
            ) from None
        rows = []
        for line in kept:
            amount_usd, used = rates.convert(line.amount, project.currency, made_on)
            rows.append(
                BudgetLine(
                    revision=revision,
                    year=line.year,
                    category=line.category,
                    amount=line.amount,
                    rate=used,
                    amount_usd=amount_usd,
                )
            )
        for row in rows:  # one by one: each leaves its audit entry
            row.save()
        revision.total = sum((row.amount for row in rows), Decimal(0))
        revision.total_usd = sum((row.amount_usd for row in rows), Decimal(0))
        revision.save(update_fields=["total", "total_usd"])
        project.budget_usd = revision.total_usd
        project.save(update_fields=["budget_usd"])
    return revision


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
    queries whatever the number of projects); projects with neither are left out."""
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
