from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HumanrightsConfig(AppConfig):
    """UN recommendations and their implementation, institution building, monitoring.

    What the app adds to the portal is declared in humanrights/portal.py.
    """

    name = "humanrights"
    verbose_name = _("Human rights")
