"""Blank templates: the columns of an import, with a second sheet that describes each one
(django-import-export has no blank template)."""

from __future__ import annotations

from untop.exports import xlsx_bytes

from .resources import PortalResource


def template_xlsx(importer: PortalResource) -> bytes:
    """A workbook whose first sheet has the header row to fill in and whose second sheet,
    "Columns", says what goes in each column, whether it is required, and an example."""
    columns = importer.get_import_fields()
    described = [
        [
            column.column_name,
            "required" if column.required else "optional",
            column.help_text,
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
        importer.get_diff_headers(),
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


def template_csv(importer: PortalResource) -> str:
    return "\ufeff" + ",".join(importer.get_diff_headers()) + "\r\n"
