"""Writes of the notifications: a user's own choice of e-mails."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import NotificationPreference
from .selectors import kinds_for


@transaction.atomic
def notification_preferences_set(*, user, acting_user, enabled: Iterable[str]) -> list[str]:
    """Turn on the kinds named in ``enabled`` and off every other kind offered to the user.

    A user changes only their own choice; kinds not offered to them are left as they are.
    Returns the keys of the kinds now off.
    """
    if acting_user.pk != user.pk:
        raise PermissionDenied(_("Each person chooses their own e-mails."))
    enabled = set(enabled)
    off = []
    for kind in kinds_for(user):
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind.key, defaults={"enabled": kind.key in enabled}
        )
        if kind.key not in enabled:
            off.append(kind.key)
    return off
