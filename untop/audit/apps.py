from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Who changed what and when, for every tracked record, however it was changed."""

    name = "untop.audit"
    label = "audit"
    verbose_name = "Audit trail"
