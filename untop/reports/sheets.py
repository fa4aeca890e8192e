"""A donor report's tables as an Excel workbook, read from the same HTML as its PDF.

Donors take the figures into their own spreadsheets, so each table of the report (its own
and its area sections', and each chart's figures) is a sheet named after the heading it
stands under: the full heading in the first row, the column headers in the second, bold and
frozen, then the rows, the total last. Figures are stored as numbers, read back from the
text the report prints in its language ("2,297,660.00", "2 297 660,00", "780,000.00 CHF"),
so a donor can sum them; what is not a figure ("–", "not entered", dates) stays text.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal, InvalidOperation

import lxml.html
from django.utils.formats import get_format
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .word import Cell, ReportTable, report_tables

# The kinds of report whose tables are also given as a spreadsheet: donors ask for them.
# The mandate-renewal letter is a letter, edited in Word; its annex tables stay in it.
SPREADSHEET_KINDS = frozenset({"donor"})

SHEET_NAME_LENGTH = 31  # Excel's limit
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# A figure with, at most, a short unit or currency before or after it ("US$ 514,800",
# "780,000.00 CHF", "120 people"); anything else with digits in it ("52 → 77") is text.
FIGURE = re.compile(
    r"^(?P<before>(?:[^\W\d]+\$?|\$)\s)?"
    r"(?P<number>-?\d[\d\s\u00a0\u202f.,]*?)"
    r"(?P<after>\s[^\W\d][^\W\d.]*\.?)?$"
)
HEADER_FILL = PatternFill("solid", fgColor="E6F2FA")


def report_has_spreadsheet(kind_code: str) -> bool:
    """Whether reports of this kind are also stored as an Excel workbook."""
    return kind_code in SPREADSHEET_KINDS


def parse_figure(text: str, language: str) -> tuple[int | Decimal, str] | None:
    """A figure as the report prints it, as a number and an Excel number format; None when
    the text is not one figure."""
    text = text.strip()
    match = FIGURE.match(text)
    if not match:
        return None
    decimal_separator = get_format("DECIMAL_SEPARATOR", lang=language)
    thousand_separator = get_format("THOUSAND_SEPARATOR", lang=language)
    number = re.sub(r"[\s\u00a0\u202f]", "", match["number"])
    if thousand_separator.strip():
        number = number.replace(thousand_separator, "")
    whole, _sep, fraction = number.partition(decimal_separator)
    if not whole.lstrip("-").isdigit() or (fraction and not fraction.isdigit()):
        return None
    try:
        value: int | Decimal = Decimal(f"{whole}.{fraction}") if fraction else int(whole)
    except (InvalidOperation, ValueError):
        return None
    number_format = "#,##0" + ("." + "0" * len(fraction) if fraction else "")
    before, after = (match["before"] or "").strip(), (match["after"] or "").strip()
    if before:
        number_format = f'"{before} "{number_format}'
    if after:
        number_format = f'{number_format}" {after}"'
    return value, number_format


def _shortened(text: str, length: int) -> str:
    """The text cut to a length, at a word's end where that keeps most of it."""
    if len(text) <= length:
        return text
    cut = text[:length]
    if text[length] == " ":
        return cut
    space = cut.rfind(" ")
    return (cut[:space] if space > length // 2 else cut).rstrip(" ,;-(")


def _sheet_name(title: str, taken: set[str]) -> str:
    """The heading as a sheet name: at most 31 characters, none Excel forbids, unique."""
    base = SHEET_NAME_FORBIDDEN.sub("-", " ".join(title.split())).strip("'") or "Table"
    name = _shortened(base, SHEET_NAME_LENGTH)
    number = 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = _shortened(base, SHEET_NAME_LENGTH - len(suffix)) + suffix
        number += 1
    taken.add(name.lower())
    return name


def _write_row(sheet, row_number: int, cells: list[Cell], language: str, *, part: str) -> None:
    """One row of a table; ``part`` is "head", "body" or "total" (bold, the last rows)."""
    column = 1
    for cell in cells:
        text = cell.text
        target = sheet.cell(row=row_number, column=column)
        # Only the columns the report marks as figures are read as numbers: a date or a
        # project code stays as printed.
        figure = parse_figure(text, language) if cell.numeric and part != "head" else None
        if figure is not None:
            target.value, target.number_format = figure
        else:
            target.value = text or None
        if cell.numeric:
            target.alignment = Alignment(horizontal="right", vertical="top")
        else:
            target.alignment = Alignment(vertical="top", wrap_text=len(text) > 60)
        if part != "body" or cell.header:
            target.font = Font(bold=True)
        if cell.colspan > 1:
            sheet.merge_cells(
                start_row=row_number,
                start_column=column,
                end_row=row_number,
                end_column=column + cell.colspan - 1,
            )
        column += cell.colspan


def _column_widths(sheet, table: ReportTable) -> None:
    """Each column as wide as its longest cell, within reason (8 to 60 characters)."""
    widths: dict[int, int] = {}
    for row in table.head + table.body + table.totals:
        column = 1
        for cell in row:
            if cell.colspan == 1:
                widths[column] = max(widths.get(column, 0), len(cell.text))
            column += cell.colspan
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)


def _write_table(workbook: Workbook, table: ReportTable, language: str, taken: set[str]):
    sheet = workbook.create_sheet(_sheet_name(table.title, taken))
    sheet["A1"] = table.title or None
    sheet["A1"].font = Font(bold=True, size=12)
    row_number = 2
    for cells in table.head:
        _write_row(sheet, row_number, cells, language, part="head")
        for column in range(1, table.width + 1):
            sheet.cell(row=row_number, column=column).fill = HEADER_FILL
        row_number += 1
    # The title and the header stay in view as the rows scroll, and print on every page.
    sheet.freeze_panes = sheet.cell(row=row_number, column=1)
    if table.head:
        sheet.print_title_rows = f"2:{row_number - 1}"
    for cells in table.body:
        _write_row(sheet, row_number, cells, language, part="body")
        row_number += 1
    for cells in table.totals:
        _write_row(sheet, row_number, cells, language, part="total")
        row_number += 1
    _column_widths(sheet, table)
    return sheet


def report_xlsx(html: str) -> bytes:
    """A report's tables (as laid out for the PDF) as an Excel workbook, a sheet each."""
    document = lxml.html.document_fromstring(html)
    language = (document.get("lang") or "en")[:2]
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    tables = [table for table in report_tables(html) if table.width]
    for table in tables:
        _write_table(workbook, table, language, taken)
    if not tables:
        workbook.create_sheet("Report")
    title = document.find(".//h1")
    workbook.properties.title = (
        " ".join(title.text_content().split()) if title is not None else None
    )
    workbook.properties.creator = "UNTOP"
    workbook.properties.language = language
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
