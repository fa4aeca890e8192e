from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Report records, the PDF builder and the kinds of report the area apps register."""

    name = "untop.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from untop.navigation import NavLink, register_nav_link

        register_nav_link(
            NavLink(_("Reports"), "reports:list", "reports.request_report", ("reports:",), 90)
        )
