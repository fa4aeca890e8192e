"""What the reports app adds to the portal (untop.registry): its page in the main menu, and
the programme managers' permission to request, read and sign reports. The kinds of report
and their sections come from the apps' own portal modules."""

from django.utils.translation import gettext_lazy as _

from untop import roles
from untop.job_views import register_job_kind
from untop.navigation import NavLink, register_nav_link

from .views import REPORT_JOBS

register_nav_link(
    NavLink(_("Reports"), "reports:list", "reports.request_report", ("reports:",), 90)
)

roles.grant(
    roles.PROGRAMME_MANAGER,
    "reports.view_report",
    "reports.request_report",
    "reports.view_signatory",
    "reports.add_signatory",
    "reports.change_signatory",
)


# The report's page follows it at /jobs/report/<pk>/status/.
register_job_kind(REPORT_JOBS)
