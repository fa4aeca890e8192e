"""The import page: templates to download, a file to send, and each import's progress."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from untop.exports import XLSX_TYPE
from untop.job_views import JobKind
from untop.uploads import DISK_FULL_MESSAGE, DiskFull

from .blank import template_csv, template_xlsx
from .models import ImportJob
from .reading import ImportRefused, limit
from .services import import_job_request

IMPORT_PERMISSION = "imports.add_importjob"


def _importers_for(user) -> list:
    from .engine import registered_importers

    return [importer for importer in registered_importers() if importer.may_import(user)]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of records"))
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8 or Windows-1251) or Excel workbook (.xlsx).")
    )

    def __init__(self, *args, importers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(i.key, i.label) for i in importers]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Send a CSV file or an Excel workbook (.xlsx)."))
        if upload.size > limit("MAX_BYTES"):
            raise forms.ValidationError(
                _("The file is %(size)s MB; the largest file the portal takes is %(MAX_BYTES)s MB.")
                % {
                    "size": format(upload.size / 1024 / 1024, ".1f"),
                    "MAX_BYTES": format(limit("MAX_BYTES") / 1024 / 1024, ".1f"),
                }
            )
        return upload


@require_http_methods(["GET", "POST"])
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_index(request: HttpRequest) -> HttpResponse:
    importers = _importers_for(request.user)
    if not importers:
        raise PermissionDenied(_("You may not import any kind of records."))
    form = ImportForm(request.POST or None, request.FILES or None, importers=importers)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_request(
                importer_key=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                acting_user=request.user,
            )
        except ImportRefused as refused:
            form.add_error("file", refused.message)
        except DiskFull:
            form.add_error("file", DISK_FULL_MESSAGE)
        else:
            messages.success(
                request,
                _("“%(original_name)s” is queued for import.")
                % {"original_name": job.original_name},
            )
            return redirect("imports:job", pk=job.pk)
    jobs = ImportJob.objects.filter(requested_by=request.user)[:20]
    return render(
        request,
        "imports/import_index.html",
        {
            "form": form,
            "importers": [importer() for importer in importers],
            "jobs": jobs,
            "max_megabytes": limit("MAX_BYTES") // (1024 * 1024),
            "max_rows": limit("MAX_ROWS"),
        },
        status=400 if form.errors else 200,
    )


@require_GET
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_template(request: HttpRequest, key: str, extension: str) -> HttpResponse:
    """The blank template of one kind of records (XLSX with its "Columns" sheet, or CSV)."""
    importer = next((i for i in _importers_for(request.user) if i.key == key), None)
    if importer is None or extension not in ("csv", "xlsx"):
        raise Http404("No such import.")
    if extension == "xlsx":
        response = HttpResponse(template_xlsx(importer()), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(template_csv(importer()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="untop-{key}-template.{extension}"'
    return response


def import_jobs_visible_to(user) -> QuerySet[ImportJob]:
    """The import jobs a user may follow: their own. An import's errors quote the file's
    cells, so only the person who sent it sees them."""
    return ImportJob.objects.filter(requested_by=user)


@require_GET
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(import_jobs_visible_to(request.user), pk=pk)
    return render(request, "imports/import_job.html", {"job": job})


def _error_line(row: int, column: str, message: str) -> str:
    """One problem of an import, as its page lists it: "Row 5, column “men”: …"."""
    if not row:
        return message
    where = gettext("Row %(row)s") % {"row": row}
    if column:
        where += gettext(", column “%(column)s”") % {"column": column}
    return f"{where}: {message}"


def import_job_details(job: ImportJob) -> dict:
    """An import's own part of its status (untop/job_views.py): the records added and changed,
    and the problems found (the first 100). No query."""
    return {
        "created": job.created,
        "updated": job.updated,
        "errors": [_error_line(row, column, message) for row, column, message in job.errors[:100]],
    }


# The import's page follows it at /jobs/import/<pk>/status/ (registered in apps.py).
IMPORT_JOBS = JobKind(
    code="import",
    permission=IMPORT_PERMISSION,
    visible_to=import_jobs_visible_to,
    details=import_job_details,
)
