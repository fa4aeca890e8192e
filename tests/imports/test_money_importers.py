"""Money in its own currency by import: pledges, contributions and expenditure converted to US$
at the UN operational rate of their month by one ``Rates`` per file, overrides only with a
reason, stated US$ figures that must agree, and the rates themselves imported and exported."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.budgets import LineInput, budget_revise
from programs.models import BudgetRevision, Contribution, ExchangeRate, Expenditure, Pledge
from programs.resources import BudgetLineResource, ExchangeRateResource, PledgeResource
from tests.factories import DonorFactory, ProjectFactory
from untop.audit.models import AuditEntry
from untop.imports.engine import ImportInvalid, get_importer, run_import
from untop.imports.reading import ImportRefused, Table

D = datetime.date
SPENT = ["project", "category", "spent_on", "amount", "currency"]
PLEDGED = ["donor", "project", "pledged_on", "amount", "currency"]


def _run(key, headers, rows, user, *, dry_run=False):
    importer = get_importer(key)(acting_user=user)
    return run_import(
        importer, Table(headers=headers, rows=rows), acting_user=user, dry_run=dry_run
    )


@pytest.fixture
def rates(db):
    """Krone at 6.4 in March 2006 and 6.2 in April; somoni at 3.2 in March."""
    return [
        ExchangeRate.objects.create(currency="NOK", month=D(2006, 3, 1), rate=Decimal("6.4")),
        ExchangeRate.objects.create(currency="NOK", month=D(2006, 4, 1), rate=Decimal("6.2")),
        ExchangeRate.objects.create(currency="TJS", month=D(2006, 3, 1), rate=Decimal("3.2")),
    ]


@pytest.fixture
def records(db):
    return {"donor": DonorFactory(code="NOR"), "project": ProjectFactory(code="TJK/05/003")}


def _problem(invalid) -> tuple[int, str, str]:
    [error] = invalid.value.errors
    return error.row, error.column, error.message


def test_the_last_of_march_and_the_first_of_april_convert_at_their_own_months_rates(
    manager, rates, records
):
    _run(
        "expenditure",
        SPENT,
        [
            ["TJK/05/003", "events", "31.03.2006", "6400", "NOK"],
            ["TJK/05/003", "events", "01.04.2006", "6400", "NOK"],
        ],
        manager,
    )
    march, april = Expenditure.objects.order_by("spent_on")
    assert (march.rate, march.amount_usd) == (Decimal("6.4"), Decimal("1000.00"))
    assert (april.rate, april.amount_usd) == (Decimal("6.2"), Decimal("1032.26"))
    assert (april.amount, april.currency) == (Decimal("6400.00"), "NOK")


def test_a_missing_rate_names_the_currency_and_the_month_and_nothing_is_saved(
    manager, rates, records
):
    with pytest.raises(ImportInvalid) as invalid:
        _run(
            "pledges",
            PLEDGED,
            [
                ["NOR", "TJK/05/003", "14.03.2006", "150000", "NOK"],
                ["NOR", "TJK/05/003", "02.05.2006", "150000", "NOK"],
            ],
            manager,
        )
    row, column, message = _problem(invalid)
    assert (row, column) == (3, "currency")
    assert message.startswith(
        "There is no UN operational rate of exchange for NOK in May 2006: add it under "
        "Exchange rates, or enter the US$ equivalent with a reason."
    )
    assert not Pledge.objects.exists()


def test_an_override_is_taken_with_its_reason_and_the_trail_keeps_the_reason(
    manager, rates, records
):
    _run(
        "contributions",
        ["donor", "received_on", "amount", "currency", "usd_override", "usd_override_reason"],
        [["NOR", "02.04.2006", "500000", "NOK", "80000", "Bank's rate on the day: 6.25"]],
        manager,
    )
    contribution = Contribution.objects.get()
    assert contribution.amount_usd == Decimal("80000.00")
    assert contribution.rate == Decimal("6.25")  # the rate the override implies
    entry = AuditEntry.objects.get(content_type__model="contribution")
    assert entry.changes["usd_override_reason"] == [None, "Bank's rate on the day: 6.25"]
    assert entry.changes["amount_usd"] == [None, "80000.00"]


@pytest.mark.parametrize(
    ("override", "reason", "column", "message"),
    [
        ("", "Bank's rate", "usd_override", "Enter the US$ equivalent this reason is for"),
        ("80000", "", "usd_override_reason", "Give the reason for this US$ equivalent"),
    ],
)
def test_an_override_and_its_reason_come_together(
    manager, rates, records, override, reason, column, message
):
    with pytest.raises(ImportInvalid) as invalid:
        _run(
            "contributions",
            ["donor", "received_on", "amount", "currency", "usd_override", "usd_override_reason"],
            [["NOR", "02.04.2006", "500000", "NOK", override, reason]],
            manager,
        )
    row, found_column, found = _problem(invalid)
    assert (row, found_column) == (2, column)
    assert found.startswith(message)
    assert not Contribution.objects.exists()


def test_a_file_of_several_currencies_totals_the_sum_of_its_converted_rows(manager, rates, records):
    outcome = _run(
        "expenditure",
        SPENT,
        [
            ["TJK/05/003", "staff", "10.03.2006", "1250", "USD"],
            ["TJK/05/003", "events", "15.03.2006", "3200", "NOK"],
            ["TJK/05/003", "travel", "20.03.2006", "1000", "TJS"],
            ["TJK/05/003", "travel", "20.04.2006", "1000", "NOK"],
        ],
        manager,
    )
    assert outcome.created == 4
    # 1250 + 3200/6.4 + 1000/3.2 + 1000/6.2, each to the cent
    expected = Decimal("1250.00") + Decimal("500.00") + Decimal("312.50") + Decimal("161.29")
    assert Expenditure.objects.aggregate(total=Sum("amount_usd"))["total"] == expected


def test_a_stated_us_equivalent_that_disagrees_is_refused_naming_row_and_column(
    manager, rates, records
):
    with pytest.raises(ImportInvalid) as invalid:
        _run(
            "pledges",
            [*PLEDGED, "amount_usd"],
            [
                ["NOR", "TJK/05/003", "14.03.2006", "6400", "NOK", "1000.00"],
                ["NOR", "", "15.03.2006", "6400", "NOK", "1100.00"],
            ],
            manager,
        )
    row, column, message = _problem(invalid)
    assert (row, column) == (3, "amount_usd")
    assert message == (
        "The file gives 1,100.00; at the UN operational rate of March 2006 (6.4 NOK per US$) "
        "it is US$ 1,000.00. Leave this column empty, or give the US$ equivalent as "
        "“usd_override” with its reason."
    )
    assert not Pledge.objects.exists()


def test_an_export_of_pledges_reads_back_as_the_same_figures(manager, rates, records):
    _run("pledges", PLEDGED, [["NOR", "TJK/05/003", "14.03.2006", "6400", "NOK"]], manager)
    exported = PledgeResource(acting_user=manager).export(Pledge.objects.all())
    [row] = exported.dict
    assert (row["amount"], row["currency"], row["rate"], row["amount_usd"]) == (
        "6400.00",
        "NOK",
        "6.4",
        "1000.00",
    )
    Pledge.objects.all().delete()
    # The exported file, sent back as it is: its stated figures agree, so it imports.
    outcome = _run("pledges", exported.headers, [list(exported[0])], manager)
    assert outcome.created == 1
    assert Pledge.objects.get().amount_usd == Decimal("1000.00")


def test_an_expenditure_file_in_us_dollars_only_is_refused_with_what_to_change(
    manager, rates, records
):
    with pytest.raises(ImportRefused) as refused:
        _run(
            "expenditure",
            ["project", "category", "spent_on", "amount_usd"],
            [["TJK/05/003", "events", "31.03.2006", "1250"]],
            manager,
        )
    assert "The column “amount_usd” gives the amounts in US$ only" in refused.value.message
    assert "add a column “currency”" in refused.value.message
    assert not Expenditure.objects.exists()


def test_money_of_a_locked_period_is_still_refused(manager, rates, records, period):
    period.locked = True
    period.save()
    with pytest.raises(ImportInvalid) as invalid:
        _run("expenditure", SPENT, [["TJK/05/003", "events", "31.03.2006", "6400", "NOK"]], manager)
    row, column, message = _problem(invalid)
    assert (row, column) == (2, "spent_on")
    assert "is locked" in message
    assert not Expenditure.objects.exists()


def test_a_file_converts_in_the_same_number_of_queries_whatever_its_length(manager, rates, records):
    def queries(rows: int) -> int:
        file = [
            ["TJK/05/003", "events", f"{day:02}.03.2006", str(100 + row), currency]
            for row in range(rows)
            for day, currency in [(1 + row % 28, ("NOK", "TJS", "USD")[row % 3])]
        ]
        with CaptureQueriesContext(connection) as captured:
            _run("expenditure", SPENT, file, manager, dry_run=True)
        return len(captured)

    queries(3)  # the first import of a test reads what is cached after (content types)
    assert queries(3) == queries(60)


# -- the rates ----------------------------------------------------------------------------
RATE_COLUMNS = ["currency", "month", "rate", "source"]


def test_rates_import_by_currency_and_month_in_the_offices_ways_of_writing_a_month(manager):
    ExchangeRate.objects.create(currency="NOK", month=D(2006, 3, 1), rate=Decimal("6.5"))
    outcome = _run(
        "exchange-rates",
        RATE_COLUMNS,
        [
            ["nok", "03.2006", "6,44", ""],  # corrects March's rate
            ["NOK", "2006-04", "6.2", "UN Treasury, April 2006"],
            ["TJS", "14.03.2006", "3.2", ""],
        ],
        manager,
    )
    assert (outcome.created, outcome.updated) == (2, 1)
    saved = {(r.currency, r.month): (r.rate, r.source) for r in ExchangeRate.objects.all()}
    assert saved == {
        ("NOK", D(2006, 3, 1)): (Decimal("6.44"), "UN operational rates of exchange"),
        ("NOK", D(2006, 4, 1)): (Decimal("6.2"), "UN Treasury, April 2006"),
        ("TJS", D(2006, 3, 1)): (Decimal("3.2"), "UN operational rates of exchange"),
    }
    change = AuditEntry.objects.get(
        content_type__model="exchangerate", action=AuditEntry.Action.UPDATE
    )
    assert change.actor == manager
    assert change.changes["rate"] == ["6.5000000000", "6.4400000000"]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["NOK", "2006-03", "0", ""], "rate", "“0” is not a rate"),
        (["NOK", "2006-03", "-6.4", ""], "rate", "“-6.4” is not a rate"),
        (["NOK", "March", "6.4", ""], "month", "“March” is not a month"),
        (["NOK", "2006-13", "6.4", ""], "month", "“2006-13” is not a month"),
        (["USD", "2006-03", "1", ""], "currency", "US$ needs no rate"),
        (["XXX", "2006-03", "1", ""], "currency", "“XXX” is not one of"),
    ],
)
def test_a_bad_rate_row_is_named_and_nothing_is_saved(manager, row, column, message):
    with pytest.raises(ImportInvalid) as invalid:
        _run("exchange-rates", RATE_COLUMNS, [["TJS", "2006-03", "3.2", ""], row], manager)
    found_row, found_column, found = _problem(invalid)
    assert (found_row, found_column) == (3, column)
    assert message in found
    assert not ExchangeRate.objects.exists()


def test_a_month_given_twice_in_a_rates_file_is_refused(manager):
    with pytest.raises(ImportInvalid, match="Row 3: The row repeats row 2"):
        _run(
            "exchange-rates",
            RATE_COLUMNS,
            [["NOK", "2006-03", "6.4", ""], ["NOK", "31.03.2006", "6.5", ""]],
            manager,
        )


def test_rates_export_in_the_columns_of_their_import(manager, rates):
    exported = ExchangeRateResource(acting_user=manager).export(ExchangeRate.objects.all())
    assert exported.headers == RATE_COLUMNS
    assert ["NOK", "2006-04", "6.2", "UN operational rates of exchange"] in [
        list(row) for row in exported
    ]


def test_the_import_page_offers_the_rates_to_managers_only(manager_client, staff_client):
    label = '<option value="exchange-rates">Exchange rates</option>'
    assert label in manager_client.get(reverse("imports:index")).content.decode()
    assert label not in staff_client.get(reverse("imports:index")).content.decode()


def test_staff_may_not_import_rates(staff_user):
    with pytest.raises(Exception, match="You may not import exchange rates"):
        _run("exchange-rates", RATE_COLUMNS, [["NOK", "2006-03", "6.4", ""]], staff_user)


# -- budgets --------------------------------------------------------------------------------
BUDGET = ["project", "made_on", "reason", "year", "category", "amount"]


@pytest.fixture
def budgets(db, manager, rates):
    """ND-X, budgeted in krone with revision 1 current; TJ-Y, in US$, with no budget yet."""
    nd = ProjectFactory(code="ND-X", start=D(2005, 6, 1), end=D(2006, 12, 31), currency="NOK")
    tj = ProjectFactory(code="TJ-Y", start=D(2006, 1, 1), end=D(2007, 12, 31), currency="USD")
    budget_revise(
        project=nd,
        acting_user=manager,
        made_on=D(2006, 3, 1),
        reason="",
        lines=[LineInput(2006, "events", Decimal("6400"))],
        based_on=None,
    )
    return {"ND-X": nd, "TJ-Y": tj}


def _revisions() -> list[tuple]:
    return list(
        BudgetRevision.objects.order_by("project__code", "number").values_list(
            "project__code", "number", "is_current"
        )
    )


def test_a_budget_file_makes_one_revision_per_project_through_the_service(manager, budgets):
    outcome = _run(
        "budget-lines",
        BUDGET,
        [
            ["ND-X", "01.04.2006", "Donor agreed a second seminar", "2006", "events", "12400"],
            ["ND-X", "", "", "2006", "staff", "6200"],
            ["TJ-Y", "2006-03-20", "", "2006", "travel", "1500"],
            ["TJ-Y", "20.03.2006", "", "2007", "travel", "2000"],
        ],
        manager,
    )
    assert outcome.summary == (
        "4 rows read: made revision 2 of ND-X (2 lines); made revision 1 of TJ-Y (2 lines)."
    )
    assert _revisions() == [("ND-X", 1, False), ("ND-X", 2, True), ("TJ-Y", 1, True)]
    revision = BudgetRevision.objects.get(project__code="ND-X", is_current=True)
    assert (revision.made_on, revision.reason, revision.made_by) == (
        D(2006, 4, 1),
        "Donor agreed a second seminar",
        manager,
    )
    lines = {(line.year, line.category): line for line in revision.lines.all()}
    assert lines[(2006, "events")].amount_usd == Decimal("2000.00")  # 12400 / 6.2 (April)
    assert lines[(2006, "staff")].rate == Decimal("6.2")
    assert revision.total_usd == Decimal("3000.00")
    assert BudgetRevision.objects.get(project__code="TJ-Y").total_usd == Decimal("3500.00")


def test_a_budget_preview_makes_nothing(manager, budgets):
    outcome = _run(
        "budget-lines",
        BUDGET,
        [["TJ-Y", "20.03.2006", "", "2006", "travel", "1500"]],
        manager,
        dry_run=True,
    )
    assert outcome.summary == "1 rows read: would make revision 1 of TJ-Y (1 lines)."
    assert _revisions() == [("ND-X", 1, True)]


@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "import"])
@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            ["ND-X", "01.04.2006", "", "2006", "events", "100"],
            "reason",
            "Say why the budget of ND-X is revised, on one of its rows.",
        ),
        (
            ["ND-X", "02.05.2006", "More", "2006", "events", "100"],
            "made_on",
            "There is no UN operational rate of exchange for NOK in May 2006",
        ),
        (
            ["ND-X", "", "More", "2006", "events", "100"],
            "made_on",
            "Give the date of the revision of ND-X on one of its rows.",
        ),
        (
            ["ND-X", "01.04.2006", "More", "2008", "events", "100"],
            "year",
            "ND-X runs from 2005 to 2006.",
        ),
        (
            ["ND-X", "01.04.2006", "More", "2006", "events", "100", "USD"],
            "currency",
            "ND-X is budgeted in NOK: give its amounts in it.",
        ),
        (
            ["ND-X", "01.04.2006", "More", "2006", "events", "100", "", "2"],
            "revision",
            "The file revises revision 2 of the budget of ND-X, but revision 1 is current now",
        ),
    ],
)
def test_a_bad_budget_row_is_refused_in_the_preview_as_in_the_import(
    manager, budgets, dry_run, row, column, message
):
    headers = [*BUDGET, "currency", "revision"][: len(row)]
    with pytest.raises(ImportInvalid) as invalid:
        _run("budget-lines", headers, [row], manager, dry_run=dry_run)
    found_row, found_column, found = _problem(invalid)
    assert (found_row, found_column) == (2, column)
    assert found.startswith(message)
    assert _revisions() == [("ND-X", 1, True)]


def test_a_budget_revised_after_the_file_was_checked_refuses_the_file(manager, budgets):
    class RevisedMeanwhile(BudgetLineResource):
        def prepare(self, dataset):
            super().prepare(dataset)
            budget_revise(  # someone else, between the check and the save
                project=budgets["ND-X"],
                acting_user=manager,
                made_on=D(2006, 3, 1),
                reason="Another officer",
                lines=[LineInput(2006, "staff", Decimal("640"))],
                based_on=1,
            )

    table = Table(headers=BUDGET, rows=[["ND-X", "01.04.2006", "More", "2006", "events", "100"]])
    with pytest.raises(ImportRefused) as refused:
        run_import(RevisedMeanwhile(acting_user=manager), table, acting_user=manager)
    assert refused.value.message.startswith("ND-X: Revision 2 of this budget was entered meanwhile")
    assert _revisions() == [("ND-X", 1, True)]


def test_the_budget_export_is_the_current_budgets_and_reads_back_as_a_revision(manager, budgets):
    exported = BudgetLineResource(acting_user=manager).export(BudgetRevision.objects.all())
    assert exported.headers == [
        "project",
        "revision",
        "made_on",
        "reason",
        "year",
        "category",
        "amount",
        "currency",
        "rate",
        "amount_usd",
    ]
    assert [list(row) for row in exported] == [
        ["ND-X", "1", "2006-03-01", "", "2006", "events", "6400.00", "NOK", "6.4", "1000.00"]
    ]
    # Changed and sent back: revision 2, revising revision 1.
    row = list(exported[0])
    row[3], row[6] = "Donor agreed more", "12800"
    _run("budget-lines", exported.headers, [row], manager)
    assert _revisions() == [("ND-X", 1, False), ("ND-X", 2, True)]
    assert BudgetRevision.objects.get(is_current=True).total_usd == Decimal("2000.00")


def test_a_budget_revision_dated_in_a_locked_period_is_refused(manager, budgets, period):
    period.locked = True
    period.save()
    with pytest.raises(ImportInvalid) as invalid:
        _run("budget-lines", BUDGET, [["TJ-Y", "20.03.2006", "", "2006", "travel", "1"]], manager)
    row, column, message = _problem(invalid)
    assert (row, column) == (2, "made_on")
    assert "is locked" in message
    assert _revisions() == [("ND-X", 1, True)]
