from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Import and export of spreadsheets: the engine, background import jobs, templates."""

    name = "untop.imports"
    label = "imports"
    verbose_name = _("Imports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from untop.navigation import NavLink, register_nav_link

        # Apps register their importers (untop.imports.engine.register_importer); the page
        # lists those the signed-in user may use.
        register_nav_link(NavLink(_("Import"), "imports:index", "imports.add_importjob", order=90))
