"""Sign-in sheets that count people by age band and disability (columns "age_band" and
"disability"): a category's rows of one activity are its groups and make one participant
row, their sum, with that breakdown; the export writes a breakdown back as those rows. A
file without the columns, or with them empty, imports as before. On PostgreSQL the groups
are written by COPY with their audit entries."""

import csv
import io

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from programs.models import (
    Activity,
    AgeBand,
    Disability,
    ParticipantCount,
    ParticipantGroup,
    Sex,
)
from programs.resources import ActivityResource
from untop.audit.models import AuditEntry
from untop.imports.blank import template_xlsx
from untop.imports.engine import ImportInvalid, get_importer, run_import
from untop.imports.reading import Table

HEADERS = ["project", "centre", "type", "title", "start", "category", "women", "men"]
GROUP_HEADERS = [*HEADERS, "age_band", "disability"]

pytestmark = pytest.mark.django_db


def _row(category="educators", women="4", men="5", band=None, disability=None, title="Seminar"):
    row = ["DLG-2006", "khujand", "seminar", title, "14.03.2006", category, women, men]
    return row if band is None and disability is None else [*row, band or "", disability or ""]


def _run(rows, user, headers=GROUP_HEADERS):
    importer = get_importer("activities")(acting_user=user)
    return run_import(importer, Table(headers=headers, rows=rows), acting_user=user)


def _groups(count: ParticipantCount) -> set[tuple]:
    return {
        (group.sex, group.age_band.code if group.age_band else None, group.disability, group.number)
        for group in count.groups.select_related("age_band")
    }


def test_a_category_s_rows_make_one_participant_row_with_its_breakdown(manager, sheet_records):
    outcome = _run(
        [
            _row(women="3", men="2", band="18-24", disability="no"),
            _row(category="officials", women="1", men="1"),
            _row(women="0", men="1", band="18–24", disability="yes"),  # the English name
            _row(women="5", men="0", band="60 лет и старше", disability=""),  # the Russian one
            _row(women="2", men="4", band="", disability=""),
        ],
        manager,
    )
    assert outcome.created == 1
    activity = Activity.objects.get()
    educators = activity.participants.get(category__code="educators")
    assert (educators.women, educators.men) == (10, 7)
    # Groups of no one are left out; the row with both columns empty is "not recorded".
    assert _groups(educators) == {
        (Sex.WOMEN, "18-24", Disability.NO, 3),
        (Sex.MEN, "18-24", Disability.NO, 2),
        (Sex.MEN, "18-24", Disability.YES, 1),
        (Sex.WOMEN, "60-plus", Disability.NOT_RECORDED, 5),
        (Sex.WOMEN, None, Disability.NOT_RECORDED, 2),
        (Sex.MEN, None, Disability.NOT_RECORDED, 4),
    }
    educators.full_clean()  # the breakdown adds up to the row, as the form requires
    # A category of the same file given in one row without band or disability has none.
    officials = activity.participants.get(category__code="officials")
    assert (officials.women, officials.men) == (1, 1)
    assert not officials.groups.exists()


def test_rows_of_a_category_far_apart_in_the_file_still_make_one_row(
    manager, sheet_records, monkeypatch
):
    # Saved in batches of two activities: the activity of the first row is written long
    # before its category's last group is read.
    monkeypatch.setattr(ActivityResource._meta, "batch_size", 2)
    rows = [_row(women="1", men="0", band="under-18", disability="no")]
    rows += [_row(title=f"Other {n}") for n in range(5)]
    rows += [_row(women="0", men="2", band="25-59", disability="no")]
    _run(rows, manager)
    count = ParticipantCount.objects.get(activity__title="Seminar")
    assert (count.women, count.men) == (1, 2)
    assert _groups(count) == {
        (Sex.WOMEN, "under-18", Disability.NO, 1),
        (Sex.MEN, "25-59", Disability.NO, 2),
    }
    assert ParticipantCount.objects.count() == 6
    assert ParticipantGroup.objects.count() == 2


def test_the_groups_have_their_audit_entries(manager, sheet_records):
    _run(
        [
            _row(women="3", men="0", band="18-24", disability="yes"),
            _row(women="1", men="5", band="", disability="no"),
        ],
        manager,
    )
    entries = AuditEntry.objects.filter(content_type__model="participantgroup")
    assert {(entry.actor, entry.action) for entry in entries} == {
        (manager, AuditEntry.Action.CREATE)
    }
    # Labelled as the group itself reads, on PostgreSQL's COPY as elsewhere.
    assert sorted(entry.object_repr for entry in entries) == sorted(
        str(group) for group in ParticipantGroup.objects.select_related("age_band")
    )
    assert len(entries) == 3


def test_a_repeated_group_is_refused_naming_both_rows(manager, sheet_records):
    before = (Activity.objects.count(), ParticipantCount.objects.count())
    with pytest.raises(ImportInvalid) as invalid:
        _run(
            [
                _row(band="18-24", disability="no"),
                _row(band="25-59", disability="no"),
                _row(band="18-24", disability="No"),
            ],
            manager,
        )
    [error] = invalid.value.errors
    assert error.row == 4
    assert "repeats row 2" in error.message
    assert "“age_band”" in error.message and "“disability”" in error.message
    assert (Activity.objects.count(), ParticipantCount.objects.count()) == before


def test_two_rows_of_a_category_without_band_or_disability_repeat_each_other(
    manager, sheet_records
):
    with pytest.raises(ImportInvalid) as invalid:
        _run(
            [
                _row(band="18-24", disability="no"),
                _row(band="", disability=""),
                _row(band="", disability=""),
            ],
            manager,
        )
    [error] = invalid.value.errors
    assert error.row == 4
    assert "repeats row 3" in error.message


def test_an_unknown_band_or_answer_is_refused_by_row_and_column(manager, sheet_records):
    with pytest.raises(ImportInvalid) as invalid:
        _run(
            [
                _row(band="18-24", disability="no"),
                _row(band="30-40", disability="no"),
                _row(band="18-24", disability="sometimes"),
            ],
            manager,
        )
    problems = {(error.row, error.column): error.message for error in invalid.value.errors}
    assert set(problems) == {(3, "age_band"), (4, "disability")}
    assert "30-40" in problems[3, "age_band"]
    assert "“sometimes” is not yes or no" in problems[4, "disability"]
    assert not Activity.objects.exists()


def test_a_group_needs_its_category(manager, sheet_records):
    with pytest.raises(ImportInvalid) as invalid:
        _run([_row(category="", women="", men="", band="18-24")], manager)
    [error] = invalid.value.errors
    assert (error.row, error.column) == (2, "category")


@pytest.mark.parametrize("headers", [HEADERS, GROUP_HEADERS])
def test_a_file_without_a_breakdown_imports_as_before(manager, sheet_records, headers):
    blank = [""] * (len(headers) - len(HEADERS))
    _run(
        [[*_row(), *blank], [*_row(category="officials", women="2", men="0"), *blank]],
        manager,
        headers,
    )
    assert sorted(ParticipantCount.objects.values_list("category__code", "women", "men")) == [
        ("educators", 4, 5),
        ("officials", 2, 0),
    ]
    assert not ParticipantGroup.objects.exists()
    # One activity and category per row, as always: a second row of it is a repeat.
    with pytest.raises(ImportInvalid, match="repeats row 2"):
        _run([[*_row(title="New"), *blank], [*_row(title="New"), *blank]], manager, headers)


def test_a_preview_of_a_file_with_a_breakdown_saves_nothing(manager, sheet_records):
    importer = get_importer("activities")(acting_user=manager)
    table = Table(
        headers=GROUP_HEADERS,
        rows=[_row(band="18-24", disability="no"), _row(band="25-59", disability="no")],
    )
    outcome = run_import(importer, table, acting_user=manager, dry_run=True)
    assert "would add 1" in outcome.summary
    assert not ParticipantCount.objects.exists()
    assert not ParticipantGroup.objects.exists()


def _export(client) -> list[dict]:
    fields = [*HEADERS, "age_band", "disability"]
    response = client.post(
        reverse("admin:programs_activity_export"),
        {"format": "0", **{f"activityresource_{name}": "on" for name in fields}},
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def test_the_export_writes_a_breakdown_as_the_rows_that_import_it(
    manager, manager_client, sheet_records
):
    rows = [
        _row(women="0", men="1", band="25-59", disability="yes"),
        _row(women="3", men="2", band="18-24", disability="no"),
        _row(women="2", men="4", band="", disability=""),
        _row(women="1", men="0", band="", disability="yes"),
        _row(category="officials", women="6", men="7", band="", disability=""),
    ]
    _run(rows, manager)
    saved = {c.category.code: (c.women, c.men, _groups(c)) for c in ParticipantCount.objects.all()}
    exported = _export(manager_client)
    shown = [
        (row["category"], row["age_band"], row["disability"], row["women"], row["men"])
        for row in exported
    ]
    # Women and men of a band and answer side by side; bands in order, then age not
    # recorded; "not recorded" empty; a row without a breakdown as before.
    assert shown == [
        ("educators", "18-24", "no", "3", "2"),
        ("educators", "25-59", "yes", "0", "1"),
        ("educators", "", "yes", "1", "0"),
        ("educators", "", "", "2", "4"),
        ("officials", "", "", "6", "7"),
    ]
    # Read back, the exported rows make the same participant rows and breakdowns.
    Activity.objects.all().delete()
    _run([[row[name] for name in GROUP_HEADERS] for row in exported], manager)
    again = {c.category.code: (c.women, c.men, _groups(c)) for c in ParticipantCount.objects.all()}
    assert again == saved


def test_the_blank_template_says_what_the_columns_hold(manager):
    workbook = load_workbook(io.BytesIO(template_xlsx(ActivityResource(acting_user=manager))))
    assert [cell.value for cell in workbook.worksheets[0][1]][-2:] == ["age_band", "disability"]
    described = {row[0]: row[1:] for row in workbook["Columns"].iter_rows(values_only=True)}
    required, holds, example = described["age_band"]
    assert required == "optional"
    assert "Age band" in holds and "empty if age was not recorded" in holds
    assert AgeBand.objects.filter(code=example).exists()
    required, holds, example = described["disability"]
    assert required == "optional"
    assert "yes" in holds and "no" in holds and "empty if not recorded" in holds


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's COPY")
def test_groups_go_in_by_copy_on_postgresql(manager, sheet_records, django_assert_max_num_queries):
    # One COPY of the groups and one of their entries, whatever the number of rows.
    rows = [
        _row(title=f"Seminar {n}", women=str(n % 3), men="1", band=band, disability=answer)
        for n in range(40)
        for band, answer in (("18-24", "no"), ("", "yes"))
    ]
    importer = get_importer("activities")(acting_user=manager)
    with django_assert_max_num_queries(40):
        run_import(importer, Table(headers=GROUP_HEADERS, rows=rows), acting_user=manager)
    assert ParticipantCount.objects.count() == 40
    # Each activity: a group of men in each band, and of women where there were any.
    assert ParticipantGroup.objects.count() == 2 * 40 + 2 * sum(1 for n in range(40) if n % 3)
    assert AuditEntry.objects.filter(content_type__model="participantgroup").count() == (
        ParticipantGroup.objects.count()
    )
    for count in ParticipantCount.objects.prefetch_related("groups"):
        count.full_clean()
