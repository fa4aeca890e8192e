"""What the imports app adds to the portal (untop.registry): its page in the main menu, and
the roles that may send a file. Each kind of records still needs its own "add" permission;
the apps register their importers in their own portal modules."""

from django.utils.translation import gettext_lazy as _

from untop import roles
from untop.job_views import register_job_kind
from untop.navigation import NavLink, register_nav_link

from .views import IMPORT_JOBS

register_nav_link(NavLink(_("Import"), "imports:index", "imports.add_importjob", order=90))

for _role in (
    roles.PROGRAMME_STAFF,
    roles.PROGRAMME_MANAGER,
    roles.HUMAN_RIGHTS_OFFICER,
    roles.ADMINISTRATOR,
):
    roles.grant(_role, "imports.add_importjob", "imports.view_importjob")


# The import's page follows it at /jobs/import/<pk>/status/.
register_job_kind(IMPORT_JOBS)
