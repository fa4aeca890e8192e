"""The back office's import (preview, then confirm) and export, on django-import-export:
its pages and steps run the apps' resources, read and written by the portal's formats."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from .models import ImportJob
from .reading import ImportRefused, PortalCSV, PortalXLSX, limit


class PortalImportExportMixin(ImportExportMixin):
    """Import with preview and confirm, export of the filtered list: CSV and XLSX only, read
    and written by the portal (Windows-1251 and UTF-8 files, size and row limits, zip bombs
    refused, formulas defused). Large files go to the import page, which has a worker."""

    import_formats = [PortalCSV, PortalXLSX]
    export_formats = [PortalCSV, PortalXLSX]
    import_error_display = ("message",)
    import_template_name = "admin/imports/import.html"

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        resource = self.resource_classes[0] if self.resource_classes else None
        context["import_template_key"] = getattr(resource, "key", None)
        context["import_preview_rows"] = limit("BACKGROUND_ROWS")
        return context

    def get_import_resource_kwargs(self, request, **kwargs):
        return {"user": request.user, "max_rows": limit("BACKGROUND_ROWS")}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportRefused):
            form.add_error("import_file", e.message)
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def add_success_message(self, result, request):
        messages.success(request, _("Import finished: %(summary)s") % {"summary": result.summary})

    def process_result(self, result, request):
        # The confirm step imports for real; should the data have changed since the preview,
        # say what went wrong instead of "0 new".
        if result.has_errors() or result.has_validation_errors():
            problems = [str(error.error) for error in result.base_errors]
            for row in result.invalid_rows:
                for column, found in row.error_dict.items():
                    where = (
                        ""
                        if column == NON_FIELD_ERRORS
                        else _(", column “%(column)s”") % {"column": column}
                    )
                    problems.extend(
                        _("Row %(row)s") % {"row": row.number} + f"{where}: {message}"
                        for message in found
                    )
            messages.error(
                request,
                _("Nothing was imported. %(problems)s") % {"problems": " ".join(problems[:10])},
            )
            info = self.get_model_info()
            return HttpResponseRedirect(reverse(f"admin:{info[0]}_{info[1]}_import"))
        return super().process_result(result, request)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Background imports: who sent which file and what became of it (read-only)."""

    list_display = ["original_name", "importer", "requested_by", "requested_at", "status"]
    list_filter = ["status", "importer"]
    list_select_related = ["requested_by"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def get_queryset(self, request):
        # Errors quote the file's cells (names, perhaps): each user sees their own imports.
        return super().get_queryset(request).filter(requested_by=request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
