"""The office's rules (programs/rules.py) on the elections records, as a user meets them.

A closed project, a locked mandate period, an approved activity and separation of duties are
refused with the rule's one message, on the page the user is on, and nothing is saved: the
briefing form, the calendar's "save the date", and every page of the back office.
"""

import datetime
import html

import pytest
from django.urls import reverse

from elections.models import (
    Briefing,
    Delivery,
    Milestone,
    NeedsAssessmentMission,
    Output,
    PlannedBriefing,
)
from elections.services import briefing_record, milestone_record_actual
from programs.models import Activity, MandatePeriod, Project
from programs.rules import OutOfScope, Rule, RuleBroken, counted
from tests.elections.factories import (
    BriefingFactory,
    DeliveryFactory,
    ElectionFactory,
    ElectionsProjectFactory,
    MilestoneFactory,
    MinistryFactory,
    MissionFactory,
    OutputFactory,
    PlannedBriefingFactory,
)
from tests.factories import ActivityFactory, CategoryFactory

pytestmark = pytest.mark.django_db

LOCKED_DAY = datetime.date(2006, 3, 2)  # inside the locked period below
OPEN_DAY = datetime.date(2006, 7, 3)  # inside the elections projects' dates, not locked


@pytest.fixture
def locked(db):
    return MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), locked=True
    )


@pytest.fixture
def journalists(db):
    return CategoryFactory(code="journalists", name="Journalists")


def _locked_message(period: MandatePeriod) -> str:
    return str(Rule.PERIOD_LOCKED.value) % {"period": period}


def _text(response) -> str:
    """The page as the user reads it (quotes and dashes unescaped)."""
    return html.unescape(response.content.decode())


def _briefing_data(centre, **overrides):
    data = {
        "ministry": MinistryFactory(partner__name="Ministry of Health").pk,
        "day": OPEN_DAY.isoformat(),
        "topic": "Vaccination campaign",
        "journalists_women": "12",
        "journalists_men": "18",
        "project": ElectionsProjectFactory(code="ELE-1").pk,
        "centre": centre.pk,
    }
    data.update(overrides)
    return data


# -- the briefing form ---------------------------------------------------------------------
def test_a_briefing_on_a_closed_project_is_refused_on_the_project_field(
    staff_client, centre, journalists
):
    closed = ElectionsProjectFactory(code="ELE-OLD", status=Project.Status.CLOSED)

    response = staff_client.post(
        reverse("elections:briefing_add"), _briefing_data(centre, project=closed.pk)
    )

    assert response.status_code == 400
    message = str(Rule.PROJECT_CLOSED.value) % {"project": "ELE-OLD"}
    assert response.context["form"].errors["project"] == [message]
    assert message in _text(response)
    assert not Briefing.objects.exists() and not Activity.objects.exists()


def test_a_briefing_in_a_locked_period_is_refused_on_the_day(
    staff_client, centre, journalists, locked
):
    response = staff_client.post(
        reverse("elections:briefing_add"), _briefing_data(centre, day=LOCKED_DAY.isoformat())
    )

    assert response.status_code == 400
    assert response.context["form"].errors["day"] == [_locked_message(locked)]
    assert _locked_message(locked) in _text(response)
    assert not Briefing.objects.exists() and not Activity.objects.exists()


def test_a_briefing_outside_its_projects_dates_gets_the_rules_message(
    staff_client, centre, journalists
):
    response = staff_client.post(
        reverse("elections:briefing_add"), _briefing_data(centre, day="2009-01-01")
    )

    assert response.status_code == 400
    [message] = response.context["form"].errors["day"]
    assert message == str(Rule.PROJECT_DATES.value) % {
        "start": "1 Jan 2006",
        "end": "31 Dec 2006",
    }
    assert not Briefing.objects.exists() and not Activity.objects.exists()


def test_a_managers_briefing_is_submitted_for_another_managers_approval(
    manager_client, manager, centre, journalists
):
    response = manager_client.post(
        reverse("elections:briefing_add"), _briefing_data(centre), follow=True
    )

    assert response.status_code == 200
    activity = Briefing.objects.get().activity
    assert activity.approval == Activity.Approval.SUBMITTED
    assert activity.created_by == manager and activity.approved_by is None
    assert "counts once another programme manager approves its activity" in _text(response)
    assert not Briefing.objects.filter(counted("activity__")).exists()


def test_the_briefing_form_no_longer_promises_a_managers_approval_at_once(manager_client):
    text = _text(manager_client.get(reverse("elections:briefing_add")))

    assert "approved at once" not in text
    assert "submitted for another manager's approval" in text


def test_staff_record_no_briefing_of_another_centre(staff_user, other_centre, journalists):
    # The form offers staff their own centre only; the service refuses the others.
    with pytest.raises(OutOfScope):
        briefing_record(
            acting_user=staff_user,
            ministry=MinistryFactory(),
            project=ElectionsProjectFactory(),
            centre=other_centre,
            day=OPEN_DAY,
            topic="Budget",
            journalists_women=1,
            journalists_men=1,
        )
    assert not Activity.objects.exists()


# -- the electoral calendar ----------------------------------------------------------------
def test_an_actual_date_in_a_locked_period_is_refused_with_the_rules_message(
    manager_client, locked
):
    election = ElectionFactory(election_day=datetime.date(2006, 11, 6))
    milestone = MilestoneFactory(election=election, planned=datetime.date(2006, 3, 1))

    response = manager_client.post(
        reverse("elections:milestone_actual", args=[milestone.pk]),
        {"actual": LOCKED_DAY.isoformat()},
        follow=True,
    )

    assert response.status_code == 200
    assert _locked_message(locked) in _text(response)
    assert Milestone.objects.get().actual is None


@pytest.mark.parametrize("new_actual", [OPEN_DAY, None])
def test_an_actual_date_of_a_locked_period_stays_as_it_is(manager, locked, new_actual):
    election = ElectionFactory(election_day=datetime.date(2006, 11, 6))
    milestone = MilestoneFactory(
        election=election, planned=datetime.date(2006, 3, 1), actual=LOCKED_DAY
    )

    with pytest.raises(RuleBroken) as error:
        milestone_record_actual(milestone=milestone, acting_user=manager, actual=new_actual)

    assert error.value.rule is Rule.PERIOD_LOCKED
    assert error.value.message_dict == {"actual": [_locked_message(locked)]}
    assert Milestone.objects.get().actual == LOCKED_DAY


def test_an_actual_date_outside_the_locked_period_is_saved(manager, locked):
    milestone = MilestoneFactory(election=ElectionFactory(election_day=datetime.date(2006, 11, 6)))

    milestone_record_actual(milestone=milestone, acting_user=manager, actual=OPEN_DAY)

    assert Milestone.objects.get().actual == OPEN_DAY


def test_the_briefing_periods_form_says_the_dates_are_in_the_wrong_order(manager_client):
    response = manager_client.get(
        reverse("elections:briefing_list") + "?start=2006-05-01&end=2006-01-01"
    )

    assert response.context["form"].errors["end"] == [str(Rule.DATES_IN_ORDER.value)]


# -- counted = held and approved -----------------------------------------------------------
@pytest.mark.parametrize(
    "status,approval,counts",
    [
        ("held", "approved", True),
        ("held", "submitted", False),
        ("planned", "approved", False),
        ("cancelled", "approved", False),
    ],
)
def test_briefings_count_as_activities_do(status, approval, counts):
    briefing = BriefingFactory(activity__status=status, activity__approval=approval)

    assert Briefing.objects.counted().filter(pk=briefing.pk).exists() is counts
    assert Activity.objects.counted().filter(pk=briefing.activity_id).exists() is counts


def test_people_trained_count_only_counted_activities():
    category = CategoryFactory(code="poll-workers")
    output = OutputFactory()
    for approval in ("approved", "submitted"):
        activity = ActivityFactory(approval=approval)
        activity.participants.create(category=category, women=10, men=5)
        output.activities.add(activity)

    assert Output.objects.with_actuals().get().actual == 15


# -- the back office -----------------------------------------------------------------------
def test_a_planned_briefing_in_a_locked_period_is_refused_in_the_admin(manager_client, locked):
    ministry = MinistryFactory()

    response = manager_client.post(
        reverse("admin:elections_plannedbriefing_add"),
        {"ministry": ministry.pk, "day": LOCKED_DAY.isoformat(), "topic": "Budget"},
    )

    assert response.status_code == 200
    assert _locked_message(locked) in _text(response)
    assert not PlannedBriefing.objects.exists()


def test_a_planned_briefing_of_a_locked_period_is_read_only_and_not_deleted(manager_client, locked):
    planned = PlannedBriefingFactory(day=LOCKED_DAY)
    change = reverse("admin:elections_plannedbriefing_change", args=[planned.pk])

    page = manager_client.get(change)
    refused = manager_client.post(
        change, {"ministry": planned.ministry_id, "day": OPEN_DAY.isoformat(), "topic": "x"}
    )
    deleted = manager_client.post(
        reverse("admin:elections_plannedbriefing_delete", args=[planned.pk]), {"post": "yes"}
    )

    assert page.status_code == 200 and _locked_message(locked) in _text(page)
    assert 'name="day"' not in page.content.decode()
    assert refused.status_code == 403
    assert _locked_message(locked) in _text(deleted)
    assert PlannedBriefing.objects.get().day == LOCKED_DAY


def test_the_ministrys_schedule_inline_refuses_a_day_in_a_locked_period(manager_client, locked):
    ministry = MinistryFactory()
    url = reverse("admin:elections_ministry_change", args=[ministry.pk])

    response = manager_client.post(
        url,
        {
            "partner": ministry.partner_id,
            "spokesperson": "",
            "planned-TOTAL_FORMS": "1",
            "planned-INITIAL_FORMS": "0",
            "planned-0-day": LOCKED_DAY.isoformat(),
            "planned-0-topic": "Budget",
        },
    )

    assert response.status_code == 200
    assert _locked_message(locked) in _text(response)
    assert not PlannedBriefing.objects.exists()


def test_a_mission_that_ends_before_it_starts_gets_the_rules_message_in_the_admin(
    manager_client,
):
    response = manager_client.post(
        reverse("admin:elections_needsassessmentmission_add"),
        {
            "election": ElectionFactory().pk,
            "title": "Needs assessment",
            "start": "2006-07-17",
            "end": "2006-07-06",
            "team": "Leader",
            "findings": "",
            "recommendations-TOTAL_FORMS": "0",
            "recommendations-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert str(Rule.DATES_IN_ORDER.value) in _text(response)
    assert not NeedsAssessmentMission.objects.exists()


def test_a_mission_of_a_locked_period_is_read_only_with_the_reason(manager_client, locked):
    mission = MissionFactory(start=datetime.date(2006, 3, 6), end=datetime.date(2006, 3, 17))

    page = manager_client.get(
        reverse("admin:elections_needsassessmentmission_change", args=[mission.pk])
    )

    assert page.status_code == 200
    assert _locked_message(locked) in _text(page)
    assert 'name="start"' not in page.content.decode()


def test_the_elections_calendar_inline_refuses_an_actual_date_in_a_locked_period(
    manager_client, locked
):
    election = ElectionFactory(election_day=datetime.date(2006, 11, 6))
    milestone = MilestoneFactory(election=election, planned=datetime.date(2006, 3, 1))
    data = {
        "kind": election.kind,
        "title": election.title,
        "election_day": "2006-11-06",
        "authority": election.authority_id,
        "status": election.status,
        "notes": "",
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "1",
        "milestones-0-id": milestone.pk,
        "milestones-0-election": election.pk,
        "milestones-0-stage": milestone.stage,
        "milestones-0-title": milestone.title,
        "milestones-0-planned": "2006-03-01",
        "milestones-0-actual": LOCKED_DAY.isoformat(),
        "components-TOTAL_FORMS": "0",
        "components-INITIAL_FORMS": "0",
    }

    response = manager_client.post(
        reverse("admin:elections_election_change", args=[election.pk]), data
    )

    assert response.status_code == 200
    assert _locked_message(locked) in _text(response)
    assert Milestone.objects.get().actual is None


def test_a_delivery_in_a_locked_period_is_refused_in_the_admin(manager_client, locked):
    output = OutputFactory(measure=Output.Measure.ITEMS, unit="copies")

    response = manager_client.post(
        reverse("admin:elections_delivery_add"),
        {"output": output.pk, "day": LOCKED_DAY.isoformat(), "quantity": "500", "note": ""},
    )

    assert response.status_code == 200
    assert _locked_message(locked) in _text(response)
    assert not Delivery.objects.exists()


def test_a_delivery_of_an_approved_activity_is_settled(manager_client):
    activity = ActivityFactory(
        approval=Activity.Approval.APPROVED, title="Voter education", start=OPEN_DAY, end=OPEN_DAY
    )
    delivery = DeliveryFactory(activity=activity, day=OPEN_DAY)

    response = manager_client.post(
        reverse("admin:elections_delivery_delete", args=[delivery.pk]), {"post": "yes"}
    )

    message = str(Rule.SETTLED.value) % {"activity": "Voter education"}
    assert message in _text(response)
    assert Delivery.objects.filter(pk=delivery.pk).exists()


def test_a_briefing_of_an_approved_activity_is_read_only_in_the_admin(manager_client):
    briefing = BriefingFactory(activity__title="Press briefing on the budget")

    page = manager_client.get(reverse("admin:elections_briefing_change", args=[briefing.pk]))

    assert page.status_code == 200
    message = str(Rule.SETTLED.value) % {"activity": "Press briefing on the budget"}
    assert message in _text(page)
    assert 'name="topic"' not in page.content.decode()


@pytest.mark.parametrize("path", ["service", "back office"])
def test_deleting_an_activity_leaves_a_locked_delivery_or_mission_linked_to_it(
    manager, manager_client, locked, path
):
    """A delivery's activity and a mission's supporting activity are emptied when the
    activity goes (on_delete=SET_NULL): a change to records of the locked period, refused as
    their own change is, on every path that deletes; an open period's are emptied."""
    from programs.services import activity_delete

    project = ElectionsProjectFactory(start=datetime.date(2005, 1, 1))
    activity = ActivityFactory(project=project, start=OPEN_DAY, end=OPEN_DAY)
    delivery = DeliveryFactory(day=LOCKED_DAY, activity=activity)
    mission = MissionFactory(
        start=LOCKED_DAY, end=LOCKED_DAY + datetime.timedelta(days=5), support_activity=activity
    )
    if path == "service":
        with pytest.raises(RuleBroken) as refused:
            activity_delete(activity=activity, acting_user=manager)
        assert refused.value.rule == Rule.PERIOD_LOCKED
    else:
        url = reverse("admin:programs_activity_delete", args=[activity.pk])
        response = manager_client.post(url, {"post": "yes"}, follow=True)
        assert _locked_message(locked) in _text(response)
    assert Activity.objects.filter(pk=activity.pk).exists()
    delivery.refresh_from_db()
    mission.refresh_from_db()
    assert delivery.activity_id == mission.support_activity_id == activity.pk
    # Dated in an open period, they let the activity go and keep their record without it.
    Delivery.objects.filter(pk=delivery.pk).update(day=OPEN_DAY)
    NeedsAssessmentMission.objects.filter(pk=mission.pk).update(
        start=OPEN_DAY, end=OPEN_DAY + datetime.timedelta(days=5)
    )
    activity_delete(activity=activity, acting_user=manager)
    delivery.refresh_from_db()
    assert delivery.activity_id is None


def test_an_outputs_links_to_activities_of_a_locked_period_stay_as_they_are(manager_client, locked):
    """The people an output trained in a period are its linked activities' participants:
    linking or unlinking an activity of a locked period would change that period's figure.
    Refused on the field, like deleting the output; an open period's activity, approved or
    not, is linked."""
    from tests.admin_checks import browser_post_data

    output = OutputFactory(measure=Output.Measure.PEOPLE)
    kept = ActivityFactory(start=LOCKED_DAY, end=LOCKED_DAY, approval=Activity.Approval.APPROVED)
    locked_out = ActivityFactory(start=LOCKED_DAY, end=LOCKED_DAY)
    open_one = ActivityFactory(start=OPEN_DAY, end=OPEN_DAY, approval=Activity.Approval.APPROVED)
    output.activities.add(kept)
    url = reverse("admin:elections_output_change", args=[output.pk])

    def save(*activities):
        data = browser_post_data(manager_client.get(url).text)
        data["activities"] = [str(activity.pk) for activity in activities]
        return manager_client.post(url, data)

    for choice in [(kept, locked_out), ()]:  # one linked, one unlinked
        response = save(*choice)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert errors["activities"] == [_locked_message(locked)]
        assert list(output.activities.all()) == [kept]
    assert save(kept, open_one).status_code == 302
    assert set(output.activities.all()) == {kept, open_one}
