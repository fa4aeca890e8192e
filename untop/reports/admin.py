from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Report, Signatory


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "progress", "requested_by", "requested_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title"]
    date_hierarchy = "requested_at"
    list_select_related = ["requested_by"]
    exclude = ["file", "word_file", "sheet_file"]
    readonly_fields = [
        "kind",
        "parameters",
        "title",
        "status",
        "progress",
        "step",
        "requested_by",
        "requested_at",
        "started_at",
        "finished_at",
        "download",
        "checksum",
        "download_word",
        "word_checksum",
        "download_sheet",
        "sheet_checksum",
        "error",
        # Kept by the workers and the sweep (untop/reports/delivery.py), never typed.
        "sent_at",
        "attempts",
        "heartbeat_at",
    ]

    @admin.display(description=_("PDF"))
    def download(self, report: Report) -> str:
        # The file has no public URL: link to the view that checks permissions.
        if report.status != Report.Status.DONE:
            return "–"
        return format_html(
            '<a href="{}">Download</a>', reverse("reports:download", args=[report.pk])
        )

    @admin.display(description=_("Word file"))
    def download_word(self, report: Report) -> str:
        return self._download_link(report, report.word_file, "docx")

    @admin.display(description=_("Spreadsheet"))
    def download_sheet(self, report: Report) -> str:
        return self._download_link(report, report.sheet_file, "xlsx")

    def _download_link(self, report: Report, file, file_format: str) -> str:
        # As for the PDF: a link to the view that checks permissions.
        if report.status != Report.Status.DONE or not file:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("reports:download_format", args=[report.pk, file_format]),
            _("Download"),
        )

    def has_add_permission(self, request) -> bool:
        # Reports are asked for on the reports page, which sends them to a worker.
        return False


@admin.register(Signatory)
class SignatoryAdmin(admin.ModelAdmin):
    """Who signs the office's letters, by date: a letter proposes the holder on its date."""

    list_display = ["name", "name_ru", "role", "from_date", "until_date"]
    list_filter = ["role"]
    search_fields = ["name", "name_ru"]
