"""The dashboard's budget tile: for those who may see the budgets, the period's budget against
what was spent, and the projects that spent more than their budget for the period."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from programs.budgets import LineInput, budget_revise
from programs.figures import budget_figures
from programs.models import Expenditure
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

URL = reverse("programs:dashboard")
D = datetime.date
TILE = "Spent of the budget for the period (US$)"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _budgeted(code: str, *, budget_2005: str, budget_2006: str, spent: str, manager):
    """A project of 1 June 2005 – 31 May 2006 budgeted in US$ by calendar year, with one
    expenditure booked in the period."""
    project = ProjectFactory(
        code=code, title=f"Project {code}", start=D(2005, 6, 1), end=D(2006, 5, 31)
    )
    budget_revise(
        project=project,
        acting_user=manager,
        made_on=D(2005, 6, 1),
        reason="",
        lines=[
            LineInput(2005, "events", Decimal(budget_2005)),
            LineInput(2006, "events", Decimal(budget_2006)),
        ],
        based_on=None,
    )
    Expenditure.objects.create(
        project=project, category="events", spent_on=D(2005, 10, 3), amount=Decimal(spent)
    )
    return project


def _tile(html: str) -> str:
    """The budget tile's text, tags removed and spaces collapsed."""
    found = re.search(r'<div class="tile tile-budget">(.*?)</div>', html, re.S)
    assert found, "no budget tile"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_staff_do_not_see_the_tile_managers_do(staff_client, manager_client, manager, period):
    _budgeted("ND-1", budget_2005="1000", budget_2006="2000", spent="900", manager=manager)
    staff_page = staff_client.get(URL).text
    assert "tile-budget" not in staff_page and "budget for the period" not in staff_page
    # A budget of 1,000 for June–December 2005 and 2,000 for January–May 2006: all of both
    # falls in the period (the project runs no other days those years).
    assert _tile(manager_client.get(URL).text) == (
        f"{TILE} 900 of 3,000 · 30% No project spent more than its budget for the period."
        " Budget against actual"
    )


def test_the_tile_counts_the_projects_over_budget_and_names_three_furthest_over_first(
    manager_client, manager, period
):
    _budgeted("ND-1", budget_2005="1000", budget_2006="0", spent="500", manager=manager)
    for code, spent in [("ND-2", "1100"), ("ND-3", "1900"), ("ND-4", "1500"), ("ND-5", "1200")]:
        _budgeted(code, budget_2005="1000", budget_2006="0", spent=spent, manager=manager)
    html = manager_client.get(URL).text
    assert _tile(html) == (
        f"{TILE} 6,200 of 5,000 · 124% 4 projects spent more than their budget for the period:"
        " ND-3 (190%), ND-4 (150%), ND-5 (120%) and others Budget against actual"
    )
    # Each named project leads to its budget; the tile to the budgets of the period.
    assert 'title="Project ND-3"' in html
    budgets = reverse("programs:budgets")
    assert f'href="{budgets}?period={period.pk}"' in html


def test_the_tile_shows_a_new_expenditure_at_once(manager_client, manager, period):
    project = _budgeted("ND-1", budget_2005="1000", budget_2006="0", spent="500", manager=manager)
    assert "500 of 1,000 · 50%" in _tile(manager_client.get(URL).text)
    Expenditure.objects.create(
        project=project, category="travel", spent_on=D(2006, 2, 1), amount=Decimal("700")
    )
    assert _tile(manager_client.get(URL).text).startswith(
        f"{TILE} 1,200 of 1,000 · 120% 1 project spent more than its budget for the period: ND-1"
    )


def test_without_budgets_or_spending_the_tile_says_so(manager_client, period):
    assert _tile(manager_client.get(URL).text) == (
        f"{TILE} 0 of 0 No project has a budget or spending in this period. Budget against actual"
    )


def test_a_budget_counts_for_the_part_of_its_year_in_the_period(manager, period):
    """The 2006 budget of a project running all 2006 counts for January to May only."""
    project = ProjectFactory(code="ND-Y", start=D(2006, 1, 1), end=D(2006, 12, 31))
    budget_revise(
        project=project,
        acting_user=manager,
        made_on=D(2006, 1, 10),
        reason="",
        lines=[LineInput(2006, "staff", Decimal("3650"))],
        based_on=None,
    )
    figures = budget_figures(period)
    # 151 of the year's 365 days fall before 1 June.
    assert figures["budget"] == Decimal("1510.00")
    assert (figures["spent"], figures["over_count"], figures["percent"]) == (Decimal(0), 0, 0)


def test_the_page_runs_a_fixed_number_of_queries_however_many_budgets(
    manager_client, manager, period, django_assert_num_queries
):
    """As the dashboard's own query test counts (tests/programs/test_dashboard.py): session,
    user, second factor, permissions (2), the menu's count (1), the periods (1), the figures
    (12, budget against actual's three among them; indicator progress is one query when no
    indicator exists) and the returned drafts (1)."""
    _budgeted("ND-1", budget_2005="1000", budget_2006="0", spent="1500", manager=manager)
    with django_assert_num_queries(20):
        assert manager_client.get(URL).status_code == 200
    for number in range(2, 12):
        _budgeted(
            f"ND-{number}", budget_2005="1000", budget_2006="0", spent="1500", manager=manager
        )
    # The same but the permissions, kept in the cache since the first visit.
    with django_assert_num_queries(18):
        html = manager_client.get(URL).text
    assert "11 projects spent more than their budget for the period" in _tile(html)
