"""The back office of the human-rights area.

Every save and delete goes through the area's services (actions, notes, shares) or through
``PortalAdmin``'s guarded path, which keeps the office's rules (programs/rules.py): an action,
a status change or a milestone of a locked mandate period shows read-only, with the reason.
The status history is written by actions only, and read-only here.

Monitoring notes and their log answer to the human-rights officers' group, not to ``has_perm``:
a superuser, a manager or an administrator who is not a human-rights officer does not see them
in the index, the changelist, the change, delete and history views or the autocomplete, and
an id of a note is a 404 for them. Every page that shows a note's content (its change page,
also when a save is refused and the form shows again) is logged as a read; the changelist,
which shows topics, is logged as a listing, as on the portal. A note's history is its log,
which holds no content.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from untop.admin_base import LargeTableAdmin, PortalAdmin
from untop.aggregates import subquery_total
from untop.imports.admin import PortalImportExportMixin

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
from .resources import RecommendationResource
from .services import (
    action_record,
    action_update,
    note_create,
    note_delete,
    note_read,
    note_share,
    note_unshare,
    note_update,
    notes_listed,
    validate_action,
)


@admin.register(Mechanism)
class MechanismAdmin(PortalAdmin):
    list_display = ["code", "name", "kind", "document_count"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_ru", "name_tg"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                documents_n=subquery_total(
                    Document.objects.filter(mechanism=OuterRef("pk")), "mechanism"
                )
            )
        )

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
        return (
            super()
            .get_queryset(request)
            .annotate(
                recommendations_n=subquery_total(
                    Recommendation.objects.filter(document=OuterRef("pk")), "document"
                )
            )
        )

    @admin.display(description=_("recommendations"), ordering="recommendations_n")
    def recommendation_count(self, document: Document) -> int:
        return document.recommendations_n


@admin.register(Theme)
class ThemeAdmin(PortalAdmin):
    list_display = ["name", "name_ru", "name_tg"]
    search_fields = ["name", "name_ru", "name_tg"]


@admin.register(AffectedGroup)
class AffectedGroupAdmin(PortalAdmin):
    list_display = ["name", "name_ru", "name_tg"]
    search_fields = ["name", "name_ru", "name_tg"]


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
class RecommendationAdmin(LargeTableAdmin, PortalImportExportMixin, PortalAdmin):
    resource_classes = [RecommendationResource]
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
        return (
            super()
            .get_queryset(request)
            .annotate(
                actions_n=subquery_total(
                    ImplementationAction.objects.filter(recommendation=OuterRef("pk")),
                    "recommendation",
                )
            )
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "sdg_targets":
            # A short list, ticked: the targets are reference data the officers may not
            # otherwise open, which an autocomplete would ask them to.
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("mechanism"), ordering="document__mechanism__code")
    def mechanism(self, recommendation: Recommendation) -> str:
        return recommendation.document.mechanism.code

    @admin.display(description=_("actions"), ordering="actions_n")
    def action_count(self, recommendation: Recommendation) -> int:
        return recommendation.actions_n


def _become(obj, created) -> None:
    """Give the admin's unsaved instance the saved record's values."""
    for field in type(obj)._meta.concrete_fields:
        setattr(obj, field.attname, getattr(created, field.attname))
    obj._state.adding, obj._state.db = False, created._state.db


class ImplementationActionForm(forms.ModelForm):
    """The back office's action form refuses what ``action_record`` would, as form errors."""

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            validate_action(
                self.instance,
                self.cleaned_data.get("activities") or [],
                new=self.instance._state.adding,
            )
        except ValidationError as error:
            self._update_errors(error)


@admin.register(ImplementationAction)
class ImplementationActionAdmin(PortalAdmin):
    """Actions are added through ``action_record`` (which moves the recommendation's status)
    and corrected through ``action_update``."""

    form = ImplementationActionForm
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
        activities = form.cleaned_data.get("activities")
        if change:
            action_update(action=obj, acting_user=request.user, fields={}, activities=activities)
            return
        fields = {
            name: getattr(obj, name)
            for name in ("taken_on", "description", "taken_by", "evidence", "new_status")
            if name in form.cleaned_data
        }
        created = action_record(
            recommendation=obj.recommendation,
            acting_user=request.user,
            fields=fields,
            activities=activities or [],
        )
        # The admin goes on with its own instance (its m2m is bound to it): it becomes the
        # action the service created.
        _become(obj, created)


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
        # A share is given or withdrawn (each logged by its service), never changed.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._officer(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = get_user_model().objects.filter(is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if response.status_code == 200 and changelist is not None:
            # The page shows the notes' topics: logged as a listing, as the portal's list is.
            notes_listed(notes=list(changelist.result_list), reader=request.user, in_admin=True)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._not_for_others(request)
        response = super().change_view(request, object_id, form_url, extra_context)
        # A page that shows the note (a GET, or a save refused and the form shown again).
        if response.status_code == 200:
            note = self.get_object(request, unquote(object_id))
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
        fields = {
            field.name: getattr(obj, field.name)
            for field in MonitoringNote._meta.concrete_fields
            if field.name in form.cleaned_data
        }
        if change:
            # The service compares with the note as saved, to log which fields changed.
            saved = MonitoringNote.objects.get(pk=obj.pk)
            note_update(
                note=saved,
                acting_user=request.user,
                fields={name: fields[name] for name in form.changed_data if name in fields},
            )
            _become(obj, saved)
        else:
            _become(obj, note_create(acting_user=request.user, fields=fields))

    def save_formset(self, request, form, formset, change):
        """Shares are given and withdrawn through their services, which log them."""
        formset.save(commit=False)
        for share in formset.deleted_objects:
            note_unshare(share=share, acting_user=request.user)
        for share in formset.new_objects:
            note_share(note=form.instance, user=share.user, acting_user=request.user)

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
