from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Import and export of spreadsheets: the engine, background import jobs, templates.

    Apps register their importers in their portal.py (untop.imports.engine.register_importer);
    the page lists those the signed-in user may use.
    """

    name = "untop.imports"
    label = "imports"
    verbose_name = _("Imports")
    default_auto_field = "django.db.models.BigAutoField"
