"""Revising a project's budget (programs.budgets.budget_revise) and budget against actual."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from programs.budgets import (
    BudgetRevisedMeanwhile,
    LineInput,
    budget_against_actual,
    budget_by_category,
    budget_revise,
    total_row,
    year_share,
)
from programs.models import BudgetRevision, ExchangeRate, Expenditure, Project
from tests.factories import ProjectFactory

D = datetime.date


@pytest.fixture
def project(db):
    """A dialogue project of 1 June 2005 – 31 December 2006, budgeted in krone."""
    ExchangeRate.objects.create(currency="NOK", month=D(2005, 6, 1), rate=Decimal("6.5"))
    ExchangeRate.objects.create(currency="NOK", month=D(2006, 3, 1), rate=Decimal("6.4"))
    return ProjectFactory(code="ND-X", start=D(2005, 6, 1), end=D(2006, 12, 31), currency="NOK")


def _lines(**amounts):
    """events_2005="65000" → LineInput(2005, "events", 65000)."""
    lines = []
    for key, amount in amounts.items():
        category, year = key.rsplit("_", 1)
        lines.append(LineInput(int(year), category, Decimal(amount)))
    return lines


def test_the_original_budget_is_converted_at_its_months_rate(project, manager):
    revision = budget_revise(
        project=project,
        acting_user=manager,
        made_on=D(2005, 6, 15),
        reason="",
        lines=_lines(events_2005="65000", staff_2006="130000", travel_2006="0"),
        based_on=None,
    )
    assert (revision.number, revision.made_by, revision.currency) == (1, manager, "NOK")
    assert [(line.year, line.category, line.amount_usd) for line in revision.lines.all()] == [
        (2005, "events", Decimal("10000.00")),
        (2006, "staff", Decimal("20000.00")),
    ]  # the empty line is not kept
    assert (revision.total, revision.total_usd) == (Decimal("195000"), Decimal("30000.00"))
    project.refresh_from_db()
    assert project.budget_usd == Decimal("30000.00")


def test_a_revision_keeps_the_earlier_one_and_needs_a_reason(project, manager):
    first = budget_revise(
        project=project,
        acting_user=manager,
        made_on=D(2005, 6, 15),
        reason="",
        lines=_lines(events_2005="65000"),
        based_on=None,
    )
    with pytest.raises(ValidationError) as refused:
        budget_revise(
            project=project,
            acting_user=manager,
            made_on=D(2006, 3, 20),
            reason=" ",
            lines=_lines(events_2005="65000", events_2006="64000"),
            based_on=1,
        )
    assert refused.value.message_dict == {"reason": ["Say why the budget is revised."]}
    second = budget_revise(
        project=project,
        acting_user=manager,
        made_on=D(2006, 3, 20),
        reason="Norway's additional pledge",
        lines=_lines(events_2005="65000", events_2006="64000"),
        based_on=1,
    )
    first.refresh_from_db()
    assert (first.is_current, second.is_current, second.number) == (False, True, 2)
    assert first.lines.count() == 1 and second.lines.count() == 2
    # The whole revision at the revision's month: 129,000 NOK at 6.4.
    assert second.total_usd == Decimal("20156.25")


def test_someone_elses_revision_meanwhile_refuses_the_second(project, manager):
    budget_revise(
        project=project,
        acting_user=manager,
        made_on=D(2005, 6, 15),
        reason="",
        lines=_lines(events_2005="65000"),
        based_on=None,
    )
    # The second person opened the budget before the first revision existed.
    with pytest.raises(BudgetRevisedMeanwhile) as refused:
        budget_revise(
            project=project,
            acting_user=manager,
            made_on=D(2005, 6, 15),
            reason="",
            lines=_lines(staff_2005="1000"),
            based_on=None,
        )
    assert str(refused.value) == (
        "Revision 1 of this budget was entered meanwhile by manager: review it, then revise again."
    )
    assert BudgetRevision.objects.filter(project=project).count() == 1


def test_bad_lines_are_named_and_nothing_is_saved(project, manager):
    with pytest.raises(ValidationError) as refused:
        budget_revise(
            project=project,
            acting_user=manager,
            made_on=D(2005, 6, 15),
            reason="",
            lines=[
                LineInput(2004, "events", Decimal("10")),
                LineInput(2005, "travel", Decimal("-5")),
                LineInput(2005, "staff", Decimal("10")),
                LineInput(2005, "staff", Decimal("20")),
            ],
            based_on=None,
        )
    assert refused.value.message_dict["lines"] == [
        "2004 Meetings, seminars and venues: the project runs from 2005 to 2006.",
        "2005 Travel: an amount cannot be negative.",
        "2005 Staff and consultants is given twice.",
    ]
    assert not BudgetRevision.objects.exists()


def test_a_missing_rate_and_a_locked_period_are_named(project, manager, period):
    with pytest.raises(ValidationError) as refused:
        budget_revise(
            project=project,
            acting_user=manager,
            made_on=D(2006, 9, 1),
            reason="",
            lines=_lines(events_2006="100"),
            based_on=None,
        )
    assert refused.value.message_dict["made_on"] == [
        "There is no UN operational rate of exchange for NOK in September 2006: add it under "
        "Exchange rates first."
    ]
    period.locked = True
    period.save()
    with pytest.raises(ValidationError) as refused:
        budget_revise(
            project=project,
            acting_user=manager,
            made_on=D(2005, 6, 15),
            reason="",
            lines=_lines(events_2005="100"),
            based_on=None,
        )
    assert refused.value.message_dict["made_on"] == [
        f"The mandate period {period} is locked: a manager can unlock it."
    ]
    assert not BudgetRevision.objects.exists()


def test_staff_may_not_revise_a_budget(project, staff_user):
    with pytest.raises(PermissionDenied):
        budget_revise(
            project=project,
            acting_user=staff_user,
            made_on=D(2005, 6, 15),
            reason="",
            lines=_lines(events_2005="100"),
            based_on=None,
        )


def test_a_years_budget_counts_for_the_projects_days_inside_the_period():
    # A project of 1 June – 31 December 2005 spends its whole 2005 budget in those months.
    assert year_share(2005, D(2005, 6, 1), D(2006, 5, 31), D(2005, 6, 1), D(2005, 12, 31)) == 1
    # A project running all of 2006: 151 of its 365 days fall before 1 June.
    assert year_share(2006, D(2005, 6, 1), D(2006, 5, 31)) == Decimal(151) / Decimal(365)
    assert year_share(2007, D(2005, 6, 1), D(2006, 5, 31)) == 0


def test_budget_against_actual_per_project_and_category(
    project, manager, django_assert_num_queries
):
    budget_revise(
        project=project,
        acting_user=manager,
        made_on=D(2005, 6, 15),
        reason="",
        lines=_lines(events_2005="65000", events_2006="130000", staff_2006="65000"),
        based_on=None,
    )
    for day, amount, currency, category in (
        (D(2005, 9, 30), "9000", "USD", "events"),
        (D(2006, 3, 31), "6400", "NOK", "staff"),
        (D(2006, 7, 31), "5000", "USD", "events"),  # after the period
    ):
        spent = Expenditure(
            project=project,
            category=category,
            spent_on=day,
            amount=Decimal(amount),
            currency=currency,
        )
        spent.full_clean()
        spent.save()
    unbudgeted = ProjectFactory(code="ND-Y")
    projects = Project.objects.filter(code__startswith="ND-")
    with django_assert_num_queries(3):
        rows = budget_against_actual(projects, D(2005, 6, 1), D(2006, 5, 31))
    # 2005 in all (US$ 10,000) and 151/365 of 2006's US$ 30,000.
    assert [(r.project.code, r.budget, r.spent, r.percent, r.over) for r in rows] == [
        ("ND-X", Decimal("22410.96"), Decimal("10000.00"), 45, False)
    ]
    assert unbudgeted.code not in [r.project.code for r in rows]
    by_category = budget_by_category(projects, D(2005, 6, 1), D(2006, 5, 31))
    assert [(r.key, r.budget, r.spent) for r in by_category] == [
        ("staff", Decimal("4136.99"), Decimal("1000.00")),
        ("events", Decimal("18273.97"), Decimal("9000.00")),
    ]
    total = total_row(by_category)
    assert (total.budget, total.spent) == (Decimal("22410.96"), Decimal("10000.00"))


def test_a_budgets_currency_stays_once_there_is_a_budget(project, manager):
    project.currency = "USD"
    project.full_clean()  # no budget yet: the currency may still change
    project.currency = "NOK"
    budget_revise(
        project=project,
        acting_user=manager,
        made_on=D(2005, 6, 15),
        reason="",
        lines=_lines(events_2005="100"),
        based_on=None,
    )
    project.currency = "EUR"
    with pytest.raises(ValidationError) as refused:
        project.full_clean()
    assert refused.value.message_dict["currency"] == [
        "The project's budget is in NOK: its currency cannot change once it has a budget."
    ]
