"""The back office of the human-rights area.

Monitoring notes and their log answer to the human-rights officers' group, not to ``has_perm``:
a superuser, a manager or an administrator who is not a human-rights officer does not see them
in the index, the changelist, the change, delete and history views or the autocomplete, and
an id of a note is a 404 for them. Every opening of a note's change view is logged as a read.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programs.admin import PortalAdmin
from untop.audit.context import acting_as
from untop.imports.admin import PortalImportExportMixin, engine_resource
from untop.imports.engine import register_importer

from .models import (
    AffectedGroup,
    Document,
    ImplementationAction,
    Mechanism,
    Milestone,
    MonitoringNote,
    NoteLog,
    NoteShare,
    Recommendation,
    StatusChange,
    Theme,
    is_human_rights_officer,
)
from .resources import IMPORTERS, RecommendationImporter
from .services import _log, apply_status, note_delete, note_read

# The import pages, the background jobs and the back office share these importers.
for _importer in IMPORTERS:
    register_importer(_importer)


@admin.register(Mechanism)
class MechanismAdmin(PortalAdmin):
    list_display = ["code", "name", "kind", "document_count"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(documents_n=Count("documents"))

    @admin.display(description=_("documents"), ordering="documents_n")
    def document_count(self, mechanism: Mechanism) -> int:
        return mechanism.documents_n


@admin.register(Document)
class DocumentAdmin(PortalAdmin):
    list_display = ["symbol", "mechanism", "issued_on", "recommendation_count"]
    list_filter = ["mechanism"]
    list_select_related = ["mechanism"]
    search_fields = ["symbol", "title"]
    autocomplete_fields = ["mechanism"]
    date_hierarchy = "issued_on"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(recommendations_n=Count("recommendations"))

    @admin.display(description=_("recommendations"), ordering="recommendations_n")
    def recommendation_count(self, document: Document) -> int:
        return document.recommendations_n


@admin.register(Theme)
class ThemeAdmin(PortalAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(AffectedGroup)
class AffectedGroupAdmin(PortalAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class StatusChangeInline(admin.TabularInline):
    """The status history: written by implementation actions, read-only here."""

    model = StatusChange
    fields = ["changed_on", "from_status", "to_status", "action", "changed_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by", "action")


@admin.register(Recommendation)
class RecommendationAdmin(PortalImportExportMixin, PortalAdmin):
    resource_classes = [engine_resource(RecommendationImporter)]
    list_display = [
        "__str__",
        "mechanism",
        "priority",
        "status",
        "follow_up_due",
        "action_count",
    ]
    list_filter = ["status", "priority", "document__mechanism", "themes"]
    list_select_related = ["document__mechanism"]
    search_fields = ["text", "document__symbol", "=paragraph"]
    autocomplete_fields = ["document", "themes", "affected_groups", "institutions"]
    readonly_fields = ["status"]
    date_hierarchy = "follow_up_due"
    inlines = [StatusChangeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(actions_n=Count("actions"))

    @admin.display(description=_("mechanism"), ordering="document__mechanism__code")
    def mechanism(self, recommendation: Recommendation) -> str:
        return recommendation.document.mechanism.code

    @admin.display(description=_("actions"), ordering="actions_n")
    def action_count(self, recommendation: Recommendation) -> int:
        return recommendation.actions_n


@admin.register(ImplementationAction)
class ImplementationActionAdmin(PortalAdmin):
    list_display = ["taken_on", "recommendation", "taken_by", "new_status", "recorded_by"]
    list_filter = ["new_status", "recommendation__document__mechanism"]
    list_select_related = ["recommendation__document", "recorded_by"]
    search_fields = ["description", "taken_by", "evidence", "recommendation__document__symbol"]
    autocomplete_fields = ["recommendation", "activities"]
    readonly_fields = ["recorded_by", "recorded_at"]
    date_hierarchy = "taken_on"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # The status an action justified is part of the history: it does not change later.
            fields += ["recommendation", "new_status"]
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            with acting_as(request.user):
                apply_status(action=form.instance, acting_user=request.user)


@admin.register(Milestone)
class MilestoneAdmin(PortalAdmin):
    list_display = ["stage", "track", "region", "planned_on", "achieved_on"]
    list_filter = ["track", "stage", "region"]
    list_select_related = ["region"]
    search_fields = ["notes"]
    autocomplete_fields = ["region", "activities"]
    date_hierarchy = "planned_on"


# Confidential ----------------------------------------------------------------------------


class OfficersOnlyMixin:
    """Answer to the human-rights officers' group, whatever ``has_perm`` says."""

    def has_module_permission(self, request) -> bool:
        return is_human_rights_officer(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_human_rights_officer(request.user)

    def _not_for_others(self, request) -> None:
        if not is_human_rights_officer(request.user):
            raise Http404("No such record.")


class NoteShareInline(admin.TabularInline):
    model = NoteShare
    fields = ["user", "shared_by", "shared_at"]
    readonly_fields = ["shared_by", "shared_at"]
    autocomplete_fields = ["user"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "shared_by")

    def _officer(self, request) -> bool:
        return is_human_rights_officer(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._officer(request)

    def has_add_permission(self, request, obj=None) -> bool:
        return self._officer(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._officer(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._officer(request)


@admin.register(MonitoringNote)
class MonitoringNoteAdmin(OfficersOnlyMixin, PortalAdmin):
    list_display = ["observed_on", "topic", "region", "sensitivity", "author"]
    list_filter = ["sensitivity", "region"]
    list_select_related = ["region", "author"]
    search_fields = ["topic", "summary", "sources", "advice"]
    autocomplete_fields = ["region"]
    readonly_fields = ["author", "created_at", "updated_at"]
    date_hierarchy = "observed_on"
    inlines = [NoteShareInline]

    def has_add_permission(self, request) -> bool:
        return is_human_rights_officer(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_human_rights_officer(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_human_rights_officer(request.user)

    def get_queryset(self, request):
        # Only officers use the back office for notes; users a note is shared with read it
        # on the portal.
        queryset = super().get_queryset(request)
        return queryset if is_human_rights_officer(request.user) else queryset.none()

    def changelist_view(self, request, extra_context=None):
        self._not_for_others(request)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._not_for_others(request)
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            note = self.get_object(request, object_id)
            if note is not None:
                note_read(note=note, reader=request.user, in_admin=True)
        return response

    def add_view(self, request, form_url="", extra_context=None):
        self._not_for_others(request)
        return super().add_view(request, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._not_for_others(request)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # The shared audit trail does not hold notes: their own log does.
        self._not_for_others(request)
        url = reverse("admin:humanrights_notelog_changelist")
        return redirect(f"{url}?note_number={int(object_id) if str(object_id).isdigit() else 0}")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        obj.save()
        if change:
            if form.changed_data:
                _log(obj, request.user, NoteLog.Action.CHANGED, ", ".join(form.changed_data))
        else:
            _log(obj, request.user, NoteLog.Action.CREATED)

    def save_formset(self, request, form, formset, change):
        shares = formset.save(commit=False)
        for share in formset.deleted_objects:
            share.delete()
        for share in shares:
            if share.pk is None:
                share.shared_by = request.user
                share.save()
                _log(form.instance, request.user, NoteLog.Action.SHARED, f"with {share.user}")
            else:
                share.save()

    def delete_model(self, request, obj):
        note_delete(note=obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for note in queryset:
            note_delete(note=note, acting_user=request.user)


@admin.register(NoteLog)
class NoteLogAdmin(OfficersOnlyMixin, admin.ModelAdmin):
    """The notes' read log: human-rights officers read it; nobody adds, edits or deletes."""

    list_display = ["at", "user", "action", "note_number", "detail"]
    list_filter = ["action", "note_number"]
    list_select_related = ["user"]
    search_fields = ["user__username", "=note_number"]
    fields = ["at", "user", "action", "note_number", "detail"]
    readonly_fields = fields
    date_hierarchy = "at"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if is_human_rights_officer(request.user) else queryset.none()

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        self._not_for_others(request)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._not_for_others(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        raise Http404("The read log has no history of its own.")
