"""The kinds of e-mail notification, registered by the apps from their portal modules.

A kind names who may receive it by a permission: the account page offers each user the
kinds whose permission they hold, and a kind is on until its user turns it off.
"""

from __future__ import annotations

from dataclasses import dataclass

from untop.registry import Registry


@dataclass(frozen=True)
class NotificationKind:
    #: "app.what", e.g. "programs.activity_approved"; stored with each user's choice.
    key: str
    #: What the account page calls it.
    label: str
    #: One sentence on when it is sent, under the label.
    description: str
    #: Offered to (and sent only to) users who hold this permission.
    permission: str


_KINDS = Registry("notification kind")


def register_notification_kind(kind: NotificationKind) -> None:
    _KINDS.register(kind.key, kind)


def notification_kinds() -> list[NotificationKind]:
    """Every registered kind, in the order the apps registered them."""
    return list(_KINDS.values())


def notification_kind(key: str) -> NotificationKind:
    return _KINDS[key]
