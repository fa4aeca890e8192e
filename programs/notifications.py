"""The programs app's e-mail notifications: who is told of a submission, an approval and a
return, and the weekly digests of old drafts and long-waiting submissions.

The services call ``*_after_commit`` as they write: the task is queued only once the
transaction commits, with ids only; it reads the records again and sends nothing if the
activity has moved on meanwhile (approved, returned, submitted again).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from functools import partial

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from untop.notifications.mail import (
    DigestPart,
    digest_send,
    notification_send,
    portal_url,
    week_of,
)
from untop.notifications.registry import NotificationKind
from untop.notifications.selectors import wanting

from .models import Activity, ActivityComment, User
from .rules import STALE_DRAFT_DAYS, stale_since

SUBMITTED = NotificationKind(
    "programs.activity_submitted",
    _("Activities submitted for approval"),
    _("An e-mail each time a centre submits an activity for approval."),
    "programs.approve_activity",
)
APPROVED = NotificationKind(
    "programs.activity_approved",
    _("My activities approved"),
    _("An e-mail when a manager approves an activity you entered."),
    "programs.add_activity",
)
RETURNED = NotificationKind(
    "programs.activity_returned",
    _("My activities returned to draft"),
    _("An e-mail, with the manager's reason, when an activity you entered is returned."),
    "programs.add_activity",
)
DRAFTS_DIGEST = NotificationKind(
    "programs.drafts_digest",
    _("Weekly list of my centre's old drafts"),
    _("On Mondays, the drafts of your centre entered more than 14 days ago."),
    "programs.change_activity",
)
WAITING_DIGEST = NotificationKind(
    "programs.waiting_digest",
    _("Weekly list of submissions waiting for approval"),
    _("On Mondays, the activities submitted more than 7 days ago and not yet approved."),
    "programs.approve_activity",
)
KINDS = (SUBMITTED, APPROVED, RETURNED, DRAFTS_DIGEST, WAITING_DIGEST)

#: Old drafts (programs.rules.stale_since) are listed to their centre's staff on Mondays, and
#: a submission waiting longer than this is listed to the managers on Mondays.
WAITING_AGE = datetime.timedelta(days=7)


# -- recipients -------------------------------------------------------------------------------
def _reachable(users: QuerySet) -> QuerySet:
    """Accounts that sign in and have an address: active, not expired, with an e-mail."""
    return (
        users.filter(is_active=True)
        .exclude(email="")
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate()))
    )


def holders_of(permission: str) -> QuerySet:
    """The reachable users whose role (or own permissions) grant ``permission``; superusers
    are technical accounts and are not written to."""
    users = User.objects.with_perm(
        permission,
        is_active=True,
        include_superusers=False,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return _reachable(users)


def managers() -> QuerySet:
    """The programme managers: those who approve activities."""
    return holders_of("programs.approve_activity")


def _author(activity: Activity, kind: NotificationKind, *, acted_by_id: int | None) -> QuerySet:
    """The activity's author, unless they made the change themselves or turned it off."""
    authors = _reachable(User.objects.filter(pk=activity.created_by_id)).exclude(pk=acted_by_id)
    return wanting(authors, kind.key)


def _activity_context(activity: Activity) -> dict:
    return {
        "activity": activity,
        "activity_url": portal_url(reverse("programs:activity_detail", args=[activity.pk])),
    }


# -- the three events, queued as the services commit ----------------------------------------
def submitted_after_commit(*, activity: Activity, submitted_by: User) -> None:
    """Once the submission commits, tell the managers (the task: activity_submitted_send)."""
    from .tasks import activity_submitted_task

    ids = (activity.pk, submitted_by.pk)
    # robust: a broker out of reach loses the e-mail, not the submission the user just made.
    transaction.on_commit(lambda: activity_submitted_task.delay(*ids), robust=True)


def approved_after_commit(*, activity: Activity) -> None:
    from .tasks import activity_approved_task

    activity_id = activity.pk
    transaction.on_commit(lambda: activity_approved_task.delay(activity_id), robust=True)


def returned_after_commit(*, comment: ActivityComment) -> None:
    from .tasks import activity_returned_task

    comment_id = comment.pk
    transaction.on_commit(lambda: activity_returned_task.delay(comment_id), robust=True)


def _activity(activity_id: int) -> Activity | None:
    return (
        Activity.objects.select_related("centre", "project", "created_by", "approved_by")
        .filter(pk=activity_id)
        .first()
    )


def activity_submitted_send(*, activity_id: int, submitted_by_id: int) -> int:
    """E-mail the managers (but the one who submitted it) that the activity waits for
    approval, if it still does. Returns how many were sent."""
    activity = _activity(activity_id)
    if activity is None or activity.approval != Activity.Approval.SUBMITTED:
        return 0
    submitter = User.objects.filter(pk=submitted_by_id).first()
    recipients = wanting(managers().exclude(pk=submitted_by_id), SUBMITTED.key)
    return notification_send(
        recipients.order_by("pk"),
        subject=lambda: gettext("Submitted for approval: %(title)s") % {"title": activity.title},
        template="programs/email/activity_submitted",
        context={
            **_activity_context(activity),
            "submitted_by": submitter,
            "approvals_url": portal_url(reverse("programs:approvals")),
        },
    )


def activity_approved_send(*, activity_id: int) -> int:
    """E-mail the author that the activity was approved, if it still is."""
    activity = _activity(activity_id)
    if activity is None or activity.approval != Activity.Approval.APPROVED:
        return 0
    return notification_send(
        _author(activity, APPROVED, acted_by_id=activity.approved_by_id),
        subject=lambda: gettext("Approved: %(title)s") % {"title": activity.title},
        template="programs/email/activity_approved",
        context=_activity_context(activity),
    )


def activity_returned_send(*, comment_id: int) -> int:
    """E-mail the author that the activity was returned, with the manager's reason, if it
    is still a draft and was not returned again since (the later return tells them)."""
    comment = (
        ActivityComment.objects.select_related("author")
        .filter(pk=comment_id, kind=ActivityComment.Kind.RETURNED)
        .first()
    )
    if comment is None:
        return 0
    activity = _activity(comment.activity_id)
    if activity is None or activity.approval != Activity.Approval.DRAFT:
        return 0
    returned_since = ActivityComment.objects.filter(
        activity=activity, kind=ActivityComment.Kind.RETURNED, pk__gt=comment.pk
    )
    if returned_since.exists():
        return 0
    return notification_send(
        _author(activity, RETURNED, acted_by_id=comment.author_id),
        subject=lambda: gettext("Returned to draft: %(title)s") % {"title": activity.title},
        template="programs/email/activity_returned",
        context={
            **_activity_context(activity),
            "reason": comment.text,
            "returned_by": comment.author,
            "edit_url": portal_url(reverse("programs:activity_edit", args=[activity.pk])),
        },
    )


# -- the weekly digests -----------------------------------------------------------------------
def old_drafts(now: datetime.datetime) -> QuerySet:
    """Old drafts (``stale_since``), by centre, oldest first."""
    since = stale_since(timezone.localdate(now))
    return (
        Activity.objects.filter(approval=Activity.Approval.DRAFT, created_at__lt=since)
        .select_related("centre")
        .order_by("centre_id", "created_at", "pk")
    )


def long_waiting(now: datetime.datetime) -> QuerySet:
    """Submissions waiting for approval for more than WAITING_AGE, oldest first."""
    return (
        Activity.objects.filter(
            approval=Activity.Approval.SUBMITTED, submitted_at__lt=now - WAITING_AGE
        )
        .select_related("centre")
        .order_by("submitted_at", "pk")
    )


def _items(activities, *, since: str, now: datetime.datetime) -> list[dict]:
    return [
        {
            **_activity_context(activity),
            "days": (now - getattr(activity, since)).days,
        }
        for activity in activities
    ]


def _drafts_subject(count: int, centre) -> str:
    return ngettext(
        "%(count)d draft older than two weeks at %(centre)s",
        "%(count)d drafts older than two weeks at %(centre)s",
        count,
    ) % {"count": count, "centre": centre}


def weekly_digests_send(*, now: datetime.datetime | None = None) -> int:
    """Send this week's digests: each centre's old drafts to its staff, the long-waiting
    submissions to the managers; one e-mail per person with each part they get (a manager
    who also enters a centre's activities reads both in one), none for an empty list, no
    part sent twice in a week. Returns how many e-mails were sent now."""
    now = now or timezone.now()
    week = week_of(timezone.localdate(now))
    parts: dict[int, tuple[User, list[DigestPart]]] = {}

    def add(user: User, part: DigestPart) -> None:
        parts.setdefault(user.pk, (user, []))[1].append(part)

    drafts_by_centre: dict[int, list[Activity]] = defaultdict(list)
    for activity in old_drafts(now):
        drafts_by_centre[activity.centre_id].append(activity)
    if drafts_by_centre:
        staff = wanting(holders_of("programs.change_activity"), DRAFTS_DIGEST.key)
        staff = staff.filter(home_centre_id__in=drafts_by_centre).select_related("home_centre")
        for user in staff.order_by("pk"):
            drafts = drafts_by_centre[user.home_centre_id]
            add(
                user,
                DigestPart(
                    kind=DRAFTS_DIGEST.key,
                    subject=partial(_drafts_subject, len(drafts), user.home_centre),
                    template="programs/email/drafts_digest",
                    context={
                        "items": _items(drafts, since="created_at", now=now),
                        "centre": user.home_centre,
                        "days": STALE_DRAFT_DAYS,
                    },
                ),
            )

    waiting = list(long_waiting(now))
    if waiting:
        items = _items(waiting, since="submitted_at", now=now)
        waiting_part = DigestPart(
            kind=WAITING_DIGEST.key,
            subject=lambda: (
                ngettext(
                    "%(count)d activity waiting for approval for over a week",
                    "%(count)d activities waiting for approval for over a week",
                    len(items),
                )
                % {"count": len(items)}
            ),
            template="programs/email/waiting_digest",
            context={
                "items": items,
                "days": WAITING_AGE.days,
                "approvals_url": portal_url(reverse("programs:approvals")),
            },
        )
        for user in wanting(managers(), WAITING_DIGEST.key).order_by("pk"):
            add(user, waiting_part)

    return sum(
        digest_send(user, week=week, parts=user_parts)
        for _pk, (user, user_parts) in sorted(parts.items())
    )
