"""Report pages: ask for a report, watch it being built, download it (PDF, Word, Excel)."""

import hashlib
import json
import math
import re
from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from untop.job_views import JobKind
from untop.security.form_key import form_key

from .forms import NarrativeForm
from .models import Report
from .narratives import (
    NarrativeEditedMeanwhile,
    latest_narratives,
    narrative_revisions,
    narrative_save,
    placeholder_values,
)
from .registry import (
    ReportKind,
    ReportListing,
    get_report_kind,
    narrative_default,
    narrative_slots,
    report_kinds,
    report_language_name,
)
from .selectors import reports_visible_to
from .services import report_rebuild, report_render_html, report_request
from .sheets import report_has_spreadsheet

REPORT_PERMISSION = "reports.request_report"

# Reports are written in English or Russian: each one's narrative is translated from the other.
OTHER_LANGUAGE = {"en": "ru", "ru": "en"}


@require_GET
@permission_required(REPORT_PERMISSION, raise_exception=True)
def report_list(request: HttpRequest) -> HttpResponse:
    """The latest reports, each in words: kind, what it covers, language, version, symbol.

    A fixed number of queries however many reports: the reports with who asked (one), and
    each kind's listing of all its reports at once (one at most per kind).
    """
    reports = list(
        reports_visible_to(request.user).annotate(
            # The nth report asked for with the same kind and parameters: tells apart
            # reports that are otherwise alike.
            build=Window(
                RowNumber(),
                partition_by=[F("kind"), F("parameters")],
                order_by=[F("requested_at").asc(), F("id").asc()],
            )
        )[:50]
    )
    by_kind: dict[str, list[Report]] = {}
    for report in reports:
        by_kind.setdefault(report.kind, []).append(report)
    for code, group in by_kind.items():
        try:
            kind = get_report_kind(code)
        except KeyError:
            kind = None
        if kind is not None and kind.listing is not None:
            listings = kind.listing([report.parameters for report in group])
        else:
            listings = [ReportListing(covers="") for _report in group]
        for report, listing in zip(group, listings, strict=True):
            report.kind_label = kind.label if kind is not None else report.kind
            # A report whose parameters say nothing in words shows the title it was saved with.
            report.listing = listing if listing.covers else replace(listing, covers=report.title)
            report.language_name = report_language_name(report.parameters.get("language"))
    return render(
        request, "reports/report_list.html", {"reports": reports, "kinds": report_kinds()}
    )


@require_http_methods(["GET", "POST"])
@permission_required(REPORT_PERMISSION, raise_exception=True)
def report_new(request: HttpRequest, kind: str) -> HttpResponse:
    try:
        report_kind = get_report_kind(kind)
    except KeyError:
        raise Http404("No such kind of report.") from None
    form = report_kind.form_class(request.POST or None)
    warnings, confirmed = [], ""
    if request.method == "POST" and form.is_valid():
        parameters = form.to_parameters()
        # Confirmed for these very parameters: a change after the warnings is checked again.
        confirmed = hashlib.sha256(json.dumps(parameters, sort_keys=True).encode()).hexdigest()[:16]
        if report_kind.warnings is not None and request.POST.get("despite") != confirmed:
            warnings = report_kind.warnings(parameters)
        if not warnings:
            report = report_request(
                kind=report_kind, parameters=parameters, acting_user=request.user
            )
            return redirect("reports:detail", pk=report.pk)
    return render(
        request,
        "reports/report_new.html",
        {"form": form, "kind": report_kind, "warnings": warnings, "confirmed": confirmed},
    )


@require_GET
@permission_required(REPORT_PERMISSION, raise_exception=True)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    try:
        kind = get_report_kind(report.kind)
    except KeyError:
        kind = None
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "has_narrative": kind is not None and kind.narrative_scope is not None,
            "heading": report_heading(report, kind),
            "summary": _summary(report, kind),
            "file_name": f"{report_file_stem(report)}.pdf",
            "downloads": report_downloads(report),
        },
    )


def report_heading(report: Report, kind: ReportKind | None) -> str:
    """A report's name in the reader's language ("Mandate-renewal report: 1 Jun 2005 – 31 May
    2006 · Russian · Final · S/2006/355"); the title it was saved with for a kind without
    words for its parameters."""
    if kind is None or kind.listing is None:
        return report.title
    listing = kind.listing([report.parameters])[0]
    if not listing.covers:
        return report.title
    language = report_language_name(report.parameters.get("language"))
    parts = [f"{kind.label}: {listing.covers}", language, listing.version, listing.symbol]
    return " · ".join(part for part in parts if part)


def _summary(report: Report, kind: ReportKind | None) -> list[tuple[str, str]]:
    """What the report is, in words: its kind, then what the kind says of its parameters
    (a kind without words for them shows them as they were saved)."""
    rows = [(_("Kind"), str(kind.label) if kind is not None else report.kind)]
    if kind is not None and kind.summary is not None:
        return rows + kind.summary(report.parameters)
    return rows + [(name, str(value)) for name, value in report.parameters.items() if value != ""]


@require_POST
@permission_required(REPORT_PERMISSION, raise_exception=True)
def report_build_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the same report again; the old record and its PDF stay in the history."""
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    if not report.is_finished:
        return redirect("reports:detail", pk=report.pk)
    new = report_rebuild(report=report, acting_user=request.user)
    return redirect("reports:detail", pk=new.pk)


def report_job_details(report: Report) -> dict:
    """A report's own part of its status (untop/job_views.py): why it failed, or, once it is
    done, its PDF's link and every format it downloads in, with their sizes. No query."""
    done = report.status == Report.Status.DONE
    return {
        "error": report.error if report.status == Report.Status.FAILED else "",
        "download_url": reverse("reports:download", args=[report.pk]) if done else "",
        "downloads": report_downloads(report) if done else [],
    }


# Report pages follow their report at /jobs/report/<pk>/status/ (registered in apps.py).
REPORT_JOBS = JobKind(
    code="report",
    permission=REPORT_PERMISSION,
    visible_to=reports_visible_to,
    details=report_job_details,
)


# The formats a report downloads in: the model's field and the content type.
DOWNLOAD_FORMATS = {
    "pdf": ("file", "application/pdf"),
    "docx": (
        "word_file",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": ("sheet_file", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@never_cache
@require_GET
@permission_required(REPORT_PERMISSION, raise_exception=True)
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    """A finished report's PDF."""
    return _report_file_response(request, pk, "pdf")


@never_cache
@require_GET
@permission_required(REPORT_PERMISSION, raise_exception=True)
def report_download_format(request: HttpRequest, pk: int, file_format: str) -> FileResponse:
    """A finished report in one format (pdf, docx, xlsx); 404 for a format it does not have
    (the spreadsheet of a letter, the Word file of a report built before there were any)."""
    return _report_file_response(request, pk, file_format)


def _report_file_response(request: HttpRequest, pk: int, file_format: str) -> FileResponse:
    """The file, to a user who may see the report (the decorators and the queryset check)."""
    if file_format not in DOWNLOAD_FORMATS:
        raise Http404("Reports do not download in that format.")
    field_name, content_type = DOWNLOAD_FORMATS[file_format]
    report = get_object_or_404(reports_visible_to(request.user), pk=pk, status=Report.Status.DONE)
    file = getattr(report, field_name)
    if not file:
        raise Http404("This report has no file in that format.")
    return FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=f"{report_file_stem(report)}.{file_format}",
        content_type=content_type,
    )


def report_downloads(report: Report) -> list[dict]:
    """The formats a report downloads in, for its page: each with its link, its name, its
    size once it is built, and the name it downloads under.

    Before the report is done, the formats it will have are listed without sizes (the page
    shows them once the worker is done). A report built before Word files were made has only
    its PDF. No query; the sizes are read from the storage.
    """
    labels = {"pdf": _("PDF"), "docx": _("Word"), "xlsx": _("Excel")}
    done = report.status == Report.Status.DONE
    stem = report_file_stem(report)
    downloads = []
    for file_format, (field_name, _content_type) in DOWNLOAD_FORMATS.items():
        file = getattr(report, field_name)
        if done and not file:
            continue
        if not done and file_format == "xlsx" and not report_has_spreadsheet(report.kind):
            continue
        size = None
        if done:
            try:
                size = file.size
            except (OSError, ValueError):
                size = None
        downloads.append(
            {
                "format": file_format,
                "label": labels[file_format],
                "size": _file_size(size) if size is not None else "",
                "url": reverse("reports:download_format", args=[report.pk, file_format]),
                "file_name": f"{stem}.{file_format}",
            }
        )
    return downloads


def _file_size(size: int) -> str:
    """A file's size as the reader's language writes it: "212 KB", "1.4 MB"."""
    if size < 1024:
        return ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size}
    if size < 1024 * 1024:
        return _("%s KB") % number_format(math.ceil(size / 1024), 0, force_grouping=True)
    return _("%s MB") % number_format(round(size / 1024 / 1024, 1), 1)


def report_file_stem(report: Report) -> str:
    """The name a report downloads under: the kind's own (``S-2006-355-en``), else the
    kind and number. Only letters, digits, dots and hyphens."""
    stem = ""
    try:
        kind = get_report_kind(report.kind)
    except KeyError:
        kind = None
    if kind is not None and kind.file_stem is not None:
        stem = kind.file_stem(report.parameters)
    stem = re.sub(r"[^A-Za-z0-9.-]+", "-", stem).strip("-.")
    return stem or f"{report.kind}-report-{report.pk}"


def _published_message(request: HttpRequest, report: Report, section: str) -> str:
    """Said once a section is published, with the button that builds this report again."""
    if not report.is_finished:
        return _(
            "“%(section)s” is published. This report is still being built: build it again "
            "from its page once it is done to print the text."
        ) % {"section": section}
    return format_html(
        '{} <form method="post" action="{}" class="inline-form message-action">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">{}'
        '<button type="submit" class="button">{}</button></form>',
        _("“%(section)s” is published: build the report again to print it.") % {"section": section},
        reverse("reports:again", args=[report.pk]),
        get_token(request),
        form_key(),
        _("Build the report again"),
    )


def _report_and_kind(request: HttpRequest, pk: int) -> tuple[Report, ReportKind]:
    """A report the user may see, with its kind; 404 when its parameters no longer hold
    (a donor or mandate period deleted since it was asked for)."""
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    try:
        kind = get_report_kind(report.kind)
    except KeyError:
        raise Http404("This kind of report is no longer built.") from None
    if not kind.form_class(report.parameters).is_valid():
        raise Http404("The records this report was asked for have changed since.")
    return report, kind


@require_GET
@permission_required(REPORT_PERMISSION, raise_exception=True)
def report_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as a web page, from today's data: every traced figure links to its records."""
    report, kind = _report_and_kind(request, pk)
    html = report_render_html(kind=kind, parameters=report.parameters, preview=True)
    return HttpResponse(html)


@require_http_methods(["GET", "POST"])
@permission_required(REPORT_PERMISSION, raise_exception=True)
def report_narrative(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the narrative of a report's sections: drafts kept, the published text printed."""
    report, kind = _report_and_kind(request, pk)
    if kind.narrative_scope is None:
        raise Http404("This kind of report has no narrative.")
    scope = kind.narrative_scope(report.parameters)
    language = report.parameters.get("language") or "en"
    slots = narrative_slots(kind)
    if request.method == "POST":
        section_code = request.POST.get("section", "")
        form = NarrativeForm(request.POST, slots=slots, auto_id=f"id_{section_code}_%s")
        if form.is_valid():
            try:
                narrative_save(
                    kind=kind,
                    scope=scope,
                    section=form.cleaned_data["section"],
                    language=language,
                    text=form.cleaned_data["text"],
                    publish=form.cleaned_data["publish"],
                    acting_user=request.user,
                    opened_revision=form.cleaned_data["opened_revision"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            except NarrativeEditedMeanwhile as meanwhile:
                # Both texts shown; the form, sent again, saves at their revision.
                form.theirs = meanwhile.theirs
                form.data = form.data.copy()
                form.data["opened_revision"] = str(meanwhile.theirs.pk)
                form.add_error(
                    None,
                    _(
                        "Someone saved this section after you opened it, so nothing was saved. "
                        "Their text is shown above yours: change yours to merge them and save "
                        "again, or keep theirs."
                    ),
                )
            else:
                label = dict(slots)[form.cleaned_data["section"]]
                if form.cleaned_data["publish"]:
                    # The message carries the button that builds this report again.
                    messages.success(request, _published_message(request, report, label))
                else:
                    messages.success(
                        request, _("Draft of “%(section)s” saved.") % {"section": label}
                    )
                return redirect("reports:narrative", pk=report.pk)
        failed = form
    else:
        failed = None
    revisions = list(narrative_revisions(kind=kind.code, scope=scope, language=language))
    # The other language's text of each section, to start a translation from (?start_from=).
    other_language = OTHER_LANGUAGE.get(language)
    others = (
        latest_narratives(kind=kind.code, scope=scope, language=other_language)
        if other_language
        else {}
    )
    start_from = request.GET.get("start_from") if failed is None else None
    # Each section's figures ({name}) with what they print for this report: the report's
    # figures are read once for all sections.
    figures = placeholder_values(kind=kind, parameters=report.parameters, language=language)
    sections = []
    for code, label in slots:
        own = [revision for revision in revisions if revision.narrative.section == code]
        published = next((revision for revision in own if revision.published), None)
        other = others.get(code) if code in others and others[code].text else None
        started = other is not None and start_from == code
        # A section nobody has written yet starts from the Secretariat's usual wording.
        usual = "" if own or started else narrative_default(kind, code, language)
        if failed is not None and failed.data.get("section") == code:
            form = failed
            usual = ""
        else:
            form = NarrativeForm(
                initial={
                    "section": code,
                    # Nothing is saved: the text is in the box until the manager saves it.
                    "text": other.text if started else (own[0].text if own else usual),
                    "opened_revision": own[0].pk if own else 0,
                },
                slots=slots,
                auto_id=f"id_{code}_%s",
            )
        form.fields["text"].widget.attrs["lang"] = language
        sections.append(
            {
                "code": code,
                "label": label,
                "form": form,
                "published": published,
                "latest": own[0] if own else None,
                "revisions": own,
                "other": other,
                "started_from_other": started,
                "offers_usual_wording": bool(usual),
                "figures": figures.get(code, []),
            }
        )
    # A form for a section the report does not have is shown above every section.
    stray = failed if failed is not None and failed.data.get("section") not in dict(slots) else None
    return render(
        request,
        "reports/report_narrative.html",
        {
            "report": report,
            "heading": report_heading(report, kind),
            "kind": kind,
            "sections": sections,
            "language": language,
            "language_name": report_language_name(language),
            "other_language": other_language,
            "stray": stray,
        },
    )
