"""One status endpoint for every kind of background job: /jobs/<kind>/<pk>/status/.

A report's page and an import's page follow their job with the same script
(static/js/job-status.js), which asks this view every second until the job is done or failed.
Each kind is registered once by its app (``register_job_kind`` in its ``AppConfig.ready()``)
with the permission it needs, the jobs a user may follow, and what it adds to the answer
(a report's download links, an import's counts and errors).

The answer, for every kind: ``kind``, ``id``, ``status``, ``status_label``, ``progress``,
``step`` (in the reader's language), ``error`` (why it failed, if it did) and ``finished``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from untop.job_models import Job
from untop.registry import Registry


def _nothing_more(job: Job) -> dict:
    return {}


@dataclass(frozen=True)
class JobKind:
    """A kind of background job whose status pages may ask for.

    ``permission`` is needed to follow any job of the kind (403 without it); ``visible_to``
    gives the jobs of the kind a user may follow (any other is not found, 404), in one query;
    ``details`` adds the kind's own fields to the answer, with no query.
    """

    code: str  # in the URL: "report", "import"
    permission: str
    visible_to: Callable[[Any], QuerySet]
    details: Callable[[Any], dict] = field(default=_nothing_more)


_kinds: Registry = Registry("kind of job")


def register_job_kind(kind: JobKind) -> None:
    """Let pages follow this kind of job (declared in the app's portal module)."""
    _kinds.register(kind.code, kind)


def job_kinds() -> dict[str, JobKind]:
    """The kinds of job registered, by their code."""
    return dict(_kinds)


def job_status_answer(kind: JobKind, job: Job) -> dict:
    """What a page shows of a job: the fields every job has, then its kind's own."""
    return {
        "kind": kind.code,
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "progress": job.progress,
        # Steps are saved in English and shown in the reader's language.
        "step": gettext(job.step) if job.step else "",
        "error": "",
        "finished": job.is_finished,
        **kind.details(job),
    }


@never_cache
@require_GET
def job_status(request: HttpRequest, kind: str, pk: int) -> JsonResponse:
    """The status of one job the user may follow, as JSON. The same queries for every kind:
    the session, the user, their second factor, their permissions (two) and the job."""
    job_kind = _kinds.get(kind)
    if job_kind is None:
        raise Http404("No such kind of job.")
    if not request.user.has_perm(job_kind.permission):
        raise PermissionDenied
    job = get_object_or_404(job_kind.visible_to(request.user), pk=pk)
    return JsonResponse(job_status_answer(job_kind, job))


app_name = "jobs"

urlpatterns = [
    path("<slug:kind>/<int:pk>/status/", job_status, name="status"),
]
