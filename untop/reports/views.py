"""Report pages: ask for a report, watch it being built, download the PDF."""

from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .models import Report
from .registry import get_report_kind, report_kinds
from .selectors import reports_visible_to
from .services import report_rebuild, report_request

REPORT_PERMISSION = "reports.request_report"


@require_GET
@permission_required(REPORT_PERMISSION, raise_exception=True)
def report_list(request: HttpRequest) -> HttpResponse:
    reports = reports_visible_to(request.user)[:50]
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
    if request.method == "POST" and form.is_valid():
        report = report_request(
            kind=report_kind, parameters=form.to_parameters(), acting_user=request.user
        )
        return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/report_new.html", {"form": form, "kind": report_kind})


@require_GET
@permission_required(REPORT_PERMISSION, raise_exception=True)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    return render(request, "reports/report_detail.html", {"report": report})


@require_POST
@permission_required(REPORT_PERMISSION, raise_exception=True)
def report_build_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the same report again; the old record and its PDF stay in the history."""
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    if not report.is_finished:
        return redirect("reports:detail", pk=report.pk)
    new = report_rebuild(report=report, acting_user=request.user)
    return redirect("reports:detail", pk=new.pk)


def _status_payload(report: Report) -> dict:
    payload = {
        "id": report.pk,
        "status": report.status,
        "status_label": report.get_status_display(),
        "progress": report.progress,
        "step": report.step,
        "error": report.error if report.status == Report.Status.FAILED else "",
        "download_url": "",
    }
    if report.status == Report.Status.DONE:
        payload["download_url"] = reverse("reports:download", args=[report.pk])
    return payload


@never_cache
@require_GET
@permission_required(REPORT_PERMISSION, raise_exception=True)
def report_status(request: HttpRequest, pk: int) -> JsonResponse:
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    return JsonResponse(_status_payload(report))


@never_cache
@require_GET
@permission_required(REPORT_PERMISSION, raise_exception=True)
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    report = get_object_or_404(reports_visible_to(request.user), pk=pk, status=Report.Status.DONE)
    if not report.file:
        raise Http404("This report has no file.")
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=f"{report.kind}-report-{report.pk}.pdf",
        content_type="application/pdf",
    )
