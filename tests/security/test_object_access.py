"""Record-level rules: a forged id in a URL or a form field is refused and changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from programs.models import Activity, Evidence, Project
from tests.factories import ActivityFactory, CategoryFactory, ProjectFactory
from tests.training.factories import EnrolmentFactory, SessionFactory, TraineeFactory

pytestmark = pytest.mark.django_db


def _form(project, centre, **overrides) -> dict:
    data = {
        "project": project.pk,
        "kind": "seminar",
        "title": "Seminar on local governance",
        "start": "2005-10-10",
        "end": "2005-10-11",
        "centre": centre.pk,
        "status": "held",
        "narrative": "",
        "participants-TOTAL_FORMS": "0",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.fixture
def khorog_activity(other_centre):
    return ActivityFactory(centre=other_centre, title="Khorog seminar")


@pytest.mark.parametrize(
    "name,data",
    [
        ("programs:activity_edit", None),
        ("programs:activity_submit", {}),
        ("programs:evidence_upload", {"description": "forged"}),
    ],
)
def test_staff_cannot_act_on_another_centres_activity_by_its_id(
    staff_client, khorog_activity, name, data
):
    path = reverse(name, args=[khorog_activity.pk])
    if data is None:
        assert staff_client.get(path).status_code == 403
        data = _form(khorog_activity.project, khorog_activity.centre, title="Forged")
    assert staff_client.post(path, data).status_code == 403
    khorog_activity.refresh_from_db()
    assert khorog_activity.title == "Khorog seminar"
    assert khorog_activity.approval == Activity.Approval.DRAFT
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    "forged,field",
    [
        ("other_centre", "centre"),
        ("closed_project", "project"),
        ("missing_district", "district"),
        ("missing_partner", "partners"),
        ("missing_category", "participants-0-category"),
    ],
)
def test_a_forged_id_in_the_activity_form_is_refused_with_a_form_error(
    staff_client, centre, other_centre, forged, field
):
    project = ProjectFactory()
    closed = ProjectFactory(status=Project.Status.CLOSED)
    values = {
        "other_centre": other_centre.pk,
        "closed_project": closed.pk,
        "missing_district": 987654,
        "missing_partner": 987654,
        "missing_category": 987654,
    }
    data = _form(project, centre)
    data[field] = values[forged]
    if field.startswith("participants-"):
        data.update(
            {
                "participants-TOTAL_FORMS": "1",
                "participants-0-women": "3",
                "participants-0-men": "4",
            }
        )
    response = staff_client.post(reverse("programs:activity_add"), data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Activity.objects.exists()


def test_staff_cannot_move_their_activity_to_another_centre(staff_client, centre, other_centre):
    CategoryFactory()
    activity = ActivityFactory(centre=centre)
    response = staff_client.post(
        reverse("programs:activity_edit", args=[activity.pk]),
        _form(activity.project, other_centre, title="Moved"),
    )
    assert response.status_code == 400
    activity.refresh_from_db()
    assert activity.centre == centre and activity.title != "Moved"


def test_trainees_personal_data_stays_hidden_without_view_trainee(hr_officer, centre):
    session = SessionFactory(activity__centre=centre)
    trainee = TraineeFactory(family_name="Saidov-private", personnel_number="MVD-7777")
    EnrolmentFactory(session=session, trainee=trainee)
    client = Client()
    client.force_login(hr_officer)
    assert not hr_officer.has_perm("training.view_trainee")
    for path in (
        reverse("training:session_detail", args=[session.pk]),
        reverse("programs:activity_detail", args=[session.activity.pk]),
        reverse("training:session_list"),
        reverse("training:cascade"),
        reverse("programs:activity_list") + "?export=csv",
    ):
        response = client.get(path)
        content = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert response.status_code == 200, path
        assert "Saidov-private" not in content and "MVD-7777" not in content, path
    for name in ("training:trainee_detail", "training:trainee_edit"):
        assert client.get(reverse(name, args=[trainee.pk])).status_code == 403


def test_a_note_id_guessed_by_someone_else_answers_404(manager_client, manager):
    from humanrights.models import NoteShare
    from tests.humanrights.factories import NoteFactory

    note = NoteFactory()
    for name in ("humanrights:note_detail", "humanrights:note_edit"):
        response = manager_client.get(reverse(name, args=[note.pk]))
        assert response.status_code == 404
        assert "SECRET" not in response.content.decode()
    share = manager_client.post(
        reverse("humanrights:note_share", args=[note.pk]), {"user": manager.pk}
    )
    assert share.status_code == 404
    assert not NoteShare.objects.exists()
