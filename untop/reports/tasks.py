"""Celery tasks of the reports app: thin, an id in, a service called."""

from celery import shared_task

from .services import report_build


@shared_task(name="reports.build_report", acks_late=True, reject_on_worker_lost=True)
def report_build_task(report_id: int) -> str:
    """Build the report with this id in the background."""
    return report_build(report_id=report_id).status
