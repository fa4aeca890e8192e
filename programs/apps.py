from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    """The office, its money and its work: centres, donors, projects and activities.

    What the app adds to the portal (reports, menu, importers, audit, rules, roles' grants,
    demo and synthetic data) is declared in programs/portal.py.
    """

    name = "programs"
    verbose_name = _("Programmes")
