from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    """Electoral assistance and government–media relations.

    What the app adds to the portal is declared in elections/portal.py.
    """

    name = "elections"
    verbose_name = _("Elections assistance")
