"""The activity import applies the rules of the activity form: the user's own centre, the
project's dates, locked mandate periods; and it asks the database a fixed number of times
whatever the length of the file."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.models import Activity
from tests.factories import CentreFactory
from untop.imports.engine import ImportInvalid, get_importer, run_import
from untop.imports.reading import Table, read_table

from .conftest import corpus, database_counts

HEADERS = ["project", "centre", "type", "title", "start", "end", "category", "women", "men"]


def _row(title="Seminar", centre="khujand", start="14.03.2006", category="educators"):
    return ["DLG-2006", centre, "seminar", title, start, "", category, "4", "5"]


def _run(rows, user):
    importer = get_importer("activities")(acting_user=user)
    return run_import(importer, Table(headers=HEADERS, rows=rows), acting_user=user)


def test_staff_cannot_import_activities_of_another_centre(staff_user, sheet_records):
    CentreFactory(code="khorog", name="Khorog")
    before = database_counts()
    with pytest.raises(ImportInvalid) as invalid:
        _run([_row(), _row(title="Other", centre="khorog")], staff_user)
    [error] = invalid.value.errors
    assert (error.row, error.column) == (3, "centre")
    assert "You may only change your own centre's records" in error.message
    assert database_counts() == before


def test_a_manager_imports_for_every_centre(manager, sheet_records):
    CentreFactory(code="khorog", name="Khorog")
    outcome = _run([_row(), _row(title="Other", centre="khorog")], manager)
    assert outcome.created == 2
    assert set(Activity.objects.values_list("centre__code", flat=True)) == {"khujand", "khorog"}


def test_a_locked_mandate_period_refuses_the_rows(staff_user, sheet_records, period):
    period.locked = True
    period.save()
    before = database_counts()
    with pytest.raises(ImportInvalid) as invalid:
        _run([_row()], staff_user)
    [error] = invalid.value.errors
    assert (error.row, error.column) == (2, "start")
    assert "is locked" in error.message
    assert database_counts() == before


def test_each_row_of_a_refused_activity_is_named(staff_user, sheet_records, period):
    # The rules are asked once per centre, project and dates; every row sharing them is
    # still refused by name, not only the first.
    CentreFactory(code="khorog", name="Khorog")
    period.locked = True
    period.save()
    rows = [
        _row(),
        _row(category="officials"),
        _row(title="Other", centre="khorog"),
        _row(title="Other", centre="khorog", category="officials"),
    ]
    with pytest.raises(ImportInvalid) as invalid:
        _run(rows, staff_user)
    named = sorted((error.row, error.column) for error in invalid.value.errors)
    assert named == [
        (2, "start"),
        (3, "start"),
        (4, "centre"),
        (4, "start"),
        (5, "centre"),
        (5, "start"),
    ]


def test_an_activity_outside_its_project_is_refused(staff_user, sheet_records):
    with pytest.raises(ImportInvalid, match="must fall within its project's dates"):
        _run([_row(start="01.01.2004")], staff_user)


def test_rows_of_one_activity_must_agree(staff_user, sheet_records):
    second = _row(category="officials")
    second[5] = "20.03.2006"
    with pytest.raises(ImportInvalid) as invalid:
        _run([_row(), second], staff_user)
    [error] = invalid.value.errors
    assert (error.row, error.column) == (3, "end")
    assert "Row 2 gives" in error.message


def test_a_user_without_the_permission_is_refused(hr_officer, sheet_records):
    with pytest.raises(PermissionDenied):
        _run([_row()], hr_officer)


def _queries_for(rows: int, user) -> int:
    table = Table(
        headers=HEADERS,
        rows=[_row(title=f"Seminar {n}", start=f"{1 + n % 28}.03.2006") for n in range(rows)],
    )
    importer = get_importer("activities")(acting_user=user)
    with CaptureQueriesContext(connection) as queries:
        run_import(importer, table, acting_user=user)
    return len(queries)


def test_no_query_per_row(staff_user, sheet_records):
    few = _queries_for(5, staff_user)
    Activity.objects.all().delete()
    many = _queries_for(500, staff_user)
    assert Activity.objects.count() == 500
    # Only the batches of the bulk inserts grow (SQLite takes ~999 values per INSERT).
    assert many - few < 500 // 20, (few, many)


def test_an_xlsx_with_date_cells_imports(staff_user, sheet_records):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(
        [
            "DLG-2006",
            "khujand",
            "seminar",
            "Seminar",
            datetime.date(2006, 3, 14),
            None,
            "educators",
            4,
            5,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "sheet.xlsx")
    outcome = run_import(
        get_importer("activities")(acting_user=staff_user), table, acting_user=staff_user
    )
    assert outcome.created == 1
    assert Activity.objects.get().start == datetime.date(2006, 3, 14)


def test_the_corpus_xlsx_limits_are_checked_before_openpyxl(monkeypatch, sheet_records):
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a refused workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    from untop.imports.reading import ImportRefused

    for name in ("zip_bomb.xlsx", "million_rows.xlsx"):
        with pytest.raises(ImportRefused):
            read_table(corpus(name), name)


def test_cached_figures_are_summed_again_after_an_import(
    manager, sheet_records, django_capture_on_commit_callbacks
):
    from untop.figures_cache import cached_figures

    sums = []

    def activities_now():
        sums.append(Activity.objects.count())
        return sums[-1]

    assert cached_figures("test-import", activities_now) == 0
    assert cached_figures("test-import", activities_now) == 0  # from the cache
    with django_capture_on_commit_callbacks(execute=True):
        _run([_row(), _row(title="Other")], manager)
    # The rows went in without post_save; the import's own signal replaced the cache.
    assert cached_figures("test-import", activities_now) == 2
    assert sums == [0, 2]


def test_the_import_s_fast_start_of_a_record_is_safe():
    """Each imported activity starts as a copy of one draft's values, without
    ``Model.__init__`` and its signals (programs/resources.py): nothing may listen to them."""
    from django.db.models.signals import post_init, pre_init

    assert not pre_init.has_listeners(Activity)
    assert not post_init.has_listeners(Activity)


def test_a_refused_cell_is_refused_on_every_row_it_is_in(staff_user, sheet_records):
    rows = [
        _row(title="Seminar A", start="31.02.2006"),
        _row(title="Seminar B", start="31.02.2006"),
        _row(title="Seminar C"),
    ]
    with pytest.raises(ImportInvalid) as refused:
        _run(rows, staff_user)
    refused_cells = [
        (e.row, e.column) for e in refused.value.errors if "is not a date" in e.message
    ]
    assert refused_cells == [(2, "start"), (3, "start")]
    assert Activity.objects.count() == 0


def test_the_garbage_collector_runs_again_after_an_import_and_after_a_refused_one(
    manager, staff_user, sheet_records
):
    """An import pauses Python's cyclic collector while it reads and saves the rows; the
    worker and web processes that ran it collect again afterwards, whatever the outcome."""
    import gc

    assert gc.isenabled()
    _run([_row()], manager)
    assert gc.isenabled()
    CentreFactory(code="khorog", name="Khorog")
    with pytest.raises(ImportInvalid):
        _run([_row(title="Other", centre="khorog")], staff_user)
    assert gc.isenabled()
    gc.disable()  # a caller that paused it itself finds it paused still
    try:
        _run([_row(title="Third")], manager)
        assert not gc.isenabled()
    finally:
        gc.enable()
