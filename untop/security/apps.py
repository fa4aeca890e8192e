from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Two-factor sign-in, session timeouts, re-authentication and the sign-in event log.

    What it adds to the portal (the device admin, administrators' grants)
    is declared in untop/security/portal.py.
    """

    name = "untop.security"
    label = "security"
    verbose_name = _("Sign-in security")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects them)
