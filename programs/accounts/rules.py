"""The rules of account management, each with one message: the privilege ceiling, the roles
one may grant, the centre of programme staff, who decides a confidential role's grant."""

from __future__ import annotations

import enum
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from untop import roles
from untop.roles import CONFIDENTIAL_ROLES

from ..models import Centre, RoleGrant, User


# -- the ceiling: one rule, one message ------------------------------------------------------
class AccountRule(enum.Enum):
    """Each rule of account management, with the one message every path shows."""

    MAY_NOT_MANAGE = _("You may not manage the portal's users: an administrator does.")
    OWN_ACCOUNT = _(
        "Nobody changes their own role, centre, activation or expiry date: another "
        "administrator or a superuser does."
    )
    ABOVE_YOU = _(
        "Administrators manage the users of the roles below them: only a superuser changes "
        "a superuser's or another administrator's account."
    )
    ROLE_ABOVE_YOU = _(
        "Administrators grant only the roles below them (%(roles)s): only a superuser makes "
        "an administrator."
    )
    ONE_ROLE = _("A user holds one role: choose one.")
    CENTRE_REQUIRED = _(
        "Programme staff need a home centre: choose the centre whose activities they enter."
    )
    OWN_GRANT = _(
        "You asked for this role, or it is for you: another holder of the role, or a "
        "superuser, confirms it."
    )
    NOT_A_HOLDER = _(
        "Only a holder of the role “%(role)s”, or a superuser, confirms or refuses its grant."
    )
    DECIDED = _("This grant is no longer waiting (%(state)s): nothing changed.")
    NO_EMAIL = _("This account has no e-mail address to send the link to: add one first.")
    INACTIVE = _("This account is deactivated: reactivate it before sending a link.")

    @property
    def code(self) -> str:
        return self.name.lower()


def rule_message(rule: AccountRule, **params: Any) -> str:
    """The rule's message with its parameters filled in."""
    return str(rule.value) % params if params else str(rule.value)


class AccountRefused(PermissionDenied):
    """A change the ceiling forbids; ``rule`` says which, the message says the way out."""

    def __init__(self, rule: AccountRule, **params: Any):
        self.rule = rule
        self.message = rule_message(rule, **params)
        super().__init__(self.message)

    @property
    def messages(self) -> list[str]:
        return [self.message]


def role_names(user: User) -> set[str]:
    """The names of the user's roles (reads a prefetched ``groups`` when there is one)."""
    return {group.name for group in user.groups.all()} if user.pk else set()


def ensure_may_manage(acting_user: User, user: User) -> None:
    """Refuse unless ``acting_user`` may change ``user``'s account (a new one: add it)."""
    if acting_user.is_superuser:
        return
    needed = "programs.change_user" if user.pk else "programs.add_user"
    if not (acting_user.is_active and acting_user.has_perm(needed)):
        raise AccountRefused(AccountRule.MAY_NOT_MANAGE)
    if user.pk is not None and user.pk == acting_user.pk:
        raise AccountRefused(AccountRule.OWN_ACCOUNT)
    if user.is_superuser or roles.ADMINISTRATOR in role_names(user):
        raise AccountRefused(AccountRule.ABOVE_YOU)


def may_manage(acting_user: User, user: User) -> bool:
    try:
        ensure_may_manage(acting_user, user)
    except AccountRefused:
        return False
    return True


def grantable_roles(acting_user: User) -> models.QuerySet[Group]:
    """The roles ``acting_user`` may give: all of them for a superuser."""
    names = roles.ROLES if acting_user.is_superuser else roles.MANAGED_BY_ADMINISTRATORS
    return Group.objects.filter(name__in=names).order_by("name")


def ensure_may_grant(acting_user: User, role: Group | str) -> None:
    """Refuse a role above the acting user's reach (only superusers make administrators)."""
    name = getattr(role, "name", role)
    if acting_user.is_superuser:
        return
    if name not in roles.MANAGED_BY_ADMINISTRATORS:
        raise AccountRefused(
            AccountRule.ROLE_ABOVE_YOU, roles=", ".join(roles.MANAGED_BY_ADMINISTRATORS)
        )


def ensure_centre(role_name: str | None, centre: Centre | None) -> None:
    """Programme staff work for one centre: refuse their account without a home centre."""
    if role_name in roles.CENTRE_ROLES and centre is None:
        raise ValidationError({"home_centre": rule_message(AccountRule.CENTRE_REQUIRED)})


def ensure_may_decide(acting_user: User, grant: RoleGrant) -> None:
    """Refuse a confirmation or refusal by anyone but a second holder of the role (or a
    superuser) who neither asked for the grant nor receives it."""
    if acting_user.pk in (grant.requested_by_id, grant.user_id):
        raise AccountRefused(AccountRule.OWN_GRANT)
    if not (acting_user.is_superuser or grant.role.name in role_names(acting_user)):
        raise AccountRefused(AccountRule.NOT_A_HOLDER, role=grant.role.name)


def may_decide(acting_user: User, grant: RoleGrant) -> bool:
    try:
        ensure_may_decide(acting_user, grant)
    except AccountRefused:
        return False
    return True


def current_role(user: User) -> Group | None:
    return next(iter(user.groups.all()), None)


def check_user_change(*, user: User, acting_user: User, changes: dict[str, Any]) -> None:
    """Refuse, before anything is written, a change of the user admin's form that breaks a
    rule: the ceiling, the roles one may grant, the centre of programme staff."""
    ensure_may_manage(acting_user, user)
    current = current_role(user)
    role = changes.get("role", current)
    if role is not None and role != current:
        ensure_may_grant(acting_user, role)
    centre = changes.get("home_centre", user.home_centre)
    needed = {role.name} if role is not None else set()
    if role is not None and role.name in CONFIDENTIAL_ROLES and current and role != current:
        needed.add(current.name)  # kept until the grant is confirmed
    for name in needed:
        ensure_centre(name, centre)
