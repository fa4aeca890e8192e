"""The activity list as a spreadsheet: exactly the rows the filters chose, in one query.

The spreadsheet writing and the defusing of formulas are shared: untop/imports/exports.py.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse

from untop.imports.exports import csv_response, xlsx_response

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


def _rows(activities) -> Iterator[list]:
    fields = [field for _, field in COLUMNS]
    yield from activities.values_list(*fields).iterator(chunk_size=2000)


def activities_csv(activities) -> StreamingHttpResponse:
    """Stream the rows as CSV, so a large export never sits in memory."""
    return csv_response("activities", [title for title, _ in COLUMNS], _rows(activities))


def activities_xlsx(activities) -> HttpResponse:
    """The rows as an Excel workbook (write-only mode: rows are not kept as objects)."""
    return xlsx_response(
        "activities", [title for title, _ in COLUMNS], _rows(activities), title="Activities"
    )
