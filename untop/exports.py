"""Lists as spreadsheets: the one path by which every list of the portal is exported.

A list declares its export once, next to its filters (``<app>/filters.py``): the file's name,
the sheet's title and its columns, each a header and the field path its cells are read from.
The rows are the filtered list's own, read in one query: CSV (UTF-8 with a BOM, streamed row
by row) or an Excel workbook (write-only), with no cell that a spreadsheet program would run
as a formula. The import templates and the back office's exports write their files here too.

Some records never leave the portal in a list's file: each app declares them with
``withhold`` in its portal.py (confidential monitoring notes: never; trainees' personal data:
only in an export that requires the permission to see it), and an export whose columns reach
one of them is refused before a row is read. The core names no app: those declarations
come from each app's portal module (untop.registry).

A list's file may also carry HXL hashtags (the Humanitarian Exchange Language, which OCHA's and
the country team's tools read): with ``&hxl=1`` a row of tags is written under the headers, each
declared on its column (``Column("Start", "start", hxl="#date+start")``); a column without one
has an empty cell there. Only the hashtags of the HXL 1.1 core dictionary are taken.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from openpyxl import Workbook

from untop.registry import Registry

#: What makes a spreadsheet treat a cell as a formula (or as the start of one): OWASP's list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FORMATS = ("csv", "xlsx")
#: Rows read from the database at a time: a large export never sits in memory whole.
CHUNK_SIZE = 2000

#: The hashtags of the HXL 1.1 core dictionary (the standard's "HXL hashtag dictionary").
#: Attributes are not listed: the standard lets a list add attributes of its own. Written
#: out here rather than taken from libhxl, the HXL project's library: that library reads,
#: filters and validates whole datasets; the portal only writes one row of tags it declares
#: itself, and checks their names once, at start-up.
# fmt: off
HXL_HASHTAGS = frozenset((
    "access", "activity", "adm1", "adm2", "adm3", "adm4", "adm5", "affected", "beneficiary",
    "capacity", "cause", "channel", "contact", "country", "crisis", "currency", "date",
    "description", "event", "frequency", "geo", "group", "impact", "indicator", "inneed", "item",
    "loc", "meta", "modality", "need", "operations", "org", "output", "population", "reached",
    "region", "respondee", "sector", "service", "severity", "status", "subsector", "targeted",
    "value",
))
# fmt: on
#: A hashtag and its attributes, as HXL writes them: ``#affected+f+children``.
HXL_TAG = re.compile(r"#(?P<hashtag>[a-z][a-z0-9_]*)(?:\s*\+[a-z][a-z0-9_]*)*")


# -- cells and files -----------------------------------------------------------------------
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
    stem: str,
    headers: list[str],
    rows: Iterable[Iterable],
    *,
    stream: bool = True,
    tags: list[str] | None = None,
) -> HttpResponse | StreamingHttpResponse:
    """The rows as CSV (UTF-8 with a BOM, which Excel needs to read Cyrillic), streamed so
    that a large export never sits in memory (``stream=False`` for a short list); ``tags``,
    the HXL hashtags, as the second row."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        yield writer.writerow([neutralise(header) for header in headers])
        if tags is not None:
            yield writer.writerow([neutralise(tag) for tag in tags])
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
    headers: list[str],
    rows: Iterable[Iterable],
    title: str = "Sheet1",
    extra_sheets=(),
    *,
    tags: list[str] | None = None,
) -> bytes:
    """A workbook (write-only: rows are not kept as cell objects). ``extra_sheets`` are
    (title, headers, rows) triples, e.g. a template's description of its columns; ``tags``,
    the HXL hashtags, are the first sheet's second row (an untagged column's cell empty)."""
    workbook = Workbook(write_only=True)
    sheets = ((title, headers, rows, tags), *((*extra, None) for extra in extra_sheets))
    for sheet_title, sheet_headers, sheet_rows, sheet_tags in sheets:
        sheet = workbook.create_sheet(sheet_title[:31])
        sheet.append([neutralise(header) for header in sheet_headers])
        if sheet_tags is not None:
            sheet.append([neutralise(tag) or None for tag in sheet_tags])
        for row in safe_rows(sheet_rows):
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    stem: str,
    headers: list[str],
    rows: Iterable[Iterable],
    title: str = "Sheet1",
    *,
    tags: list[str] | None = None,
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(headers, rows, title, tags=tags), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(stem, "xlsx")}"'
    return response


def export_response(
    kind: str,
    stem: str,
    headers: list[str],
    rows,
    title: str = "Sheet1",
    *,
    stream=True,
    tags: list[str] | None = None,
):
    """The rows as the asked-for kind of file ("csv" or "xlsx"), with ``tags`` (HXL
    hashtags, one a column) under the headers when given."""
    if kind == "xlsx":
        return xlsx_response(stem, headers, rows, title, tags=tags)
    return csv_response(stem, headers, rows, stream=stream, tags=tags)


def requested_export(request: HttpRequest) -> str | None:
    """ "csv" or "xlsx" when a list page is asked for its rows as a file (?export=…)."""
    kind = request.GET.get("export")
    return kind if kind in EXPORT_FORMATS else None


def requested_hxl(request: HttpRequest) -> bool:
    """Whether a list's file is asked for with its HXL hashtags under the headers (&hxl=1)."""
    return request.GET.get("hxl") == "1"


def query_without_page(request: HttpRequest) -> str:
    """The list's filters, for its links to other pages and to its exports (without the
    page asked for: a number, or where a page starts, see untop.pagination; nor the kind of
    file asked for, which each export link names)."""
    query = request.GET.copy()
    for name in ("page", "after", "before", "export", "hxl"):
        query.pop(name, None)
    return query.urlencode()


# -- what never leaves the portal ----------------------------------------------------------
class ConfidentialColumn(ImproperlyConfigured):
    """An export declares a column that reads withheld records: it is refused whole."""


@dataclass(frozen=True)
class Withheld:
    """Records of a model kept out of exports: some fields of it, or (none named) all of
    them; never, or only in an export that requires ``unless_permission`` of its user."""

    fields: frozenset[str]
    reason: str
    unless_permission: str | None = None

    def covers(self, field_name: str | None) -> bool:
        return not self.fields or field_name in self.fields


_withheld: Registry = Registry("withheld model")


def withhold(
    model: type[models.Model],
    *fields: str,
    reason: str,
    unless_permission: str | None = None,
) -> None:
    """Declare records that a list's export may not carry (an app calls it in its portal.py):
    the named fields of ``model`` or, none named, every field and the record itself."""
    _withheld.register(model, Withheld(frozenset(fields), reason, unless_permission))


def withheld() -> dict[type[models.Model], Withheld]:
    """Every declaration (the apps' portal modules make them as the portal starts)."""
    return _withheld


# -- a list's declared export --------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One column of a list's export: its header, the field path its cells are read from
    (``"project__code"``, or an annotation of the list's query such as ``"participant_total"``)
    and, when the cell is not the value itself, a function of that value. A path ending in a
    relation gives the related records (which the list's query fetches with it), so its
    column needs a ``cell`` function, e.g. to join the names of a recommendation's themes.
    ``choice_label`` writes a choice's label in the page's language instead of its code.
    ``hxl`` is the column's HXL hashtag and attributes (``"#date+start"``), written under the
    header when the file is asked for with them; a hashtag outside the HXL 1.1 core dictionary
    is a mistake of the declaration."""

    header: str
    path: str
    cell: Callable[[Any], Any] | None = None
    choice_label: bool = False
    hxl: str = ""

    def __post_init__(self):
        if not self.hxl:
            return
        tag = HXL_TAG.fullmatch(self.hxl)
        if tag is None:
            raise ImproperlyConfigured(
                f"The column “{self.header}” declares the HXL tag “{self.hxl}”: write a "
                "hashtag and its attributes in lower case, e.g. #date+start."
            )
        if tag["hashtag"] not in HXL_HASHTAGS:
            raise ImproperlyConfigured(
                f"The column “{self.header}” declares the HXL tag “{self.hxl}”: "
                f"#{tag['hashtag']} is not a hashtag of the HXL 1.1 core dictionary."
            )


@dataclass(frozen=True)
class _Reading:
    """How a column is read from a record or a row of values."""

    path: tuple[str, ...]
    convert: Callable[[Any], Any] | None
    is_relation: bool


@dataclass(frozen=True)
class ListExport:
    """A list's export: ``untop-<stem>-<date>.csv`` or ``.xlsx``, its sheet ``title``, its
    columns. ``permission`` is what its user must hold when its columns carry personal data
    withheld unless that permission is held; ``stream=False`` builds a short list's CSV whole.
    """

    stem: str
    title: str
    columns: Sequence[Column]
    permission: str | None = None
    stream: bool = True

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    @property
    def hxl_tags(self) -> list[str]:
        """Each column's HXL hashtag, an empty string for an untagged column."""
        return [column.hxl for column in self.columns]

    def check(self, model: type[models.Model]) -> list[_Reading]:
        """How each column is read from ``model``'s records, after refusing any column that
        reaches withheld records (ConfidentialColumn)."""
        rules = withheld()
        readings = []
        for column in self.columns:
            current: type[models.Model] | None = model
            reached: models.Field | None = None
            for name in column.path.split(LOOKUP_SEP):
                if current is None:
                    break
                try:
                    reached = current._meta.get_field(name)
                except FieldDoesNotExist:
                    reached = None  # an annotation of the list's query, summed there
                    break
                self._refuse_withheld(column, current, name, rules)
                current = reached.related_model if reached.is_relation else None
                if current is not None:
                    self._refuse_withheld(column, current, None, rules)
            is_relation = reached is not None and reached.is_relation
            if is_relation and column.cell is None:
                raise ImproperlyConfigured(
                    f"The column “{column.header}” of the {self.stem} export reads related "
                    "records: give it a cell function."
                )
            convert = column.cell
            if column.choice_label and reached is not None:
                labels = dict(reached.flatchoices)
                convert = _labelled(labels, column.cell)
            readings.append(_Reading(tuple(column.path.split(LOOKUP_SEP)), convert, is_relation))
        return readings

    def _refuse_withheld(self, column, model, field_name, rules) -> None:
        rule = rules.get(model)
        if rule is None or not rule.covers(field_name):
            return
        if rule.unless_permission is not None and rule.unless_permission == self.permission:
            return
        where = model._meta.label + (f".{field_name}" if field_name else "")
        raise ConfidentialColumn(
            f"The column “{column.header}” of the {self.stem} export reads {where}: {rule.reason}"
        )

    def rows(self, queryset: models.QuerySet) -> Iterator[list]:
        """The cells of each of the list's records, in one query (two when a column reads
        records related to many, which the list's query prefetches)."""
        readings = self.check(queryset.model)
        if any(reading.is_relation for reading in readings):
            for record in queryset.iterator(chunk_size=CHUNK_SIZE):
                yield [_cell(_walk(record, r.path), r.convert) for r in readings]
            return
        paths = [LOOKUP_SEP.join(reading.path) for reading in readings]
        for values in queryset.values_list(*paths).iterator(chunk_size=CHUNK_SIZE):
            yield [_cell(value, r.convert) for value, r in zip(values, readings, strict=True)]

    def response(
        self, kind: str, queryset: models.QuerySet, *, user, hxl: bool = False
    ) -> HttpResponse:
        """The filtered list as the asked-for file ("csv" or "xlsx"), with the columns' HXL
        hashtags under the headers when ``hxl`` is asked for and any column declares one.
        The tags are the declaration's: they cost no query and pass the same checks."""
        if self.permission is not None and not user.has_perm(self.permission):
            raise PermissionDenied
        self.check(queryset.model)  # refused before the response starts
        tags = self.hxl_tags if hxl and any(self.hxl_tags) else None
        return export_response(
            kind,
            self.stem,
            self.headers,
            self.rows(queryset),
            self.title,
            stream=self.stream,
            tags=tags,
        )


def _walk(record, path: tuple[str, ...]):
    value = record
    for name in path:
        if value is None:
            return None
        value = getattr(value, name)
    return value


def _cell(value, convert):
    return convert(value) if convert is not None else value


def _labelled(labels: dict, then: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    def convert(value):
        shown = force_str(labels.get(value, value)) if value not in (None, "") else value
        return then(shown) if then is not None else shown

    return convert
