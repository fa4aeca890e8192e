from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class UntopConfig(AppConfig):
    """The project package as an app: shared templates, static files and commands; it finds
    every app's plug-ins and keeps the roles' groups up to date."""

    name = "untop"
    verbose_name = _("UNTOP portal")

    def ready(self) -> None:
        from . import sqlite_like
        from .roles import sync_roles_after_migrate

        # Searches in any case in Russian and Tajik on SQLite too (untop/sqlite_like.py).
        sqlite_like.install()

        # Every app is loaded (and the admin has found its admin modules, its app coming
        # first in INSTALLED_APPS): each app's portal.py declares what it adds to the
        # portal, in the order of INSTALLED_APPS (untop.registry).
        autodiscover_modules("portal")
        # After every migrate and flush, so that a flushed database gets its roles back.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="untop.sync_roles")
        # Each user's cached permissions are read anew after any change of rights.
        from .security.permission_cache import watch_permission_changes

        watch_permission_changes()
