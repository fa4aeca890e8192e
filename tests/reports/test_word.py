"""Every report also in Word, the donor report's tables also in Excel: read back as a manager
or a donor would open them, and downloaded through the same checks as the PDF."""

from __future__ import annotations

import datetime
import errno
import hashlib
import io
import os
import re
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from pypdf import PdfReader

from programs.mandate_report import MANDATE_REPORT, MandateReportForm
from programs.models import User
from programs.reports import DONOR_REPORT
from tests.conftest import sign_in_as
from untop.reports.models import Report
from untop.reports.services import (
    report_build,
    report_render_files,
    report_render_html,
    report_render_pdf,
)
from untop.reports.sheets import parse_figure, report_xlsx
from untop.reports.word import report_docx
from untop.storage import PrivateFileSystemStorage

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FINAL_LETTER = [
    "--final",
    "--dated",
    "2006-05-26",
    "--distributed",
    "2006-05-31",
    "--original",
    "fr",
]


@pytest.fixture
def report_files(monkeypatch, tmp_path):
    """Every file of a report (PDF, Word, spreadsheet) stored under the test's own folder."""
    storage = PrivateFileSystemStorage(location=tmp_path / "reports")
    for name in ("file", "word_file", "sheet_file"):
        monkeypatch.setattr(Report._meta.get_field(name), "storage", storage)
    return Path(storage.location)


def _build_letter(tmp_path, *options) -> tuple[docx.document.Document, str]:
    """The 2005–06 letter from the command line, as PDF and Word: the Word document and the
    PDF's text."""
    pdf, word = tmp_path / "letter.pdf", tmp_path / "letter.docx"
    call_command(
        "build_report",
        "mandate",
        "--start",
        "2005-06-01",
        "--end",
        "2006-05-31",
        *options,
        "--output",
        str(pdf),
        "--word",
        str(word),
        stdout=io.StringIO(),
    )
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    # The running head and page number of each page, which fall inside the PDF's text (the
    # first page has no running head: its masthead carries the symbol).
    text = re.sub(r" ?((Draft · )?S/2006/355 )?Page \d+ of \d+", "", text)
    return docx.Document(str(word)), text


def _headings(document) -> list[tuple[str, str]]:
    return [
        (paragraph.style.name, paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style.name.startswith("Heading")
    ]


def _table_after(document, heading: str):
    """The Word table that follows the paragraph with this text."""
    found = False
    for block in document.iter_inner_content():
        if isinstance(block, docx.text.paragraph.Paragraph):
            found = found or block.text == heading
        elif found:
            return block
    raise AssertionError(f"No table after {heading!r}")


def _rows(table) -> list[list[str]]:
    # A merged cell is read once per column it spans: keep one.
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1][0]:
                cells.append((cell._tc, cell.text))
        rows.append([text for _tc, text in cells])
    return rows


def _fields(part) -> list[str]:
    return [text.text.strip() for text in part._element.iter(qn("w:instrText"))]


def _letter_parameters(language: str = "en") -> dict:
    """A draft of the 2005–06 letter, as a manager asks for it (symbol and signatory as
    proposed)."""
    form = MandateReportForm(
        {"start": "2005-06-01", "end": "2006-05-31", "dated": "2006-05-26", "language": language}
    )
    assert form.is_valid(), form.errors
    return form.to_parameters()


def test_the_2005_06_letter_in_word_says_what_the_pdf_says_with_word_structure(demo, tmp_path):
    document, pdf_text = _build_letter(tmp_path, *FINAL_LETTER)

    # The masthead: United Nations and the symbol on one line, then the organ and the
    # distribution block at the right.
    paragraphs = [paragraph for paragraph in document.paragraphs if paragraph.text.strip()]
    assert paragraphs[0].text == "United Nations\tS/2006/355"
    assert paragraphs[1].text == "Security Council"
    assert paragraphs[2].text == "Distr.: General\n31 May 2006"
    assert paragraphs[2].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert paragraphs[3].text == "English\nOriginal: French"
    headings = _headings(document)
    assert headings[0] == (
        "Heading 1",
        "Letter dated 26 May 2006 from the Secretary-General addressed to the President of the "
        "Security Council",
    )
    assert headings[1] == ("Heading 2", "Annex: the figures of this letter")
    annex_tables = [
        "Activities and participants by mandate area",
        "By centre",
        "Participants by category and sex",
        "Funding by donor (US$)",
        "Indicators against targets",
    ]
    in_order = [text for style, text in headings[2:] if style == "Heading 3"]
    assert [text for text in in_order if text in annex_tables] == annex_tables
    body = [paragraph.text for paragraph in document.paragraphs]
    assert any("brought together over 500 government officials" in text for text in body)
    assert any("certified 40 instructors, who in turn trained over 1,000" in text for text in body)
    assert any("pledged over US$ 2 million" in text for text in body)
    assert "(Signed) Kofi A. Annan" in body
    # The same words as the PDF: every paragraph of the document is in the PDF's text.
    for text in body:
        if text.strip():
            assert " ".join(text.split()) in pdf_text
    # The annex starts a page, as in the PDF.
    annex = next(p for p in document.paragraphs if p.text.startswith("Annex"))
    assert annex.paragraph_format.page_break_before

    by_area = _table_after(document, "Activities and participants by mandate area")
    rows = _rows(by_area)
    assert rows[0] == ["Mandate area", "Activities", "Women", "Men", "Total"]
    assert ["National dialogue", "6", "157", "389", "546"] in rows
    assert ["Conflict prevention training", "16", "288", "636", "924"] in rows
    header = by_area.rows[0]._tr
    assert header.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None  # repeats per page
    assert by_area.rows[1].cells[4].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert by_area.rows[1].cells[0].paragraphs[0].alignment is None

    funding = _rows(_table_after(document, "Funding by donor (US$)"))
    assert funding[-1] == ["All donors", "2,297,660.00", "1,152,024.00"]
    assert [row[0] for row in funding].count("All donors") == 1
    last = _table_after(document, "Funding by donor (US$)").rows[-1]
    assert all(run.bold for cell in last.cells for run in cell.paragraphs[0].runs)

    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == ["S/2006/355"]
    assert "PAGE" in _fields(section.footer) and "NUMPAGES" in _fields(section.footer)
    assert "Page 1 of 1" in [p.text for p in section.footer.paragraphs]  # fields' placeholders
    assert "Draft" not in "\n".join(body)
    assert document.core_properties.title.startswith("Letter dated 26 May 2006")


def test_a_draft_letter_says_draft_in_its_header_and_leaves_out_the_preview_notes(demo):
    files = report_render_files(kind=MANDATE_REPORT, parameters=_letter_parameters())
    document = docx.Document(io.BytesIO(files.docx))

    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header == ["Draft · S/2006/355"]
    footer = "\n".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "Figures as recorded in the UNTOP portal" in footer
    body = [p.text for p in document.paragraphs]
    assert "Draft" not in body  # the PDF's watermark is not a paragraph
    assert files.xlsx is None  # a letter has no spreadsheet


def test_the_pdf_is_laid_out_from_the_same_html_as_before_and_as_the_word_file(demo, monkeypatch):
    """WeasyPrint's font subsets differ from run to run, so the PDF's bytes are compared
    through what they are made from: the HTML, the same with or without the Word file."""
    instant = datetime.datetime(2006, 5, 26, 9, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: instant)
    laid_out, converted = [], []
    monkeypatch.setattr(
        "untop.reports.services.html_to_pdf", lambda html: laid_out.append(html) or b"%PDF"
    )
    monkeypatch.setattr(
        "untop.reports.services.report_docx", lambda html: converted.append(html) or b"PK"
    )
    parameters = _letter_parameters()

    assert report_render_pdf(kind=MANDATE_REPORT, parameters=parameters) == b"%PDF"
    files = report_render_files(kind=MANDATE_REPORT, parameters=parameters)

    assert (files.pdf, files.docx) == (b"%PDF", b"PK")
    expected = report_render_html(kind=MANDATE_REPORT, parameters=parameters)
    assert laid_out == [expected, expected]
    assert converted == [expected]


def test_a_russian_letter_is_in_russian_with_cyrillic_fonts(demo):
    files = report_render_files(kind=MANDATE_REPORT, parameters=_letter_parameters("ru"))
    document = docx.Document(io.BytesIO(files.docx))

    title = _headings(document)[0]
    assert title[0] == "Heading 1"
    assert title[1].startswith("Письмо Генерального секретаря от 26 мая 2006 года")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Совет Безопасности" in text
    assert "(Подпись) Кофи А. Аннан" in text
    assert [p.text for p in document.sections[0].header.paragraphs] == ["Проект · S/2006/355"]
    assert "Страница 1 из 1" in [p.text for p in document.sections[0].footer.paragraphs]
    fonts = document.styles["Normal"].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{name}")) for name in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    heading_fonts = document.styles["Heading 1"].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert heading_fonts.get(qn("w:asciiTheme")) is None  # no theme font overrides it
    language = document.styles["Normal"].element.find(qn("w:rPr")).find(qn("w:lang"))
    assert language.get(qn("w:val")) == "ru-RU"
    assert document.core_properties.language == "ru-RU"


def test_the_donor_report_in_word_and_excel_holds_its_tables_and_its_sections_tables(demo):
    parameters = {"donor": "CHE", "start": "2005-06-01", "end": "2006-05-31", "language": "en"}
    files = report_render_files(kind=DONOR_REPORT, parameters=parameters)

    document = docx.Document(io.BytesIO(files.docx))
    headings = [text for _style, text in _headings(document)]
    assert headings[0] == "Report to Switzerland (illustrative)"
    assert "Pledges and contributions" in headings
    assert "Training sessions by course" in headings  # the training section's
    # A chart is its figures, under its title.
    months = _rows(_table_after(document, "Participants by month"))
    assert months[0] == ["", "Women", "Men"]
    assert ["Oct 2005", "48", "79"] in months
    pledges = _rows(_table_after(document, "Pledges made in the period"))
    assert pledges[-1] == ["Total", "621,660.00"]

    workbook = openpyxl.load_workbook(io.BytesIO(files.xlsx))
    assert workbook.sheetnames == [
        "Pledges and contributions",
        "Pledged and received by project",
        "Pledges made in the period",
        "Contributions in the period",
        "Expenditure by category",
        "Budget against actual",
        "Budget by category",
        "Indicators against targets",
        "Participants by month",
        "Participants by category",
        "Participants by age",
        "Participants by disability",
        "Training sessions by course",
        "Results",
        "Activities held",  # the annex, last
    ]
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    sheet = workbook["Activities held"]
    assert sheet["A1"].value == "Activities held"
    assert [cell.value for cell in sheet[2]] == [
        "Date",
        "Activity",
        "Centre",
        "Project",
        "Women",
        "Men",
        "Total",
    ]
    assert sheet["A2"].font.bold and sheet.freeze_panes == "A3"
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    *activities, total = rows
    assert total[0] == "All participants" and total[4:] == (288, 636, 924)
    assert sum(row[6] for row in activities) == 924  # numbers, not text
    assert all(isinstance(row[4], int) for row in activities)
    assert sheet.cell(row=sheet.max_row, column=7).font.bold
    pledged = workbook["Pledges made in the period"]
    amount, rate, usd = pledged["C3"], pledged["D3"], pledged["E3"]
    assert (amount.value, amount.number_format) == (780000, '#,##0.00" CHF"')
    assert (rate.value, rate.number_format) == (pytest.approx(1.2547), "#,##0.0000")
    assert usd.value == 621660 and usd.number_format == "#,##0.00"
    *spent, (total_label, total) = workbook["Expenditure by category"].iter_rows(
        min_row=3, values_only=True
    )
    assert (total_label, total) == ("Total", pytest.approx(349933.51))
    assert sum(value for _label, value in spent) == pytest.approx(total, abs=0.02)
    # What is not a figure stays as printed.
    indicators = workbook["Indicators against targets"]
    assert "–" in [cell.value for cell in indicators["D"]]
    results = workbook["Results"]
    assert ("Mean test score before → after (of 100)", "52 → 77") in list(
        results.iter_rows(values_only=True)
    )


def test_a_russian_donor_reports_figures_are_numbers_too(demo):
    parameters = {"donor": "NOR", "start": "2005-06-01", "end": "2006-05-31", "language": "ru"}
    files = report_render_files(kind=DONOR_REPORT, parameters=parameters)
    workbook = openpyxl.load_workbook(io.BytesIO(files.xlsx))
    assert workbook.sheetnames[0] == "Объявленные и полученные взносы"
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    pledges = workbook["Взносы, объявленные за период"]
    assert pledges["C3"].value == 3300000 and pledges["E3"].value == 514800
    assert pledges["D3"].value == pytest.approx(6.4103)  # krone per US$
    document = docx.Document(io.BytesIO(files.docx))
    assert _headings(document)[0][1].startswith("Отчёт для: ")


@pytest.mark.parametrize(
    "text,language,expected",
    [
        ("2,297,660.00", "en", (Decimal("2297660.00"), "#,##0.00")),
        ("1,045", "en", (1045, "#,##0")),
        ("2\u00a0297\u00a0660,00", "ru", (Decimal("2297660.00"), "#,##0.00")),
        ("780,000.00 CHF", "en", (Decimal("780000.00"), '#,##0.00" CHF"')),
        ("US$ 514,800", "en", (514800, '"US$ "#,##0')),
        ("52 → 77", "en", None),
        ("–", "en", None),
        ("not entered", "en", None),
        ("14 Sep 2005", "en", None),
    ],
)
def test_figures_are_read_back_as_the_report_prints_them(text, language, expected):
    assert parse_figure(text, language) == expected


def test_long_and_repeated_headings_make_short_unique_sheet_names():
    table = (
        "<table><thead><tr><th>A</th><th class='num'>B</th></tr></thead>"
        "<tbody><tr><td>x</td><td class='num'>1</td></tr></tbody></table>"
    )
    html = (
        "<html lang='en'><body>"
        f"<h2>Results: what the courses achieved [by region]</h2>{table}"
        f"<h2>Results: what the courses achieved [by region]</h2>{table}"
        "</body></html>"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(report_xlsx(html)))
    assert workbook.sheetnames == ["Results- what the courses", "Results- what the courses (2)"]
    assert workbook.worksheets[1]["B3"].value == 1


def test_preview_notes_and_the_watermark_stay_out_and_loose_text_is_kept():
    html = (
        "<html lang='en'><body><header class='running-head'>Head</header>"
        "<div class='draft-mark'>Draft</div>"
        "<aside class='missing-texts'><p>Missing: the Russian phrase</p></aside>"
        "<div class='narrative'><p>First line<br>second <strong>bold</strong> and <em>it</em>"
        "</p></div><ul><li>one</li><li>two</li></ul><ol><li>first</li></ol></body></html>"
    )
    document = docx.Document(io.BytesIO(report_docx(html)))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert paragraphs == [
        ("Normal", "First line\nsecond bold and it"),
        ("List Bullet", "one"),
        ("List Bullet", "two"),
        ("List Number", "first"),
    ]
    runs = document.paragraphs[0].runs
    assert [(run.text, run.bold, run.italic) for run in runs if run.bold or run.italic] == [
        ("bold", True, None),
        ("it", None, True),
    ]
    assert [p.text for p in document.sections[0].header.paragraphs] == ["Draft · Head"]


# --- the worker, the download and the page -------------------------------------------------


def _queued_letter(language: str = "en") -> Report:
    return Report.objects.create(
        kind="mandate",
        parameters=_letter_parameters(language),
        title="S/2006/355",
        requested_by=User.objects.get(username="manager"),
    )


def _manager_client() -> Client:
    client = Client()
    sign_in_as(client, User.objects.get(username="manager"))
    return client


def test_the_worker_stores_the_word_file_beside_the_pdf_and_managers_download_it(
    demo, report_files
):
    report = report_build(report_id=_queued_letter().pk)

    assert report.status == Report.Status.DONE, report.error
    assert report.word_file.name.endswith(".docx") and len(report.word_checksum) == 64
    assert not report.sheet_file and report.sheet_checksum == ""
    client = _manager_client()
    response = client.get(reverse("reports:download_format", args=[report.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == 'attachment; filename="S-2006-355-en-draft.docx"'
    content = b"".join(response.streaming_content)
    assert docx.Document(io.BytesIO(content)).paragraphs[0].text == "United Nations\tS/2006/355"
    assert hashlib.sha256(content).hexdigest() == report.word_checksum
    # The PDF stays where it was; a letter has no spreadsheet.
    pdf = client.get(reverse("reports:download", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="S-2006-355-en-draft.pdf"'
    missing = client.get(reverse("reports:download_format", args=[report.pk, "xlsx"]))
    assert missing.status_code == 404
    unknown = client.get(reverse("reports:download_format", args=[report.pk, "odt"]))
    assert unknown.status_code == 404
    # Programme staff may download none of it.
    staff = Client()
    staff.force_login(User.objects.get(username="staff.khujand"))
    for file_format in ("docx", "pdf", "xlsx"):
        refused = staff.get(reverse("reports:download_format", args=[report.pk, file_format]))
        assert refused.status_code == 403
        assert b"PK" not in refused.content[:2]


def test_a_donor_report_downloads_as_excel_and_its_page_lists_each_format_with_its_size(
    demo, report_files
):
    manager = User.objects.get(username="manager")
    report = Report.objects.create(
        kind="donor",
        parameters={"donor": "NOR", "start": "2005-06-01", "end": "2006-05-31", "language": "ru"},
        title="Donor report",
        requested_by=manager,
    )
    report = report_build(report_id=report.pk)
    assert report.status == Report.Status.DONE, report.error
    assert report.step == "Ready to download"

    client = _manager_client()
    response = client.get(reverse("reports:download_format", args=[report.pk, "xlsx"]))
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="donor-NOR-2005-06-ru.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert "Участники по категориям" in workbook.sheetnames

    page = client.get(reverse("reports:detail", args=[report.pk])).text
    sizes = {
        file_format: -(-os.path.getsize(report_files / getattr(report, field).name) // 1024)
        for file_format, field in (("pdf", "file"), ("docx", "word_file"), ("xlsx", "sheet_file"))
    }
    docx_url = reverse("reports:download_format", args=[report.pk, "docx"])
    xlsx_url = reverse("reports:download_format", args=[report.pk, "xlsx"])
    assert f"PDF, {sizes['pdf']} KB</a>" in page
    word = f'<a href="{docx_url}" title="donor-NOR-2005-06-ru.docx">Word, {sizes["docx"]} KB</a>'
    excel = f'<a href="{xlsx_url}" title="donor-NOR-2005-06-ru.xlsx">Excel, {sizes["xlsx"]} KB</a>'
    assert word in page and excel in page

    manager.language = "ru"
    manager.save(update_fields=["language"])
    page = client.get(reverse("reports:detail", args=[report.pk])).text
    assert f"Word, {sizes['docx']} КБ</a>" in page  # the size in the reader's language


class FillingDisk(PrivateFileSystemStorage):
    """A disk that fills up halfway through a file: part of it is written."""

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.read()
        path.write_bytes(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


def test_a_word_file_that_cannot_be_stored_fails_the_report_and_leaves_no_file_at_all(
    demo, monkeypatch, tmp_path
):
    disk = PrivateFileSystemStorage(location=tmp_path / "reports")
    full = FillingDisk(location=tmp_path / "full")
    monkeypatch.setattr(Report._meta.get_field("file"), "storage", disk)
    monkeypatch.setattr(Report._meta.get_field("word_file"), "storage", full)
    monkeypatch.setattr(Report._meta.get_field("sheet_file"), "storage", disk)

    report = report_build(report_id=_queued_letter().pk)

    assert report.status == Report.Status.FAILED
    assert report.error == "The disk is full: the Word file could not be stored."
    assert not report.file and not report.word_file
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_the_command_writes_a_donor_reports_spreadsheet_and_refuses_one_for_a_letter(
    demo, tmp_path
):
    out = io.StringIO()
    call_command(
        "build_report",
        "donor",
        "--donor",
        "NOR",
        "--start",
        "2005-06-01",
        "--end",
        "2006-05-31",
        "--output",
        str(tmp_path / "nor.pdf"),
        "--sheet",
        str(tmp_path / "nor.xlsx"),
        stdout=out,
    )
    assert f"Wrote {tmp_path / 'nor.xlsx'}" in out.getvalue()
    assert not (tmp_path / "nor.docx").exists()  # Word only when asked for
    workbook = openpyxl.load_workbook(tmp_path / "nor.xlsx")
    assert workbook["Participants by category"]["D3"].value == 193

    with pytest.raises(CommandError, match="--sheet: a mandate report has no spreadsheet"):
        call_command(
            "build_report",
            "mandate",
            "--start",
            "2005-06-01",
            "--end",
            "2006-05-31",
            "--output",
            str(tmp_path / "letter.pdf"),
            "--sheet",
            str(tmp_path / "letter.xlsx"),
            stdout=io.StringIO(),
        )
    assert not (tmp_path / "letter.pdf").exists()
