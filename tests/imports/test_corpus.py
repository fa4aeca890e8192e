"""The corpus of bad files: each is refused with a message that says what is wrong (and
where), and the database is left exactly as it was. The good sign-in sheets import."""

import pytest
from django.db.models import Sum

from programs.models import Activity, ParticipantCount
from untop.audit.models import AuditEntry
from untop.imports.engine import ImportInvalid
from untop.imports.reading import ImportRefused
from untop.imports.services import import_file

from .conftest import corpus, database_counts

REFUSED_FILES = [
    ("wrong_encoding_koi8r.csv", "neither UTF-8 nor Windows-1251"),
    ("utf16.csv", "UTF-16"),
    ("missing_column.csv", "Missing column “start”"),
    ("extra_column.csv", "Unknown column “womem” (column M)"),
    ("zip_bomb.xlsx", "zip bomb"),
    ("million_rows.xlsx", "declares 1,048,576 rows"),
    ("not_a_workbook.xlsx", "not a valid Excel workbook"),
    ("old_excel.xls", "Excel 97–2003"),
]

INVALID_FILES = [
    ("bad_date.csv", 3, "start", "“31.02.2006” is not a date"),
    ("negative_count.csv", 3, "women", "-3 is negative"),
    ("unknown_code.csv", 3, "project", "No project has the code “DLG-2099”"),
    ("duplicate_rows.csv", 4, "", "The row repeats row 2"),
    ("formula_injection.csv", 3, "title", "starts like a spreadsheet formula"),
    ("one_bad_row.csv", 5, "men", "“twelve” is not a whole number"),
]


def _import(name: str, user):
    return import_file(
        importer_key="activities", data=corpus(name), filename=name, acting_user=user
    )


@pytest.mark.parametrize(("name", "message"), REFUSED_FILES)
def test_a_file_that_cannot_be_read_is_refused_whole(name, message, staff_user, sheet_records):
    before = database_counts()
    with pytest.raises(ImportRefused) as refused:
        _import(name, staff_user)
    assert message in refused.value.message
    assert database_counts() == before


@pytest.mark.parametrize(("name", "row", "column", "message"), INVALID_FILES)
def test_a_bad_row_imports_nothing_and_is_named(
    name, row, column, message, staff_user, sheet_records
):
    before = database_counts()
    with pytest.raises(ImportInvalid) as invalid:
        _import(name, staff_user)
    errors = invalid.value.errors
    assert any(
        error.row == row and error.column == column and message in error.message for error in errors
    ), errors
    assert str(invalid.value).startswith("Nothing was imported")
    assert database_counts() == before


def test_an_oversized_file_is_refused(settings, staff_user, sheet_records):
    settings.UNTOP_IMPORT_MAX_BYTES = 200
    before = database_counts()
    with pytest.raises(ImportRefused, match="the largest file the portal takes is"):
        _import("signin_sheets_cp1251.csv", staff_user)
    assert database_counts() == before


def test_too_many_rows_are_refused(settings, staff_user, sheet_records):
    settings.UNTOP_IMPORT_MAX_ROWS = 2
    with pytest.raises(ImportRefused, match="more than 2 rows"):
        _import("signin_sheets_cp1251.csv", staff_user)


@pytest.mark.parametrize("name", ["signin_sheets_cp1251.csv", "signin_sheets_utf8_bom.csv"])
def test_sign_in_sheets_import_as_drafts_with_their_counts(name, staff_user, sheet_records):
    outcome = _import(name, staff_user)

    assert (outcome.created, outcome.updated) == (2, 0)
    seminar = Activity.objects.get(title="Семинар «Толерантность в школе»")
    assert (seminar.kind, str(seminar.start), str(seminar.end)) == (
        "seminar",
        "2006-03-14",
        "2006-03-15",
    )
    assert seminar.approval == Activity.Approval.DRAFT
    assert seminar.created_by == staff_user
    counts = {c.category.code: (c.women, c.men) for c in seminar.participants.all()}
    assert counts == {"educators": (12, 9), "officials": (3, 11)}
    round_table = Activity.objects.get(title="Круглый стол «Женщины и мир»")
    assert round_table.end == round_table.start  # one day when "end" is empty
    assert round_table.status == Activity.Status.HELD
    assert ParticipantCount.objects.aggregate(n=Sum("women") + Sum("men"))["n"] == 57


def test_the_audit_trail_names_the_importing_user(staff_user, sheet_records):
    before = AuditEntry.objects.count()
    _import("signin_sheets_cp1251.csv", staff_user)
    entries = AuditEntry.objects.order_by("id")[before:]
    assert AuditEntry.objects.count() - before == 2 + 3  # two activities, three participant counts
    assert {entry.actor_id for entry in entries} == {staff_user.pk}
    assert {entry.action for entry in entries} == {AuditEntry.Action.CREATE}
    seminar = Activity.objects.get(title__startswith="Семинар")
    entry = AuditEntry.objects.get(object_id=str(seminar.pk), content_type__model="activity")
    assert entry.changes["title"] == [None, "Семинар «Толерантность в школе»"]
    assert entry.changes["centre"] == [None, seminar.centre_id]


def test_the_same_file_twice_is_refused_the_second_time(staff_user, sheet_records):
    _import("signin_sheets_cp1251.csv", staff_user)
    before = database_counts()
    with pytest.raises(ImportInvalid) as invalid:
        _import("signin_sheets_utf8_bom.csv", staff_user)
    assert "already in the portal" in str(invalid.value)
    assert database_counts() == before
