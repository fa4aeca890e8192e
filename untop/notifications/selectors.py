"""Reads of the notifications: which kinds a user is offered, and who wants one."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from .models import NotificationPreference
from .registry import NotificationKind, notification_kinds


def kinds_for(user) -> list[NotificationKind]:
    """The kinds offered to the user: those whose permission they hold."""
    return [kind for kind in notification_kinds() if user.has_perm(kind.permission)]


def preferences_for(user) -> list[tuple[NotificationKind, bool]]:
    """Each kind offered to the user, and whether it is on (one query, after the
    user's permissions)."""
    kinds = kinds_for(user)
    off = set(
        NotificationPreference.objects.filter(
            user=user, kind__in=[kind.key for kind in kinds], enabled=False
        ).values_list("kind", flat=True)
    )
    return [(kind, kind.key not in off) for kind in kinds]


def wanting(users: QuerySet, kind: str) -> QuerySet:
    """Of these users, those who have not turned the kind off."""
    turned_off = NotificationPreference.objects.filter(
        user=OuterRef("pk"), kind=kind, enabled=False
    )
    return users.exclude(Exists(turned_off))
