from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read-only API: each app declares its endpoints in its portal module
    (untop.api.registry); each user makes and revokes their own tokens on their account page."""

    name = "untop.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from . import schema  # noqa: F401  (registers the token's scheme with drf-spectacular)
