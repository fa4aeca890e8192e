from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Report records, the PDF builder and the kinds of report the area apps register."""

    name = "untop.reports"
    label = "reports"
    verbose_name = "Reports"
