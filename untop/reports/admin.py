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
    exclude = ["file"]
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

    def has_add_permission(self, request) -> bool:
        # Reports are asked for on the reports page, which sends them to a worker.
        return False


@admin.register(Signatory)
class SignatoryAdmin(admin.ModelAdmin):
    """Who signs the office's letters, by date: a letter proposes the holder on its date."""

    list_display = ["name", "name_ru", "role", "from_date", "until_date"]
    list_filter = ["role"]
    search_fields = ["name", "name_ru"]
