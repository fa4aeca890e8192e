"""The back office's import (preview, then confirm) and export, on django-import-export.

django-import-export gives the pages and the two steps; the reading of files and the import
itself are the portal's engine (untop/imports), so the back office, the import page and the
background jobs apply the same checks, limits and audit trail.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict

import tablib
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import Format
from import_export.results import Error, Result, RowResult

from untop.exports import XLSX_TYPE, safe_rows, xlsx_bytes

from .engine import Importer, ImportInvalid, run_import
from .models import ImportJob
from .reading import ImportRefused, Table, limit, read_table


class _PortalFormat(Format):
    """A file read as bytes by the portal's reader (encoding found, limits applied)."""

    extension = ""

    def __init__(self, encoding=None, **kwargs):
        # The encoding is found from the bytes (reading.decode), whatever the admin passes.
        self.encoding = encoding

    def get_title(self):
        return self.extension

    def get_extension(self):
        return self.extension

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def can_import(self):
        return True

    def can_export(self):
        return True

    def create_dataset(self, in_stream, **kwargs):
        data = in_stream if isinstance(in_stream, bytes) else in_stream.encode("utf-8")
        table = read_table(data, f"upload.{self.extension}")
        width = len(table.headers)
        rows = []
        for number, row in enumerate(table.rows, start=table.first_row):
            if len(row) > width and any(cell not in (None, "") for cell in row[width:]):
                raise ImportRefused(
                    f"Row {number} has more cells than the file has columns: check for a "
                    "stray separator, or name the extra column."
                )
            rows.append(tuple(row[:width]) + ("",) * (width - len(row)))
        dataset = tablib.Dataset(*rows, headers=table.headers)
        dataset.title = table.source
        return dataset


class PortalCSV(_PortalFormat):
    extension = "csv"

    def get_content_type(self):
        return "text/csv"

    def export_data(self, dataset, **kwargs):
        # A BOM, so that Excel reads Cyrillic names as UTF-8.
        return "\ufeff" + dataset.export("csv")


class PortalXLSX(_PortalFormat):
    extension = "xlsx"

    def get_content_type(self):
        return XLSX_TYPE

    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(list(dataset.headers or []), list(dataset), title="Export")


class EngineResource(resources.Resource):
    """A django-import-export resource whose import and export are an ``Importer``'s."""

    importer_class: type[Importer]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.importer = self.importer_class(acting_user=kwargs.get("user"))
        self.fields = OrderedDict(
            (column.header, fields.Field(attribute=column.header, column_name=column.header))
            for column in self.importer.get_columns()
        )

    @classmethod
    def get_display_name(cls):
        return cls.importer_class.label

    def get_export_order(self):
        return tuple(self.fields)

    def get_import_order(self):
        return tuple(self.fields)

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """Run the portal's import; the result lists each row, or each row's problems."""
        user = kwargs.get("user")
        result = Result()
        result.diff_headers = list(self.fields)
        if len(dataset) > limit("BACKGROUND_ROWS"):
            # A preview of thousands of rows helps no one and holds the request: large files
            # go to the import page, which hands them to a worker and shows the progress.
            result.append_base_error(
                Error(
                    ImportRefused(
                        f"The file has {len(dataset):,} rows: send it on the import page "
                        f"({reverse('imports:index')}), which imports large files in the "
                        "background and shows the progress."
                    )
                )
            )
            return result
        table = Table(
            headers=list(dataset.headers or []),
            rows=[list(row) for row in dataset],
            source=dataset.title or "",
        )
        try:
            outcome = run_import(self.importer, table, acting_user=user, dry_run=dry_run)
        except (ImportRefused, PermissionDenied) as problem:
            result.append_base_error(Error(problem))
            return result
        except ImportInvalid as invalid:
            headers = [str(header) for header in table.headers]
            by_row = defaultdict(lambda: defaultdict(list))
            for error in invalid.errors:
                by_row[error.row][error.column or NON_FIELD_ERRORS].append(error.message)
            for number, problems in sorted(by_row.items()):
                index = number - table.first_row
                cells = table.rows[index] if 0 <= index < len(table.rows) else []
                values = dict(zip(headers, cells, strict=False))
                result.append_invalid_row(number, values, ValidationError(dict(problems)))
                result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
            return result
        kinds = {"new": RowResult.IMPORT_TYPE_NEW, "update": RowResult.IMPORT_TYPE_UPDATE}
        for row in outcome.rows:
            row_result = RowResult()
            row_result.import_type = kinds.get(row.action, RowResult.IMPORT_TYPE_SKIP)
            row_result.diff = [row.cells.get(header, "") for header in result.diff_headers]
            row_result.row_values = row.cells
            if row.record is not None and not dry_run:
                row_result.add_instance_info(row.record)
                row_result.instance = row.record
            elif row.record is not None:
                row_result.object_repr = str(row.record)
            result.append_row_result(row_result)
            result.increment_row_result_total(row_result)
        result.total_rows = len(outcome.rows)
        result.portal_summary = outcome.summary
        return result

    def export(self, queryset=None, **kwargs):
        """The importer's rows (natural keys, formulas defused), for the columns chosen."""
        chosen = kwargs.get("export_fields") or list(self.fields)
        headers = list(self.fields)
        keep = [headers.index(name) for name in chosen if name in headers]
        if queryset is None:
            queryset = self.importer.export_queryset(kwargs.get("user"))
        dataset = tablib.Dataset(headers=[headers[i] for i in keep])
        for row in safe_rows(self.importer.export_rows(queryset)):
            dataset.append([row[i] for i in keep])
        return dataset


def engine_resource(importer: type[Importer]) -> type[EngineResource]:
    """The django-import-export resource of an importer."""
    return type(f"{importer.__name__}Resource", (EngineResource,), {"importer_class": importer})


class PortalImportExportMixin(ImportExportMixin):
    """Import with preview and confirm, export of the filtered list: CSV and XLSX only, read
    and written by the portal (Windows-1251 and UTF-8 files, size and row limits, zip bombs
    refused, formulas defused)."""

    import_formats = [PortalCSV, PortalXLSX]
    export_formats = [PortalCSV, PortalXLSX]
    import_error_display = ("message",)
    import_template_name = "admin/imports/import.html"

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        resource = self.resource_classes[0] if self.resource_classes else None
        importer = getattr(resource, "importer_class", None)
        context["import_template_key"] = importer.key if importer else None
        context["import_preview_rows"] = limit("BACKGROUND_ROWS")
        return context

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_import_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportRefused):
            form.add_error("import_file", e.message)
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def add_success_message(self, result, request):
        summary = getattr(result, "portal_summary", None)
        if summary is None:
            return super().add_success_message(result, request)
        messages.success(request, _("Import finished: %(summary)s") % {"summary": summary})

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
