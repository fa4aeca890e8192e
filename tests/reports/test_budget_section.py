"""The donor report's "Budget against actual": each project the donor funds, its budget for
the report's period against what it spent, in all and by category, the same in the PDF, the
Word document and the spreadsheet; and the rate each pledge and contribution became US$ at,
a US$ equivalent entered by hand marked with its reason."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from programs.budgets import LineInput, budget_revise
from programs.models import Donor, Expenditure, Pledge, Project, User
from programs.reports import DONOR_REPORT
from tests.factories import PledgeFactory, ProjectFactory
from untop.reports.services import report_render_files, report_render_html

pytestmark = pytest.mark.django_db

D = datetime.date
PARAMETERS = {"donor": "NOR", "start": "2005-06-01", "end": "2006-05-31", "language": "en"}
HEAD = [
    "Project",
    "Budget currency",
    "Revision",
    "Budget for the period (US$)",
    "Spent (US$)",
    "Balance (US$)",
    "Rate of spending (%)",
]


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _budget(parameters=PARAMETERS) -> dict:
    return DONOR_REPORT.build_context(parameters)["budget"]


def _row(budget: dict, code: str):
    (item,) = [item for item in budget["projects"] if item["code"] == code]
    return item


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _near(value: Decimal):
    """A figure as the spreadsheet holds it: a number to the cent."""
    return pytest.approx(float(value), abs=0.005)


def _word_rows(table) -> list[list[str]]:
    """A Word table's rows, a merged cell read once."""
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1][0]:
                cells.append((cell._tc, cell.text))
        rows.append([text for _tc, text in cells])
    return rows


def _word_table_after(document, heading: str):
    found = False
    for block in document.iter_inner_content():
        if isinstance(block, docx.text.paragraph.Paragraph):
            found = found or block.text == heading
        elif found:
            return block
    raise AssertionError(f"No table after {heading!r}")


def test_norways_report_sets_nd_2005s_budget_against_its_spending(demo):
    budget = _budget()
    nd_2005 = _row(budget, "ND-2005")
    row = nd_2005["row"]
    # Budgeted in krone, revised in March 2006: the current revision is the second.
    assert (nd_2005["currency"], nd_2005["revision"]) == ("NOK", 2)
    assert row.budget > 0 and row.spent > 0
    spent = Expenditure.objects.filter(
        project__code="ND-2005", spent_on__range=(D(2005, 6, 1), D(2006, 5, 31))
    ).values_list("amount_usd", flat=True)
    assert row.spent == sum(spent)
    assert row.balance == row.budget - row.spent
    assert row.percent == round(row.spent / row.budget * 100)
    # The total is the sum of the projects' rows; by category the same money again.
    total = budget["total"]
    assert total.budget == sum(item["row"].budget for item in budget["projects"])
    assert total.spent == sum(item["row"].spent for item in budget["projects"])
    categories = budget["category_total"]
    assert (categories.budget, categories.spent) == (total.budget, total.spent)
    # Only the projects Norway pledged to.
    norway = Project.objects.filter(pledges__donor__code="NOR").values_list("code", flat=True)
    assert {item["code"] for item in budget["projects"]} <= set(norway)


def test_the_pdf_word_and_spreadsheet_carry_the_same_figures(demo):
    budget = _budget()
    row = _row(budget, "ND-2005")["row"]
    total = budget["total"]
    files = report_render_files(kind=DONOR_REPORT, parameters=PARAMETERS)

    text = _text(files.pdf)
    assert "Budget against actual" in text
    assert "shows its whole budget and spending, not this donor’s share" in text
    assert (
        f"ND-2005 National dialogue on political pluralism and peace consolidation NOK 2 "
        f"{_money(row.budget)} {_money(row.spent)} {_money(row.balance)} {row.percent}"
    ) in text
    assert (
        f"All projects {_money(total.budget)} {_money(total.spent)} {_money(total.balance)} "
        f"{total.percent}"
    ) in text
    assert "Budget by category" in text

    document = docx.Document(io.BytesIO(files.docx))
    rows = _word_rows(_word_table_after(document, "Budget against actual"))
    assert rows[0] == HEAD
    assert [
        "ND-2005 National dialogue on political pluralism and peace consolidation",
        "NOK",
        "2",
        _money(row.budget),
        _money(row.spent),
        _money(row.balance),
        str(row.percent),
    ] in rows
    assert rows[-1] == [
        "All projects",
        _money(total.budget),
        _money(total.spent),
        _money(total.balance),
        str(total.percent),
    ]

    workbook = openpyxl.load_workbook(io.BytesIO(files.xlsx))
    sheet = workbook["Budget against actual"]
    assert [cell.value for cell in sheet[2]] == HEAD
    *projects, last = list(sheet.iter_rows(min_row=3, values_only=True))
    nd_2005 = next(values for values in projects if values[0].startswith("ND-2005"))
    assert nd_2005[1:] == (
        "NOK",
        2,
        _near(row.budget),
        _near(row.spent),
        _near(row.balance),
        row.percent,
    )
    # Numbers a donor can sum: the total is the sum of the rows above it.
    assert last[0] == "All projects"
    assert last[3:7] == (
        _near(total.budget),
        _near(total.spent),
        _near(total.balance),
        total.percent,
    )
    assert sum(values[3] for values in projects) == pytest.approx(last[3])
    assert sum(values[4] for values in projects) == pytest.approx(last[4])
    by_category = list(workbook["Budget by category"].iter_rows(min_row=3, values_only=True))
    assert by_category[-1][:3] == ("Total", _near(total.budget), _near(total.spent))
    # The pledges and contributions with the rate each became US$ at.
    pledges = workbook["Pledges made in the period"]
    assert [cell.value for cell in pledges[2]][:5] == [
        "Date",
        "Project",
        "Amount",
        "Rate used (per US$)",
        "US$ equivalent",
    ]
    assert (pledges["C3"].value, pledges["D3"].value, pledges["E3"].value) == (
        3300000,
        pytest.approx(6.4103),
        514800,
    )
    received = workbook["Contributions in the period"]
    assert (received["C3"].value, received["E3"].value) == (1980000, 308880)


def test_an_expenditure_booked_changes_the_section(demo):
    before = _budget()
    project = Project.objects.get(code="ND-2005")
    Expenditure.objects.create(
        project=project, category="travel", spent_on=D(2006, 5, 31), amount=Decimal("1234.56")
    )
    after = _budget()
    old, new = _row(before, "ND-2005")["row"], _row(after, "ND-2005")["row"]
    assert new.spent == old.spent + Decimal("1234.56")
    assert new.balance == old.balance - Decimal("1234.56")
    assert new.budget == old.budget
    assert after["total"].spent == before["total"].spent + Decimal("1234.56")
    travel = [item["row"] for item in after["categories"] if item["row"].key == "travel"]
    travel_before = [item["row"] for item in before["categories"] if item["row"].key == "travel"]
    assert travel[0].spent == travel_before[0].spent + Decimal("1234.56")
    # A day after the period: not counted.
    Expenditure.objects.create(
        project=project, category="travel", spent_on=D(2006, 6, 1), amount=Decimal("99")
    )
    assert _row(_budget(), "ND-2005")["row"].spent == new.spent


def test_the_report_reads_as_many_queries_however_many_projects_the_donor_funds(demo):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            DONOR_REPORT.build_context(PARAMETERS)
        return len(captured.captured_queries)

    before = queries()
    norway = Donor.objects.get(code="NOR")
    manager = User.objects.get(username="manager")
    for number in range(4):
        project = ProjectFactory(code=f"ND-9{number}", start=D(2005, 1, 1), end=D(2006, 12, 31))
        PledgeFactory(donor=norway, project=project, pledged_on=D(2005, 9, 1))
        budget_revise(
            project=project,
            acting_user=manager,
            made_on=D(2005, 9, 1),
            reason="",
            lines=[LineInput(2005, "staff", Decimal("1000")), LineInput(2006, "events", 500)],
            based_on=None,
        )
        Expenditure.objects.create(
            project=project, category="staff", spent_on=D(2005, 11, 1), amount=Decimal("300")
        )
    after = queries()
    assert after == before
    assert {"ND-90", "ND-93"} <= {item["code"] for item in _budget()["projects"]}


def test_a_us_dollar_equivalent_entered_by_hand_is_marked_with_its_reason(demo):
    norway = Donor.objects.get(code="NOR")
    pledge = Pledge(
        donor=norway,
        project=Project.objects.get(code="ND-2005"),
        pledged_on=D(2005, 12, 1),
        amount=Decimal("100000"),
        currency="NOK",
        usd_override=Decimal("15000.00"),
        usd_override_reason="Norges Bank's rate on the day of transfer",
    )
    pledge.full_clean()
    pledge.save()
    files = report_render_files(kind=DONOR_REPORT, parameters=PARAMETERS)
    text = _text(files.pdf)
    assert (
        "a: US$ equivalent entered in place of the UN operational rate: "
        "Norges Bank's rate on the day of transfer"
    ) in text
    workbook = openpyxl.load_workbook(io.BytesIO(files.xlsx))
    rows = list(workbook["Pledges made in the period"].iter_rows(min_row=2, values_only=True))
    assert rows[0][5] == "Note"
    marked = [row for row in rows if row[5] == "a"]
    assert len(marked) == 1 and marked[0][2] == Decimal("100000") and marked[0][4] == 15000
    assert marked[0][3] == pytest.approx(6.6667)  # 100,000 NOK for US$ 15,000
    assert rows[-1][0].startswith("a: US$ equivalent entered in place of the UN operational rate")
    # The pledge at the month's rate is not marked.
    assert [row[5] for row in rows[1:-2]].count(None) == len(rows) - 4


def test_the_russian_report_prints_the_section_with_russian_figures(demo):
    row = _row(_budget(), "ND-2005")["row"]
    parameters = {**PARAMETERS, "language": "ru"}
    html = report_render_html(kind=DONOR_REPORT, parameters=parameters)
    budget = f"{row.budget:,.2f}".replace(",", "\u00a0").replace(".", ",")
    assert budget in html
    assert "Национальный диалог о политическом плюрализме" in html
