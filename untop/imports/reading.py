"""Reading an uploaded file into a table of cells, refusing what is unsafe or too large, as
the django-import-export ``Format`` of every import (the back office, the import page, the jobs).

CSV comes in UTF-8, UTF-8 with a byte-order mark, or Windows-1251 (what Excel writes in a
Russian locale); XLSX is checked before openpyxl inflates anything: the zip's declared sizes
bound what can be unpacked, and the sheet's declared dimension bounds the rows. tablib's own
loaders guess encodings and inflate workbooks unchecked, hence this reader.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from import_export.formats import base_formats

from untop.exports import safe_rows, xlsx_bytes

XLSX_TYPES = (".xlsx", ".xlsm")
UTF8_BOM = b"\xef\xbb\xbf"
_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁёҒғӢӣҚқӮӯҲҳҶҷ]{3,}")


class ImportRefused(Exception):
    """The file as a whole cannot be imported (too large, unreadable, wrong columns)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def limit(name: str) -> int:
    """One of the import limits (settings UNTOP_IMPORT_*), with the portal's defaults."""
    defaults = {
        "MAX_BYTES": 10 * 1024 * 1024,
        "MAX_ROWS": 200_000,
        "MAX_UNCOMPRESSED_BYTES": 100 * 1024 * 1024,
        "MAX_COMPRESSION_RATIO": 200,
        "BACKGROUND_ROWS": 2_000,
    }
    return int(getattr(settings, f"UNTOP_IMPORT_{name}", defaults[name]))


@dataclass
class Table:
    """The header and the data rows of a file; ``first_row`` is the spreadsheet row number
    of ``rows[0]`` (the header is row 1)."""

    headers: list[str]
    rows: list[list] = field(default_factory=list)
    source: str = ""
    first_row: int = 2


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def read_table(data: bytes, filename: str = "") -> Table:
    """The table in an uploaded CSV or XLSX file; ImportRefused says why one cannot be read."""
    if len(data) > limit("MAX_BYTES"):
        raise ImportRefused(
            f"The file is {_megabytes(len(data))}; the largest file the portal takes is "
            f"{_megabytes(limit('MAX_BYTES'))}. Split it into smaller files."
        )
    name = filename.lower()
    if name.endswith(".xls") or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportRefused(
            "This is an old Excel 97–2003 (.xls) file: save it as an Excel workbook (.xlsx) "
            "or as CSV, then import it again."
        )
    if name.endswith(XLSX_TYPES) or data[:4] == b"PK\x03\x04":
        return read_xlsx(data)
    text, source = decode(data)
    return read_csv(text, source=source)


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the name of its encoding: UTF-8 (with or without BOM) or
    Windows-1251. Anything else is refused rather than read as garbled letters."""
    if data.startswith(UTF8_BOM):
        try:
            return data[len(UTF8_BOM) :].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as error:
            raise _not_text(error) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise ImportRefused(
            "The file is in UTF-16 (Excel's “Unicode text”), which the portal does not read: "
            "save it as “CSV UTF-8 (comma delimited)” or as an Excel workbook (.xlsx)."
        )
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError as error:
        raise _not_text(error) from None
    if not _looks_like_russian(text):
        raise ImportRefused(
            "The file's text is neither UTF-8 nor Windows-1251 (its Cyrillic letters come "
            "out garbled, as from KOI8-R or another code page): save it as “CSV UTF-8 "
            "(comma delimited)” or as an Excel workbook (.xlsx), then import it again."
        )
    return text, "Windows-1251"


def _not_text(error: UnicodeDecodeError) -> ImportRefused:
    return ImportRefused(
        f"The file cannot be read as text (byte {error.start + 1} is not a letter in UTF-8 "
        "or Windows-1251): save it as “CSV UTF-8” or as an Excel workbook (.xlsx)."
    )


def _looks_like_russian(text: str) -> bool:
    """Windows-1251 decodes any bytes; real Cyrillic words are lower case after their first
    letter, while KOI8-R or Mac Cyrillic read as Windows-1251 mix the cases inside words."""
    words = _CYRILLIC_WORD.findall(text[:200_000])
    if not words:
        # No Cyrillic at all, but not UTF-8 either: accented Latin letters of another code
        # page would come out as Cyrillic, so there would be words. Plain ASCII is UTF-8.
        return True
    mixed = sum(1 for word in words if any(c.isupper() for c in word[1:]) and not word.isupper())
    return mixed <= len(words) * 0.2


def _sniff_delimiter(first_line: str) -> str:
    # Excel in a Russian locale separates with semicolons; "Unicode text" with tabs.
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _blank(row: list) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def read_csv(text: str, *, source: str = "UTF-8") -> Table:
    """The rows of a CSV text, delimiter found from its header line."""
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line))
    headers: list[str] | None = None
    rows: list[list] = []
    max_rows = limit("MAX_ROWS")
    try:
        for row in reader:
            if headers is None:
                if _blank(row):
                    continue
                headers = row
                continue
            rows.append(row)
            if len(rows) > max_rows:
                raise _too_many_rows(max_rows)
    except csv.Error as error:
        raise ImportRefused(
            f"Line {reader.line_num} of the file is not valid CSV ({error})."
        ) from None
    while rows and _blank(rows[-1]):
        rows.pop()
    if headers is None:
        raise ImportRefused("The file is empty: the first row must name the columns.")
    return Table(headers=headers, rows=rows, source=f"CSV, {source}")


def _too_many_rows(max_rows: int) -> ImportRefused:
    return ImportRefused(
        f"The file has more than {max_rows:,} rows, the most one import takes: split it."
    )


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?\"")


def check_xlsx_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a zip bomb from the sizes the archive declares, before inflating a byte.

    zipfile never unpacks more than a member's declared size, so these bounds hold even for
    an archive that lies about them.
    """
    total = 0
    max_total, max_ratio = limit("MAX_UNCOMPRESSED_BYTES"), limit("MAX_COMPRESSION_RATIO")
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > max_ratio:
            raise ImportRefused(
                f"The workbook is refused: its part {info.filename} would unpack to "
                f"{_megabytes(info.file_size)} from {info.compress_size:,} bytes, the mark of "
                "a zip bomb. Save the sheet again from Excel, or as CSV."
            )
    if total > max_total:
        raise ImportRefused(
            f"The workbook is refused: it would unpack to {_megabytes(total)}, more than the "
            f"{_megabytes(max_total)} the portal reads. Split it, or save it as CSV."
        )


def _declared_rows(archive: zipfile.ZipFile, sheet_path: str) -> int | None:
    """The last row number in the sheet's <dimension ref="A1:F1048576"/>, read from the
    first few kilobytes of the sheet without parsing the rest."""
    with archive.open(sheet_path) as part:
        head = part.read(4096)
    match = _DIMENSION.search(head)
    if not match:
        return None
    last = match.group(4) or match.group(2)
    return int(last) if last else None


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        raise ImportRefused("The file is not an Excel workbook (.xlsx).") from None
    sheet = re.search(rb"<(?:\w+:)?sheet\b[^>]*\br:id=\"([^\"]+)\"", workbook) or re.search(
        rb"<(?:\w+:)?sheet\b[^>]*\bid=\"([^\"]+)\"", workbook
    )
    if sheet:
        rel = re.search(
            rb"<Relationship\b[^>]*\bId=\"" + re.escape(sheet.group(1)) + rb"\"[^>]*>", rels
        )
        target = re.search(rb"Target=\"([^\"]+)\"", rel.group(0)) if rel else None
        if target:
            path = target.group(1).decode().lstrip("/")
            path = path if path.startswith("xl/") else f"xl/{path}"
            if path in names:
                return path
    candidates = sorted(n for n in names if n.startswith("xl/worksheets/sheet"))
    if not candidates:
        raise ImportRefused("The workbook has no sheet.")
    return candidates[0]


def read_xlsx(data: bytes) -> Table:
    """The first sheet of a workbook, read in openpyxl's read-only mode once it is safe."""
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportRefused("The file is not a valid Excel workbook (.xlsx).") from None
    with archive:
        check_xlsx_archive(archive)
        sheet_path = _first_sheet_path(archive)
        declared = _declared_rows(archive, sheet_path)
        max_rows = limit("MAX_ROWS")
        if declared is not None and declared > max_rows + 1:
            raise ImportRefused(
                f"The sheet declares {declared:,} rows; the most one import takes is "
                f"{max_rows:,}. Delete the empty rows below the data (or save as CSV)."
            )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportRefused(
            f"The workbook cannot be read ({type(error).__name__}): save it again from Excel."
        ) from None
    try:
        sheet = workbook.worksheets[0]
        headers: list[str] | None = None
        rows: list[list] = []
        for values in sheet.iter_rows(values_only=True):
            row = list(values)
            if headers is None:
                if _blank(row):
                    continue
                headers = ["" if cell is None else str(cell) for cell in row]
                continue
            rows.append(row)
            if len(rows) > max_rows:
                raise _too_many_rows(max_rows)
    finally:
        workbook.close()
    while rows and _blank(rows[-1]):
        rows.pop()
    if headers is None:
        raise ImportRefused("The sheet is empty: its first row must name the columns.")
    while headers and not headers[-1].strip():
        headers.pop()
    width = len(headers)
    rows = [row[:width] + [None] * (width - len(row)) for row in rows]
    return Table(headers=headers, rows=rows, source="Excel workbook")


def cell_text(value) -> str:
    """A cell as text: numbers without a trailing .0, dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def normalise_header(header) -> str:
    """Headers compare without case, surrounding spaces or a stray BOM."""
    return " ".join(str(header).replace("\ufeff", "").strip().lower().split())


def table_dataset(table: Table) -> tablib.Dataset:
    """The table as the dataset a resource imports: headers normalised, blank rows left out.
    ``dataset.row_numbers`` keeps each row's number in the spreadsheet, for the messages."""
    headers = [normalise_header(header) for header in table.headers]
    width = len(headers)
    rows, numbers = [], []
    for number, row in enumerate(table.rows, start=table.first_row):
        if _blank(row):
            continue
        if len(row) > width and not _blank(row[width:]):
            raise ImportRefused(
                f"Row {number} has more cells than the file has columns: check for a stray "
                "separator, or name the extra column."
            )
        rows.append(row if len(row) == width else [*row[:width], *[None] * (width - len(row))])
        numbers.append(number)
    dataset = tablib.Dataset(*rows, headers=headers)
    dataset.title = table.source
    dataset.row_numbers = numbers
    return dataset


class PortalCSV(base_formats.CSV):
    """CSV read by the portal's reader (as bytes: it finds the encoding), written with a BOM
    so that Excel reads Cyrillic names as UTF-8, formulas defused."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return table_dataset(read_table(in_stream, "upload.csv"))

    def export_data(self, dataset, **kwargs):
        safe = tablib.Dataset(*safe_rows(dataset), headers=dataset.headers)
        return "\ufeff" + safe.export("csv")


class PortalXLSX(base_formats.XLSX):
    """A workbook read by the portal's reader (zip bombs and runaway sheets refused before
    openpyxl inflates them), written with formulas defused."""

    def create_dataset(self, in_stream, **kwargs):
        return table_dataset(read_table(in_stream, "upload.xlsx"))

    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(list(dataset.headers or []), list(dataset), title="Export")
