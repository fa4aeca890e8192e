"""Reading accounts: pending grants, the change list's second factor, dormant accounts and the
access review."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from untop import roles

from ..models import RoleGrant, User
from .rules import role_names


def pending_grants_for(user: User) -> models.QuerySet[RoleGrant]:
    """The pending grants ``user`` sees: every one for a superuser or a user manager, else
    those of the roles they hold."""
    grants = RoleGrant.objects.filter(state=RoleGrant.State.PENDING).select_related(
        "user", "role", "requested_by"
    )
    if user.is_superuser or user.has_perm("programs.view_user"):
        return grants
    return grants.filter(role__name__in=role_names(user) & roles.CONFIDENTIAL_ROLES)


# -- reading: the change list, dormant accounts, the access review ---------------------------
def with_second_factor(queryset: models.QuerySet[User]) -> models.QuerySet[User]:
    """Annotate ``has_second_factor``: a confirmed authenticator (one subquery, no query
    per row)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return queryset.annotate(
        has_second_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    )


def dormant_users(days: int | None = None) -> models.QuerySet[User]:
    """Active accounts without a sign-in for ``days`` (UNTOP_DORMANT_DAYS) days; one never
    used counts from the day it was opened."""
    days = settings.UNTOP_DORMANT_DAYS if days is None else days
    since = timezone.now() - datetime.timedelta(days=days)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(last_login__lt=since) | Q(last_login__isnull=True, date_joined__lt=since))
        .prefetch_related("groups")
        # Never signed in first, then the longest silent: the same order on every database.
        .order_by(F("last_login").asc(nulls_first=True), "username")
    )


ACCESS_REVIEW_HEADERS = [
    "username",
    "name",
    "role",
    "role waiting for confirmation",
    "home centre",
    "second factor",
    "last sign-in",
    "expires on",
    "active",
    "superuser",
]


def access_review_rows(queryset: models.QuerySet[User] | None = None) -> Iterable[list]:
    """Who holds which role, for a periodic review: no e-mail, no password, no secret."""
    from django.db.models import Prefetch

    pending = RoleGrant.objects.filter(state=RoleGrant.State.PENDING).select_related("role")
    users = with_second_factor(queryset if queryset is not None else User.objects.all())
    users = users.prefetch_related(
        "groups", Prefetch("role_grants", queryset=pending, to_attr="pending_grants")
    ).order_by("username")
    for user in users:
        yield [
            user.username,
            user.get_full_name(),
            ", ".join(sorted(group.name for group in user.groups.all())),
            ", ".join(grant.role.name for grant in user.pending_grants),
            user.home_centre.name if user.home_centre else "",
            "yes" if user.has_second_factor else "no",
            timezone.localtime(user.last_login).strftime("%Y-%m-%d %H:%M")
            if user.last_login
            else "",
            user.expires_on.isoformat() if user.expires_on else "",
            "yes" if user.is_active else "no",
            "yes" if user.is_superuser else "no",
        ]
