"""The account services: every change to an account, each checked by .rules and recorded by
untop.audit.accounts.account_event (which tells the person concerned)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from untop import roles
from untop.audit.accounts import Kind, account_event
from untop.audit.context import acting_as
from untop.roles import CONFIDENTIAL_ROLES

from ..models import Centre, RoleGrant, User
from .rules import (
    AccountRefused,
    AccountRule,
    check_user_change,
    current_role,
    ensure_centre,
    ensure_may_decide,
    ensure_may_grant,
    ensure_may_manage,
    role_names,
    rule_message,
)


# -- roles -----------------------------------------------------------------------------------
def _role(role: Group | str) -> Group:
    return role if isinstance(role, Group) else Group.objects.get(name=role)


def _sync_back_office(user: User, names: set[str]) -> None:
    """Managers and administrators open the back office; nobody else (superusers aside)."""
    is_staff = bool(names & roles.BACK_OFFICE_ROLES) or user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


def _withdraw_pending(user: User, acting_user: User, keep: Group | None, request) -> None:
    for grant in RoleGrant.objects.filter(user=user, state=RoleGrant.State.PENDING).exclude(
        role=keep
    ):
        grant.state = RoleGrant.State.WITHDRAWN
        grant.decided_by, grant.decided_at = acting_user, timezone.now()
        grant.save(update_fields=["state", "decided_by", "decided_at"])
        account_event(
            kind=Kind.ROLE_GRANT_REFUSED,
            account=user,
            acting_user=acting_user,
            detail=gettext("%(role)s: request withdrawn") % {"role": grant.role.name},
            request=request,
        )


def _replace_roles(
    user: User, role: Group | None, acting_user: User, request, *, notify: bool
) -> None:
    """Make ``role`` the user's one role now, recording each role removed and granted."""
    current = list(user.groups.all())
    for old in current:
        if role is None or old.pk != role.pk:
            user.groups.remove(old)
            account_event(
                kind=Kind.ROLE_REMOVED,
                account=user,
                acting_user=acting_user,
                detail=old.name,
                request=request,
                notify=notify,
            )
    if role is not None and all(old.pk != role.pk for old in current):
        user.groups.add(role)
        account_event(
            kind=Kind.ROLE_GRANTED,
            account=user,
            acting_user=acting_user,
            detail=role.name,
            request=request,
            notify=notify,
        )
    user.__dict__.pop("_prefetched_objects_cache", None)
    _sync_back_office(user, {role.name} if role is not None else set())


@transaction.atomic
def user_roles_set(
    *,
    user: User,
    roles: Iterable[Group | str],
    acting_user: User,
    request=None,
    notify: bool = True,
) -> RoleGrant | None:
    """Make ``roles`` (one role, or none) the user's role.

    A confidential role is not given at once: a pending RoleGrant is stored and the role's
    holders are e-mailed; the user keeps their present role until a second holder confirms
    (:func:`role_grant_confirm`). Returns that pending grant, or None.
    """
    wanted = [_role(role) for role in roles]
    if len({role.pk for role in wanted}) > 1:
        raise ValidationError({"role": rule_message(AccountRule.ONE_ROLE)})
    role = wanted[0] if wanted else None
    with acting_as(acting_user):
        ensure_may_manage(acting_user, user)
        if role is not None:
            ensure_may_grant(acting_user, role)
        ensure_centre(role.name if role else None, user.home_centre)
        _withdraw_pending(user, acting_user, keep=role, request=request)
        held = role_names(user)
        if role is not None and role.name in CONFIDENTIAL_ROLES and role.name not in held:
            return _grant_request(user, role, acting_user, request, notify=notify)
        _replace_roles(user, role, acting_user, request, notify=notify)
    return None


def _grant_request(
    user: User, role: Group, acting_user: User, request, *, notify: bool
) -> RoleGrant:
    grant = RoleGrant.objects.filter(user=user, role=role, state=RoleGrant.State.PENDING).first()
    if grant is not None:
        return grant  # asked for already: one request, one e-mail
    grant = RoleGrant.objects.create(user=user, role=role, requested_by=acting_user)
    account_event(
        kind=Kind.ROLE_GRANT_PENDING,
        account=user,
        acting_user=acting_user,
        detail=role.name,
        request=request,
        notify=notify,
    )
    _tell_holders(grant, decided=False)
    return grant


def _decide(grant: RoleGrant, acting_user: User, state: str) -> RoleGrant:
    grant = (
        RoleGrant.objects.select_for_update(of=("self",))
        .select_related("role", "user", "requested_by")
        .get(pk=grant.pk)
    )
    ensure_may_decide(acting_user, grant)
    if grant.state != RoleGrant.State.PENDING:
        raise AccountRefused(AccountRule.DECIDED, state=grant.get_state_display())
    grant.state, grant.decided_by, grant.decided_at = state, acting_user, timezone.now()
    grant.save(update_fields=["state", "decided_by", "decided_at"])
    return grant


@transaction.atomic
def role_grant_confirm(*, grant: RoleGrant, acting_user: User, request=None) -> RoleGrant:
    """A second holder of the role (or a superuser) confirms it: the role becomes the user's
    one role, and the holders and the user are told."""
    with acting_as(acting_user):
        grant = _decide(grant, acting_user, RoleGrant.State.CONFIRMED)
        account_event(
            kind=Kind.ROLE_GRANT_CONFIRMED,
            account=grant.user,
            acting_user=acting_user,
            detail=grant.role.name,
            request=request,
        )
        _replace_roles(grant.user, grant.role, acting_user, request, notify=True)
        _tell_holders(grant, decided=True)
    return grant


@transaction.atomic
def role_grant_refuse(*, grant: RoleGrant, acting_user: User, request=None) -> RoleGrant:
    """A holder of the role (or a superuser) refuses it: the user's roles stay as they are."""
    with acting_as(acting_user):
        grant = _decide(grant, acting_user, RoleGrant.State.REFUSED)
        account_event(
            kind=Kind.ROLE_GRANT_REFUSED,
            account=grant.user,
            acting_user=acting_user,
            detail=grant.role.name,
            request=request,
        )
        _tell_holders(grant, decided=True)
    return grant


def _tell_holders(grant: RoleGrant, *, decided: bool) -> None:
    """E-mail the role's present holders (once the change commits), each in their language."""
    holders = list(
        User.objects.filter(groups=grant.role, is_active=True)
        .exclude(email="")
        .exclude(pk=grant.user_id)
    )
    if not holders:
        return
    context = {
        "role": grant.role.name,
        "user": grant.user.get_full_name() or grant.user.username,
        "requested_by": grant.requested_by.get_full_name() or grant.requested_by.username,
        "decided_by": (
            (grant.decided_by.get_full_name() or grant.decided_by.username)
            if grant.decided_by
            else ""
        ),
        "state": "",
    }
    messages = []
    for holder in holders:
        with translation.override(holder.language or settings.LANGUAGE_CODE):
            context["state"] = grant.get_state_display()
            if decided:
                subject = gettext("UNTOP portal: the role “%(role)s” for %(user)s was %(state)s")
                body = gettext(
                    "The role “%(role)s” asked for %(user)s by %(requested_by)s: %(state)s "
                    "by %(decided_by)s."
                )
            else:
                subject = gettext("UNTOP portal: the role “%(role)s” waits for your confirmation")
                body = gettext(
                    "%(requested_by)s asked for the role “%(role)s” for %(user)s. It takes "
                    "effect only once another holder of the role confirms it: open "
                    "“Role grants” in the back office to confirm or refuse it. If you did not "
                    "expect this, refuse it and tell the office's management."
                )
            messages.append((subject % context, body % context, None, [holder.email]))
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))


# -- the other account changes ---------------------------------------------------------------
@transaction.atomic
def user_create(
    *,
    acting_user: User,
    username: str,
    email: str,
    role: Group | str,
    first_name: str = "",
    last_name: str = "",
    home_centre: Centre | None = None,
    expires_on: datetime.date | None = None,
    request=None,
) -> User:
    """Open an account with its role and centre (no password: the caller invites them with
    programs.services.user_invite). A confidential role waits for its confirmation."""
    role = _role(role)
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        home_centre=home_centre,
        expires_on=expires_on,
    )
    ensure_may_manage(acting_user, user)
    ensure_may_grant(acting_user, role)
    ensure_centre(role.name, home_centre)
    if not email:
        raise ValidationError({"email": rule_message(AccountRule.NO_EMAIL)})
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    with acting_as(acting_user):
        user.save()
        # The invitation is their first e-mail: these are recorded, not e-mailed.
        account_event(
            kind=Kind.INVITED, account=user, acting_user=acting_user, request=request, notify=False
        )
        if expires_on is not None:
            account_event(
                kind=Kind.EXPIRY_SET,
                account=user,
                acting_user=acting_user,
                detail=expires_on.isoformat(),
                request=request,
                notify=False,
            )
        user_roles_set(
            user=user, roles=[role], acting_user=acting_user, request=request, notify=False
        )
    return user


def _locked(user: User) -> User:
    # Only the user's row: its centre, loaded with it, is on the nullable side of a join.
    return User.objects.select_for_update(of=("self",)).get(pk=user.pk)


def user_deactivate(*, user: User, acting_user: User, request=None) -> User:
    """The account can no longer sign in; its records stay."""
    return _activation_set(user, False, acting_user=acting_user, request=request)


def user_reactivate(*, user: User, acting_user: User, request=None) -> User:
    return _activation_set(user, True, acting_user=acting_user, request=request)


@transaction.atomic
def _activation_set(user: User, active: bool, *, acting_user: User, request=None) -> User:
    """Activate or deactivate, recorded once: a second click (or a second person) finds the
    account already so, under its row lock, and records nothing."""
    ensure_may_manage(acting_user, user)
    saved = _locked(user)
    if saved.is_active != active:
        with acting_as(acting_user):
            saved.is_active = active
            saved.save(update_fields=["is_active"])
            account_event(
                kind=Kind.ACTIVATED if active else Kind.DEACTIVATED,
                account=saved,
                acting_user=acting_user,
                request=request,
            )
    user.is_active = active
    return saved


@transaction.atomic
def user_expiry_set(
    *, user: User, expires_on: datetime.date | None, acting_user: User, request=None
) -> User:
    """The last day the account may sign in (None: no end date)."""
    ensure_may_manage(acting_user, user)
    saved = _locked(user)
    if saved.expires_on != expires_on:
        with acting_as(acting_user):
            saved.expires_on = expires_on
            saved.save(update_fields=["expires_on"])
            account_event(
                kind=Kind.EXPIRY_SET,
                account=saved,
                acting_user=acting_user,
                detail=date_format(expires_on) if expires_on else gettext("no end date"),
                request=request,
            )
    user.expires_on = expires_on
    return saved


@transaction.atomic
def user_centre_set(*, user: User, centre: Centre | None, acting_user: User, request=None) -> User:
    ensure_may_manage(acting_user, user)
    saved = _locked(user)
    for name in role_names(saved):
        ensure_centre(name, centre)
    if saved.home_centre_id != (centre.pk if centre else None):
        before = saved.home_centre
        with acting_as(acting_user):
            saved.home_centre = centre
            saved.save(update_fields=["home_centre"])
            account_event(
                kind=Kind.CENTRE_CHANGED,
                account=saved,
                acting_user=acting_user,
                detail=f"{before or '—'} → {centre or '—'}",
                request=request,
            )
    user.home_centre = centre
    return saved


DETAIL_FIELDS = ("username", "first_name", "last_name", "email")


@transaction.atomic
def user_change(*, user: User, acting_user: User, changes: dict[str, Any], request=None) -> User:
    """Apply the user admin's form: details, role, centre, activation and expiry, each
    through its service. Everything is checked first, so a refusal changes nothing."""
    saved = _locked(user)
    check_user_change(user=saved, acting_user=acting_user, changes=changes)
    details = {name: changes[name] for name in DETAIL_FIELDS if name in changes}
    if details:
        with acting_as(acting_user):
            for name, value in details.items():
                setattr(saved, name, value)
            saved.full_clean(exclude=["password"])
            saved.save(update_fields=list(details))
    # A new centre before the role (staff need one), an emptied one after it (a manager's
    # account may leave it empty): each service sees a state that keeps the centre rule.
    centre_first = changes.get("home_centre") is not None
    if "home_centre" in changes and centre_first:
        user_centre_set(
            user=saved, centre=changes["home_centre"], acting_user=acting_user, request=request
        )
    role = changes.get("role")
    if "role" in changes and role != current_role(saved):
        user_roles_set(
            user=saved, roles=[role] if role else [], acting_user=acting_user, request=request
        )
    if "home_centre" in changes and not centre_first:
        user_centre_set(user=saved, centre=None, acting_user=acting_user, request=request)
    if "is_active" in changes:
        service = user_reactivate if changes["is_active"] else user_deactivate
        service(user=saved, acting_user=acting_user, request=request)
    if "expires_on" in changes:
        user_expiry_set(
            user=saved, expires_on=changes["expires_on"], acting_user=acting_user, request=request
        )
    return saved


class _PortalRequest(HttpRequest):
    """A stand-in web request for e-mails sent without one (an import run by the worker, a
    command): their links point at UNTOP_PORTAL_URL."""

    def __init__(self, url: str):
        super().__init__()
        parts = urlsplit(url)
        self._portal_scheme, self._portal_host = parts.scheme or "http", parts.netloc
        self.META = {"HTTP_HOST": parts.netloc, "REMOTE_ADDR": None}

    def _get_scheme(self) -> str:
        return self._portal_scheme

    def get_host(self) -> str:
        return self._portal_host


def portal_request() -> HttpRequest:
    return _PortalRequest(getattr(settings, "UNTOP_PORTAL_URL", "http://127.0.0.1:8000"))


def password_reset_send(*, user: User, acting_user: User, request=None) -> None:
    """E-mail the user a link to choose a new password (nobody else ever sets it)."""
    from django.contrib.auth.forms import PasswordResetForm

    ensure_may_manage(acting_user, user)
    if not user.email:
        raise ValidationError(rule_message(AccountRule.NO_EMAIL))
    if not user.is_active:
        raise ValidationError(rule_message(AccountRule.INACTIVE))

    class ResetForm(PasswordResetForm):
        def get_users(self, email):
            # Only this account, even when another shares its address.
            yield user

    form = ResetForm({"email": user.email})
    form.is_valid()
    link_request = request if request is not None else portal_request()
    form.save(request=link_request, use_https=link_request.is_secure())
    # The link's own e-mail tells the holder: recorded, not e-mailed twice.
    account_event(
        kind=Kind.PASSWORD_RESET_SENT,
        account=user,
        acting_user=acting_user,
        request=request,
        notify=False,
    )


# -- expiry ------------------------------------------------------------------------------------
def expired_accounts_close(*, today: datetime.date | None = None) -> list[User]:
    """Record, once, each active account past its expiry date (AccountEvent EXPIRED, by the
    system) and end its open sessions. Sign-in is refused from the day after ``expires_on``
    whether or not this has run (untop.security.backends.account_may_sign_in); this ends the
    sessions opened before. Celery beat runs it every hour (programs.tasks); so does
    ``manage.py expire_accounts``, on demand."""
    from untop.audit.models import AccountEvent

    today = today or timezone.localdate()
    users = list(User.objects.filter(is_active=True, expires_on__lt=today))
    recorded = set(
        AccountEvent.objects.filter(kind=Kind.EXPIRED, account__in=users).values_list(
            "account_id", "detail"
        )
    )
    closed = []
    for user in users:
        detail = user.expires_on.isoformat()
        if (user.pk, detail) in recorded:
            continue
        with transaction.atomic():
            account_event(kind=Kind.EXPIRED, account=user, detail=detail)
        closed.append(user)
    sessions_end([user.pk for user in users])
    return closed


def sessions_end(user_ids: Iterable[int]) -> int:
    """Delete the open sessions of these users (database sessions); returns how many."""
    from django.contrib.sessions.models import Session

    wanted = {str(pk) for pk in user_ids}
    if not wanted:
        return 0
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) in wanted:
            session.delete()
            ended += 1
    return ended
