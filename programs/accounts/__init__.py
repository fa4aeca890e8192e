"""Changes to the portal's accounts: roles, activation, expiry, centre, reset links.

The user admin, the invitations import and the commands call these services; each checks
the privilege ceiling once, here:

- an administrator manages the users of the roles below them (programme staff, managers,
  human-rights officers): never their own account, a superuser's or another
  administrator's (:func:`ensure_may_manage`), and grants only those roles
  (:func:`ensure_may_grant`); superusers are made with ``createsuperuser`` alone;
- nobody sets another person's password: a reset link goes to the account's own address;
- a confidential role (``roles.CONFIDENTIAL_ROLES``) takes effect only when a second
  person, who holds it or is a superuser and did not ask for it, confirms the grant; the
  holders are e-mailed each request and decision;
- programme staff have a home centre.

Every change is recorded once, by :func:`untop.audit.accounts.account_event`, which
e-mails the person concerned once the change commits.
"""

from .rules import (
    AccountRefused,
    AccountRule,
    check_user_change,
    current_role,
    ensure_centre,
    ensure_may_decide,
    ensure_may_grant,
    ensure_may_manage,
    grantable_roles,
    may_decide,
    may_manage,
    role_names,
)
from .selectors import (
    ACCESS_REVIEW_HEADERS,
    access_review_rows,
    dormant_users,
    pending_grants_for,
    with_second_factor,
)
from .services import (
    expired_accounts_close,
    password_reset_send,
    portal_request,
    role_grant_confirm,
    role_grant_refuse,
    sessions_end,
    user_centre_set,
    user_change,
    user_create,
    user_deactivate,
    user_expiry_set,
    user_reactivate,
    user_roles_set,
)

__all__ = [
    "ACCESS_REVIEW_HEADERS",
    "AccountRefused",
    "AccountRule",
    "access_review_rows",
    "check_user_change",
    "current_role",
    "dormant_users",
    "ensure_centre",
    "ensure_may_decide",
    "ensure_may_grant",
    "ensure_may_manage",
    "expired_accounts_close",
    "grantable_roles",
    "may_decide",
    "may_manage",
    "password_reset_send",
    "pending_grants_for",
    "portal_request",
    "role_grant_confirm",
    "role_grant_refuse",
    "role_names",
    "sessions_end",
    "user_centre_set",
    "user_change",
    "user_create",
    "user_deactivate",
    "user_expiry_set",
    "user_reactivate",
    "user_roles_set",
    "with_second_factor",
]
