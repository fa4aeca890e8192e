"""The one export path of the lists (untop/exports.py): a list's queryset and its declared
columns as CSV and Excel, read back here; a column reaching withheld records is refused."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from elections.filters import BRIEFING_EXPORT
from elections.models import Briefing
from humanrights.filters import TRACKER_EXPORT
from humanrights.models import MonitoringNote, Recommendation
from programs.filters import ACTIVITY_EXPORT
from programs.models import Activity
from tests.factories import ActivityFactory, ParticipantCountFactory
from tests.humanrights.factories import NoteFactory, RecommendationFactory, ThemeFactory
from tests.training.factories import InstructorFactory, SessionFactory
from training.filters import COURSE_EXPORT, SESSION_EXPORT, TRAINEE_EXPORT
from training.models import Course, Session, Trainee
from untop.exports import Column, ConfidentialColumn, ListExport

pytestmark = pytest.mark.django_db

ACTIVITIES = ListExport(
    stem="test-activities",
    title="Activities",
    columns=[
        Column("Start", "start"),
        Column("Title", "title"),
        Column("Project", "project__code"),
        Column("Status", "status", choice_label=True),
        Column("Total", "participant_total"),
    ],
)


def _content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _activities():
    ActivityFactory(
        title="Dialogue meeting in Khujand",
        project__code="ND-05",
        start=datetime.date(2005, 9, 5),
        end=datetime.date(2005, 9, 5),
        status=Activity.Status.HELD,
    )
    ParticipantCountFactory(activity=Activity.objects.get(), women=12, men=30)
    day = datetime.date(2006, 2, 1)
    ActivityFactory(title="=1+1", project__code="PR-05", start=day, end=day)
    return Activity.objects.with_participant_totals().order_by("start")


def test_csv_is_streamed_with_a_bom_and_read_back_row_by_row(manager):
    response = ACTIVITIES.response("csv", _activities(), user=manager)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="untop-test-activities-{today:%Y-%m-%d}.csv"'
    )
    content = _content(response)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [
        ["Start", "Title", "Project", "Status", "Total"],
        ["2005-09-05", "Dialogue meeting in Khujand", "ND-05", "Held", "42"],
        ["2006-02-01", "'=1+1", "PR-05", "Held", "0"],
    ]


def test_xlsx_is_read_back_with_dates_numbers_and_its_sheet_title(manager):
    response = ACTIVITIES.response("xlsx", _activities(), user=manager)
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Activities"]
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0] == ("Start", "Title", "Project", "Status", "Total")
    assert rows[1][0].date() == datetime.date(2005, 9, 5)  # a date cell, not text
    assert rows[1][1:] == (
        "Dialogue meeting in Khujand",
        "ND-05",
        "Held",
        42,
    )
    assert rows[2][1] == "'=1+1"  # text, not a formula


def test_the_rows_are_read_in_one_query_whatever_their_number(manager):
    activities = _activities()
    with CaptureQueriesContext(connection) as few:
        _content(ACTIVITIES.response("csv", activities, user=manager))
    for _ in range(10):
        ActivityFactory()
    with CaptureQueriesContext(connection) as many:
        _content(ACTIVITIES.response("csv", activities.all(), user=manager))
    assert len(few.captured_queries) == len(many.captured_queries) == 1


def test_a_column_of_related_records_is_made_by_its_cell_function(manager):
    first, second = ThemeFactory(name="Torture"), ThemeFactory(name="Detention")
    RecommendationFactory(text="Investigate").themes.set([first, second])
    export = ListExport(
        stem="test",
        title="Test",
        columns=[
            Column("text", "text"),
            Column("themes", "themes", lambda ts: "; ".join(sorted(t.name for t in ts.all()))),
        ],
        stream=False,
    )
    queryset = Recommendation.objects.prefetch_related("themes")
    response = export.response("csv", queryset, user=manager)
    assert not response.streaming
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ["Investigate", "Detention; Torture"]


def test_a_column_of_related_records_without_a_cell_function_is_a_mistake():
    export = ListExport(stem="test", title="Test", columns=[Column("themes", "themes")])
    with pytest.raises(ImproperlyConfigured, match="themes"):
        export.check(Recommendation)


def test_a_confidential_column_is_refused_before_anything_is_read(manager, hr_officer):
    NoteFactory(author=hr_officer, topic="Secret visit to a detention centre")
    export = ListExport(stem="notes", title="Notes", columns=[Column("topic", "topic")])
    refused = pytest.raises(ConfidentialColumn, match="humanrights.MonitoringNote.topic")
    with CaptureQueriesContext(connection) as queries, refused:
        export.response("csv", MonitoringNote.objects.all(), user=hr_officer)
    assert queries.captured_queries == []


def test_trainees_personal_data_need_an_export_that_requires_seeing_them(manager, hr_officer):
    SessionFactory(trainers=[InstructorFactory(family_name="Saidov")])
    names = Column("trainers", "trainers", lambda ts: "; ".join(str(t) for t in ts.all()))
    open_export = ListExport(stem="sessions", title="Sessions", columns=[names])
    with pytest.raises(ConfidentialColumn, match="training.Trainee"):
        open_export.check(Session)
    personal = ListExport(
        stem="sessions", title="Sessions", columns=[names], permission="training.view_trainee"
    )
    personal.check(Session)
    with pytest.raises(PermissionDenied):
        personal.response("csv", Session.objects.all(), user=hr_officer)
    response = personal.response("csv", Session.objects.all(), user=manager)
    assert "Saidov" in _content(response).decode("utf-8-sig")


@pytest.mark.parametrize(
    "export,model",
    [
        (ACTIVITY_EXPORT, Activity),
        (SESSION_EXPORT, Session),
        (COURSE_EXPORT, Course),
        (TRAINEE_EXPORT, Trainee),
        (TRACKER_EXPORT, Recommendation),
        (BRIEFING_EXPORT, Briefing),
    ],
)
def test_every_list_export_passes_the_confidentiality_check(export, model):
    assert len(export.check(model)) == len(export.columns)


def test_only_the_trainee_export_may_carry_trainees_and_it_requires_seeing_them():
    assert TRAINEE_EXPORT.permission == "training.view_trainee"
    for export in (ACTIVITY_EXPORT, SESSION_EXPORT, COURSE_EXPORT, TRACKER_EXPORT):
        assert export.permission is None
