from django.contrib import admin
from django.utils.html import format_html, format_html_join

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail: read-only for everyone, superusers included."""

    list_display = ["at", "actor", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    list_select_related = ["actor", "content_type"]
    search_fields = ["object_repr", "=object_id"]
    date_hierarchy = "at"
    fields = ["at", "actor", "action", "content_type", "object_id", "object_repr", "changes_table"]
    readonly_fields = fields

    @admin.display(description="changes")
    def changes_table(self, entry: AuditEntry) -> str:
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            ((name, before, after) for name, (before, after) in sorted(entry.changes.items())),
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


class AuditedAdminMixin:
    """Make a model admin's "History" button open the audit trail of the record."""

    def history_view(self, request, object_id, extra_context=None):
        from django.contrib.contenttypes.models import ContentType
        from django.shortcuts import redirect
        from django.urls import reverse

        content_type = ContentType.objects.get_for_model(self.model)
        url = reverse("admin:audit_auditentry_changelist")
        return redirect(f"{url}?content_type__id__exact={content_type.pk}&object_id={object_id}")
