"""The back office of the elections app; every list page runs fixed queries."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from programs.models import Activity
from untop.admin_base import PortalAdmin, year_filter
from untop.imports.admin import PortalImportExportMixin

from .models import (
    Briefing,
    Component,
    Delivery,
    Election,
    Milestone,
    Ministry,
    NeedsAssessmentMission,
    Output,
    PlannedBriefing,
    Recommendation,
)
from .resources import MissionRecommendationResource


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["stage", "title", "planned", "actual"]


class ComponentInline(admin.TabularInline):
    model = Component
    extra = 0
    autocomplete_fields = ["project"]


@admin.register(Election)
class ElectionAdmin(PortalAdmin):
    list_display = ["title", "kind", "election_day", "authority", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["authority"]
    search_fields = ["title", "title_ru", "title_tg", "authority__name"]
    autocomplete_fields = ["authority", "projects"]
    date_hierarchy = "election_day"
    inlines = [MilestoneInline, ComponentInline]


@admin.register(Milestone)
class MilestoneAdmin(PortalAdmin):
    list_display = ["title", "election", "stage", "planned", "actual"]
    list_filter = ["stage", "election"]
    list_select_related = ["election"]
    search_fields = ["title", "election__title"]
    autocomplete_fields = ["election"]
    date_hierarchy = "planned"


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    fields = ["number", "text", "owner", "follow_up", "follow_up_note"]


@admin.register(NeedsAssessmentMission)
class NeedsAssessmentMissionAdmin(PortalAdmin):
    list_display = ["title", "election", "start", "end"]
    list_filter = ["election"]
    list_select_related = ["election"]
    search_fields = ["title", "title_ru", "title_tg", "team", "findings"]
    autocomplete_fields = ["election", "support_activity"]
    date_hierarchy = "start"
    inlines = [RecommendationInline]


@admin.register(Recommendation)
class RecommendationAdmin(PortalImportExportMixin, PortalAdmin):
    resource_classes = [MissionRecommendationResource]
    list_display = ["__str__", "mission", "owner", "follow_up"]
    list_filter = ["follow_up", "mission"]
    list_select_related = ["mission"]
    search_fields = ["text", "owner", "follow_up_note"]
    autocomplete_fields = ["mission"]


@admin.register(Component)
class ComponentAdmin(PortalAdmin):
    list_display = ["name", "election", "project", "order"]
    list_filter = ["election"]
    list_select_related = ["election", "project"]
    search_fields = ["name", "project__code", "election__title"]
    autocomplete_fields = ["election", "project"]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    autocomplete_fields = ["activity"]


@admin.register(Output)
class OutputAdmin(PortalAdmin):
    list_display = ["name", "component", "measure", "target", "actual"]
    list_filter = ["measure", "component__election"]
    list_select_related = ["component"]
    search_fields = ["name", "name_ru", "name_tg", "component__name"]
    autocomplete_fields = ["component", "categories", "activities"]
    inlines = [DeliveryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_actuals()

    @admin.display(description=_("actual"))
    def actual(self, obj) -> int:
        return obj.actual


@admin.register(Delivery)
class DeliveryAdmin(PortalAdmin):
    list_display = ["output", "day", "quantity", "note"]
    list_select_related = ["output"]
    search_fields = ["output__name", "note"]
    autocomplete_fields = ["output", "activity"]
    date_hierarchy = "day"


class PlannedBriefingInline(admin.TabularInline):
    model = PlannedBriefing
    extra = 0


@admin.register(Ministry)
class MinistryAdmin(PortalAdmin):
    list_display = ["__str__", "spokesperson"]
    list_select_related = ["partner"]
    search_fields = ["partner__name", "spokesperson"]
    autocomplete_fields = ["partner"]
    inlines = [PlannedBriefingInline]


@admin.register(PlannedBriefing)
class PlannedBriefingAdmin(PortalAdmin):
    list_display = ["ministry", "day", "topic"]
    list_filter = ["ministry"]
    list_select_related = ["ministry__partner"]
    search_fields = ["ministry__partner__name", "topic"]
    autocomplete_fields = ["ministry"]
    date_hierarchy = "day"


@admin.register(Briefing)
class BriefingAdmin(PortalAdmin):
    list_display = ["topic", "ministry", "day", "journalists"]
    list_filter = [
        "ministry",
        # By year rather than a date drill-down, whose first and last dates and years are
        # read over every briefing's activity (80 ms of each page at 20,000 briefings).
        year_filter(
            "activity__start",
            _("year"),
            bounds=Activity.objects.filter(kind=Activity.Kind.BRIEFING),
        ),
    ]
    list_select_related = ["ministry__partner", "activity"]
    search_fields = ["topic", "ministry__partner__name", "activity__title"]
    autocomplete_fields = ["ministry", "activity"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_journalists()

    @admin.display(description=_("date"), ordering="activity__start")
    def day(self, obj):
        return obj.activity.start

    @admin.display(description=_("journalists present"))
    def journalists(self, obj) -> int:
        return obj.journalists
