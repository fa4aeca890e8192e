from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Report records, the PDF builder and the kinds of report the apps register (in their
    portal.py)."""

    name = "untop.reports"
    label = "reports"
    verbose_name = _("Reports")
