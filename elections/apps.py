from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    """Electoral assistance and government–media relations."""

    name = "elections"
    verbose_name = "Elections assistance"
