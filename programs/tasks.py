"""Celery tasks of the programs app: thin, the clock in, a service called."""

from celery import shared_task
from django.utils import timezone

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
