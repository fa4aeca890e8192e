"""Celery tasks of the imports app: thin, an id in, a service called."""

from celery import shared_task

from .services import import_job_run, import_jobs_sweep


# acks_late: the message is acknowledged when the task ends, so a worker that dies mid-import
# gives it back (reject_on_worker_lost). The run is idempotent: a second delivery of a job
# done, failed, or being imported by a live worker does nothing.
@shared_task(name="imports.run_import_job", acks_late=True, reject_on_worker_lost=True)
def import_job_run_task(job_id: int) -> str:
    """Import the file of the job with this id in the background."""
    return import_job_run(job_id=job_id).status


@shared_task(name="imports.sweep_import_jobs")
def import_jobs_sweep_task() -> dict[str, int]:
    """Every minute (Celery beat): send unsent imports, queue again those whose worker died,
    delete the files no import needs any more."""
    return import_jobs_sweep()
