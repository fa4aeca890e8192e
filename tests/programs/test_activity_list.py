"""The activity list: filters, search, and the export of exactly what is filtered."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from programs.models import Project
from tests.factories import ActivityFactory, ParticipantCountFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(centre, other_centre):
    dialogue = ProjectFactory(code="ND-05", area=Project.Area.NATIONAL_DIALOGUE)
    police = ProjectFactory(code="PR-05", area=Project.Area.POLICE_REFORM)
    rows = {
        "meeting": ActivityFactory(
            project=dialogue,
            centre=centre,
            title="Dialogue meeting in Khujand",
            start=datetime.date(2005, 9, 5),
            end=datetime.date(2005, 9, 5),
            approval="approved",
        ),
        "course": ActivityFactory(
            project=police,
            centre=other_centre,
            title="Police course in Khorog",
            start=datetime.date(2006, 2, 1),
            end=datetime.date(2006, 2, 3),
            kind="training",
        ),
        "formula": ActivityFactory(
            project=police,
            centre=centre,
            title='=HYPERLINK("http://x")',
            start=datetime.date(2006, 3, 1),
            end=datetime.date(2006, 3, 1),
            status="planned",
        ),
    }
    ParticipantCountFactory(activity=rows["meeting"], women=12, men=30)
    ParticipantCountFactory(activity=rows["course"], women=2, men=40)
    return rows


def _titles(response) -> list[str]:
    return [a.title for a in response.context["page"].object_list]


@pytest.mark.parametrize(
    "query,expected",
    [
        ({}, ['=HYPERLINK("http://x")', "Police course in Khorog", "Dialogue meeting in Khujand"]),
        ({"area": "dialogue"}, ["Dialogue meeting in Khujand"]),
        ({"q": "khorog"}, ["Police course in Khorog"]),
        ({"q": "ND-05"}, ["Dialogue meeting in Khujand"]),
        ({"status": "planned"}, ['=HYPERLINK("http://x")']),
        ({"approval": "approved"}, ["Dialogue meeting in Khujand"]),
        ({"start_from": "2006-01-01", "start_to": "2006-02-28"}, ["Police course in Khorog"]),
    ],
)
def test_filters_choose_the_rows(staff_client, activities, query, expected):
    response = staff_client.get(reverse("programs:activity_list"), query)
    assert response.status_code == 200
    assert _titles(response) == expected


def test_filter_by_centre_and_project(staff_client, activities, other_centre):
    project = activities["course"].project
    response = staff_client.get(
        reverse("programs:activity_list"), {"centre": other_centre.pk, "project": project.pk}
    )
    assert _titles(response) == ["Police course in Khorog"]


@pytest.mark.parametrize(
    "query,message",
    [
        ({"centre": "99999"}, "Select a valid choice"),
        ({"start_from": "2006-13-45"}, "From: “2006-13-45” is not a date."),
        ({"start_from": "2006-03-01", "start_to": "2006-01-01"}, "before its start"),
        ({"area": "astrology"}, "Select a valid choice"),
    ],
)
def test_bad_filters_say_what_is_wrong_and_show_nothing(staff_client, activities, query, message):
    response = staff_client.get(reverse("programs:activity_list"), query)
    assert response.status_code == 200
    assert message in response.text
    assert _titles(response) == []


def test_csv_export_holds_the_filtered_rows_with_formulas_defused(staff_client, activities):
    response = staff_client.get(
        reverse("programs:activity_list"), {"start_from": "2006-01-01", "export": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["Title"] for r in rows] == ['\'=HYPERLINK("http://x")', "Police course in Khorog"]
    course = rows[1]
    assert (course["Women"], course["Men"], course["Total"]) == ("2", "40", "42")
    assert course["Mandate area"] == "police"


def test_xlsx_export_holds_the_filtered_rows(staff_client, activities):
    response = staff_client.get(
        reverse("programs:activity_list"), {"area": "dialogue", "export": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Start", "End", "Title")
    assert len(rows) == 2
    assert rows[1][2] == "Dialogue meeting in Khujand"
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Women"], row["Men"], row["Total"]) == (12, 30, 42)
    # Recorded without a breakdown: every one of them "not recorded".
    assert (row["Age 18–24"], row["Age not recorded"]) == (0, 42)
    assert (row["With a disability"], row["Disability not recorded"]) == (0, 42)


def test_the_export_runs_a_fixed_number_of_queries(
    staff_client, activities, django_assert_num_queries
):
    url = reverse("programs:activity_list")
    staff_client.get(reverse("home"))  # the permissions, read once and kept in the cache
    # 3 (the permissions come from the cache), the sign-in's second-factor check and the age
    # bands (the export's columns)
    with django_assert_num_queries(5) as few:
        b"".join(staff_client.get(url, {"export": "csv"}).streaming_content)
    for _ in range(15):
        ParticipantCountFactory(activity=ActivityFactory(centre=activities["meeting"].centre))
    with django_assert_num_queries(len(few.captured_queries)):
        b"".join(staff_client.get(url, {"export": "csv"}).streaming_content)


def test_pages_keep_the_filters(staff_client, centre):
    project = ProjectFactory(area=Project.Area.POLICE_REFORM)
    for i in range(30):
        day = datetime.date(2005, 7, 1) + datetime.timedelta(days=i)
        ActivityFactory(project=project, centre=centre, start=day, end=day)
    response = staff_client.get(reverse("programs:activity_list"), {"area": "police"})
    last_shown = response.context["page"].object_list[-1]
    assert f"area=police&amp;after={last_shown.pk}" in response.text
    second = staff_client.get(
        reverse("programs:activity_list"), {"area": "police", "after": last_shown.pk}
    )
    assert len(_titles(second)) == 5
