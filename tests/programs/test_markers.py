"""A project's UN gender equality marker and human-rights marker (0 to 3, or not rated): rated
in the back office, filtering the activity list, printed in the donor report."""

import datetime
import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from demo.programs.projects import MARKERS
from programs.models import Project
from programs.reports import DONOR_REPORT
from tests.admin_checks import browser_post_data
from tests.factories import (
    ActivityFactory,
    DonorFactory,
    ParticipantCountFactory,
    PledgeFactory,
    ProjectFactory,
)
from untop.reports.services import report_render_files

pytestmark = pytest.mark.django_db


# -- the back office ----------------------------------------------------------------------


def test_a_manager_rates_a_project_in_the_back_office(manager_client):
    project = ProjectFactory(code="HR-OMB")
    url = reverse("admin:programs_project_change", args=[project.pk])
    page = manager_client.get(url)
    assert "3 – gender equality is the principal objective" in page.text
    data = browser_post_data(page.text)
    assert data["gender_marker"] == [""]  # not rated yet, and not taken for a 0

    data.update(gender_marker=["1"], human_rights_marker=["3"])
    assert manager_client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert (project.gender_marker, project.human_rights_marker) == (1, 3)

    # Opened again and emptied, the marker is "not rated", not 0.
    data = browser_post_data(manager_client.get(url).text)
    assert data["gender_marker"] == ["1"]
    data.update(gender_marker=[""])
    assert manager_client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert (project.gender_marker, project.human_rights_marker) == (None, 3)


def test_a_marker_outside_the_scale_is_refused(manager_client):
    project = ProjectFactory()
    url = reverse("admin:programs_project_change", args=[project.pk])
    data = browser_post_data(manager_client.get(url).text)
    data.update(gender_marker=["4"])
    response = manager_client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice. 4 is not one of the available choices." in response.text
    project.refresh_from_db()
    assert project.gender_marker is None


def test_the_project_changelist_shows_and_filters_the_markers(manager_client):
    ProjectFactory(code="HR-EDU", gender_marker=2, human_rights_marker=3)
    ProjectFactory(code="PR-BUL", gender_marker=0, human_rights_marker=1)
    ProjectFactory(code="PR-PKO")
    url = reverse("admin:programs_project_changelist")
    page = manager_client.get(url).text
    assert "2 – significant contribution to gender equality" in page
    assert "3 – human rights are the principal objective" in page
    rated_2 = manager_client.get(url, {"gender_marker__exact": "2"})
    assert [p.code for p in rated_2.context["cl"].result_list] == ["HR-EDU"]
    rated_0 = manager_client.get(url, {"gender_marker__exact": "0"})
    assert [p.code for p in rated_0.context["cl"].result_list] == ["PR-BUL"]
    not_rated = manager_client.get(url, {"gender_marker__isnull": "True"})
    assert [p.code for p in not_rated.context["cl"].result_list] == ["PR-PKO"]


# -- the activity list ----------------------------------------------------------------------


@pytest.fixture
def rated(centre):
    """An activity of a project of each kind of rating: principal (3), none (0), not rated."""
    projects = {
        "principal": ProjectFactory(code="HR-EDU", gender_marker=3),
        "none": ProjectFactory(code="PR-BUL", gender_marker=0),
        "unrated": ProjectFactory(code="PR-PKO"),
    }
    for name, project in projects.items():
        ActivityFactory(project=project, centre=centre, title=f"Seminar ({name})")
    return projects


def _titles(response) -> list[str]:
    return [a.title for a in response.context["page"].object_list]


@pytest.mark.parametrize(
    "marker,expected",
    [
        ("3", ["Seminar (principal)"]),
        ("0", ["Seminar (none)"]),  # 0 is a rating, not "not rated"
        ("2", []),
        ("", ["Seminar (unrated)", "Seminar (none)", "Seminar (principal)"]),
    ],
)
def test_the_gender_marker_narrows_the_activity_list(staff_client, rated, marker, expected):
    response = staff_client.get(reverse("programs:activity_list"), {"gender_marker": marker})
    assert sorted(_titles(response)) == sorted(expected)
    assert response.context["page"].paginator.count == len(expected)


def test_the_activity_list_offers_the_gender_marker(staff_client, rated):
    page = staff_client.get(reverse("programs:activity_list")).text
    assert "Gender marker" in page
    assert "Any gender marker" in page
    assert "1 – limited contribution to gender equality" in page


def test_a_marker_off_the_scale_shows_its_error_and_no_rows(staff_client, rated):
    response = staff_client.get(reverse("programs:activity_list"), {"gender_marker": "9"})
    assert response.status_code == 200
    assert _titles(response) == []
    assert "Select a valid choice" in response.text


def test_the_export_holds_only_the_rated_projects_activities(staff_client, rated):
    response = staff_client.get(
        reverse("programs:activity_list"), {"gender_marker": "3", "export": "csv"}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Seminar (principal)" in text
    assert "Seminar (none)" not in text
    assert "Seminar (unrated)" not in text


def test_filtering_by_marker_keeps_the_lists_fixed_number_of_queries(
    staff_client, rated, centre, django_assert_num_queries
):
    url = reverse("programs:activity_list")
    # The permissions and the filters' choices, read once and kept in the cache.
    staff_client.get(url, {"status": "held"})
    with CaptureQueriesContext(connection) as unfiltered:
        staff_client.get(url)
    expected = len(unfiltered.captured_queries)
    with django_assert_num_queries(expected):
        response = staff_client.get(url, {"gender_marker": "3"})
    assert _titles(response) == ["Seminar (principal)"]
    # More activities of rated projects: still the same number.
    for i in range(12):
        project = ProjectFactory(gender_marker=3)
        activity = ActivityFactory(project=project, centre=centre, title=f"Course {i}")
        ParticipantCountFactory(activity=activity)
    staff_client.get(url, {"status": "held"})  # the choices, read again after the writes
    with django_assert_num_queries(expected):
        response = staff_client.get(url, {"gender_marker": "3"})
    assert response.context["page"].paginator.count == 13


# -- the donor report -----------------------------------------------------------------------

START, END = datetime.date(2005, 6, 1), datetime.date(2006, 5, 31)


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_donor_report_prints_each_projects_markers(centre):
    donor = DonorFactory(code="SWE", name="Sweden (illustrative)")
    rated = ProjectFactory(
        code="HR-EDU", title="Human rights education", gender_marker=2, human_rights_marker=3
    )
    unrated = ProjectFactory(code="PR-PKO", title="Civilian policing")
    for project in (rated, unrated):
        PledgeFactory(donor=donor, project=project)
    parameters = {
        "donor": donor.code,
        "start": START.isoformat(),
        "end": END.isoformat(),
        "language": "en",
    }

    files = report_render_files(kind=DONOR_REPORT, parameters=parameters)

    rated_line = (
        "Gender marker: 2 – significant contribution to gender equality; "
        "human rights marker: 3 – human rights are the principal objective"
    )
    unrated_line = "Gender marker: not rated; human rights marker: not rated"
    text = _pdf_text(files.pdf)
    assert "HR-EDU Human rights education" in text
    assert rated_line in text
    assert unrated_line in text
    funded = text[text.index("Projects funded") :]
    assert funded.index("HR-EDU") < funded.index(rated_line) < funded.index("PR-PKO")
    assert funded.index("PR-PKO") < funded.index(unrated_line)
    # The Word file is made from the same HTML: the same lines, under their project.
    document = docx.Document(io.BytesIO(files.docx))
    words = " ".join(" ".join(p.text for p in document.paragraphs).split())
    assert f"HR-EDU Human rights education (National dialogue) {rated_line}" in words
    assert f"PR-PKO Civilian policing (National dialogue) {unrated_line}" in words


# -- the demo -------------------------------------------------------------------------------


def test_the_demo_projects_carry_their_markers(demo):
    loaded = {p.code: (p.gender_marker, p.human_rights_marker) for p in Project.objects.all()}
    assert loaded == MARKERS
