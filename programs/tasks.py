"""Celery tasks of the programs app: thin, the clock in, a service called."""

import smtplib

from celery import shared_task
from django.utils import timezone

from .notifications import (
    activity_approved_send,
    activity_returned_send,
    activity_submitted_send,
    weekly_digests_send,
)
from .scheduling import monthly_donor_reports_request, previous_month, scheduler_account


@shared_task(name="programs.request_monthly_donor_reports")
def monthly_donor_reports_task() -> int:
    """On the first of each month (Celery beat): the donors' reports for the past month."""
    start, end = previous_month(timezone.localdate())
    reports = monthly_donor_reports_request(start=start, end=end, acting_user=scheduler_account())
    return len(reports)


@shared_task(name="programs.close_expired_accounts")
def expired_accounts_task() -> int:
    """Every hour (Celery beat): record the accounts past their expiry date and end their
    sessions (sign-in itself is refused from the day after the date, with or without this)."""
    from .accounts import expired_accounts_close

    return len(expired_accounts_close())


# E-mail notifications (programs/notifications.py): ids only, the records read again. A
# mail server out of reach fails before anything is sent (untop.notifications.mail), so a
# retry sends each message once.
_MAIL_RETRY = {
    "autoretry_for": (ConnectionError, smtplib.SMTPConnectError),
    "retry_backoff": 60,
    "max_retries": 5,
}


@shared_task(name="programs.notify_activity_submitted", **_MAIL_RETRY)
def activity_submitted_task(activity_id: int, submitted_by_id: int) -> int:
    """Tell the managers an activity waits for their approval."""
    return activity_submitted_send(activity_id=activity_id, submitted_by_id=submitted_by_id)


@shared_task(name="programs.notify_activity_approved", **_MAIL_RETRY)
def activity_approved_task(activity_id: int) -> int:
    """Tell the author their activity was approved."""
    return activity_approved_send(activity_id=activity_id)


@shared_task(name="programs.notify_activity_returned", **_MAIL_RETRY)
def activity_returned_task(comment_id: int) -> int:
    """Tell the author their activity was returned, with the reason (the return's comment)."""
    return activity_returned_send(comment_id=comment_id)


@shared_task(name="programs.send_weekly_digests", **_MAIL_RETRY)
def weekly_digests_task() -> int:
    """On Monday mornings (Celery beat): old drafts to their centres' staff, long-waiting
    submissions to the managers; a digest already sent this week is not sent again."""
    return weekly_digests_send()
