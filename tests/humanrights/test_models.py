"""The rules of the human-rights records."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from humanrights.models import Milestone, MonitoringNote

from .factories import DocumentFactory, MilestoneFactory, NoteFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def test_a_follow_up_cannot_be_due_before_the_document():
    recommendation = RecommendationFactory.build(
        document=DocumentFactory(issued_on=datetime.date(2005, 7, 18)),
        follow_up_due=datetime.date(2005, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        recommendation.full_clean()
    assert "before the document's date" in str(error.value.message_dict["follow_up_due"])


def test_one_recommendation_per_paragraph():
    first = RecommendationFactory(paragraph="6")
    twin = RecommendationFactory.build(document=first.document, paragraph="6")
    with pytest.raises(ValidationError):
        twin.full_clean()


def test_a_stage_belongs_to_its_track():
    milestone = Milestone(track="ombudsman", stage="drafted", planned_on=datetime.date(2006, 1, 1))
    with pytest.raises(ValidationError) as error:
        milestone.full_clean()
    assert "not a stage of this track" in str(error.value.message_dict["stage"])


def test_the_curriculum_is_introduced_in_a_region():
    milestone = Milestone(
        track="curriculum", stage="introduced", planned_on=datetime.date(2006, 9, 1)
    )
    with pytest.raises(ValidationError) as error:
        milestone.full_clean()
    assert "in which region" in str(error.value.message_dict["region"])


def test_only_the_introduction_has_a_region():
    from tests.factories import RegionFactory

    milestone = Milestone(
        track="ombudsman",
        stage="conference",
        region=RegionFactory(),
        planned_on=datetime.date(2006, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        milestone.full_clean()
    assert "per region" in str(error.value.message_dict["region"])


def test_a_milestone_is_recorded_once():
    MilestoneFactory()
    with pytest.raises(ValidationError) as error:
        Milestone(
            track="ombudsman", stage="conference", planned_on=datetime.date(2006, 5, 1)
        ).full_clean()
    assert "already recorded" in str(error.value)


def test_a_notes_name_tells_nothing():
    note = NoteFactory(topic="Lawyers refused access")
    assert str(note) == "Confidential monitoring note"
    assert "Lawyers" not in str(MonitoringNote.objects.get())
