"""The outbox's sync endpoint (programs/offline.py): the activity form's rules, once per key."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse

from programs.models import Activity, MandatePeriod, ParticipantCount
from programs.services import activity_update
from tests.conftest import sign_in_as
from tests.factories import ActivityFactory, CategoryFactory, ProjectFactory
from tests.programs.test_activity_pages import _form_data
from untop.security.models import SentForm

pytestmark = pytest.mark.django_db

SYNC = "programs:offline_sync"


def entry(project, centre, categories=(), **overrides) -> dict:
    """An outbox entry as the device sends it: the activity form's fields and its key."""
    fields = {"start": "2006-10-10", "end": "2006-10-11", "narrative": "", **overrides}
    return {"offline_key": uuid.uuid4().hex, **_form_data(project, centre, categories, **fields)}


@pytest.fixture
def project(db):
    return ProjectFactory(start=datetime.date(2005, 1, 1), end=datetime.date(2007, 12, 31))


def test_an_entry_sent_twice_is_saved_once_and_answered_with_the_first_save(
    staff_client, staff_user, centre, project
):
    leaders = CategoryFactory(name="Community leaders")
    data = entry(project, centre, [(leaders, 12, 30)])

    first = staff_client.post(reverse(SYNC), data)
    second = staff_client.post(reverse(SYNC), data)

    activity = Activity.objects.get()
    assert first.status_code == 201
    assert first.json()["status"] == "saved" and first.json()["id"] == activity.pk
    assert first.json()["url"] == reverse("programs:activity_detail", args=[activity.pk])
    assert second.status_code == 200
    assert second.json()["id"] == activity.pk
    assert "saved once" in second.json()["message"]
    assert activity.created_by == staff_user and activity.approval == "draft"
    assert ParticipantCount.objects.filter(activity=activity).totals() == {
        "women": 12,
        "men": 30,
        "total": 42,
    }
    assert SentForm.objects.filter(user=staff_user, key=data["offline_key"]).count() == 1


def test_two_entries_with_their_own_keys_are_two_activities(staff_client, centre, project):
    staff_client.post(reverse(SYNC), entry(project, centre))
    staff_client.post(reverse(SYNC), entry(project, centre))

    assert Activity.objects.count() == 2


def test_save_and_submit_in_the_entry_submits_it(staff_client, centre, project):
    response = staff_client.post(reverse(SYNC), entry(project, centre, save_and_submit="1"))

    assert response.status_code == 201
    assert Activity.objects.get().approval == "submitted"


def test_an_entry_in_a_locked_period_is_refused_with_the_rule_naming_the_field(
    staff_client, centre, project
):
    MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), locked=True
    )
    data = entry(project, centre, start="2005-10-10", end="2005-10-11")

    response = staff_client.post(reverse(SYNC), data)

    assert response.status_code == 400
    answer = response.json()
    assert answer["status"] == "refused"
    messages = {(e["label"], m) for e in answer["errors"] for m in e["messages"]}
    assert any("is locked: a manager can unlock it" in m for _label, m in messages), messages
    assert any(label for label, m in messages if "is locked" in m), "no field named"
    assert not Activity.objects.exists()
    # Refused, so the key is free: the corrected entry may be sent with it.
    assert not SentForm.objects.filter(key=data["offline_key"]).exists()
    corrected = staff_client.post(
        reverse(SYNC), data | {"start": "2006-10-10", "end": "2006-10-11"}
    )
    assert corrected.status_code == 201


def test_staff_cannot_enter_an_activity_of_another_centre(staff_client, other_centre, project):
    response = staff_client.post(reverse(SYNC), entry(project, other_centre))

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "centre"
    assert not Activity.objects.exists()


def test_staff_cannot_edit_an_activity_of_another_centre(staff_client, other_centre, project):
    activity = ActivityFactory(
        centre=other_centre,
        project=project,
        start=datetime.date(2006, 10, 1),
        end=datetime.date(2006, 10, 1),
    )
    data = entry(project, other_centre, activity=activity.pk, version=activity.version)

    response = staff_client.post(reverse(SYNC), data)

    assert response.status_code == 403
    assert "only change your own centre" in response.json()["message"]
    activity.refresh_from_db()
    assert activity.title != data["title"]


def test_a_closed_project_is_refused(staff_client, centre):
    closed = ProjectFactory(status="closed")

    response = staff_client.post(reverse(SYNC), entry(closed, centre))

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "project"


def test_an_offline_edit_is_saved_at_the_version_it_was_read(staff_client, centre, project):
    activity = ActivityFactory(
        centre=centre,
        project=project,
        start=datetime.date(2006, 10, 1),
        end=datetime.date(2006, 10, 1),
    )
    data = entry(project, centre, activity=activity.pk, version=activity.version, title="Renamed")

    response = staff_client.post(reverse(SYNC), data)

    assert response.status_code == 201, response.json()
    activity.refresh_from_db()
    assert activity.title == "Renamed" and activity.version == 2


def test_a_stale_edit_answers_409_with_both_versions(staff_client, manager, centre, project):
    activity = ActivityFactory(
        centre=centre,
        project=project,
        title="Round table",
        start=datetime.date(2006, 10, 1),
        end=datetime.date(2006, 10, 1),
    )
    read_at = activity.version
    activity_update(
        activity=activity,
        acting_user=manager,
        fields={"title": "Round table of the district"},
        participants=None,
    )
    data = entry(project, centre, activity=activity.pk, version=read_at, title="Round table, Garm")

    response = staff_client.post(reverse(SYNC), data)

    assert response.status_code == 409
    answer = response.json()
    assert answer["status"] == "conflict" and answer["version"] == read_at + 1
    rows = {row["name"]: row for row in answer["rows"]}
    assert rows["title"]["theirs"] == "Round table of the district"
    assert rows["title"]["mine"] == "Round table, Garm"
    activity.refresh_from_db()
    assert activity.title == "Round table of the district"
    # Keep mine: the same entry again, at the version saved now.
    again = staff_client.post(reverse(SYNC), data | {"version": answer["version"]})
    assert again.status_code == 201
    activity.refresh_from_db()
    assert activity.title == "Round table, Garm"


def test_an_entry_without_a_key_is_refused(staff_client, centre, project):
    data = entry(project, centre)
    del data["offline_key"]

    response = staff_client.post(reverse(SYNC), data)

    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_signed_out_answers_401_and_saves_nothing(client, centre, project):
    response = client.post(reverse(SYNC), entry(project, centre))

    assert response.status_code == 401
    assert response.json()["status"] == "signed-out"
    assert not Activity.objects.exists()


def test_a_user_who_may_not_enter_activities_is_refused(hr_officer, centre, project):
    from django.test import Client

    client = Client()
    sign_in_as(client, hr_officer)

    response = client.post(reverse(SYNC), entry(project, centre))

    assert response.status_code == 403
    assert not Activity.objects.exists()


def _queries(client, data) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse(SYNC), data)
    assert response.status_code == 201, response.json()
    return len(queries)


def test_sync_costs_what_the_activity_form_costs_and_stays_flat_with_more_activities(
    staff_client, centre, project
):
    """An entry costs the online form's post for the same data plus the key's three queries
    (the look-up, the row and its location) and its transaction's savepoint and release, and
    no more once the centre has many activities."""
    leaders = CategoryFactory()
    rows = [(leaders, 1, 1)]
    form = entry(project, centre, rows)
    del form["offline_key"]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _queries(staff_client, entry(project, centre, rows))  # the caches of a first request
    with CaptureQueriesContext(connection) as online:
        staff_client.post(reverse("programs:activity_add"), form)
    first = _queries(staff_client, entry(project, centre, rows))
    ActivityFactory.create_batch(
        25,
        centre=centre,
        project=project,
        start=datetime.date(2006, 9, 1),
        end=datetime.date(2006, 9, 1),
    )
    more = _queries(staff_client, entry(project, centre, rows))

    assert first == more
    assert first == len(online) + 5, (first, len(online))
