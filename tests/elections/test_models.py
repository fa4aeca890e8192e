"""The rules of the elections records, with the messages a user sees."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from elections.models import Briefing, Component, Delivery, Milestone, Output
from programs.models import Activity, Project
from programs.rules import Rule
from tests.elections.factories import (
    ComponentFactory,
    ElectionFactory,
    MinistryFactory,
    MissionFactory,
    OutputFactory,
)
from tests.factories import ActivityFactory, ProjectFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2006, 11, 6)


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.mark.parametrize(
    "stage,planned,message",
    [
        ("registration", DAY + datetime.timedelta(1), "must come before election day"),
        ("voter_lists", DAY, "must come before election day"),
        ("results", DAY - datetime.timedelta(1), "cannot come before election day"),
        ("election_day", DAY + datetime.timedelta(2), "Election day is planned for 6 Nov 2006"),
    ],
)
def test_a_milestone_on_the_wrong_side_of_election_day_is_refused(stage, planned, message):
    election = ElectionFactory(election_day=DAY)
    milestone = Milestone(election=election, stage=stage, title="Step", planned=planned)

    with pytest.raises(ValidationError) as error:
        milestone.full_clean()

    assert message in _messages(error.value)


def test_an_actual_date_is_held_to_the_same_rule():
    election = ElectionFactory(election_day=DAY)
    milestone = Milestone(
        election=election,
        stage="registration",
        title="Registration",
        planned=DAY - datetime.timedelta(30),
        actual=DAY + datetime.timedelta(1),
    )

    with pytest.raises(ValidationError) as error:
        milestone.full_clean()

    assert "actual" in error.value.message_dict


@pytest.mark.parametrize(
    "stage,planned",
    [
        ("nomination", DAY - datetime.timedelta(60)),
        ("election_day", DAY),
        ("results", DAY),
        ("results", DAY + datetime.timedelta(10)),
    ],
)
def test_milestones_in_their_place_are_accepted(stage, planned):
    Milestone(
        election=ElectionFactory(election_day=DAY), stage=stage, title="Step", planned=planned
    ).full_clean()


def test_a_mission_cannot_end_before_it_starts():
    mission = MissionFactory.build(
        election=ElectionFactory(),
        start=datetime.date(2006, 3, 17),
        end=datetime.date(2006, 3, 6),
    )

    with pytest.raises(ValidationError) as error:
        mission.full_clean()

    assert error.value.message_dict["end"] == [str(Rule.DATES_IN_ORDER.value)]


def test_a_mission_lists_its_team_one_per_line():
    assert MissionFactory(team="Leader\n\n Adviser \n").team_members == ["Leader", "Adviser"]


def test_a_negative_target_is_refused_with_a_clear_message():
    output = Output(component=ComponentFactory(), name="Poll workers trained", target=-5)

    with pytest.raises(ValidationError) as error:
        output.full_clean()

    assert error.value.message_dict["target"] == ["A count cannot be negative."]


def test_a_negative_delivery_is_refused():
    output = OutputFactory(measure=Output.Measure.ITEMS)
    delivery = Delivery(output=output, day=DAY, quantity=-1)

    with pytest.raises(ValidationError) as error:
        delivery.full_clean()

    assert error.value.message_dict["quantity"] == ["A count cannot be negative."]


def test_people_trained_cannot_be_typed_in_as_deliveries():
    delivery = Delivery(output=OutputFactory(measure=Output.Measure.PEOPLE), day=DAY, quantity=5)

    with pytest.raises(ValidationError, match="come from their activities"):
        delivery.full_clean()


def test_a_component_belongs_to_an_elections_project():
    component = Component(
        election=ElectionFactory(),
        project=ProjectFactory(area=Project.Area.POLICE_REFORM),
        name="Training",
    )

    with pytest.raises(ValidationError, match="elections mandate area"):
        component.full_clean()


def test_a_briefing_is_an_activity_of_the_briefing_type():
    briefing = Briefing(
        ministry=MinistryFactory(),
        activity=ActivityFactory(kind=Activity.Kind.SEMINAR),
        topic="Budget",
    )

    with pytest.raises(ValidationError, match="Briefing"):
        briefing.full_clean()


def test_names_read_as_the_office_writes_them():
    election = ElectionFactory(title="Presidential election of 6 November 2006")
    ministry = MinistryFactory(partner__name="Ministry of Health")

    assert str(election) == "Presidential election of 6 November 2006"
    assert str(ministry) == "Ministry of Health"
