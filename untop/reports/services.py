"""Writes of the reports app: asking for a report and building it.

A report is built as a PDF, a Word document and, for donor reports, a spreadsheet: all
three from the one HTML rendered in one snapshot of the database, so they say the same.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connections, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from untop.security.views import database_fault

from .delivery import (
    WAITING_FOR_WORKER,
    ReportNotStored,
    ReportTakenOver,
    heartbeat,
    report_claim,
    report_fail,
    report_finish,
    report_mark_alive,
    report_send,
    report_store_files,
)
from .models import Report
from .narratives import narrative_fill, published_narratives
from .pdf import html_to_pdf
from .registry import ReportKind, get_report_kind, report_sections
from .sheets import report_has_spreadsheet, report_xlsx
from .snapshot import consistent_snapshot, last_change_at
from .word import report_docx

logger = logging.getLogger(__name__)

DATABASE_UNREACHABLE = gettext_noop(
    "The database could not be reached while the report was being built; try again later."
)


def report_render_html(
    *, kind: ReportKind, parameters: dict[str, Any], preview: bool = False, on_step=None
) -> str:
    """A report's HTML from the database, in the report's language.

    The PDF is this HTML laid out by WeasyPrint; the web preview (``preview=True``) is the
    same HTML with each traceable figure a link to the records it sums.
    """
    step = on_step or (lambda percent, label: None)
    language = parameters.get("language") or "en"
    step(10, gettext_noop("Gathering the figures"))
    # Progress is saved outside the snapshot, so the requester sees it while the figures load.
    with translation.override(language), consistent_snapshot():
        snapshot = timezone.now()
        context = kind.build_context(parameters)
        written = (
            published_narratives(
                kind=kind.code, scope=kind.narrative_scope(parameters), language=language
            )
            if kind.narrative_scope
            else {}
        )
        # The kind's own slots get their figures ({name}) from the context just built; the
        # area sections' from their own, in _render_sections.
        own_slots = dict(kind.narrative_slots)
        narratives = {
            slot: narrative_fill(
                text,
                kind.placeholders if slot in own_slots else (),
                context,
                prose=parameters.get("prose") or "rounded",
                preview=preview,
            )
            for slot, text in written.items()
        }
        context.update(
            title=kind.describe(parameters),
            generated_at=snapshot,
            data_changed_at=last_change_at(),
            kind_label=kind.label,
            narratives=narratives,
            preview=preview,
            language=language,
        )
        context["sections"] = _render_sections(kind, parameters, written, preview)
        html = render_to_string(kind.template_name, context)
    step(40, gettext_noop("Figures gathered"))
    return html


def report_render_pdf(*, kind: ReportKind, parameters: dict[str, Any], on_step=None) -> bytes:
    """Build one report's PDF from the database: the same bytes for the worker and the CLI."""
    step = on_step or (lambda percent, label: None)
    html = report_render_html(kind=kind, parameters=parameters, on_step=step)
    step(50, gettext_noop("Laying out the pages"))
    return html_to_pdf(html)


@dataclass(frozen=True)
class ReportFiles:
    """A report's files, made from one rendering of its HTML."""

    pdf: bytes
    docx: bytes
    xlsx: bytes | None = None  # the tables as a spreadsheet, for the kinds that have one

    def by_extension(self) -> dict[str, bytes | None]:
        return {"pdf": self.pdf, "docx": self.docx, "xlsx": self.xlsx}


def report_render_files(
    *, kind: ReportKind, parameters: dict[str, Any], on_step=None
) -> ReportFiles:
    """Build a report's PDF, its Word document and (for donor reports) its spreadsheet from
    the same HTML; the PDF is the same bytes as report_render_pdf's."""
    step = on_step or (lambda percent, label: None)
    html = report_render_html(kind=kind, parameters=parameters, on_step=step)
    step(50, gettext_noop("Laying out the pages"))
    pdf = html_to_pdf(html)
    step(75, gettext_noop("Writing the Word file"))
    docx = report_docx(html)
    xlsx = None
    if report_has_spreadsheet(kind.code):
        step(82, gettext_noop("Writing the spreadsheet"))
        xlsx = report_xlsx(html)
    return ReportFiles(pdf=pdf, docx=docx, xlsx=xlsx)


def _render_sections(
    kind: ReportKind, parameters: dict[str, Any], narratives: dict[str, str], preview: bool
) -> list[str]:
    """Each area's section of the report, rendered; areas with nothing to say are left out.

    ``narratives`` holds the published texts as written: a section's text gets its figures
    (``{name}``) from the section's own context here.
    """
    rendered = []
    # How the letter's prose states figures: rounded or exact.
    prose = parameters.get("prose") or "rounded"
    for section in report_sections(kind.code):
        section_context = section.build(parameters)
        if section_context is not None:
            written = narratives.get(section.code, "")
            rendered.append(
                render_to_string(
                    section.template_name,
                    {
                        "title": section.title,
                        "narrative": narrative_fill(
                            written,
                            section.placeholders,
                            section_context,
                            prose=prose,
                            preview=preview,
                        )
                        if written
                        else "",
                        "preview": preview,
                        "prose": prose,
                        **section_context,
                    },
                )
            )
    return rendered


@transaction.atomic
def report_request(*, kind: ReportKind, parameters: dict[str, Any], acting_user) -> Report:
    """Save a queued report and send it to a worker once the transaction has committed.

    When the task queue cannot take it then (the broker is down), the report stays queued
    and unsent, its page says it is waiting, and the sweep sends it once the queue is back.
    """
    report = Report.objects.create(
        kind=kind.code,
        parameters=parameters,
        title=kind.describe(parameters),
        requested_by=acting_user,
        step=WAITING_FOR_WORKER,
    )
    transaction.on_commit(lambda: report_send(report_id=report.pk))
    return report


def report_rebuild(*, report: Report, acting_user) -> Report:
    """Ask again for a report with the same parameters: a failed one is retried this way."""
    return report_request(
        kind=get_report_kind(report.kind), parameters=report.parameters, acting_user=acting_user
    )


def _set_progress(report_id: int, percent: int, step: str, *, attempt: int) -> None:
    """Show the requester how far the report has got; it is also the worker's sign of life."""
    alive = report_mark_alive(report_id=report_id, attempt=attempt, progress=percent, step=step)
    if not alive:
        raise ReportTakenOver(f"Report {report_id} is no longer this worker's to build.")


def report_build(*, report_id: int) -> Report | None:
    """Build a queued report's files (PDF, Word, and the spreadsheet of a donor report) and
    store them; safe to run twice for the same report.

    The report is claimed first: one done, failed, or being built by a live worker is left
    as it is, so a task delivered twice builds it once. None if the report no longer exists.
    """
    attempt = report_claim(report_id=report_id)
    report = Report.objects.filter(pk=report_id).first()
    if attempt is None or report is None:
        return report
    try:
        with heartbeat(report_id=report_id, attempt=attempt):
            files = _render_files_retrying(report, attempt=attempt)
            _set_progress(report_id, 90, gettext_noop("Storing the files"), attempt=attempt)
            names = report_store_files(report=report, files=files.by_extension())
    except ReportTakenOver:
        logger.warning("Report %s was queued again and taken by another worker", report_id)
    except Exception as exc:
        logger.exception("Report %s failed", report_id)
        if database_fault(exc):
            _close_broken_connections()  # the failure is recorded on a new connection
        reason = _failure_reason(exc, language=report.parameters.get("language"))
        report_fail(report_id=report_id, attempt=attempt, reason=reason)
    else:
        report_finish(
            report_id=report_id,
            attempt=attempt,
            name=names["pdf"],
            checksum=_sha256(files.pdf),
            word_name=names.get("docx", ""),
            word_checksum=_sha256(files.docx),
            sheet_name=names.get("xlsx", ""),
            sheet_checksum=_sha256(files.xlsx),
        )
    report.refresh_from_db()
    return report


def _sha256(content: bytes | None) -> str:
    return hashlib.sha256(content).hexdigest() if content is not None else ""


def _render_files_retrying(report: Report, *, attempt: int) -> ReportFiles:
    """The report's files, its figures gathered again when the database connection fails.

    A lost connection (a database restart, a connection ended by the server) fails the
    snapshot's transaction, not the report: the broken connection is closed and the figures
    are read again on a new one, after UNTOP_REPORT_DB_RETRY_BACKOFF seconds, doubled at each
    of the UNTOP_REPORT_DB_RETRIES retries. The heartbeat goes on meanwhile, and each try
    checks first, with its progress, that the report is still this attempt's.
    """
    retries = settings.UNTOP_REPORT_DB_RETRIES
    for retry in range(retries + 1):
        try:
            return report_render_files(
                kind=get_report_kind(report.kind),
                parameters=report.parameters,
                on_step=lambda percent, label: _set_progress(
                    report.pk, percent, label, attempt=attempt
                ),
            )
        except ReportTakenOver:
            raise
        except Exception as exc:
            if retry == retries or not database_fault(exc):
                raise
            delay = settings.UNTOP_REPORT_DB_RETRY_BACKOFF * 2**retry
            logger.warning(
                "Report %s: the database connection failed (%s); trying again in %.1f s "
                "(retry %s of %s)",
                report.pk,
                type(exc).__name__,
                delay,
                retry + 1,
                retries,
            )
            _close_broken_connections()
            time.sleep(delay)
    raise AssertionError("unreachable")  # the loop returns or raises


def _close_broken_connections() -> None:
    """Close this thread's connections, so that the next query opens a new one.

    A connection inside a caller's transaction is left to that caller.
    """
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 (closing a dead connection may fail too)
                logger.warning("A broken database connection could not be closed", exc_info=True)


def _failure_reason(exc: Exception, *, language: str | None = None) -> str:
    """Why a report failed, for the requester (in the report's language where it is ours)."""
    if database_fault(exc):
        with translation.override(language or settings.LANGUAGE_CODE):
            return gettext(DATABASE_UNREACHABLE)
    if isinstance(exc, ReportNotStored):
        return str(exc)
    if isinstance(exc, SoftTimeLimitExceeded):
        limit = settings.CELERY_TASK_SOFT_TIME_LIMIT
        return f"Building it took longer than the limit of {limit} seconds."
    return f"{type(exc).__name__}: {exc}"
