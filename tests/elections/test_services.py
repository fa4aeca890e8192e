"""Writes of the elections app: a briefing as an activity, the calendar, the follow-up."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from elections.models import Briefing
from elections.selectors import briefing_regularity
from elections.services import briefing_record, milestone_record_actual, recommendation_follow_up
from programs.models import Activity
from programs.rules import Rule
from programs.services import activity_approve
from tests.elections.factories import (
    ElectionsProjectFactory,
    MilestoneFactory,
    MinistryFactory,
    PlannedBriefingFactory,
    RecommendationFactory,
)
from tests.factories import CategoryFactory, user_with_role
from untop.audit.models import AuditEntry
from untop.roles import PROGRAMME_MANAGER

pytestmark = pytest.mark.django_db
DAY = datetime.date(2006, 3, 2)


@pytest.fixture
def journalists(db):
    return CategoryFactory(code="journalists", name="Journalists")


def _record(user, centre, **overrides):
    arguments = {
        "acting_user": user,
        "ministry": MinistryFactory(partner__name="Ministry of Health"),
        "project": ElectionsProjectFactory(),
        "centre": centre,
        "day": DAY,
        "topic": "Vaccination campaign",
        "journalists_women": 12,
        "journalists_men": 18,
    }
    arguments.update(overrides)
    return briefing_record(**arguments)


def test_a_managers_briefing_is_submitted_and_counts_once_another_manager_approves(
    manager, centre, journalists
):
    briefing = _record(manager, centre)

    activity = briefing.activity
    assert activity.kind == "briefing" and activity.approval == "submitted"
    assert activity.title == "Press briefing of the Ministry of Health: Vaccination campaign"
    assert list(activity.partners.all()) == [briefing.ministry.partner]
    assert activity.participants.get().total == 30
    PlannedBriefingFactory(ministry=briefing.ministry, day=DAY)
    [row] = briefing_regularity(DAY, DAY)
    assert (row.planned, row.held, row.journalists) == (1, 0, 0)  # not counted yet
    # Separation of duties: the manager who recorded it does not approve it; another does.
    with pytest.raises(ValidationError, match="another programme manager approves it"):
        activity_approve(activity=activity, acting_user=manager)
    activity.refresh_from_db()
    activity_approve(
        activity=activity, acting_user=user_with_role(PROGRAMME_MANAGER, username="manager2")
    )
    [row] = briefing_regularity(DAY, DAY)
    assert (row.planned, row.held, row.journalists) == (1, 1, 30)


def test_the_audit_trail_names_who_recorded_the_briefing(manager, centre, journalists):
    briefing = _record(manager, centre)

    entry = AuditEntry.objects.get(content_type__model="briefing", object_id=str(briefing.pk))
    assert entry.actor == manager


def test_a_staff_briefing_waits_for_approval(staff_user, centre, journalists):
    briefing = _record(staff_user, centre)

    assert briefing.activity.approval == Activity.Approval.DRAFT
    assert briefing_regularity(DAY, DAY) == []  # not counted until approved


def test_staff_record_briefings_of_their_own_centre_only(staff_user, other_centre, journalists):
    with pytest.raises(PermissionDenied):
        _record(staff_user, other_centre)

    assert not Briefing.objects.exists() and not Activity.objects.exists()


def test_negative_journalists_are_refused_and_nothing_is_saved(manager, centre, journalists):
    with pytest.raises(ValidationError, match="cannot be negative"):
        _record(manager, centre, journalists_women=-1)

    assert not Activity.objects.exists()


def test_a_briefing_outside_its_project_is_refused(manager, centre, journalists):
    with pytest.raises(ValidationError) as error:
        _record(manager, centre, day=datetime.date(2008, 1, 1))

    assert error.value.rule is Rule.PROJECT_DATES
    assert "within its project's dates" in " ".join(error.value.message_dict["day"])

    assert not Briefing.objects.exists()


def test_without_the_journalists_category_nothing_is_recorded(manager, centre):
    with pytest.raises(ValidationError, match="journalists"):
        _record(manager, centre)


def test_those_without_the_permission_record_no_briefing(hr_officer, centre, journalists):
    with pytest.raises(PermissionDenied):
        _record(hr_officer, centre)


def test_a_milestone_gets_its_actual_date(manager):
    milestone = MilestoneFactory()
    day = milestone.planned + datetime.timedelta(1)

    milestone_record_actual(milestone=milestone, acting_user=manager, actual=day)

    milestone.refresh_from_db()
    assert milestone.actual == day
    assert AuditEntry.objects.filter(actor=manager, content_type__model="milestone").exists()


def test_an_actual_date_after_election_day_is_refused_and_not_saved(manager):
    milestone = MilestoneFactory()

    with pytest.raises(ValidationError, match="before election day"):
        milestone_record_actual(
            milestone=milestone,
            acting_user=manager,
            actual=milestone.election.election_day + datetime.timedelta(1),
        )

    milestone.refresh_from_db()
    assert milestone.actual is None


def test_staff_do_not_change_the_calendar(staff_user):
    with pytest.raises(PermissionDenied):
        milestone_record_actual(milestone=MilestoneFactory(), acting_user=staff_user, actual=None)


def test_a_recommendations_follow_up_is_recorded(manager):
    recommendation = RecommendationFactory()

    recommendation_follow_up(
        recommendation=recommendation,
        acting_user=manager,
        follow_up="implemented",
        note="Done in October.",
    )

    recommendation.refresh_from_db()
    assert (recommendation.follow_up, recommendation.follow_up_note) == (
        "implemented",
        "Done in October.",
    )


def test_an_unknown_follow_up_status_is_refused(manager):
    with pytest.raises(ValidationError):
        recommendation_follow_up(
            recommendation=RecommendationFactory(), acting_user=manager, follow_up="maybe"
        )


def test_staff_do_not_change_the_follow_up(staff_user):
    with pytest.raises(PermissionDenied):
        recommendation_follow_up(
            recommendation=RecommendationFactory(), acting_user=staff_user, follow_up="open"
        )
