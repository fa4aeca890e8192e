"""Whose account a user may change: the rule the core's own account services ask.

The roles, and so the rule (an administrator manages the roles below them, never their own
account, a superuser's or another administrator's), belong to the app that defines them:
``programs.accounts.ensure_may_manage``, registered from ``programs/portal.py``. The core's
services that touch an account (an authenticator app removed or its set-up link sent, a
single sign-on link removed) call :func:`ensure_may_manage` here, so that the back office's
device pages meet the same rule as the user pages.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from untop.registry import Registry

_ceiling: Registry = Registry("account ceiling")


def register_account_ceiling(check: Callable[[object, object], None]) -> None:
    """``check(acting_user, user)`` raises PermissionDenied (with the rule's message) when
    the acting user may not change the user's account."""
    _ceiling.register("ceiling", check)


def ensure_may_manage(acting_user, user) -> None:
    """Refuse (PermissionDenied) unless ``acting_user`` may change ``user``'s account.
    ``acting_user`` None is a command run on the server, by its operator. Without a rule
    registered, only a superuser may."""
    if acting_user is None:
        return
    check = _ceiling.get("ceiling")
    if check is not None:
        check(acting_user, user)
    elif not acting_user.is_superuser:
        raise PermissionDenied(_("Only a superuser changes this account."))


def may_manage(acting_user, user) -> bool:
    try:
        ensure_may_manage(acting_user, user)
    except PermissionDenied:
        return False
    return True


def refusal_message(refused: PermissionDenied) -> str:
    """The rule's message of a refusal (AccountRefused carries it as ``message``)."""
    return str(getattr(refused, "message", "") or refused)
