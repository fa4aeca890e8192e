"""The back office for training: courses, sessions, trainees, enrolments, visits, bulletin.

Changes are credited to the signed-in user and keep the office's rules (PortalAdmin: a
session, an enrolment, a study visit or a bulletin issue of a locked period or of an
approved activity shows read-only with the reason, and its saves and deletes are refused
with the rule's message); an enrolment's certificate and its trainee's certification follow
its completion through the training services. List pages select their related rows and
annotate their counts, so a page runs the same queries whatever its length.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import OuterRef
from django.utils.translation import gettext_lazy

from programs.models import Activity
from untop.admin_base import LargeTableAdmin, PortalAdmin, year_filter
from untop.aggregates import subquery_total
from untop.imports.admin import PortalImportExportMixin

from .models import BulletinIssue, Course, Enrolment, Session, StudyVisit, Trainee
from .models.courses import SESSION_KINDS
from .resources import EnrolmentResource, TraineeResource
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
class SessionAdmin(LargeTableAdmin, PortalAdmin):
    list_display = ["activity", "start", "course", "centre", "enrolled"]
    list_filter = [
        "course",
        "activity__centre",
        "course__certifies_instructors",
        # By year rather than a date drill-down, whose first and last dates and years are
        # read over every session's activity (80 ms of each page at 100,000 sessions).
        year_filter(
            "activity__start",
            gettext_lazy("year"),
            bounds=Activity.objects.filter(kind__in=SESSION_KINDS),
        ),
    ]
    list_select_related = ["activity__centre", "course"]
    search_fields = ["activity__title", "course__title", "other_trainers"]
    autocomplete_fields = ["activity", "course", "trainers"]
    inlines = [EnrolmentInline]

    def save_inline_record(self, request, instance) -> None:
        # Saved through PortalAdmin's guarded path, then the certificate and the trainee's
        # certification follow the completion, through the service.
        super().save_inline_record(request, instance)
        if isinstance(instance, Enrolment):
            enrolment_settle(enrolment=instance, acting_user=request.user)

    def get_queryset(self, request):
        # A subquery per session shown, not a join grouped over every enrolment.
        enrolled = Enrolment.objects.filter(session=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(enrolled_count=subquery_total(enrolled, "session"))
        )

    @admin.display(ordering="activity__start")
    def start(self, obj):
        return obj.activity.start

    @admin.display(ordering="activity__centre__name")
    def centre(self, obj):
        return obj.activity.centre

    @admin.display(ordering="enrolled_count", description=gettext_lazy("enrolled"))
    def enrolled(self, obj):
        return obj.enrolled_count


@admin.register(Trainee)
class TraineeAdmin(LargeTableAdmin, PortalImportExportMixin, PortalAdmin):
    resource_classes = [TraineeResource]
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
class EnrolmentAdmin(LargeTableAdmin, PortalImportExportMixin, PortalAdmin):
    resource_classes = [EnrolmentResource]
    list_display = [
        "trainee",
        "session",
        "attended",
        "completed",
        "pre_score",
        "post_score",
        "certificate_number",
    ]
    list_filter = [
        "attended",
        "completed",
        "session__course",
        # By year rather than a date drill-down, which would read every enrolment's session.
        year_filter(
            "session__activity__start",
            gettext_lazy("year of the session"),
            bounds=Activity.objects.filter(kind__in=SESSION_KINDS),
        ),
    ]
    # Latest first: the trainee's name is in another table, and sorting every enrolment by
    # it would read them all for each page.
    ordering = ["-id"]
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

    def save_model(self, request, obj, form, change):
        # PortalAdmin saves through record_save (the rules), then the service settles the
        # certificate and the trainee's certification.
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
        return (
            super()
            .get_queryset(request)
            .annotate(
                records=subquery_total(
                    StudyVisit.participants.through.objects.filter(studyvisit=OuterRef("pk")),
                    "studyvisit",
                )
            )
        )

    @admin.display(ordering="activity__start")
    def start(self, obj):
        return obj.activity.start

    @admin.display(ordering="records", description=gettext_lazy("participants with a record"))
    def participant_records(self, obj):
        return obj.records


@admin.register(BulletinIssue)
class BulletinIssueAdmin(PortalAdmin):
    list_display = ["number", "published", "print_run", "copies_distributed"]
    list_select_related = ["activity"]
    search_fields = ["activity__title", "distribution"]
    autocomplete_fields = ["activity"]
    date_hierarchy = "activity__start"

    @admin.display(ordering="activity__start", description=gettext_lazy("date"))
    def published(self, obj):
        return obj.activity.start
