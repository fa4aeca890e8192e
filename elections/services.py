"""Writes of the elections app, each as its acting user so that the audit trail names them."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from programs.models import Activity, Centre, ParticipantCategory, Project, User
from programs.services import activity_approve, activity_create, activity_submit
from untop.audit.context import acting_as

from .models import JOURNALIST_CATEGORY, Briefing, Milestone, Ministry, Recommendation


@transaction.atomic
def briefing_record(
    *,
    acting_user: User,
    ministry: Ministry,
    project: Project,
    centre: Centre,
    day: datetime.date,
    topic: str,
    journalists_women: int,
    journalists_men: int,
) -> Briefing:
    """Record a press briefing held by a ministry, as a briefing activity of the project.

    The journalists present are the activity's participants. A manager's record is approved
    at once and counts; anyone else's is a draft until a manager approves the activity.
    """
    if not acting_user.has_perm("elections.add_briefing"):
        raise PermissionDenied(_("You may not record briefings."))
    if journalists_women < 0 or journalists_men < 0:
        raise ValidationError(_("The number of journalists cannot be negative."))
    category = ParticipantCategory.objects.filter(code=JOURNALIST_CATEGORY).first()
    if category is None:
        raise ValidationError(_("The participant category “journalists” is missing."))
    activity = activity_create(
        acting_user=acting_user,
        fields={
            "project": project,
            "kind": Activity.Kind.BRIEFING,
            "title": f"Press briefing of the {ministry}: {topic}"[:300],
            "start": day,
            "end": day,
            "centre": centre,
            "status": Activity.Status.HELD,
        },
        participants=[{"category": category, "women": journalists_women, "men": journalists_men}],
        partners=[ministry.partner_id],
    )
    if acting_user.has_perm("programs.approve_activity"):
        activity_submit(activity=activity, acting_user=acting_user)
        activity_approve(activity=activity, acting_user=acting_user)
    with acting_as(acting_user):
        briefing = Briefing(ministry=ministry, activity=activity, topic=topic)
        briefing.full_clean()
        briefing.save()
    return briefing


@transaction.atomic
def milestone_record_actual(
    *, milestone: Milestone, acting_user: User, actual: datetime.date | None
) -> Milestone:
    """Set (or clear) the day a step of the electoral calendar actually happened."""
    if not acting_user.has_perm("elections.change_milestone"):
        raise PermissionDenied(_("You may not change the electoral calendar."))
    with acting_as(acting_user):
        milestone.actual = actual
        milestone.full_clean()
        milestone.save()
    return milestone


@transaction.atomic
def recommendation_follow_up(
    *, recommendation: Recommendation, acting_user: User, follow_up: str, note: str = ""
) -> Recommendation:
    """Record how far a mission's recommendation has been followed up."""
    if not acting_user.has_perm("elections.change_recommendation"):
        raise PermissionDenied(_("You may not change the follow-up of recommendations."))
    with acting_as(acting_user):
        recommendation.follow_up = follow_up
        recommendation.follow_up_note = note
        recommendation.full_clean()
        recommendation.save()
    return recommendation
