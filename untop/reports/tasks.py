"""Celery tasks of the reports app: thin, an id in, a service called."""

from dataclasses import asdict

from celery import shared_task

from .delivery import reports_sweep
from .services import report_build


# acks_late: the message is acknowledged when the task ends, so a worker that dies mid-report
# gives it back (reject_on_worker_lost). The build is idempotent: a second delivery of a
# report already done, or being built by a live worker, does nothing.
@shared_task(name="reports.build_report", acks_late=True, reject_on_worker_lost=True)
def report_build_task(report_id: int) -> str:
    """Build the report with this id in the background."""
    report = report_build(report_id=report_id)
    return report.status if report else "missing"


@shared_task(name="reports.send_waiting_reports")
def reports_sweep_task() -> dict[str, int]:
    """Every minute (Celery beat): send unsent reports, queue again those whose worker died."""
    return asdict(reports_sweep())
