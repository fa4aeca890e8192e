from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Who changed what and when, for every tracked record, however it was changed."""

    name = "untop.audit"
    label = "audit"
    verbose_name = _("Audit trail")
