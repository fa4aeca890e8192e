"""Writes of the programs app. Views, the admin and commands call these, not model.save().

Every write runs as its acting user, so the audit trail names who made it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from untop.audit.context import acting_as

from .models import Activity, Evidence, MandatePeriod, ParticipantCount, User


def _check_may_edit(*, user: User, centre_id: int | None) -> None:
    if not user.has_perm("programs.change_activity"):
        raise PermissionDenied(_("You may not enter activities."))
    if user.has_perm("programs.change_activity_any_centre"):
        return
    if centre_id is None or centre_id != user.home_centre_id:
        raise PermissionDenied(_("You may only enter activities of your own centre."))


def _check_not_locked(activity: Activity) -> None:
    locked = MandatePeriod.objects.containing(activity.start).filter(locked=True).first()
    if locked:
        raise ValidationError(
            _("The mandate period %(locked)s is locked: its activities can no longer change.")
            % {"locked": locked}
        )


def _save_participants(activity: Activity, participants: list[dict[str, Any]]) -> None:
    """Make the activity's counts match the rows given: one row per category."""
    existing = {count.category_id: count for count in activity.participants.all()}
    for row in participants:
        count = existing.pop(row["category"].pk, None) or ParticipantCount(
            activity=activity, category=row["category"]
        )
        if count.pk and (count.women, count.men) == (row["women"], row["men"]):
            continue
        count.women, count.men = row["women"], row["men"]
        count.full_clean()
        count.save()
    for count in existing.values():
        count.delete()


@transaction.atomic
def activity_create(
    *,
    acting_user: User,
    fields: dict[str, Any],
    participants: list[dict[str, Any]],
    partners=(),
) -> Activity:
    """Record a new activity (a draft) and who took part, as the acting user."""
    with acting_as(acting_user):
        activity = Activity(**fields, created_by=acting_user, approval=Activity.Approval.DRAFT)
        _check_may_edit(user=acting_user, centre_id=activity.centre_id)
        activity.full_clean()
        activity.save()
        activity.partners.set(partners)
        _save_participants(activity, participants)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    acting_user: User,
    fields: dict[str, Any],
    participants: list[dict[str, Any]],
    partners=None,
) -> Activity:
    """Change an activity and its participant counts; both centres must be the user's."""
    with acting_as(acting_user):
        _check_may_edit(user=acting_user, centre_id=activity.centre_id)
        if not activity.is_editable:
            raise ValidationError(_("An approved activity cannot change; a manager can reopen it."))
        _check_not_locked(activity)
        for name, value in fields.items():
            setattr(activity, name, value)
        _check_may_edit(user=acting_user, centre_id=activity.centre_id)
        activity.full_clean()
        activity.save()
        if partners is not None:
            activity.partners.set(partners)
        _save_participants(activity, participants)
    return activity


def _transition(activity: Activity, *, allowed_from: set[str], to: str, message: str) -> None:
    if activity.approval not in allowed_from:
        raise ValidationError(message)
    _check_not_locked(activity)
    activity.approval = to


@transaction.atomic
def activity_submit(*, activity: Activity, acting_user: User) -> Activity:
    """Send a draft activity to the managers for approval."""
    with acting_as(acting_user):
        _check_may_edit(user=acting_user, centre_id=activity.centre_id)
        _transition(
            activity,
            allowed_from={Activity.Approval.DRAFT},
            to=Activity.Approval.SUBMITTED,
            message=_("Only a draft can be submitted."),
        )
        activity.submitted_at = timezone.now()
        activity.save()
    return activity


@transaction.atomic
def activity_approve(*, activity: Activity, acting_user: User) -> Activity:
    """Approve a submitted activity: from now on it counts in reports."""
    with acting_as(acting_user):
        if not acting_user.has_perm("programs.approve_activity"):
            raise PermissionDenied(_("Only a programme manager approves activities."))
        _transition(
            activity,
            allowed_from={Activity.Approval.SUBMITTED},
            to=Activity.Approval.APPROVED,
            message=_("Only a submitted activity can be approved."),
        )
        activity.approved_by, activity.approved_at = acting_user, timezone.now()
        activity.save()
    return activity


@transaction.atomic
def activity_return_to_draft(*, activity: Activity, acting_user: User) -> Activity:
    """Send a submitted or approved activity back to its centre as a draft, for changes."""
    with acting_as(acting_user):
        if not acting_user.has_perm("programs.approve_activity"):
            raise PermissionDenied(_("Only a programme manager returns activities."))
        _transition(
            activity,
            allowed_from={Activity.Approval.SUBMITTED, Activity.Approval.APPROVED},
            to=Activity.Approval.DRAFT,
            message=_("This activity is already a draft."),
        )
        activity.approved_by, activity.approved_at = None, None
        activity.save()
    return activity


@transaction.atomic
def evidence_add(*, activity: Activity, acting_user: User, file, description: str) -> Evidence:
    """Attach a file that shows the activity took place."""
    with acting_as(acting_user):
        _check_may_edit(user=acting_user, centre_id=activity.centre_id)
        _check_not_locked(activity)
        evidence = Evidence(
            activity=activity, file=file, description=description, uploaded_by=acting_user
        )
        evidence.full_clean()
        evidence.save()
    return evidence


def user_invite(*, user: User, acting_user: User, request=None) -> None:
    """E-mail a new user a link to choose their password.

    The account gets a random password nobody knows, so that the ordinary "forgot your
    password" page keeps working for them if this link expires.
    """
    from django.contrib.auth.forms import PasswordResetForm
    from django.utils.crypto import get_random_string

    class InviteForm(PasswordResetForm):
        def get_users(self, email):
            # Only the new account, even when another user shares its address.
            yield user

    with acting_as(acting_user):
        user.set_password(get_random_string(48))
        user.save(update_fields=["password"])
    form = InviteForm({"email": user.email})
    form.is_valid()
    form.save(
        request=request,
        use_https=request.is_secure() if request else False,
        subject_template_name="registration/invite_subject.txt",
        email_template_name="registration/invite_email.txt",
        extra_email_context={"invited_by": acting_user},
    )
