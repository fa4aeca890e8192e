"""The donor report's "Who took part, by age and disability": the people of the donor's
activities by age band and by disability, the "not recorded" remainder stated, in the PDF and
in the Word file and spreadsheet made from the same HTML."""

from __future__ import annotations

import datetime
import io

import docx
import openpyxl
import pytest
from pypdf import PdfReader

from programs.models import Activity, AgeBand, ParticipantGroup
from programs.reports import DONOR_REPORT
from programs.selectors import donor_report_figures
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    DonorFactory,
    ParticipantCountFactory,
    PledgeFactory,
    ProjectFactory,
)
from untop.reports.services import report_render_files

pytestmark = pytest.mark.django_db

START, END = datetime.date(2005, 6, 1), datetime.date(2006, 5, 31)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _row(activity, women, men, groups=()):
    """A participant row with its breakdown, (sex, band code or None, disability, number)."""
    count = ParticipantCountFactory(
        activity=activity, category=CategoryFactory(), women=women, men=men
    )
    for sex, band, disability, number in groups:
        ParticipantGroup.objects.create(
            count=count,
            sex=sex,
            age_band=AgeBand.objects.get(code=band) if band else None,
            disability=disability,
            number=number,
        )
    count.full_clean()  # the breakdown adds up, as the rule asks
    return count


def _activity(project, day, approval=Activity.Approval.APPROVED):
    return ActivityFactory(project=project, start=day, end=day, approval=approval)


@pytest.fixture
def donor():
    """A donor funding one project: two counted activities with breakdowns and a row
    without; a draft of the project and another donor's activity, both broken down."""
    donor = DonorFactory(code="NOR", name="Norway (illustrative)")
    project = ProjectFactory(code="DLG-05")
    PledgeFactory(donor=donor, project=project)
    first = _activity(project, datetime.date(2005, 9, 14))
    _row(
        first,
        7,
        5,
        [
            ("women", "18-24", "no", 4),
            ("women", "60-plus", "yes", 3),
            ("men", "under-18", "no", 2),
            ("men", None, "unrecorded", 3),
        ],
    )
    _row(first, 10, 20)  # recorded without a breakdown
    second = _activity(project, datetime.date(2006, 3, 2))
    _row(second, 2, 1, [("women", "25-59", "yes", 2), ("men", "25-59", "yes", 1)])
    draft = _activity(project, datetime.date(2005, 10, 1), approval=Activity.Approval.DRAFT)
    _row(draft, 40, 0, [("women", "under-18", "yes", 40)])
    elsewhere = _activity(ProjectFactory(), datetime.date(2005, 11, 1))
    PledgeFactory(project=elsewhere.project)
    _row(elsewhere, 0, 50, [("men", "under-18", "yes", 50)])
    return donor


# Women 7 + 10 + 2 = 19 and men 5 + 20 + 1 = 26 were counted, 7 + 5 + 2 + 1 = 15 of them in
# rows with a breakdown; neither the draft nor the other donor's activity counts.
BY_AGE = [
    ["Age", "Women", "Men", "Total"],
    ["Under 18", "0", "2", "2"],
    ["18–24", "4", "0", "4"],
    ["25–59", "2", "1", "3"],
    ["60 and over", "3", "0", "3"],
    ["Age not recorded", "10", "23", "33"],
    ["All participants", "19", "26", "45"],
]
BY_DISABILITY = [
    ["Disability", "Women", "Men", "Total"],
    ["With a disability", "5", "1", "6"],
    ["Without a disability", "4", "2", "6"],
    ["Not recorded", "10", "23", "33"],
    ["All participants", "19", "26", "45"],
]
LINE = "A breakdown by age and disability was recorded for 15 of the 45 people counted."


def _parameters(donor):
    return {
        "donor": donor.code,
        "start": START.isoformat(),
        "end": END.isoformat(),
        "language": "en",
    }


def test_the_donor_figures_sum_the_breakdowns_of_the_donors_counted_activities(donor):
    figures = donor_report_figures(donor=donor, start=START, end=END)
    groups = figures["people_groups"]
    assert (groups["people"], groups["with_breakdown"]) == (45, 15)
    assert groups["people"] == figures["participants"]["total"]
    assert [
        [str(row["label"]), str(row["women"]), str(row["men"]), str(row["total"])]
        for row in groups["bands"]
    ] == BY_AGE[1:-1]


def test_the_donor_report_shows_who_took_part_by_age_and_disability(donor):
    files = report_render_files(kind=DONOR_REPORT, parameters=_parameters(donor))

    text = _text(files.pdf)
    assert "Who took part, by age and disability" in text
    assert LINE in text
    for rows in (BY_AGE, BY_DISABILITY):
        for row in rows[1:]:
            assert " ".join(row) in text, row

    # The Word file and the spreadsheet are made from the same HTML: the same tables.
    document = docx.Document(io.BytesIO(files.docx))
    tables = {}
    heading = ""
    for block in document.iter_inner_content():
        if isinstance(block, docx.text.paragraph.Paragraph):
            heading = block.text or heading
        else:
            tables[heading] = [[cell.text for cell in row.cells] for row in block.rows]
    assert tables["Participants by age"] == BY_AGE
    assert tables["Participants by disability"] == BY_DISABILITY

    workbook = openpyxl.load_workbook(io.BytesIO(files.xlsx))
    sheet = workbook["Participants by age"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[-2] == ("Age not recorded", 10, 23, 33)  # numbers a donor can sum
    assert rows[-1] == ("All participants", 19, 26, 45)


def test_without_a_breakdown_the_donor_report_says_none_was_recorded(db):
    donor = DonorFactory(code="CHE", name="Switzerland (illustrative)")
    project = ProjectFactory()
    PledgeFactory(donor=donor, project=project)
    _row(_activity(project, datetime.date(2005, 12, 5)), 3, 4)

    files = report_render_files(kind=DONOR_REPORT, parameters=_parameters(donor))

    text = _text(files.pdf)
    assert "Who took part, by age and disability" in text
    assert (
        "No breakdown by age and disability was recorded for the people of these activities."
        in text
    )
    assert "Age not recorded" not in text
    workbook = openpyxl.load_workbook(io.BytesIO(files.xlsx))
    assert "Participants by age" not in workbook.sheetnames


def test_a_russian_report_names_the_age_bands_it_would_print_in_english(donor):
    from programs.reports import donor_report_missing_texts

    AgeBand.objects.filter(code="60-plus").update(name_ru="")
    figures = donor_report_figures(donor=donor, start=START, end=END)
    missing = donor_report_missing_texts(figures, "ru")
    assert "No Russian name for age band “60 and over”: add it in the back office." in missing
    assert not [message for message in missing if "“18–24”" in message]
    # Nobody broken down: no band is printed, none is asked for.
    ParticipantGroup.objects.all().delete()
    figures = donor_report_figures(donor=donor, start=START, end=END)
    assert not [m for m in donor_report_missing_texts(figures, "ru") if "age band" in m]
