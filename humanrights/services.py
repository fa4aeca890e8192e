"""Writes of the human-rights area. Views and the admin call these, not model.save().

Recommendations change status only through an implementation action, so that every step of
their history names the action that justified it. Monitoring notes log every write and read
in their own log (``NoteLog``), not in the shared audit trail that managers can read.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from untop.audit.context import acting_as

from .models import (
    ImplementationAction,
    MonitoringNote,
    NoteLog,
    NoteShare,
    Recommendation,
    StatusChange,
    is_human_rights_officer,
)


def _validate_action(action: ImplementationAction, activities) -> None:
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
    if action.new_status and action.new_status == recommendation.status:
        errors["new_status"] = (
            f"The recommendation is already “{recommendation.get_status_display()}”: "
            "leave the status empty or choose another."
        )
    not_held = [activity.title for activity in activities if activity.status != "held"]
    if not_held:
        errors["activities"] = "Only activities that were held can be linked: " + "; ".join(
            not_held
        )
    if errors:
        raise ValidationError(errors)


def apply_status(*, action: ImplementationAction, acting_user) -> None:
    """Move the recommendation to the status the action justifies, keeping the history."""
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
    """Record what was done on a recommendation, link the office's activities, move its status."""
    if not acting_user.has_perm("humanrights.add_implementationaction"):
        raise PermissionDenied(_("You may not record implementation actions."))
    activities = list(activities)
    with acting_as(acting_user):
        action = ImplementationAction(
            recommendation=recommendation, recorded_by=acting_user, **fields
        )
        action.full_clean()
        _validate_action(action, activities)
        action.save()
        action.activities.set(activities)
        apply_status(action=action, acting_user=acting_user)
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
    note.full_clean()
    note.save()
    _log(note, acting_user, NoteLog.Action.CREATED)
    return note


@transaction.atomic
def note_update(*, note: MonitoringNote, acting_user, fields: dict[str, Any]) -> MonitoringNote:
    """Change a monitoring note; the log records which fields changed, not their content."""
    _check_officer(acting_user)
    changed = sorted(name for name, value in fields.items() if getattr(note, name) != value)
    for name, value in fields.items():
        setattr(note, name, value)
    note.full_clean()
    note.save()
    if changed:
        _log(note, acting_user, NoteLog.Action.CHANGED, ", ".join(changed))
    return note


@transaction.atomic
def note_delete(*, note: MonitoringNote, acting_user) -> None:
    """Delete a note; its log stays, naming the note by number."""
    _check_officer(acting_user)
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
    share.full_clean()
    share.save()
    _log(note, acting_user, NoteLog.Action.SHARED, f"with {user.get_username()}")
    return share


def notes_listed(*, notes: list[MonitoringNote], reader) -> None:
    """Log that a list page showed these notes' topics to a user: a read, if a short one."""
    NoteLog.objects.bulk_create(
        NoteLog(note=note, note_number=note.pk, user=reader, action=NoteLog.Action.LISTED)
        for note in notes
    )


def note_read(*, note: MonitoringNote, reader, in_admin: bool = False) -> NoteLog:
    """Log that a user has read a note; every route that shows a note's content calls it."""
    action = NoteLog.Action.READ_ADMIN if in_admin else NoteLog.Action.READ
    return _log(note, reader, action)
