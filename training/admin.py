"""The back office for training: courses, sessions, trainees, enrolments, visits, bulletin.

Changes are credited to the signed-in user (PortalAdmin); list pages select their related
rows and annotate their counts, so a page runs the same queries whatever its length.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count

from programs.admin import PortalAdmin

from .models import BulletinIssue, Course, Enrolment, Session, StudyVisit, Trainee
from .services import enrolment_settle


@admin.register(Course)
class CourseAdmin(PortalAdmin):
    list_display = ["title", "topic", "audience", "hours", "language", "certifies_instructors"]
    list_filter = ["topic", "language", "certifies_instructors"]
    search_fields = ["title", "code", "audience"]
    prepopulated_fields = {"code": ["title"]}


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    autocomplete_fields = ["trainee"]
    fields = [
        "trainee",
        "attended",
        "completed",
        "pre_score",
        "post_score",
        "certificate_number",
        "certificate_issued_on",
    ]
    readonly_fields = ["certificate_number", "certificate_issued_on"]


@admin.register(Session)
class SessionAdmin(PortalAdmin):
    list_display = ["activity", "start", "course", "centre", "enrolled"]
    list_filter = ["course", "activity__centre", "course__certifies_instructors"]
    list_select_related = ["activity__centre", "course"]
    search_fields = ["activity__title", "course__title", "other_trainers"]
    autocomplete_fields = ["activity", "course", "trainers"]
    date_hierarchy = "activity__start"
    inlines = [EnrolmentInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Enrolment:
            for enrolment in formset.new_objects + [obj for obj, _ in formset.changed_objects]:
                enrolment_settle(enrolment=enrolment, acting_user=request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(enrolled_count=Count("enrolments"))

    @admin.display(ordering="activity__start")
    def start(self, obj):
        return obj.activity.start

    @admin.display(ordering="activity__centre__name")
    def centre(self, obj):
        return obj.activity.centre

    @admin.display(ordering="enrolled_count", description="enrolled")
    def enrolled(self, obj):
        return obj.enrolled_count


@admin.register(Trainee)
class TraineeAdmin(PortalAdmin):
    list_display = [
        "family_name",
        "given_name",
        "sex",
        "organisation",
        "position",
        "region",
        "personnel_number",
        "instructor_certified_on",
    ]
    list_filter = [
        "sex",
        "region",
        "is_illustrative",
        ("instructor_certified_on", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["region"]
    search_fields = ["family_name", "given_name", "personnel_number", "organisation", "unit"]
    autocomplete_fields = ["region"]
    date_hierarchy = "instructor_certified_on"


@admin.register(Enrolment)
class EnrolmentAdmin(PortalAdmin):
    list_display = [
        "trainee",
        "session",
        "attended",
        "completed",
        "pre_score",
        "post_score",
        "certificate_number",
    ]
    list_filter = ["attended", "completed", "session__course"]
    list_select_related = ["trainee", "session__activity"]
    search_fields = [
        "trainee__family_name",
        "trainee__given_name",
        "trainee__personnel_number",
        "session__activity__title",
        "certificate_number",
    ]
    autocomplete_fields = ["session", "trainee"]
    readonly_fields = ["certificate_number", "certificate_issued_on"]
    date_hierarchy = "session__activity__start"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        enrolment_settle(enrolment=obj, acting_user=request.user)


@admin.register(StudyVisit)
class StudyVisitAdmin(PortalAdmin):
    list_display = ["subject", "host_institution", "host_country", "start", "participant_records"]
    list_filter = ["host_country", "is_illustrative"]
    list_select_related = ["activity"]
    search_fields = ["subject", "host_institution", "activity__title"]
    autocomplete_fields = ["activity", "participants"]
    date_hierarchy = "activity__start"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(records=Count("participants"))

    @admin.display(ordering="activity__start")
    def start(self, obj):
        return obj.activity.start

    @admin.display(ordering="records", description="participants with a record")
    def participant_records(self, obj):
        return obj.records


@admin.register(BulletinIssue)
class BulletinIssueAdmin(PortalAdmin):
    list_display = ["number", "published", "print_run", "copies_distributed"]
    list_select_related = ["activity"]
    search_fields = ["activity__title", "distribution"]
    autocomplete_fields = ["activity"]
    date_hierarchy = "activity__start"

    @admin.display(ordering="activity__start", description="date")
    def published(self, obj):
        return obj.activity.start
