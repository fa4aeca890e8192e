"""Writes of the reports app: asking for a report and building it."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Report
from .pdf import html_to_pdf
from .registry import ReportKind, get_report_kind, report_sections

logger = logging.getLogger(__name__)


def report_render_pdf(*, kind: ReportKind, parameters: dict[str, Any], on_step=None) -> bytes:
    """Build one report's PDF from the database: the same bytes for the worker and the CLI."""
    step = on_step or (lambda percent, label: None)
    step(10, "Gathering the figures")
    context = kind.build_context(parameters)
    context.update(
        title=kind.describe(parameters), generated_at=timezone.now(), kind_label=kind.label
    )
    context["sections"] = _render_sections(kind, parameters)
    step(40, "Laying out the pages")
    html = render_to_string(kind.template_name, context)
    step(60, "Rendering the PDF")
    return html_to_pdf(html)


def _render_sections(kind: ReportKind, parameters: dict[str, Any]) -> list[str]:
    """Each area's section of the report, rendered; areas with nothing to say are left out."""
    rendered = []
    for section in report_sections(kind.code):
        section_context = section.build(parameters)
        if section_context is not None:
            rendered.append(
                render_to_string(section.template_name, {"title": section.title, **section_context})
            )
    return rendered


@transaction.atomic
def report_request(*, kind: ReportKind, parameters: dict[str, Any], acting_user) -> Report:
    """Save a queued report and send it to a worker once the transaction has committed."""
    from .tasks import report_build_task

    report = Report.objects.create(
        kind=kind.code,
        parameters=parameters,
        title=kind.describe(parameters),
        requested_by=acting_user,
        step="Waiting for a worker",
    )
    transaction.on_commit(lambda: report_build_task.delay(report.pk))
    return report


def report_rebuild(*, report: Report, acting_user) -> Report:
    """Ask again for a report with the same parameters: a failed one is retried this way."""
    return report_request(
        kind=get_report_kind(report.kind), parameters=report.parameters, acting_user=acting_user
    )


def _set_progress(report_id: int, percent: int, step: str) -> None:
    Report.objects.filter(pk=report_id).update(progress=percent, step=step)


def report_build(*, report_id: int) -> Report:
    """Build a queued report's PDF and store it; a report already done is left as it is."""
    report = Report.objects.get(pk=report_id)
    if report.status == Report.Status.DONE:
        return report
    Report.objects.filter(pk=report_id).update(
        status=Report.Status.RUNNING,
        started_at=timezone.now(),
        error="",
        progress=5,
        step="Starting",
    )
    try:
        kind = get_report_kind(report.kind)
        pdf = report_render_pdf(
            kind=kind,
            parameters=report.parameters,
            on_step=lambda percent, label: _set_progress(report_id, percent, label),
        )
        _set_progress(report_id, 90, "Storing the PDF")
        report.file.save(f"{report.kind}-{report.pk}.pdf", ContentFile(pdf), save=False)
    except Exception as exc:
        logger.exception("Report %s failed", report_id)
        Report.objects.filter(pk=report_id).update(
            status=Report.Status.FAILED,
            finished_at=timezone.now(),
            step="Failed",
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        report.refresh_from_db()
        return report
    Report.objects.filter(pk=report_id).update(
        status=Report.Status.DONE,
        progress=100,
        step="PDF ready",
        finished_at=timezone.now(),
        file=report.file.name,
        checksum=hashlib.sha256(pdf).hexdigest(),
    )
    report.refresh_from_db()
    return report
