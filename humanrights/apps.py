from django.apps import AppConfig


class HumanrightsConfig(AppConfig):
    """UN recommendations and their implementation, institution building, monitoring."""

    name = "humanrights"
    verbose_name = "Human rights"
