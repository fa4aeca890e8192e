from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    """The office, its money and its work: centres, donors, projects and activities."""

    name = "programs"
    verbose_name = "Programmes"

    def ready(self) -> None:
        from untop.reports.registry import register_report_kind

        from .reports import DONOR_REPORT

        register_report_kind(DONOR_REPORT)
