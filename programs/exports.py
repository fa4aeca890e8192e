"""The activity list as a spreadsheet: exactly the rows the filters chose, in one query."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

COLUMNS = [
    ("Start", "start"),
    ("End", "end"),
    ("Title", "title"),
    ("Type", "kind"),
    ("Project", "project__code"),
    ("Mandate area", "project__area"),
    ("Centre", "centre__name"),
    ("Region", "centre__region__code"),
    ("District", "district__name_en"),
    ("Status", "status"),
    ("Approval", "approval"),
    ("Women", "women_total"),
    ("Men", "men_total"),
    ("Total", "participant_total"),
]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    # Text that a spreadsheet would run as a formula is written as text.
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _rows(activities) -> Iterator[list]:
    fields = [field for _, field in COLUMNS]
    for row in activities.values_list(*fields).iterator(chunk_size=2000):
        yield [_cell(value) for value in row]


def _filename(extension: str) -> str:
    return f"untop-activities-{timezone.localdate():%Y-%m-%d}.{extension}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def activities_csv(activities) -> StreamingHttpResponse:
    """Stream the rows as CSV, so a large export never sits in memory."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # so that spreadsheet programs read the file as UTF-8
        yield writer.writerow([title for title, _ in COLUMNS])
        for row in _rows(activities):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def activities_xlsx(activities) -> HttpResponse:
    """The rows as an Excel workbook (write-only mode: rows are not kept as objects)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Activities")
    sheet.append([title for title, _ in COLUMNS])
    for row in _rows(activities):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
