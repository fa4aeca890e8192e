from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UntopConfig(AppConfig):
    """The project package as an app: shared templates, static files and commands."""

    name = "untop"
    verbose_name = _("UNTOP portal")
