"""The forms' lists of records that grow with the office stay short (SearchableSelect): a
session's activity, course and trainers, the trainee to enrol, an action's office activities
and a briefing's project. Past the limit the page writes only what is chosen, and the search
behind each list offers only the records its form accepts, for the user who asks, labelled as
the form labels them. An office of 50,000 trainees wrote each of them into every session page
(2.5 MB).

The limit is set to three here; the pages' own limit is a hundred.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from humanrights.models import ImplementationAction
from programs.models import Activity, Project
from tests.factories import ActivityFactory, ProjectFactory
from tests.humanrights.factories import RecommendationFactory
from tests.training.factories import (
    CourseFactory,
    DraftSessionFactory,
    InstructorFactory,
    SessionFactory,
    TraineeFactory,
    TrainingActivityFactory,
)
from training.models import Session
from untop import widgets

LIMIT = 3


@pytest.fixture(autouse=True)
def _short_lists(monkeypatch):
    monkeypatch.setattr(widgets, "SEARCHABLE_SELECT_LIMIT", LIMIT)


def _select(html: str, name: str) -> str:
    found = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert found, f"no select {name!r} on the page"
    return found.group(0)


def _values(select: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"', select)


def _selected(select: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)" selected', select)


def _search(client, route: str, text: str) -> list[dict]:
    response = client.get(reverse(route), {"q": text})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _texts(results: list[dict]) -> list[str]:
    return [result["text"] for result in results]


# The trainee to enrol, on a session's page.


@pytest.fixture
def session(centre):
    return DraftSessionFactory(activity__centre=centre)


def test_a_session_page_lists_every_trainee_while_they_are_few(staff_client, session):
    trainees = TraineeFactory.create_batch(LIMIT)

    page = staff_client.get(reverse("training:session_detail", args=[session.pk]))
    select = _select(page.text, "trainee")

    assert _values(select) == ["", *(str(t.pk) for t in sorted(trainees, key=str))]
    assert "data-options-url" not in select


def test_past_the_limit_the_trainee_is_found_by_typing_and_enrolled(staff_client, session):
    TraineeFactory.create_batch(LIMIT + 1)
    wanted = TraineeFactory(
        family_name="Nazarova",
        given_name="Dilnoza",
        organisation="Police Academy",
        personnel_number="MVD-0420",
    )
    TraineeFactory(family_name="Nazarov", given_name="Farrukh", organisation="Customs")
    page_url = reverse("training:session_detail", args=[session.pk])

    select = _select(staff_client.get(page_url).text, "trainee")
    assert _values(select) == [""]
    assert f'data-options-url="{reverse("training:trainee_options")}"' in select

    # The name, organisation and personnel number tell two people of one name apart.
    found = _search(staff_client, "training:trainee_options", "nazarov")
    assert _texts(found) == [
        "Nazarov Farrukh · Customs",
        "Nazarova Dilnoza · Police Academy · MVD-0420",
    ]
    assert _texts(_search(staff_client, "training:trainee_options", "MVD-0420")) == [
        "Nazarova Dilnoza · Police Academy · MVD-0420"
    ]
    chosen = found[1]["value"]
    response = staff_client.post(
        reverse("training:session_enrol", args=[session.pk]), {"trainee": chosen}
    )

    assert response.status_code == 302
    assert list(session.enrolments.values_list("trainee", flat=True)) == [wanted.pk]


def test_a_refused_enrolment_shows_the_trainee_chosen(staff_client, session):
    TraineeFactory.create_batch(LIMIT + 1)
    trainee = TraineeFactory(family_name="Nazarova")
    url = reverse("training:session_enrol", args=[session.pk])
    staff_client.post(url, {"trainee": trainee.pk})

    again = staff_client.post(url, {"trainee": trainee.pk})

    assert again.status_code == 400
    assert "already enrolled" in again.text
    assert _selected(_select(again.text, "trainee")) == [str(trainee.pk)]


def test_a_session_page_reads_as_many_queries_for_five_trainees_as_for_fifty(staff_client, session):
    url = reverse("training:session_detail", args=[session.pk])
    TraineeFactory.create_batch(LIMIT + 2)
    staff_client.get(url)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    TraineeFactory.create_batch(50)
    staff_client.get(url)
    with CaptureQueriesContext(connection) as many:
        staff_client.get(url)

    assert len(many.captured_queries) == len(few.captured_queries)


# A new session: the activity it is held as, and its trainers.


def test_staff_find_only_their_centres_free_activities(
    staff_client, manager_client, centre, other_centre
):
    ours = [
        TrainingActivityFactory(
            centre=centre,
            title=f"Police seminar {n}",
            start=datetime.date(2006, 3, n + 1),
            end=datetime.date(2006, 3, n + 1),
            approval=Activity.Approval.DRAFT,
        )
        for n in range(LIMIT + 1)
    ]
    TrainingActivityFactory(centre=other_centre, title="Police seminar elsewhere")
    SessionFactory(activity__centre=centre, activity__title="Police seminar held as a session")

    select = _select(staff_client.get(reverse("training:session_add")).text, "activity")
    assert _values(select) == [""]
    assert f'data-options-url="{reverse("training:session_activity_options")}"' in select

    found = _search(staff_client, "training:session_activity_options", "police seminar")
    # The latest first, each with its day and centre.
    assert [result["value"] for result in found] == [str(a.pk) for a in reversed(ours)]
    assert found[0]["text"] == f"4 Mar 2006 · {centre} · Police seminar 3"
    elsewhere = f"1 Sep 2005 · {other_centre} · Police seminar elsewhere"
    assert elsewhere not in _texts(found)
    manager_found = _search(manager_client, "training:session_activity_options", "police seminar")
    assert elsewhere in _texts(manager_found)


def test_a_session_is_added_with_an_activity_and_trainers_found_by_typing(staff_client, centre):
    TrainingActivityFactory.create_batch(LIMIT + 1, centre=centre, approval="draft")
    activity = TrainingActivityFactory(
        centre=centre, title="Community policing seminar", approval="draft"
    )
    InstructorFactory.create_batch(LIMIT + 1)
    first = InstructorFactory(family_name="Saidov", given_name="Jamshed", personnel_number="")
    second = InstructorFactory(family_name="Saidova", given_name="Malika", personnel_number="")
    TraineeFactory(family_name="Saidovich", given_name="Not an instructor")
    course = CourseFactory()

    trainers = _search(staff_client, "training:instructor_options", "saidov")
    assert _texts(trainers) == [
        "Saidov Jamshed · Ministry of the Interior",
        "Saidova Malika · Ministry of the Interior",
    ]
    chosen = _search(staff_client, "training:session_activity_options", "community policing")
    url = reverse("training:session_add")
    data = {"activity": chosen[0]["value"], "trainers": [t["value"] for t in trainers]}

    # Without a course the form comes back with what was chosen still chosen.
    refused = staff_client.post(url, data)
    assert refused.status_code == 400
    assert _selected(_select(refused.text, "activity")) == [str(activity.pk)]
    assert _selected(_select(refused.text, "trainers")) == [str(first.pk), str(second.pk)]

    response = staff_client.post(url, {**data, "course": course.pk})
    assert response.status_code == 302
    session = Session.objects.get(activity=activity)
    assert set(session.trainers.all()) == {first, second}


def test_past_the_limit_the_course_is_found_by_code_or_title_in_any_language(staff_client):
    CourseFactory.create_batch(LIMIT + 1)
    course = CourseFactory(
        code="ttt-2006", title="Train the trainers", title_ru="Подготовка инструкторов"
    )

    select = _select(staff_client.get(reverse("training:session_add")).text, "course")
    assert _values(select) == [""]
    assert f'data-options-url="{reverse("training:course_options")}"' in select

    for text in ("TTT-2006", "trainers", "инструктор"):
        found = _search(staff_client, "training:course_options", text)
        assert found == [{"value": str(course.pk), "text": "Train the trainers"}], text


# An implementation action's office activities.


def test_an_officer_finds_held_human_rights_activities_by_typing(client, hr_officer):
    recommendation = RecommendationFactory()
    project = ProjectFactory(code="HR-TRK", area=Project.Area.HUMAN_RIGHTS)
    held = ActivityFactory.create_batch(
        LIMIT + 1, project=project, title="Round table on torture prevention"
    )
    ActivityFactory(project=project, title="Round table to come", status=Activity.Status.PLANNED)
    ActivityFactory(title="Round table on voter lists")  # not a human-rights project's
    client.force_login(hr_officer)
    url = reverse("humanrights:recommendation", args=[recommendation.pk])

    select = _select(client.get(url).text, "activities")
    assert _values(select) == []
    assert f'data-options-url="{reverse("humanrights:action_activity_options")}"' in select

    found = _search(client, "humanrights:action_activity_options", "round table")
    assert sorted(result["value"] for result in found) == sorted(str(a.pk) for a in held)
    assert set(_texts(found)) == {"1 Sep 2005 · HR-TRK · Round table on torture prevention"}
    response = client.post(
        url,
        {
            "taken_on": "2005-11-08",
            "description": "Round table",
            "taken_by": "Ombudsman",
            "activities": [found[0]["value"]],
            "new_status": "in_progress",
        },
    )
    assert response.status_code == 302
    action = ImplementationAction.objects.get(recommendation=recommendation)
    assert [str(a.pk) for a in action.activities.all()] == [found[0]["value"]]


# An activity's project: every open project, whatever their number, since the form is kept for
# entry offline, where the portal cannot be searched.


def test_the_activity_form_lists_every_open_project_for_entry_offline(staff_client):
    projects = ProjectFactory.create_batch(LIMIT + 2)
    ProjectFactory(code="ND-OLD", status=Project.Status.CLOSED)

    select = _select(staff_client.get(reverse("programs:activity_add")).text, "project")

    assert sorted(_values(select)) == sorted(["", *(str(p.pk) for p in projects)])
    assert "data-options-url" not in select


# A press briefing's project.


def test_a_briefing_is_recorded_under_an_elections_project_found_by_typing(staff_client):
    ProjectFactory.create_batch(LIMIT + 1, area=Project.Area.ELECTIONS)
    ProjectFactory(code="EL-PRS", title="Presidential election 2006", area=Project.Area.ELECTIONS)
    ProjectFactory(code="ND-ELX", title="Dialogue on the election law")  # not elections'

    select = _select(staff_client.get(reverse("elections:briefing_add")).text, "project")
    assert _values(select) == [""]
    assert f'data-options-url="{reverse("elections:briefing_project_options")}"' in select

    found = _search(staff_client, "elections:briefing_project_options", "election")
    assert _texts(found) == ["EL-PRS Presidential election 2006"]
