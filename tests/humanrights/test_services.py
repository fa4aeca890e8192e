"""Writes: actions move a recommendation's status with its history; notes log every write."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from humanrights.models import NoteLog, NoteShare, Recommendation, StatusChange
from humanrights.services import (
    action_record,
    note_create,
    note_delete,
    note_read,
    note_share,
    note_update,
)
from tests.factories import ActivityFactory, RegionFactory
from untop.audit.models import AuditEntry

from .factories import NoteFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

FIELDS = {
    "taken_on": datetime.date(2005, 11, 8),
    "description": "Seminar for parliamentarians on the concluding observations",
    "taken_by": "Parliament with UNTOP",
    "evidence": "Agenda",
    "new_status": "in_progress",
}


def test_an_action_moves_the_status_and_keeps_the_history(hr_officer):
    recommendation = RecommendationFactory()
    activity = ActivityFactory()
    action = action_record(
        recommendation=recommendation,
        acting_user=hr_officer,
        fields=FIELDS,
        activities=[activity],
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "in_progress"
    change = StatusChange.objects.get()
    assert (change.from_status, change.to_status, change.action) == (
        "not_started",
        "in_progress",
        action,
    )
    assert change.changed_by == hr_officer
    assert list(action.activities.all()) == [activity]
    assert AuditEntry.objects.filter(
        actor=hr_officer, content_type__model="recommendation"
    ).exists()


def test_an_action_without_a_status_leaves_it(hr_officer):
    recommendation = RecommendationFactory()
    action_record(
        recommendation=recommendation, acting_user=hr_officer, fields={**FIELDS, "new_status": ""}
    )
    assert Recommendation.objects.get().status == "not_started"
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize(
    "change,field,message",
    [
        ({"new_status": "not_started"}, "new_status", "already"),
        ({"taken_on": datetime.date(2099, 1, 1)}, "taken_on", "not in the future"),
        ({"taken_on": datetime.date(2004, 1, 1)}, "taken_on", "cannot precede"),
    ],
)
def test_bad_actions_are_refused_and_nothing_saved(hr_officer, change, field, message):
    recommendation = RecommendationFactory()
    with pytest.raises(ValidationError) as error:
        action_record(
            recommendation=recommendation, acting_user=hr_officer, fields={**FIELDS, **change}
        )
    assert message in " ".join(error.value.message_dict[field])
    assert not recommendation.actions.exists()


def test_only_held_activities_can_be_linked(hr_officer):
    planned = ActivityFactory(status="planned", title="Round table to come")
    with pytest.raises(ValidationError) as error:
        action_record(
            recommendation=RecommendationFactory(),
            acting_user=hr_officer,
            fields=FIELDS,
            activities=[planned],
        )
    assert "Round table to come" in " ".join(error.value.message_dict["activities"])


def test_a_manager_may_not_record_actions(manager):
    with pytest.raises(PermissionDenied):
        action_record(recommendation=RecommendationFactory(), acting_user=manager, fields=FIELDS)


def _note_fields():
    return {
        "observed_on": datetime.date(2006, 3, 14),
        "region": RegionFactory(),
        "topic": "Access to detainees",
        "summary": "Lawyers refused access.",
        "sources": "",
        "sensitivity": "confidential",
        "advice": "",
    }


def test_only_officers_write_notes_and_every_write_is_logged(hr_officer, manager, superuser_):
    for outsider in (manager, superuser_):
        with pytest.raises(PermissionDenied):
            note_create(acting_user=outsider, fields=_note_fields())
    note = note_create(acting_user=hr_officer, fields=_note_fields())
    note_update(note=note, acting_user=hr_officer, fields={"advice": "Raised with the prosecutor."})
    note_share(note=note, user=manager, acting_user=hr_officer)
    note_read(note=note, reader=manager)
    actions = list(NoteLog.objects.order_by("id").values_list("action", "detail", "user__username"))
    assert actions == [
        ("created", "", "hr"),
        ("changed", "advice", "hr"),
        ("shared", "with manager", "hr"),
        ("read", "", "manager"),
    ]
    with pytest.raises(ValidationError, match="already shared"):
        note_share(note=note, user=manager, acting_user=hr_officer)
    with pytest.raises(PermissionDenied):
        note_share(note=note, user=superuser_, acting_user=manager)
    assert NoteShare.objects.count() == 1


def test_a_deleted_note_keeps_its_log(hr_officer):
    note = NoteFactory(author=hr_officer)
    number = note.pk
    note_read(note=note, reader=hr_officer)
    note_delete(note=note, acting_user=hr_officer)
    assert list(NoteLog.objects.order_by("id").values_list("action", "note_number", "note")) == [
        ("read", number, None),
        ("deleted", number, None),
    ]


@pytest.fixture
def superuser_(centre):
    from .factories import make_superuser

    return make_superuser(username="root", home_centre=centre)
