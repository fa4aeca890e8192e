"""Writes the corpus of import files in this folder (run once; the files are committed).

    .venv/bin/python tests/data/imports/make_corpus.py

Good files: seminar sign-in sheets as the field office keeps them. Bad files: each breaks one
rule, and tests/imports/test_corpus.py checks its message and that nothing was saved.
"""

# ruff: noqa: E501 (the XML parts of a workbook read best on one line each)
from __future__ import annotations

import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = "project,centre,type,title,start,end,district,status,narrative,category,women,men"
SEMINAR = "Семинар «Толерантность в школе»"
ROUND_TABLE = "Круглый стол «Женщины и мир»"
GOOD_ROWS = [
    f"DLG-2006,khujand,seminar,{SEMINAR},14.03.2006,15.03.2006,,held,,Учителя,12,9",
    f"DLG-2006,khujand,seminar,{SEMINAR},14.03.2006,15.03.2006,,held,,Госслужащие,3,11",
    f"DLG-2006,Худжанд,meeting,{ROUND_TABLE},02.04.2006,,,,,Учителя,20,2",
]


def lines(rows: list[str], header: str = HEADER, separator: str = ",") -> str:
    return "\r\n".join(line.replace(",", separator) for line in [header, *rows]) + "\r\n"


def write(name: str, content: str | bytes, encoding: str = "utf-8") -> None:
    data = content.encode(encoding) if isinstance(content, str) else content
    (HERE / name).write_bytes(data)


def minimal_xlsx(sheet_xml: bytes, compress=zipfile.ZIP_DEFLATED) -> bytes:
    """A workbook of one sheet, written by hand so that the sheet can be anything."""
    parts = {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            b"</Types>"
        ),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            b"</Relationships>"
        ),
        "xl/workbook.xml": (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<sheets><sheet name="Activities" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            b"</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compress, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def sheet(rows: list[list[str]], dimension: str, padding: bytes = b"") -> bytes:
    body = b"".join(
        b'<row r="%d">' % number
        + b"".join(
            b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>'
            % (bytes([65 + i]), number, value.encode())
            for i, value in enumerate(cells)
        )
        + b"</row>"
        for number, cells in enumerate(rows, start=1)
    )
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="' + dimension.encode() + b'"/>'
        b"<sheetData>" + body + b"</sheetData>" + padding + b"</worksheet>"
    )


def main() -> None:
    # Good: what Excel writes in a Russian locale (Windows-1251, semicolons, dd.mm.yyyy) …
    write("signin_sheets_cp1251.csv", lines(GOOD_ROWS, separator=";"), "cp1251")
    # … and "CSV UTF-8" (with a BOM), ISO dates.
    iso = [
        row.replace("14.03.2006", "2006-03-14").replace("15.03.2006", "2006-03-15")
        for row in GOOD_ROWS
    ]
    write("signin_sheets_utf8_bom.csv", "\ufeff" + lines(iso))

    # Bad files, one rule broken each.
    koi8 = lines(GOOD_ROWS, separator=";").replace("«", '"').replace("»", '"')
    write("wrong_encoding_koi8r.csv", koi8, "koi8_r")
    write("utf16.csv", lines(GOOD_ROWS), "utf-16")
    write(
        "missing_column.csv",
        lines(
            [r.replace(",14.03.2006,", ",").replace(",02.04.2006,", ",") for r in GOOD_ROWS],
            HEADER.replace(",start", ""),
        ),
    )
    write("extra_column.csv", lines([r + ",1" for r in GOOD_ROWS], HEADER + ",womem"))
    write(
        "bad_date.csv",
        lines(
            [
                GOOD_ROWS[0],
                GOOD_ROWS[1]
                .replace("14.03.2006", "31.02.2006")
                .replace("15.03.2006", "31.02.2006"),
            ]
        ),
    )
    write("negative_count.csv", lines([GOOD_ROWS[0], GOOD_ROWS[1].replace(",3,11", ",-3,11")]))
    write("unknown_code.csv", lines([GOOD_ROWS[0], GOOD_ROWS[2].replace("DLG-2006", "DLG-2099")]))
    write("duplicate_rows.csv", lines([GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]]))
    write(
        "formula_injection.csv",
        lines(
            [
                GOOD_ROWS[0],
                GOOD_ROWS[2].replace(
                    ROUND_TABLE, '"=HYPERLINK(""http://example.org/x"",""Open"")"'
                ),
            ]
        ),
    )
    write(
        "one_bad_row.csv",
        lines([*GOOD_ROWS, GOOD_ROWS[2].replace(",20,2", ",20,twelve").replace("02.04", "03.04")]),
    )

    # XLSX: a zip bomb (8 MB of spaces inside the sheet, a few KB on disk) …
    write(
        "zip_bomb.xlsx", minimal_xlsx(sheet([HEADER.split(",")], "A1:L1", b" " * (8 * 1024 * 1024)))
    )
    # … a sheet that declares a million rows …
    write(
        "million_rows.xlsx",
        minimal_xlsx(sheet([HEADER.split(","), GOOD_ROWS[0].split(",")], "A1:L1048576")),
    )
    # … not a workbook at all, and an Excel 97 file.
    write("not_a_workbook.xlsx", "project,centre\r\nDLG-2006,khujand\r\n")
    write("old_excel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)


if __name__ == "__main__":
    main()
