"""What the notifications add to the portal: each person's choice of e-mails in the audit
trail. The kinds themselves are registered by the apps that send them."""

from untop.audit.registry import register_audited

from .models import NotificationPreference

register_audited(NotificationPreference, exclude_fields=("changed_at",))
