from django.apps import AppConfig


class UntopConfig(AppConfig):
    """The project package as an app: shared templates, static files and commands."""

    name = "untop"
    verbose_name = "UNTOP portal"
