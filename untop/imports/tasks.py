"""Celery tasks of the imports app: thin, an id in, a service called."""

from celery import shared_task

from .services import import_job_run


@shared_task(name="imports.run_import_job", acks_late=True, reject_on_worker_lost=True)
def import_job_run_task(job_id: int) -> str:
    """Import the file of the job with this id in the background."""
    return import_job_run(job_id=job_id).status
