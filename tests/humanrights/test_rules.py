"""The office's rules (programs/rules.py) on the human-rights records, and the notes' read log.

A locked mandate period freezes the implementation actions, the status changes they justify
and the milestones of institution building dated in it: the recommendation's page and the
back office refuse them with the rule's one message, and nothing is saved. Every page that
shows a monitoring note's content leaves a read in the note's log; every write of a note or of
its shares goes through a service and is logged.
"""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from humanrights.models import (
    ImplementationAction,
    Milestone,
    MonitoringNote,
    NoteLog,
    NoteShare,
    Recommendation,
    StatusChange,
)
from humanrights.services import action_record, action_update, apply_status
from programs.models import Activity, MandatePeriod
from programs.rules import Rule, RuleBroken
from tests.conftest import sign_in_as
from tests.factories import ActivityFactory, RegionFactory

from .factories import (
    ActionFactory,
    MilestoneFactory,
    NoteFactory,
    RecommendationFactory,
    ShareFactory,
    make_officer_superuser,
)

pytestmark = pytest.mark.django_db

LOCKED_DAY = datetime.date(2005, 11, 8)  # inside the locked period below
OPEN_DAY = datetime.date(2006, 7, 3)


@pytest.fixture
def locked(db):
    return MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), locked=True
    )


def _locked_message(period: MandatePeriod) -> str:
    return str(Rule.PERIOD_LOCKED.value) % {"period": period}


def _client(user) -> Client:
    client = Client()
    sign_in_as(client, user)
    return client


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def officer_admin(centre):
    """A human-rights officer with the back office open."""
    return make_officer_superuser(username="hr-admin", home_centre=centre)


def _action_data(**overrides):
    data = {
        "taken_on": LOCKED_DAY.isoformat(),
        "description": "Seminar for parliamentarians",
        "taken_by": "Parliament",
        "evidence": "",
        "new_status": "in_progress",
    }
    data.update(overrides)
    return data


# -- implementation actions on the portal ----------------------------------------------------
def test_an_action_in_a_locked_period_is_refused_on_the_recommendations_page(
    client, hr_officer, locked
):
    recommendation = RecommendationFactory()
    client.force_login(hr_officer)

    response = client.post(
        reverse("humanrights:recommendation", args=[recommendation.pk]), _action_data()
    )

    assert response.status_code == 400
    assert response.context["form"].errors["taken_on"] == [_locked_message(locked)]
    assert _locked_message(locked) in _text(response)
    assert not ImplementationAction.objects.exists() and not StatusChange.objects.exists()
    assert Recommendation.objects.get().status == "not_started"


def test_an_action_of_an_open_period_is_recorded(client, hr_officer, locked):
    recommendation = RecommendationFactory()
    client.force_login(hr_officer)

    response = client.post(
        reverse("humanrights:recommendation", args=[recommendation.pk]),
        _action_data(taken_on=OPEN_DAY.isoformat()),
    )

    assert response.status_code == 302
    assert StatusChange.objects.get().changed_on == OPEN_DAY


def test_the_status_an_action_justifies_is_refused_in_a_locked_period(hr_officer, locked):
    """apply_status (the demo loader's path too) keeps the lock on the status history."""
    action = ActionFactory(taken_on=LOCKED_DAY, new_status="in_progress", recorded_by=hr_officer)

    with pytest.raises(RuleBroken) as error:
        apply_status(action=action, acting_user=hr_officer)

    assert error.value.rule is Rule.PERIOD_LOCKED
    assert not StatusChange.objects.exists()
    assert Recommendation.objects.get().status == "not_started"


def test_only_held_activities_are_linked_to_an_action(hr_officer):
    planned = ActivityFactory(status=Activity.Status.PLANNED, title="Round table to come")

    with pytest.raises(ValidationError) as error:
        action_record(
            recommendation=RecommendationFactory(),
            acting_user=hr_officer,
            fields={
                "taken_on": OPEN_DAY,
                "description": "x",
                "taken_by": "y",
                "new_status": "",
            },
            activities=[planned, ActivityFactory(status=Activity.Status.HELD)],
        )

    assert error.value.message_dict["activities"] == [
        "Only activities that were held can be linked: Round table to come"
    ]


@pytest.mark.parametrize("saved,new", [(LOCKED_DAY, OPEN_DAY), (OPEN_DAY, LOCKED_DAY)])
def test_an_action_is_not_moved_into_or_out_of_a_locked_period(hr_officer, locked, saved, new):
    action = ActionFactory(taken_on=saved, recorded_by=hr_officer)

    with pytest.raises(RuleBroken) as error:
        action_update(action=action, acting_user=hr_officer, fields={"taken_on": new})

    assert error.value.message_dict == {"taken_on": [_locked_message(locked)]}
    assert ImplementationAction.objects.get().taken_on == saved


# -- implementation actions in the back office -------------------------------------------------
def test_an_action_in_a_locked_period_is_refused_in_the_back_office(officer_admin, locked):
    recommendation = RecommendationFactory()

    response = _client(officer_admin).post(
        reverse("admin:humanrights_implementationaction_add"),
        _action_data(recommendation=recommendation.pk),
    )

    assert response.status_code == 200
    assert _locked_message(locked) in _text(response)
    assert not ImplementationAction.objects.exists() and not StatusChange.objects.exists()


def test_the_back_office_refuses_an_action_as_the_portal_does(officer_admin):
    """Added through action_record: a future action is refused there too, as a form error."""
    recommendation = RecommendationFactory()

    response = _client(officer_admin).post(
        reverse("admin:humanrights_implementationaction_add"),
        _action_data(recommendation=recommendation.pk, taken_on="2099-01-01"),
    )

    assert response.status_code == 200
    assert "not in the future" in _text(response)
    assert not ImplementationAction.objects.exists()


def test_an_action_of_a_locked_period_is_read_only_in_the_back_office(officer_admin, locked):
    action = ActionFactory(taken_on=LOCKED_DAY, recorded_by=officer_admin)
    client = _client(officer_admin)
    url = reverse("admin:humanrights_implementationaction_change", args=[action.pk])

    page = client.get(url)
    refused = client.post(url, _action_data(taken_on=OPEN_DAY.isoformat()))
    deleted = client.post(
        reverse("admin:humanrights_implementationaction_delete", args=[action.pk]),
        {"post": "yes"},
    )

    assert page.status_code == 200 and _locked_message(locked) in _text(page)
    assert 'name="taken_on"' not in page.content.decode()
    assert refused.status_code == 403
    assert _locked_message(locked) in _text(deleted)
    assert ImplementationAction.objects.get().taken_on == LOCKED_DAY


def test_an_action_corrected_in_the_back_office_takes_its_status_change_along(officer_admin):
    recommendation = RecommendationFactory()
    action = action_record(
        recommendation=recommendation,
        acting_user=officer_admin,
        fields={
            "taken_on": OPEN_DAY,
            "description": "Seminar",
            "taken_by": "Parliament",
            "new_status": "in_progress",
        },
    )
    corrected = OPEN_DAY + datetime.timedelta(2)

    response = _client(officer_admin).post(
        reverse("admin:humanrights_implementationaction_change", args=[action.pk]),
        {
            "taken_on": corrected.isoformat(),
            "description": "Seminar for parliamentarians",
            "taken_by": "Parliament",
            "evidence": "Agenda",
        },
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.taken_on, action.evidence) == (corrected, "Agenda")
    assert StatusChange.objects.get().changed_on == corrected
    assert Recommendation.objects.get().status == "in_progress"


def test_a_milestone_achieved_in_a_locked_period_is_refused_in_the_back_office(
    officer_admin, locked
):
    milestone = MilestoneFactory(planned_on=datetime.date(2006, 4, 1))

    response = _client(officer_admin).post(
        reverse("admin:humanrights_milestone_change", args=[milestone.pk]),
        {
            "track": milestone.track,
            "stage": milestone.stage,
            "planned_on": "2006-04-01",
            "achieved_on": "2006-04-18",
            "notes": "",
        },
    )

    assert response.status_code == 200
    assert _locked_message(locked) in _text(response)
    assert Milestone.objects.get().achieved_on is None


# -- monitoring notes: every page that shows a note is a logged read --------------------------
def test_the_note_edit_page_is_a_logged_read(hr_officer):
    note = NoteFactory(author=hr_officer)

    response = _client(hr_officer).get(reverse("humanrights:note_edit", args=[note.pk]))

    assert response.status_code == 200
    assert "SECRET-SUMMARY" in response.content.decode()
    entry = NoteLog.objects.get()
    assert (entry.action, entry.user, entry.note, entry.note_number) == (
        NoteLog.Action.READ,
        hr_officer,
        note,
        note.pk,
    )


def test_the_note_edit_page_shown_again_after_a_refused_save_is_a_logged_read(hr_officer):
    note = NoteFactory(author=hr_officer)

    response = _client(hr_officer).post(
        reverse("humanrights:note_edit", args=[note.pk]), {"topic": ""}
    )

    assert response.status_code == 400
    assert list(NoteLog.objects.values_list("action", flat=True)) == [NoteLog.Action.READ]
    assert MonitoringNote.objects.get().topic == note.topic


def test_an_edit_on_the_portal_logs_which_fields_changed(hr_officer):
    note = NoteFactory(author=hr_officer)
    data = {
        "observed_on": note.observed_on.isoformat(),
        "region": note.region_id,
        "topic": note.topic,
        "summary": note.summary,
        "sources": note.sources,
        "sensitivity": note.sensitivity,
        "advice": "Raised again with the prosecutor.",
    }

    response = _client(hr_officer).post(reverse("humanrights:note_edit", args=[note.pk]), data)

    assert response.status_code == 302
    assert list(NoteLog.objects.values_list("action", "detail")) == [("changed", "advice")]


def test_the_back_office_change_page_shown_again_after_a_refused_save_is_a_logged_read(
    officer_admin,
):
    note = NoteFactory(author=officer_admin)

    response = _client(officer_admin).post(
        reverse("admin:humanrights_monitoringnote_change", args=[note.pk]),
        {
            "observed_on": "",
            "region": note.region_id,
            "topic": note.topic,
            "summary": note.summary,
            "sensitivity": note.sensitivity,
            "shares-TOTAL_FORMS": "0",
            "shares-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "SECRET-SUMMARY" in response.content.decode()
    assert list(NoteLog.objects.values_list("action", "user")) == [
        (NoteLog.Action.READ_ADMIN, officer_admin.pk)
    ]


def test_the_back_office_list_of_notes_is_logged_as_a_listing(officer_admin):
    notes = [NoteFactory(author=officer_admin) for _ in range(2)]

    response = _client(officer_admin).get(reverse("admin:humanrights_monitoringnote_changelist"))

    assert response.status_code == 200
    assert set(NoteLog.objects.values_list("action", "note")) == {
        (NoteLog.Action.LISTED_ADMIN, note.pk) for note in notes
    }


def test_a_notes_history_in_the_back_office_is_its_log_without_content(officer_admin):
    note = NoteFactory(author=officer_admin)
    client = _client(officer_admin)

    response = client.get(
        reverse("admin:humanrights_monitoringnote_history", args=[note.pk]), follow=True
    )

    assert response.status_code == 200
    assert response.redirect_chain[0][0].startswith(reverse("admin:humanrights_notelog_changelist"))
    body = response.content.decode()
    assert "SECRET" not in body and note.topic not in body


def test_a_note_changed_in_the_back_office_goes_through_its_service(officer_admin):
    note = NoteFactory(author=officer_admin)

    response = _client(officer_admin).post(
        reverse("admin:humanrights_monitoringnote_change", args=[note.pk]),
        {
            "observed_on": note.observed_on.isoformat(),
            "region": note.region_id,
            "topic": note.topic,
            "summary": note.summary,
            "sources": note.sources,
            "sensitivity": "strictly",
            "advice": note.advice,
            "shares-TOTAL_FORMS": "0",
            "shares-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert MonitoringNote.objects.get().sensitivity == "strictly"
    assert list(NoteLog.objects.values_list("action", "detail")) == [("changed", "sensitivity")]


def test_a_share_withdrawn_in_the_back_office_is_logged(officer_admin, manager):
    note = NoteFactory(author=officer_admin, region=RegionFactory())
    share = ShareFactory(note=note, user=manager, shared_by=officer_admin)

    response = _client(officer_admin).post(
        reverse("admin:humanrights_monitoringnote_change", args=[note.pk]),
        {
            "observed_on": note.observed_on.isoformat(),
            "region": note.region_id,
            "topic": note.topic,
            "summary": note.summary,
            "sources": note.sources,
            "sensitivity": note.sensitivity,
            "advice": note.advice,
            "shares-TOTAL_FORMS": "1",
            "shares-INITIAL_FORMS": "1",
            "shares-0-id": share.pk,
            "shares-0-note": note.pk,
            "shares-0-DELETE": "on",
        },
    )

    assert response.status_code == 302
    assert not NoteShare.objects.exists()
    assert list(NoteLog.objects.values_list("action", "detail")) == [
        (NoteLog.Action.UNSHARED, "from manager")
    ]


def test_an_action_links_and_unlinks_no_activity_of_a_locked_period(hr_officer, locked):
    """A link to an activity of a locked period is part of that activity, as deleting the
    action (a link row) already said: refused on the field, in the service every path uses.
    An action already citing one is corrected without touching that link."""
    old = ActivityFactory(start=LOCKED_DAY, end=LOCKED_DAY, title="Round table of 2005")
    recent = ActivityFactory(start=OPEN_DAY, end=OPEN_DAY, approval=Activity.Approval.APPROVED)
    fields = {"taken_on": OPEN_DAY, "description": "x", "taken_by": "y", "new_status": ""}
    with pytest.raises(RuleBroken) as error:
        action_record(
            recommendation=RecommendationFactory(),
            acting_user=hr_officer,
            fields=fields,
            activities=[old, recent],
        )
    assert error.value.message_dict == {"activities": [_locked_message(locked)]}
    assert not ImplementationAction.objects.exists()

    action = ActionFactory(taken_on=OPEN_DAY, recorded_by=hr_officer)
    action.activities.add(old)
    with pytest.raises(RuleBroken):
        action_update(action=action, acting_user=hr_officer, fields={}, activities=[recent])
    assert list(action.activities.all()) == [old]
    action_update(
        action=action, acting_user=hr_officer, fields={"description": "y"}, activities=[old, recent]
    )
    assert set(action.activities.all()) == {old, recent}


def test_an_action_citing_another_centres_approved_activity_is_deleted(hr_officer, other_centre):
    """An action only cites its activities: deleting a mistaken one takes nothing from them
    (refused before as a change to another centre's approved activity); in a locked period
    the citation stays, as when it is changed."""
    from programs.services import record_delete

    cited = ActivityFactory(
        centre=other_centre, approval=Activity.Approval.APPROVED, start=OPEN_DAY, end=OPEN_DAY
    )
    action = ActionFactory(taken_on=OPEN_DAY, recorded_by=hr_officer)
    action.activities.add(cited)
    record_delete(acting_user=hr_officer, records=[action])
    assert not ImplementationAction.objects.exists()
    assert Activity.objects.filter(pk=cited.pk).exists()
