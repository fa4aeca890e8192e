from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import AccountEvent, AuditEntry, AuthEvent

# auditlog's own list shows every entry to whoever may view LogEntry: the portal's list below
# shows each reader only the entries of records they may see.
if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)

ACTIONS = {
    LogEntry.Action.CREATE: _("Created"),
    LogEntry.Action.UPDATE: _("Changed"),
    LogEntry.Action.DELETE: _("Deleted"),
}


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail: read-only for everyone, superusers included."""

    list_display = ["timestamp", "actor", "what", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    list_select_related = ["actor", "content_type"]
    search_fields = ["object_repr", "=object_pk"]
    date_hierarchy = "timestamp"
    fields = [
        "timestamp",
        "actor",
        "what",
        "content_type",
        "object_pk",
        "object_repr",
        "changes_table",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        """Only the trail of records the user may see: the trail repeats their values.

        An administrator without training.view_trainee must not read a trainee's name and
        birth date in the "changes" of the trainee's entries, and so on for every model.
        """
        return (
            super()
            .get_queryset(request)
            .filter(content_type__in=_visible_content_types(request.user))
        )

    @admin.display(description=_("action"), ordering="action")
    def what(self, entry: AuditEntry) -> str:
        return ACTIONS.get(entry.action, entry.get_action_display())

    @admin.display(description=_("changes"))
    def changes_table(self, entry: AuditEntry) -> str:
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            (
                (name, *_before_after(change))
                for name, change in sorted((entry.changes or {}).items())
            ),
        )
        return format_html(
            "<table><thead><tr><th>field</th><th>before</th><th>after</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _before_after(change) -> tuple:
    """A field's [before, after]; a many-to-many change ({"operation", "objects"}) as the ids
    removed or added."""
    if isinstance(change, dict):
        ids = ", ".join(change.get("objects", []))
        return (ids, "") if change.get("operation") == "delete" else ("", ids)
    return tuple(change)


def _visible_content_types(user) -> list[int]:
    from django.contrib.contenttypes.models import ContentType

    models = [
        model
        for model in auditlog.get_models()
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
        or user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
    ]
    return [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]


class AuditedAdminMixin:
    """Make a model admin's "History" button open the audit trail of the record."""

    def history_view(self, request, object_id, extra_context=None):
        from django.contrib.contenttypes.models import ContentType
        from django.core.exceptions import PermissionDenied
        from django.shortcuts import redirect
        from django.urls import reverse

        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            # The same answer as Django's own history page for a record one may not see.
            raise PermissionDenied
        content_type = ContentType.objects.get_for_model(self.model)
        url = reverse("admin:audit_auditentry_changelist")
        return redirect(f"{url}?content_type__id__exact={content_type.pk}&object_id={object_id}")


@admin.register(AuthEvent)
class AuthEventAdmin(admin.ModelAdmin):
    """Sign-ins, sign-outs, failures, lockouts and two-factor changes: read-only for everyone."""

    list_display = ["at", "kind", "username", "user", "ip_address"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["username", "=ip_address"]
    date_hierarchy = "at"
    fields = ["at", "kind", "username", "user", "ip_address", "user_agent"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    """Changes to accounts (roles, passwords, second factor, activation): read-only for everyone."""

    list_display = ["at", "kind", "account", "actor", "detail", "ip_address"]
    list_filter = ["kind"]
    list_select_related = ["account", "actor"]
    search_fields = ["account__username", "actor__username", "detail"]
    date_hierarchy = "at"
    fields = ["at", "kind", "account", "actor", "detail", "ip_address"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
