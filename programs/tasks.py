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
