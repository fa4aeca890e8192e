"""Writes of the elections app, each as its acting user so that the audit trail names them.

Every write applies the office's rules (programs/rules.py) through a ``RuleBook``: the records
they reach are declared in ``ElectionsConfig._govern``. Permission checks stay here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from programs.models import Activity, Centre, ParticipantCategory, Project, User
from programs.rules import RuleBook, Violation, ensure_may_write
from programs.services import activity_create, activity_submit
from untop.audit.context import acting_as

from .models import JOURNALIST_CATEGORY, Briefing, Milestone, Ministry, Recommendation


def _on_fields(violations: Iterable[Violation | None], fields: dict[str | None, str]):
    """The violations with their messages on the fields of this write's form."""
    return [replace(v, field=fields.get(v.field, v.field)) for v in violations if v is not None]


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

    The journalists present are the activity's participants. The briefing counts once a
    manager approves its activity, and no manager approves their own (separation of duties):
    a manager's record is submitted for another manager's approval; anyone else's is a draft.
    The rules are those of any activity: the user's own centre, an open project whose dates
    hold the day, no locked period; their messages name this form's fields.
    """
    if not acting_user.has_perm("elections.add_briefing"):
        raise PermissionDenied(_("You may not record briefings."))
    if journalists_women < 0 or journalists_men < 0:
        raise ValidationError(_("The number of journalists cannot be negative."))
    book = RuleBook(acting_user)
    book.enforce(
        _on_fields(
            [book.centre(centre.pk), *book.project(project, day, day), book.period(day)],
            {"start": "day"},
        )
    )
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
    with acting_as(acting_user):
        briefing = Briefing(ministry=ministry, activity=activity, topic=topic)
        book.enforce(book.record(briefing))
        briefing.full_clean()
        briefing.save()
    return briefing


@transaction.atomic
def milestone_record_actual(
    *, milestone: Milestone, acting_user: User, actual: datetime.date | None
) -> Milestone:
    """Set (or clear) the day a step of the electoral calendar actually happened; neither the
    day it had nor the new one may lie in a locked mandate period."""
    if not acting_user.has_perm("elections.change_milestone"):
        raise PermissionDenied(_("You may not change the electoral calendar."))
    with acting_as(acting_user):
        milestone.actual = actual
        ensure_may_write(acting_user, milestone, field="actual")
        milestone.full_clean()
        milestone.save()
    return milestone


@transaction.atomic
def recommendation_follow_up(
    *, recommendation: Recommendation, acting_user: User, follow_up: str, note: str = ""
) -> Recommendation:
    """Record how far a mission's recommendation has been followed up.

    No rule reaches a recommendation today (its follow-up goes on after the mission's period
    is locked); the RuleBook is asked all the same, so that a rule declared for it holds here.
    """
    if not acting_user.has_perm("elections.change_recommendation"):
        raise PermissionDenied(_("You may not change the follow-up of recommendations."))
    with acting_as(acting_user):
        recommendation.follow_up = follow_up
        recommendation.follow_up_note = note
        ensure_may_write(acting_user, recommendation)
        recommendation.full_clean()
        recommendation.save()
    return recommendation
