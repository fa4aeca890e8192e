"""Participants by age band and disability: a breakdown is whole or absent, every write path
that changes a participant row keeps it so, and the summary rows follow it."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from programs import summary
from programs.figures import counted_activities_in, people_by_age_and_disability
from programs.models import (
    Activity,
    AgeBand,
    GroupSummary,
    ParticipantCount,
    ParticipantGroup,
)
from programs.services import (
    activity_approve,
    activity_create,
    activity_submit,
    activity_update,
    record_delete,
)
from tests.factories import CategoryFactory, ProjectFactory, user_with_role
from untop import roles

pytestmark = pytest.mark.django_db

DAY = datetime.date(2005, 10, 4)


def _fields(project, centre):
    return {
        "project": project,
        "kind": "seminar",
        "title": "Seminar on tolerance",
        "start": DAY,
        "end": DAY,
        "centre": centre,
        "status": "held",
    }


def _band(code):
    return AgeBand.objects.get(code=code)


def _groups(women_young=3, women_old=2, men_young=4, men_unknown=1):
    return [
        {"sex": "women", "age_band": _band("18-24"), "disability": "no", "number": women_young},
        {"sex": "women", "age_band": _band("25-59"), "disability": "yes", "number": women_old},
        {"sex": "men", "age_band": _band("18-24"), "disability": "no", "number": men_young},
        {"sex": "men", "age_band": None, "disability": "unrecorded", "number": men_unknown},
    ]


@pytest.fixture
def category():
    return CategoryFactory(code="teachers", name="Teachers")


@pytest.fixture
def other_manager(centre):
    return user_with_role(roles.PROGRAMME_MANAGER, username="manager2", home_centre=centre)


def test_the_office_s_default_age_bands_are_there():
    assert [(b.code, b.min_age, b.max_age) for b in AgeBand.objects.all()] == [
        ("under-18", 0, 17),
        ("18-24", 18, 24),
        ("25-59", 25, 59),
        ("60-plus", 60, None),
    ]


def test_a_band_overlapping_another_is_refused_naming_it():
    band = AgeBand(code="young", name="Young", min_age=15, max_age=20)
    with pytest.raises(ValidationError) as refused:
        band.full_clean()
    assert "overlaps “Under 18”" in str(refused.value.message_dict["min_age"])


def test_a_breakdown_that_adds_up_is_saved_with_its_row(period, centre, staff_user, category):
    activity = activity_create(
        acting_user=staff_user,
        fields=_fields(ProjectFactory(), centre),
        participants=[{"category": category, "women": 5, "men": 5, "groups": _groups()}],
    )
    count = activity.participants.get()
    saved = sorted(
        (g.sex, g.age_band.code if g.age_band else "", g.disability, g.number)
        for g in count.groups.all()
    )
    assert saved == [
        ("men", "", "unrecorded", 1),
        ("men", "18-24", "no", 4),
        ("women", "18-24", "no", 3),
        ("women", "25-59", "yes", 2),
    ]
    # Each group has its "created" entry in the audit trail, naming who entered it.
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ParticipantGroup)
    )
    assert entries.count() == 4
    assert {entry.actor_id for entry in entries} == {staff_user.pk}


def test_a_breakdown_that_does_not_add_up_is_refused_and_nothing_is_saved(
    period, centre, staff_user, category
):
    with pytest.raises(ValidationError) as refused:
        activity_create(
            acting_user=staff_user,
            fields=_fields(ProjectFactory(), centre),
            participants=[
                {"category": category, "women": 6, "men": 5, "groups": _groups(women_young=3)}
            ],
        )
    message = " ".join(refused.value.messages)
    assert "women of “Teachers” adds up to 5, not 6" in message
    assert not Activity.objects.exists()
    assert not ParticipantGroup.objects.exists()


def test_a_changed_total_must_still_match_the_saved_breakdown(period, centre, staff_user, category):
    activity = activity_create(
        acting_user=staff_user,
        fields=_fields(ProjectFactory(), centre),
        participants=[{"category": category, "women": 5, "men": 5, "groups": _groups()}],
    )
    # A path that changes only the totals (the back office's inline, a shell) is refused…
    count = activity.participants.get()
    count.men = 7
    with pytest.raises(ValidationError, match="men of “Teachers” adds up to 5, not 7"):
        count.full_clean()
    # …and so is the service given totals without a breakdown: the saved one is kept.
    with pytest.raises(ValidationError, match="adds up to 5, not 7"):
        activity_update(
            activity=activity,
            acting_user=staff_user,
            fields={},
            participants=[{"category": category, "women": 5, "men": 7}],
        )
    assert ParticipantCount.objects.get().men == 5
    # An empty breakdown removes it: the row's people are "not recorded" again.
    activity_update(
        activity=Activity.objects.get(),
        acting_user=staff_user,
        fields={},
        participants=[{"category": category, "women": 5, "men": 7, "groups": []}],
    )
    assert ParticipantCount.objects.get().men == 7
    assert not ParticipantGroup.objects.exists()


def test_only_approved_breakdowns_reach_the_summary_and_the_figures(
    period, centre, staff_user, manager, category
):
    other = CategoryFactory(code="police", name="Police")
    activity = activity_create(
        acting_user=staff_user,
        fields=_fields(ProjectFactory(), centre),
        participants=[
            {"category": category, "women": 5, "men": 5, "groups": _groups()},
            {"category": other, "women": 10, "men": 20},
        ],
    )
    activity_submit(activity=activity, acting_user=staff_user)
    assert not GroupSummary.objects.exists()
    activity_approve(activity=activity, acting_user=manager)
    assert GroupSummary.objects.count() == 4
    assert summary.differences() == []

    kept = counted_activities_in(period)
    figures = people_by_age_and_disability(kept)
    source = people_by_age_and_disability(Activity.objects.counted())
    assert figures == source
    bands = {str(row["label"]): (row["women"], row["men"]) for row in figures["bands"]}
    # Police (10 women, 20 men) and one man of the teachers have no age recorded.
    assert bands == {
        "Under 18": (0, 0),
        "18–24": (3, 4),
        "25–59": (2, 0),
        "60 and over": (0, 0),
        "Age not recorded": (10, 21),
    }
    disability = {str(row["label"]): (row["women"], row["men"]) for row in figures["disability"]}
    assert disability == {
        "With a disability": (2, 0),
        "Without a disability": (3, 4),
        "Not recorded": (10, 21),
    }
    assert (figures["people"], figures["with_breakdown"]) == (40, 10)


def test_a_breakdown_changed_through_the_service_changes_the_summary(
    period, centre, staff_user, manager, other_manager, category
):
    activity = activity_create(
        acting_user=staff_user,
        fields=_fields(ProjectFactory(), centre),
        participants=[{"category": category, "women": 5, "men": 5, "groups": _groups()}],
    )
    activity_submit(activity=activity, acting_user=staff_user)
    activity_approve(activity=activity, acting_user=manager)
    # An approved activity is settled: its breakdown does not change…
    with pytest.raises(ValidationError, match="approved and settled"):
        activity_update(
            activity=Activity.objects.get(),
            acting_user=manager,
            fields={},
            participants=[
                {"category": category, "women": 5, "men": 5, "groups": _groups(5, 0, 5, 0)}
            ],
        )
    # …nor is a group of it changed or deleted by another path.
    group = ParticipantGroup.objects.first()
    with pytest.raises(ValidationError, match="approved and settled"):
        record_delete(acting_user=manager, records=[group])
    assert ParticipantGroup.objects.count() == 4
    assert summary.differences() == []
