"""Lists as spreadsheets: CSV streamed row by row, XLSX in write-only mode, and no cell that a
spreadsheet program would run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

#: What makes a spreadsheet treat a cell as a formula (or as the start of one): OWASP's list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FORMATS = ("csv", "xlsx")


def neutralise(value):
    """Text that a spreadsheet would run as a formula is written as text (a leading ')."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_rows(rows: Iterable[Iterable]) -> Iterator[list]:
    for row in rows:
        yield [neutralise(value) for value in row]


def export_filename(stem: str, extension: str) -> str:
    return f"untop-{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    stem: str, headers: list[str], rows: Iterable[Iterable], *, stream: bool = True
) -> HttpResponse | StreamingHttpResponse:
    """The rows as CSV (UTF-8 with a BOM, which Excel needs to read Cyrillic), streamed so
    that a large export never sits in memory (``stream=False`` for a short list)."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        yield writer.writerow([neutralise(header) for header in headers])
        for row in safe_rows(rows):
            yield writer.writerow(row)

    content_type = "text/csv; charset=utf-8"
    if stream:
        response = StreamingHttpResponse(lines(), content_type=content_type)
    else:
        response = HttpResponse("".join(lines()), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(stem, "csv")}"'
    return response


def xlsx_bytes(
    headers: list[str], rows: Iterable[Iterable], title: str = "Sheet1", extra_sheets=()
) -> bytes:
    """A workbook (write-only: rows are not kept as cell objects). ``extra_sheets`` are
    (title, headers, rows) triples, e.g. a template's description of its columns."""
    workbook = Workbook(write_only=True)
    for sheet_title, sheet_headers, sheet_rows in ((title, headers, rows), *extra_sheets):
        sheet = workbook.create_sheet(sheet_title[:31])
        sheet.append([neutralise(header) for header in sheet_headers])
        for row in safe_rows(sheet_rows):
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    stem: str, headers: list[str], rows: Iterable[Iterable], title: str = "Sheet1"
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(headers, rows, title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(stem, "xlsx")}"'
    return response


def export_response(
    kind: str, stem: str, headers: list[str], rows, title: str = "Sheet1", *, stream=True
):
    """The rows as the asked-for kind of file ("csv" or "xlsx")."""
    if kind == "xlsx":
        return xlsx_response(stem, headers, rows, title)
    return csv_response(stem, headers, rows, stream=stream)


def requested_export(request) -> str | None:
    """ "csv" or "xlsx" when a list page is asked for its rows as a file (?export=…)."""
    kind = request.GET.get("export")
    return kind if kind in EXPORT_FORMATS else None


def query_without_page(request) -> str:
    """The list's filters, for its links to other pages and to its exports."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return query.urlencode()
