"""Writes of the programs app. Views, the admin and commands call these, not model.save()."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import Activity, ParticipantCount, User


def _check_may_edit(*, user: User, centre_id: int | None) -> None:
    if not user.has_perm("programs.change_activity"):
        raise PermissionDenied("You may not enter activities.")
    if user.has_perm("programs.change_activity_any_centre"):
        return
    if centre_id is None or centre_id != user.home_centre_id:
        raise PermissionDenied("You may only enter activities of your own centre.")


def _replace_participants(activity: Activity, participants: list[dict[str, Any]]) -> None:
    activity.participants.all().delete()
    rows = [
        ParticipantCount(
            activity=activity, category=row["category"], women=row["women"], men=row["men"]
        )
        for row in participants
    ]
    for row in rows:
        row.full_clean(exclude=["activity"])
    ParticipantCount.objects.bulk_create(rows)


@transaction.atomic
def activity_create(
    *, acting_user: User, fields: dict[str, Any], participants: list[dict[str, Any]]
) -> Activity:
    """Record a new activity and who took part, as the acting user."""
    activity = Activity(**fields, created_by=acting_user)
    _check_may_edit(user=acting_user, centre_id=activity.centre_id)
    activity.full_clean()
    activity.save()
    _replace_participants(activity, participants)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    acting_user: User,
    fields: dict[str, Any],
    participants: list[dict[str, Any]],
) -> Activity:
    """Change an activity and its participant counts; both centres must be the user's."""
    _check_may_edit(user=acting_user, centre_id=activity.centre_id)
    for name, value in fields.items():
        setattr(activity, name, value)
    _check_may_edit(user=acting_user, centre_id=activity.centre_id)
    activity.full_clean()
    activity.save()
    _replace_participants(activity, participants)
    return activity


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
