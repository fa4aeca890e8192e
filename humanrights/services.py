"""Writes of the human-rights area. Views and the admin call these, not model.save().

Recommendations change status only through an implementation action, so that every step of
their history names the action that justified it. Monitoring notes log every write and read
in their own log (``NoteLog``), not in the shared audit trail that managers can read.

Every write applies the office's rules (programs/rules.py) through a ``RuleBook``: a locked
mandate period freezes the actions, status changes and milestones dated in it (declared in
``HumanrightsConfig._govern``). Permission checks stay here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import Activity
from programs.rules import RuleBook, ensure_may_delete, ensure_may_write
from untop.audit.context import acting_as
from untop.concurrency import ensure_unchanged

from .models import (
    ImplementationAction,
    MonitoringNote,
    NoteLog,
    NoteShare,
    Recommendation,
    StatusChange,
    is_human_rights_officer,
)


def validate_action(
    action: ImplementationAction, activities: Iterable, *, new: bool = True
) -> None:
    """What an action must be, beyond the office's rules: taken (not in the future), not
    before its document, justifying a status the recommendation does not have yet (when
    ``new``: a saved action's status is already the recommendation's), with held activities."""
    errors: dict[str, str] = {}
    recommendation = action.recommendation
    if action.taken_on:
        if action.taken_on > timezone.localdate():
            errors["taken_on"] = "An action is recorded once it has been taken: not in the future."
        elif action.taken_on < recommendation.document.issued_on:
            errors["taken_on"] = (
                f"The action cannot precede the document {recommendation.document.symbol} "
                f"({recommendation.document.issued_on:%-d %b %Y})."
            )
    if new and action.new_status and action.new_status == recommendation.status:
        errors["new_status"] = (
            f"The recommendation is already “{recommendation.get_status_display()}”: "
            "leave the status empty or choose another."
        )
    not_held = [
        activity.title for activity in activities if activity.status != Activity.Status.HELD
    ]
    if not_held:
        errors["activities"] = "Only activities that were held can be linked: " + "; ".join(
            not_held
        )
    if errors:
        raise ValidationError(errors)


def apply_status(
    *, action: ImplementationAction, acting_user, book: RuleBook | None = None
) -> None:
    """Move the recommendation to the status the action justifies, keeping the history; the
    status change is dated by the action, and refused in a locked mandate period."""
    recommendation = Recommendation.objects.select_for_update().get(pk=action.recommendation_id)
    if not action.new_status or action.new_status == recommendation.status:
        return
    change = StatusChange(
        recommendation=recommendation,
        action=action,
        from_status=recommendation.status,
        to_status=action.new_status,
        changed_on=action.taken_on,
        changed_by=acting_user,
    )
    book = book or RuleBook(acting_user)
    book.enforce(book.record(change, field="taken_on"))
    change.full_clean()
    change.save()
    recommendation.status = action.new_status
    recommendation.save(update_fields=["status"])
    action.recommendation.status = action.new_status


@transaction.atomic
def action_record(
    *,
    recommendation: Recommendation,
    acting_user,
    fields: dict[str, Any],
    activities=(),
) -> ImplementationAction:
    """Record what was done on a recommendation, link the office's activities, move its status.

    Refused in a locked mandate period: the letter counts the actions of its period.
    """
    if not acting_user.has_perm("humanrights.add_implementationaction"):
        raise PermissionDenied(_("You may not record implementation actions."))
    activities = list(activities)
    with acting_as(acting_user):
        action = ImplementationAction(
            recommendation=recommendation, recorded_by=acting_user, **fields
        )
        book = RuleBook(acting_user)
        book.enforce(book.record(action, field="taken_on"))
        book.enforce(book.link_changes(action, "activities", activities))
        action.full_clean()
        validate_action(action, activities)
        action.save()
        action.activities.set(activities)
        apply_status(action=action, acting_user=acting_user, book=book)
    return action


@transaction.atomic
def action_update(
    *,
    action: ImplementationAction,
    acting_user,
    fields: dict[str, Any],
    activities: Iterable | None = None,
) -> ImplementationAction:
    """Correct what an action says (its date, text, evidence) and (unless None) its activities.

    The recommendation and the status it justified are history and do not change. Neither the
    action's saved date nor its new one may lie in a locked mandate period; the status change
    it justified follows its date.
    """
    if not acting_user.has_perm("humanrights.change_implementationaction"):
        raise PermissionDenied(_("You may not change implementation actions."))
    if {"recommendation", "new_status"} & fields.keys():
        raise ValidationError(_("The status an action justified is history: it does not change."))
    activities = list(activities) if activities is not None else None
    with acting_as(acting_user):
        for name, value in fields.items():
            setattr(action, name, value)
        book = RuleBook(acting_user)
        book.enforce(book.record(action, field="taken_on"))
        if activities is not None:
            book.enforce(book.link_changes(action, "activities", activities))
        action.full_clean()
        linked = activities if activities is not None else action.activities.all()
        validate_action(action, linked, new=False)
        action.save()
        if activities is not None:
            action.activities.set(activities)
        for change in action.status_changes.exclude(changed_on=action.taken_on):
            change.changed_on = action.taken_on
            book.enforce(book.record(change, field="taken_on"))
            change.save(update_fields=["changed_on"])
    return action


def _check_officer(user) -> None:
    if not is_human_rights_officer(user):
        raise PermissionDenied(_("Only human-rights officers may write monitoring notes."))


def _log(note: MonitoringNote, user, action: str, detail: str = "") -> NoteLog:
    return NoteLog.objects.create(
        note=note, note_number=note.pk, user=user, action=action, detail=detail
    )


@transaction.atomic
def note_create(*, acting_user, fields: dict[str, Any]) -> MonitoringNote:
    """Write a confidential monitoring note, as a human-rights officer."""
    _check_officer(acting_user)
    note = MonitoringNote(author=acting_user, **fields)
    ensure_may_write(acting_user, note)
    note.full_clean()
    note.save()
    _log(note, acting_user, NoteLog.Action.CREATED)
    return note


@transaction.atomic
def note_update(
    *, note: MonitoringNote, acting_user, fields: dict[str, Any], opened: str | None = None
) -> MonitoringNote:
    """Change a monitoring note; the log records which fields changed, not their content.

    ``opened`` is the note's state when the form was opened (untop.concurrency): a save made
    since refuses this one (EditedMeanwhile); the note's row stays locked until commit.
    """
    _check_officer(acting_user)
    ensure_unchanged(note, opened=opened, fields=list(fields))
    changed = sorted(name for name, value in fields.items() if getattr(note, name) != value)
    for name, value in fields.items():
        setattr(note, name, value)
    ensure_may_write(acting_user, note)
    note.full_clean()
    note.save()
    if changed:
        _log(note, acting_user, NoteLog.Action.CHANGED, ", ".join(changed))
    return note


@transaction.atomic
def note_delete(*, note: MonitoringNote, acting_user) -> None:
    """Delete a note; its log stays, naming the note by number."""
    _check_officer(acting_user)
    ensure_may_delete(acting_user, [note])
    _log(note, acting_user, NoteLog.Action.DELETED)
    note.delete()


@transaction.atomic
def note_share(*, note: MonitoringNote, user, acting_user) -> NoteShare:
    """Let one more user read a note (a human-rights officer decides)."""
    _check_officer(acting_user)
    if not user.is_active:
        raise ValidationError(_("The note cannot be shared with an inactive user."))
    if NoteShare.objects.filter(note=note, user=user).exists():
        raise ValidationError(_("The note is already shared with %(user)s.") % {"user": user})
    share = NoteShare(note=note, user=user, shared_by=acting_user)
    ensure_may_write(acting_user, share)
    share.full_clean()
    share.save()
    _log(note, acting_user, NoteLog.Action.SHARED, f"with {user.get_username()}")
    return share


@transaction.atomic
def note_unshare(*, share: NoteShare, acting_user) -> None:
    """Withdraw a note from a user it was shared with (a human-rights officer decides)."""
    _check_officer(acting_user)
    ensure_may_delete(acting_user, [share])
    _log(share.note, acting_user, NoteLog.Action.UNSHARED, f"from {share.user.get_username()}")
    share.delete()


def notes_listed(*, notes: list[MonitoringNote], reader, in_admin: bool = False) -> None:
    """Log that a list page showed these notes' topics to a user: a read, if a short one."""
    action = NoteLog.Action.LISTED_ADMIN if in_admin else NoteLog.Action.LISTED
    NoteLog.objects.bulk_create(
        NoteLog(note=note, note_number=note.pk, user=reader, action=action) for note in notes
    )


def note_read(*, note: MonitoringNote, reader, in_admin: bool = False) -> NoteLog:
    """Log that a user has read a note; every route that shows a note's content calls it."""
    action = NoteLog.Action.READ_ADMIN if in_admin else NoteLog.Action.READ
    return _log(note, reader, action)
