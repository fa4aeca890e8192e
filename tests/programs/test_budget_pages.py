"""The budget pages: budget against actual for a mandate period, and a project's budget
with its revisions and the form that revises it (programs/views/budgets.py)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from programs.budget_forms import cell_name
from programs.budgets import LineInput, budget_revise
from programs.models import (
    BudgetRevision,
    ExchangeRate,
    Expenditure,
    MandatePeriod,
    Pledge,
    Project,
)
from programs.rules import Rule
from tests.conftest import sign_in_as
from tests.factories import DonorFactory, ProjectFactory, user_with_role
from untop import roles

pytestmark = pytest.mark.django_db

AGREED = datetime.date(2005, 7, 15)  # inside the 2005–06 period (the `period` fixture)
REVISED = datetime.date(2006, 10, 2)  # inside 2006–07, open
NOK_PER_USD = Decimal("6.4")


def _text(response) -> str:
    """The page as a person reads it: tags dropped, spaces collapsed."""
    return _text_of(response.content.decode())


def _text_of(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _rates(*months: datetime.date) -> None:
    for month in months:
        ExchangeRate.objects.get_or_create(
            currency="NOK", month=month.replace(day=1), defaults={"rate": NOK_PER_USD}
        )


def _spend(project: Project, category: str, day: datetime.date, usd: str) -> Expenditure:
    return Expenditure.objects.create(
        project=project, category=category, spent_on=day, amount=Decimal(usd), currency="USD"
    )


def _budget(project: Project, user, lines: dict[tuple[int, str], str], *, made_on=AGREED):
    current = project.budget_revisions.filter(is_current=True).first()
    return budget_revise(
        project=project,
        acting_user=user,
        made_on=made_on,
        reason="" if current is None else "Donor's letter",
        lines=[
            LineInput(year, category, Decimal(amount)) for (year, category), amount in lines.items()
        ],
        based_on=current.number if current else None,
    )


@pytest.fixture
def nok_project(manager):
    """ND-2005 as the demo has it, smaller: budgeted in NOK for 2005 and 2006."""
    _rates(AGREED, REVISED)
    project = ProjectFactory(
        code="ND-2005",
        title="Dialogue forums",
        currency="NOK",
        start=datetime.date(2005, 6, 1),
        end=datetime.date(2006, 12, 31),
    )
    _budget(
        project,
        manager,
        {(2005, "events"): "64000", (2005, "travel"): "12800", (2006, "events"): "128000"},
    )
    return project


def _form(project: Project, **overrides) -> dict[str, str]:
    """The revision form as a browser posts it: every cell of the grid, the current amounts
    in them (as the page fills it), then ``overrides`` by cell or field name."""
    current = project.budget_revisions.filter(is_current=True).first()
    amounts = (
        {(line.year, line.category): line.amount for line in current.lines.all()} if current else {}
    )
    data = {
        "made_on": REVISED.isoformat(),
        "reason": "The donor agreed to more travel.",
        "based_on": str(current.number) if current else "",
    }
    for year in range(project.start.year, project.end.year + 1):
        for category in Expenditure.Category.values:
            amount = amounts.get((year, category))
            data[cell_name(year, category)] = f"{amount}" if amount is not None else ""
    return data | overrides


def _page(project: Project) -> str:
    return reverse("programs:project_budget", args=[project.pk])


# -- who sees the pages -----------------------------------------------------------------
def test_programme_staff_are_refused_both_pages_and_managers_open_them(
    staff_client, manager_client, nok_project
):
    for url in (reverse("programs:budgets"), _page(nok_project)):
        assert staff_client.get(url).status_code == 403
        assert manager_client.get(url).status_code == 200
    # Nor may staff post a revision.
    assert staff_client.post(_page(nok_project), _form(nok_project)).status_code == 403
    assert nok_project.budget_revisions.count() == 1


def test_the_results_page_links_to_the_budget_for_those_who_read_budgets(
    staff_client, manager_client, nok_project
):
    results = reverse("programs:project_results", args=[nok_project.pk])

    assert f'href="{_page(nok_project)}"' in manager_client.get(results).content.decode()
    assert f'href="{_page(nok_project)}"' not in staff_client.get(results).content.decode()


# -- budget against actual ---------------------------------------------------------------
def test_each_project_shows_its_budget_for_the_period_against_its_spending(
    manager, manager_client, period, nok_project
):
    # 2005: 76,800 NOK = 12,000 US$, 7 of its 7 months in the period; 2006: 128,000 NOK
    # = 20,000 US$, its first 5 months of 12 (151 of 365 days): 8,274 US$.
    _spend(nok_project, "events", datetime.date(2005, 9, 1), "9000")
    overspent = ProjectFactory(
        code="EL-2005", title="Election observers", area=Project.Area.ELECTIONS
    )
    _budget(overspent, manager, {(2005, "travel"): "1000"})
    _spend(overspent, "travel", datetime.date(2005, 11, 1), "1500")

    page = _text(manager_client.get(reverse("programs:budgets"), {"period": period.pk}))

    assert "ND-2005 Dialogue forums NOK 1 20,274 9,000 11,274 44%" in page
    assert "EL-2005 Election observers USD 1 1,000 1,500 -500 150% over budget" in page
    assert "All projects 21,274 10,500 10,774 49%" in page
    assert (
        "2 projects with a budget or spending in the period; 1 spent more than its budget." in page
    )
    # By category, over both projects.
    assert "Meetings, seminars and venues 18,274 9,000 9,274 49%" in page
    assert "Travel 3,000 1,500 1,500 50%" in page
    assert "All categories 21,274 10,500 10,774 49%" in page


def test_the_page_filters_by_area_and_by_donor(manager, manager_client, period, nok_project):
    elections = ProjectFactory(code="EL-2005", area=Project.Area.ELECTIONS)
    _budget(elections, manager, {(2005, "travel"): "1000"})
    norway = DonorFactory(name="Norway")
    Pledge.objects.create(
        donor=norway, project=nok_project, pledged_on=AGREED, amount=Decimal(10), currency="USD"
    )
    url = reverse("programs:budgets")

    by_area = _text(manager_client.get(url, {"period": period.pk, "area": "elections"}))
    by_donor = _text(manager_client.get(url, {"period": period.pk, "donor": norway.pk}))
    bad = _text(manager_client.get(url, {"period": period.pk, "donor": "999999"}))

    assert "EL-2005" in by_area and "ND-2005" not in by_area
    assert "ND-2005" in by_donor and "EL-2005" not in by_donor
    assert "Select a valid choice." in bad
    assert "No project has a budget or spending in this period with these filters." in bad


def test_the_page_runs_the_same_queries_for_two_projects_and_for_twenty(
    manager, period, django_assert_num_queries
):
    client = Client()
    sign_in_as(client, manager)
    url = reverse("programs:budgets")

    def projects(first: int, count: int) -> None:
        for number in range(first, first + count):
            project = ProjectFactory(code=f"P-{number:02}")
            _budget(project, manager, {(2005, "travel"): "1000", (2006, "staff"): "2000"})
            _spend(project, "travel", datetime.date(2005, 8, 1), "300")
            DonorFactory().pledges.create(
                project=project, pledged_on=AGREED, amount=Decimal(5), currency="USD"
            )

    projects(0, 2)
    # The session and permissions, read once; the filters' choices, kept in the figures cache.
    client.get(url, {"period": period.pk})
    with django_assert_num_queries(QUERIES_BUDGETS):
        small = client.get(url, {"period": period.pk})
    projects(2, 18)
    # The menu's counts and the filters' choices, cached again after the writes.
    client.get(url, {"period": period.pk})
    with django_assert_num_queries(QUERIES_BUDGETS):
        large = client.get(url, {"period": period.pk})

    assert _text(small).count("P-0") == 2
    assert _text(large).count(" P-") == 20


QUERIES_BUDGETS = 10
QUERIES_PROJECT = 7


# -- a project's budget ------------------------------------------------------------------
def test_the_project_page_shows_the_budget_by_year_and_category_beside_the_spending(
    manager_client, nok_project
):
    _spend(nok_project, "events", datetime.date(2005, 9, 1), "11000")
    _spend(nok_project, "staff", datetime.date(2006, 2, 1), "700")

    page = _text(manager_client.get(_page(nok_project)))

    assert "The budget: revision 1, the current one" in page
    assert "2005 Travel 12,800.00 2,000.00 12,800.00 NOK 0.00 2,000.00 0%" in page
    assert (
        "Meetings, seminars and venues 64,000.00 10,000.00 64,000.00 NOK 11,000.00 -1,000.00 "
        "110% over budget" in page
    )
    assert "2005 in all 76,800.00 12,000.00 76,800.00 NOK 11,000.00 1,000.00 92%" in page
    # Spending with no budget line shows, against nothing.
    assert "Staff and consultants – 0.00 700.00 -700.00 –" in page
    assert "2006 in all 128,000.00 20,000.00 128,000.00 NOK 700.00 19,300.00 4%" in page
    assert "The whole budget 204,800.00 32,000.00 204,800.00 NOK 11,700.00 20,300.00 37%" in page
    # The history.
    assert "Revision 1 current" in page
    assert "the original budget 204,800.00 NOK 32,000.00" in page


def test_an_earlier_revision_is_shown_as_it_was(manager, manager_client, nok_project):
    _budget(nok_project, manager, {(2006, "events"): "64000"}, made_on=REVISED)

    current = _text(manager_client.get(_page(nok_project)))
    earlier = _text(manager_client.get(_page(nok_project), {"revision": 1}))

    assert "The budget: revision 2, the current one" in current
    assert "The whole budget 64,000.00 10,000.00" in current
    assert "Revision 1, an earlier budget" in earlier
    assert "Show the current budget (revision 2)" in earlier
    assert "The whole budget 204,800.00 32,000.00" in earlier
    assert "Revision 2 current" in current and "Donor's letter 64,000.00 NOK" in current
    assert manager_client.get(_page(nok_project), {"revision": 9}).status_code == 404


def test_the_project_page_runs_the_same_queries_for_a_short_budget_and_a_long_one(
    manager, period, django_assert_num_queries
):
    client = Client()
    sign_in_as(client, manager)
    short = ProjectFactory(start=datetime.date(2005, 6, 1), end=datetime.date(2005, 12, 31))
    _budget(short, manager, {(2005, "travel"): "100"})
    long = ProjectFactory(start=datetime.date(2003, 1, 1), end=datetime.date(2007, 12, 31))
    for number in range(3):
        _budget(
            long,
            manager,
            {
                (year, c): f"{100 + number}"
                for year in range(2003, 2008)
                for c in ("staff", "travel")
            },
        )
    for year in range(2003, 2008):
        _spend(long, "events", datetime.date(year, 3, 1), "50")
    client.get(_page(short))
    client.get(_page(long))

    with django_assert_num_queries(QUERIES_PROJECT):
        client.get(_page(short))
    with django_assert_num_queries(QUERIES_PROJECT):
        page = _text(client.get(_page(long)))

    assert "Revision 3 current" in page and "2007 in all" in page


def test_the_form_is_the_grid_of_the_current_amounts_for_those_who_may_revise(
    manager_client, nok_project
):
    html = manager_client.get(_page(nok_project)).content.decode()

    assert "Revise the budget" in html
    assert re.search(r'name="line-2005-events" value="64000(\.00)?"', html)
    assert re.search(r'name="line-2006-travel"(?! value)', html)
    assert 'name="based_on" value="1"' in html
    # Every year of the project by every category.
    assert len(re.findall(r'name="line-\d{4}-\w+"', html)) == 2 * len(Expenditure.Category.values)


# -- revising -------------------------------------------------------------------------------
def test_a_revision_is_saved_as_the_next_number_and_the_page_shows_it(
    manager, manager_client, nok_project
):
    response = manager_client.post(
        _page(nok_project), _form(nok_project, **{"line-2006-travel": "6400"}), follow=True
    )

    page = _text(response)
    revision = nok_project.budget_revisions.get(is_current=True)
    assert revision.number == 2 and revision.made_by == manager
    assert "Revision 2 of the budget of ND-2005 was saved." in page
    assert "The budget: revision 2, the current one" in page
    assert "2006 Travel 6,400.00 1,000.00 6,400.00 NOK" in page
    assert "The donor agreed to more travel." in page


def test_a_bad_line_is_refused_naming_its_year_and_category_and_nothing_is_saved(
    manager_client, nok_project
):
    response = manager_client.post(
        _page(nok_project), _form(nok_project, **{"line-2006-travel": "-10"})
    )
    typo = manager_client.post(_page(nok_project), _form(nok_project, **{"line-2005-staff": "12o"}))

    assert response.status_code == 400
    page = _text(response)
    assert "Nothing was saved" in page
    assert "2006 Travel: an amount cannot be negative." in page
    # The cell is marked, and keeps what was typed.
    assert re.search(
        r'<input[^>]*name="line-2006-travel" value="-10"[^>]*aria-invalid="true"|'
        r'<input[^>]*aria-invalid="true"[^>]*name="line-2006-travel" value="-10"',
        response.content.decode(),
    )
    assert "2005 Staff and consultants: enter an amount, such as 12500.00." in _text(typo)
    assert nok_project.budget_revisions.count() == 1


def test_a_missing_rate_is_named_by_its_currency_and_month(manager_client, nok_project):
    response = manager_client.post(_page(nok_project), _form(nok_project, made_on="2006-11-03"))

    assert response.status_code == 400
    assert "There is no UN operational rate of exchange for NOK in November 2006" in _text(response)
    assert nok_project.budget_revisions.count() == 1


def test_a_revision_dated_in_a_locked_period_is_refused_with_the_rules_message(
    manager_client, nok_project, period
):
    MandatePeriod.objects.filter(pk=period.pk).update(locked=True)

    response = manager_client.post(_page(nok_project), _form(nok_project, made_on="2005-10-04"))

    assert response.status_code == 400
    message = str(Rule.PERIOD_LOCKED.value).split("%(")[0]
    assert message in _text(response)
    assert nok_project.budget_revisions.count() == 1


def test_a_revision_made_meanwhile_is_shown_with_its_author_and_the_users_entries_are_kept(
    manager_client, nok_project, centre
):
    form = _form(nok_project, **{"line-2006-travel": "3200"})  # the page as opened at revision 1
    colleague = user_with_role(
        roles.PROGRAMME_MANAGER, username="dilnoza", first_name="Dilnoza", last_name="Rahimova"
    )
    _budget(nok_project, colleague, {(2006, "events"): "96000"}, made_on=REVISED)

    response = manager_client.post(_page(nok_project), form)

    assert response.status_code == 409
    page, html = _text(response), response.content.decode()
    assert (
        "Revision 2 of this budget was entered meanwhile by Dilnoza Rahimova: review it, "
        "then revise again." in page
    )
    assert "Revision 2, by Dilnoza Rahimova, dated" in page
    assert "96,000.00 NOK in all (US$ 15,000.00)." in page
    assert "That revision is your own" not in page
    assert 'name="line-2006-travel" value="3200"' in html
    assert 'name="based_on" value="2"' in html
    assert nok_project.budget_revisions.count() == 2

    # Saving again from there revises hers.
    again = dict(form, based_on="2")
    manager_client.post(_page(nok_project), again)
    assert nok_project.budget_revisions.get(is_current=True).number == 3


def test_the_same_form_sent_twice_saves_one_revision_and_shows_it(manager_client, nok_project):
    form = _form(nok_project, **{"line-2006-travel": "6400"})

    first = manager_client.post(_page(nok_project), form)
    second = manager_client.post(_page(nok_project), form, follow=True)

    assert first.status_code == 302
    assert nok_project.budget_revisions.count() == 2
    page = _text(second)
    assert second.status_code == 200
    assert (
        "Your revision 2 of the budget was already saved (the form was sent twice); "
        "it is shown below." in page
    )
    assert "The budget: revision 2, the current one" in page


def test_a_project_without_a_budget_gets_an_empty_grid_and_its_first_budget(manager_client):
    project = ProjectFactory(
        code="HR-2006", start=datetime.date(2006, 1, 1), end=datetime.date(2007, 6, 30)
    )

    html = manager_client.get(_page(project)).content.decode()
    response = manager_client.post(
        _page(project),
        _form(project, reason="", **{"line-2007-grants": "5000"}),
        follow=True,
    )

    assert "This project has no budget yet." in _text_of(html)
    assert "Enter the budget" in html
    cells = re.findall(r'name="(line-\d{4}-\w+)"(?: value="([^"]*)")?', html)
    assert len(cells) == 2 * len(Expenditure.Category.values)
    assert all(not value for _name, value in cells)
    assert 'name="based_on"' in html and 'name="based_on" value' not in html
    assert "Revision 1 of the budget of HR-2006 was saved." in _text(response)
    assert project.budget_revisions.get().total_usd == Decimal("5000.00")


def test_a_revision_needs_its_reason(manager_client, nok_project):
    response = manager_client.post(_page(nok_project), _form(nok_project, reason="  "))

    assert response.status_code == 400
    assert "Say why the budget is revised." in _text(response)
    assert BudgetRevision.objects.filter(project=nok_project).count() == 1


def test_a_second_sending_with_other_amounts_is_refused_and_says_the_revision_is_their_own(
    manager_client, nok_project
):
    form = _form(nok_project, **{"line-2006-travel": "6400"})
    manager_client.post(_page(nok_project), form)

    response = manager_client.post(_page(nok_project), dict(form, **{"line-2006-travel": "7000"}))

    assert response.status_code == 409
    page = _text(response)
    assert "That revision is your own" in page
    assert 'name="line-2006-travel" value="7000"' in response.content.decode()
    assert nok_project.budget_revisions.count() == 2
