from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo and the synthetic data: their commands, loaders and generators, and no model.

    Its loaders and generators are registered in demo/portal.py.
    """

    name = "demo"
    verbose_name = _("Demo data")
