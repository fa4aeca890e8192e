"""The programs services: approval, locked periods, participants, each audited."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from programs.models import Activity, MandatePeriod, ParticipantCount
from programs.selectors import donor_report_figures
from programs.services import (
    activity_approve,
    activity_create,
    activity_return_to_draft,
    activity_submit,
    activity_update,
)
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    ParticipantCountFactory,
    PledgeFactory,
    ProjectFactory,
)
from untop.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _fields(project, centre, **overrides):
    fields = {
        "project": project,
        "kind": "meeting",
        "title": "Dialogue meeting in Khujand",
        "start": datetime.date(2005, 9, 5),
        "end": datetime.date(2005, 9, 5),
        "centre": centre,
        "district": None,
        "status": "held",
        "narrative": "",
    }
    fields.update(overrides)
    return fields


def test_a_new_activity_is_a_draft_and_its_creation_is_audited(staff_user, centre):
    category = CategoryFactory()
    activity = activity_create(
        acting_user=staff_user,
        fields=_fields(ProjectFactory(), centre),
        participants=[{"category": category, "women": 4, "men": 6}],
    )
    assert activity.approval == Activity.Approval.DRAFT
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Activity), object_id=str(activity.pk)
    )
    assert entry.actor == staff_user
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.changes["title"] == [None, "Dialogue meeting in Khujand"]
    assert (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ParticipantCount), actor=staff_user
        ).count()
        == 1
    )


def test_draft_to_submitted_to_approved_and_back(staff_user, manager, centre):
    activity = ActivityFactory(centre=centre)
    activity_submit(activity=activity, acting_user=staff_user)
    assert activity.approval == Activity.Approval.SUBMITTED

    with pytest.raises(PermissionDenied):
        activity_approve(activity=activity, acting_user=staff_user)

    activity_approve(activity=activity, acting_user=manager)
    activity.refresh_from_db()
    assert activity.approval == Activity.Approval.APPROVED
    assert activity.approved_by == manager and activity.approved_at is not None

    with pytest.raises(
        ValidationError, match="is approved and settled: a manager can return it to draft"
    ):
        activity_update(
            activity=activity, acting_user=manager, fields={"title": "x"}, participants=[]
        )

    activity_return_to_draft(activity=activity, acting_user=manager, reason="Dates to check.")
    activity.refresh_from_db()
    assert activity.approval == Activity.Approval.DRAFT and activity.approved_by is None
    change = AuditEntry.objects.filter(
        object_id=str(activity.pk), action=AuditEntry.Action.UPDATE
    ).first()
    assert change.actor == manager and change.changes["approval"] == ["approved", "draft"]


def test_only_a_submitted_activity_can_be_approved(manager, centre):
    activity = ActivityFactory(centre=centre)
    with pytest.raises(ValidationError, match="Only a submitted activity"):
        activity_approve(activity=activity, acting_user=manager)


def test_only_approved_activities_count_in_a_donor_report(centre):
    pledge = PledgeFactory()
    approved = ActivityFactory(project=pledge.project, centre=centre, approval="approved")
    draft = ActivityFactory(project=pledge.project, centre=centre, approval="draft")
    ParticipantCountFactory(activity=approved, women=5, men=5)
    ParticipantCountFactory(activity=draft, women=50, men=50)
    figures = donor_report_figures(
        donor=pledge.donor, start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31)
    )
    assert [a.pk for a in figures["activities"]] == [approved.pk]
    assert figures["participants"]["total"] == 10


def test_a_locked_period_refuses_new_and_changed_activities(staff_user, manager, centre):
    MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), locked=True
    )
    with pytest.raises(ValidationError, match="is locked"):
        activity_create(
            acting_user=staff_user, fields=_fields(ProjectFactory(), centre), participants=[]
        )
    activity = ActivityFactory(centre=centre, approval="submitted")
    with pytest.raises(ValidationError, match="is locked"):
        activity_update(
            activity=activity, acting_user=staff_user, fields={"title": "x"}, participants=[]
        )
    with pytest.raises(ValidationError, match="is locked"):
        activity_approve(activity=activity, acting_user=manager)
    assert Activity.objects.get(pk=activity.pk).approval == "submitted"
    assert not Activity.objects.filter(title="Dialogue meeting in Khujand").exists()


def test_participant_rows_are_updated_added_and_removed_one_by_one(staff_user, centre):
    activity = ActivityFactory(centre=centre)
    kept = ParticipantCountFactory(activity=activity, women=1, men=1)
    removed = ParticipantCountFactory(activity=activity, women=2, men=2)
    added = CategoryFactory()
    activity_update(
        activity=activity,
        acting_user=staff_user,
        fields={},
        participants=[
            {"category": kept.category, "women": 3, "men": 1},
            {"category": added, "women": 0, "men": 7},
        ],
    )
    rows = {c.category_id: (c.women, c.men) for c in activity.participants.all()}
    assert rows == {kept.category_id: (3, 1), added.pk: (0, 7)}
    assert not ParticipantCount.objects.filter(pk=removed.pk).exists()
    counts = ContentType.objects.get_for_model(ParticipantCount)
    entries = AuditEntry.objects.filter(content_type=counts, actor=staff_user)
    assert sorted(entries.values_list("action", flat=True)) == [
        AuditEntry.Action.CREATE,
        AuditEntry.Action.UPDATE,
        AuditEntry.Action.DELETE,
    ]
    assert entries.get(action=AuditEntry.Action.UPDATE).changes == {"women": [1, 3]}
