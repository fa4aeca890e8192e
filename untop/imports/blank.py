"""Blank templates: the columns of an import, with a second sheet that describes each one."""

from __future__ import annotations

from untop.exports import xlsx_bytes

from .engine import Importer


def template_xlsx(importer: Importer) -> bytes:
    """A workbook whose first sheet has the header row to fill in and whose second sheet,
    "Columns", says what goes in each column, whether it is required, and an example."""
    columns = importer.get_columns()
    described = [
        [
            column.header,
            "required" if column.required else "optional",
            column.description,
            column.example,
        ]
        for column in columns
    ]
    notes = [
        [],
        ["Dates", "", "2006-03-14 or 14.03.2006", ""],
        ["Files", "", "CSV (UTF-8, UTF-8 with BOM or Windows-1251) or this workbook", ""],
        ["Rule", "", "One bad row and nothing is imported: the message names row and column", ""],
    ]
    return xlsx_bytes(
        importer.header_row(),
        [],
        title=importer.label,
        extra_sheets=[
            ("Columns", ["column", "required", "what it holds", "example"], described + notes),
            (
                "About",
                ["kind of records", "what a row is"],
                [[importer.label, importer.description]],
            ),
        ],
    )


def template_csv(importer: Importer) -> str:
    return "\ufeff" + ",".join(importer.header_row()) + "\r\n"
