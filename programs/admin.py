"""The back office: every record of the programs app, and the portal's users.

Each admin's "History" opens the record's audit trail; list pages annotate their sums in
SQL and select their related rows, so a page runs the same queries whatever its length.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from untop.admin_site import money
from untop.audit.admin import AuditedAdminMixin
from untop.audit.context import acting_as
from untop.concurrency import OPENED_FIELD, ensure_unchanged
from untop.concurrency import EditedMeanwhile as RecordEditedMeanwhile
from untop.concurrency_forms import versioned
from untop.imports.admin import PortalImportExportMixin, engine_resource
from untop.imports.engine import register_importer

from .bigtables import LargeTableAdmin, participants_per_activity, year_filter
from .forms import ActivityForm
from .models import (
    Activity,
    Centre,
    Contribution,
    District,
    Donor,
    Evidence,
    Expenditure,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MandatePeriod,
    ParticipantCategory,
    ParticipantCount,
    Partner,
    Pledge,
    Project,
    Region,
)
from .resources import (
    IMPORTERS,
    ActivityImporter,
    CentreImporter,
    ContributionImporter,
    DistrictImporter,
    DonorImporter,
    ExpenditureImporter,
    ParticipantCategoryImporter,
    PledgeImporter,
    RegionImporter,
)
from .rules import RuleBook, Violation
from .services import (
    EditedMeanwhile,
    activity_approve,
    activity_create,
    activity_return_to_draft,
    activity_update,
    record_delete,
    record_save,
)
from .user_admin import PortalUserAdmin  # noqa: F401 - registers the users' back office

# The import pages, the background jobs and the back office share these importers.
for _importer in IMPORTERS:
    register_importer(_importer)


class PortalAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The back office's writes go through the services and keep the office's rules.

    Saves and deletes are credited to the signed-in user. A record a rule protects (a locked
    period, another centre's activity, a settled one) shows read-only with the reason; its
    form and its inlines refuse the save with the rule's message; deleting it, alone or
    among the selected, is refused on the confirmation page, cascades included.
    """

    # The form shows both versions when the record was saved after it was opened.
    change_form_template = "portal/admin_change_form.html"
    # Saving checks, under the record's row lock, that it is still as the form loaded it; a
    # model whose service checks its own version (activities) leaves it to the service.
    checks_opened_state = True

    # -- what the rules say of a record ---------------------------------------------------
    def rule_violations(self, request, obj) -> list[Violation]:
        """What saving this record (as changed in memory) would break. A model with its own
        service (activities) adds that service's checks."""
        return _rule_book(request).record(obj)

    def _protection(self, request, obj) -> list[Violation]:
        """The rules that keep a saved record as it is, read once per request."""
        memo = request.__dict__.setdefault("_rule_protection", {})
        key = (type(obj), obj.pk)
        if key not in memo:
            memo[key] = _rule_book(request).protection(obj)
        return memo[key]

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.pk is not None and self._protection(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and object_id:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                for violation in self._protection(request, obj):
                    self.message_user(request, violation.message, level=messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = versioned(super().get_form(request, obj, change, **kwargs))
        return _rule_checked_form(form_class, self, request)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (RecordEditedMeanwhile, EditedMeanwhile):
            # Saved by someone else between this form's checks and its save (the checks
            # themselves show the merge): nothing was saved; the page shows what is saved now.
            self.message_user(
                request,
                _(
                    "Someone saved this record at the same moment, so nothing was saved: "
                    "here it is as saved now. Make your change again."
                ),
                level=messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            yield _rule_checked_formset(formset, request), inline

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refused = [v.message for v in _rule_book(request).deletion(objs)]
        return deleted, counts, perms_needed, [*protected, *refused]

    # -- writing through the services -----------------------------------------------------
    def save_form(self, request, form, change):
        if change and self.checks_opened_state:
            # Inside the page's transaction: the row stays locked until the save commits.
            ensure_unchanged(form.instance, opened=form.opened_now, fields=form.versioned_fields)
        return super().save_form(request, form, change)

    def save_model(self, request, obj, form, change):
        record_save(acting_user=request.user, record=obj)

    def save_formset(self, request, form, formset, change):
        for row in formset.forms:
            # Each changed row, under its row lock, is still as its form loaded it.
            kept = row.instance.pk is not None and row not in formset.deleted_forms
            if kept and row.has_changed() and hasattr(row, "opened_now"):
                ensure_unchanged(row.instance, opened=row.opened_now, fields=row.versioned_fields)
        instances = formset.save(commit=False)
        record_delete(acting_user=request.user, records=formset.deleted_objects)
        for instance in instances:
            self.save_inline_record(request, instance)
        with acting_as(request.user):
            formset.save_m2m()

    def save_inline_record(self, request, instance) -> None:
        record_save(acting_user=request.user, record=instance)

    def save_related(self, request, form, formsets, change):
        with acting_as(request.user):
            super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        record_delete(acting_user=request.user, records=[obj])

    def delete_queryset(self, request, queryset):
        record_delete(acting_user=request.user, records=queryset)


def _rule_book(request) -> RuleBook:
    """One rule book per request: the locked periods are read once for all its checks."""
    if not hasattr(request, "_rule_book"):
        # Reading: the back office's pages and forms show what the rules say; the services
        # it saves through check them again, holding the locks, as they write.
        request._rule_book = RuleBook(request.user, reading=True)
    return request._rule_book


def _rule_checked_form(form_class, model_admin: PortalAdmin, request):
    """The admin's form, with the rules' refusals as its errors (a form error, not a 500)."""

    class RuleCheckedForm(form_class):
        def _post_clean(self):
            super()._post_clean()
            if self.errors:
                return
            for violation in model_admin.rule_violations(request, self.instance):
                field = violation.field if violation.field in self.fields else None
                self.add_error(field, violation.message)

    RuleCheckedForm.__name__ = form_class.__name__
    return RuleCheckedForm


def _rule_checked_formset(formset_class, request):
    """An inline formset whose rows keep the rules: a row saved or deleted against a rule
    makes the whole formset invalid, with the rule's message."""

    class RuleCheckedFormSet(formset_class):
        # Each row carries the state it was opened at, as the page's main form does.
        form = versioned(formset_class.form)

        def clean(self):
            super().clean()
            book = _rule_book(request)
            problems: dict[str, None] = {}
            deleted = [f.instance for f in self.deleted_forms if f.instance.pk is not None]
            for violation in book.deletion(deleted):
                problems[violation.message] = None
            for form in self.forms:
                if form in self.deleted_forms or not form.has_changed():
                    continue
                for violation in book.record(form.instance):
                    problems[violation.message] = None
            if problems:
                raise ValidationError(list(problems))

    RuleCheckedFormSet.__name__ = formset_class.__name__
    return RuleCheckedFormSet


@admin.register(Region)
class RegionAdmin(PortalImportExportMixin, PortalAdmin):
    resource_classes = [engine_resource(RegionImporter)]
    list_display = ["code", "name_en", "name_ru", "name_tg"]
    search_fields = ["code", "name_en", "name_ru", "name_tg"]


@admin.register(District)
class DistrictAdmin(PortalImportExportMixin, PortalAdmin):
    resource_classes = [engine_resource(DistrictImporter)]
    list_display = ["name_en", "name_ru", "name_tg", "region", "former_name"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name_en", "name_ru", "name_tg", "former_name"]


@admin.register(Centre)
class CentreAdmin(PortalImportExportMixin, PortalAdmin):
    resource_classes = [engine_resource(CentreImporter)]
    list_display = ["name", "town", "region", "is_head_office", "is_illustrative"]
    list_filter = ["region", "is_head_office"]
    list_select_related = ["region"]
    search_fields = ["name", "name_ru", "name_tg", "town", "code"]


@admin.register(MandatePeriod)
class MandatePeriodAdmin(PortalAdmin):
    list_display = ["__str__", "symbol", "symbol_verified", "status", "locked"]
    list_filter = ["status", "locked"]
    search_fields = ["symbol"]


@admin.register(Partner)
class PartnerAdmin(PortalAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "name_ru"]


class PledgeInline(admin.TabularInline):
    model = Pledge
    extra = 0
    fields = ["pledged_on", "project", "amount", "currency", "amount_usd"]
    autocomplete_fields = ["project"]
    show_change_link = True


@admin.register(Donor)
class DonorAdmin(PortalImportExportMixin, PortalAdmin):
    resource_classes = [engine_resource(DonorImporter)]
    list_display = [
        "code",
        "name",
        "kind",
        "country",
        "money_pledged",
        "is_illustrative",
        "monthly_report",
    ]
    list_editable = ["monthly_report"]
    list_filter = ["kind", "is_illustrative", "monthly_report"]
    # The form shows every field in the model's order: the Russian and Tajik names follow
    # the English one.
    search_fields = ["code", "name", "name_ru", "name_tg"]
    inlines = [PledgeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_pledged=Sum("pledges__amount_usd"))

    @admin.display(description=_("pledged (US$)"), ordering="_pledged")
    def money_pledged(self, donor: Donor) -> str:
        return money(donor._pledged)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["name", "unit", "baseline", "rule"]
    show_change_link = True


@admin.register(Project)
class ProjectAdmin(PortalAdmin):
    list_display = ["code", "title", "area", "start", "end", "money_budget", "status"]
    list_filter = ["area", "status"]
    search_fields = ["code", "title"]
    date_hierarchy = "start"
    filter_horizontal = ["centres"]
    autocomplete_fields = ["partners"]
    inlines = [IndicatorInline]

    @admin.display(description=_("budget (US$)"), ordering="budget_usd")
    def money_budget(self, project: Project) -> str:
        return money(project.budget_usd)


class AmountColumns:
    """A pledge's or a contribution's amount with its currency, and its US$ equivalent, as
    the portal writes money (right-aligned in the list by static/css/admin.css)."""

    @admin.display(description=_("amount"), ordering="amount")
    def money_amount(self, record: Pledge | Contribution) -> str:
        return money(record.amount, record.currency)

    @admin.display(description=_("US$ equivalent"), ordering="amount_usd")
    def money_usd(self, record: Pledge | Contribution) -> str:
        return money(record.amount_usd)


@admin.register(Pledge)
class PledgeAdmin(AmountColumns, PortalImportExportMixin, PortalAdmin):
    resource_classes = [engine_resource(PledgeImporter)]
    list_display = ["donor", "project", "pledged_on", "money_amount", "money_usd"]
    list_filter = ["currency", "donor"]
    list_select_related = ["donor", "project"]
    search_fields = ["donor__name", "project__code", "project__title"]
    autocomplete_fields = ["donor", "project"]
    date_hierarchy = "pledged_on"


@admin.register(Contribution)
class ContributionAdmin(AmountColumns, PortalImportExportMixin, PortalAdmin):
    resource_classes = [engine_resource(ContributionImporter)]
    list_display = ["donor", "received_on", "money_amount", "money_usd", "pledge"]
    list_filter = ["currency", "donor"]
    list_select_related = ["donor", "pledge__donor", "pledge__project"]
    search_fields = ["donor__name"]
    autocomplete_fields = ["donor", "pledge"]
    date_hierarchy = "received_on"


@admin.register(Expenditure)
class ExpenditureAdmin(PortalImportExportMixin, PortalAdmin):
    resource_classes = [engine_resource(ExpenditureImporter)]
    list_display = ["project", "category", "spent_on", "money_spent", "description"]
    list_filter = ["category", "project__area"]
    list_select_related = ["project"]
    search_fields = ["project__code", "description"]
    autocomplete_fields = ["project"]
    date_hierarchy = "spent_on"

    @admin.display(description=_("amount (US$)"), ordering="amount_usd")
    def money_spent(self, expenditure: Expenditure) -> str:
        return money(expenditure.amount_usd)


@admin.register(ParticipantCategory)
class ParticipantCategoryAdmin(PortalImportExportMixin, PortalAdmin):
    resource_classes = [engine_resource(ParticipantCategoryImporter)]
    list_display = ["name", "name_ru", "name_tg", "code"]
    search_fields = ["name", "name_ru", "name_tg", "code"]


class ParticipantCountInline(admin.TabularInline):
    model = ParticipantCount
    extra = 1
    autocomplete_fields = ["category"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["description", "uploaded_by", "uploaded_at"]
    readonly_fields = ["description", "uploaded_by", "uploaded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        # Files are added on the activity's page, which checks the centre and the size.
        return False


class ActivityAdminForm(forms.ModelForm):
    """The back office's activity form carries the version it was opened at: a save made
    since refuses this one (the portal's edit page offers the merge)."""

    # Not "version": the admin would take it for the model's (non-editable) field.
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activity
        fields = ActivityForm.Meta.fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_version"].initial = self.instance.version if self.instance.pk else None

    def clean(self):
        data = super().clean()
        if self.instance.pk and data.get(OPENED_FIELD):
            # The form's fields were checked against the state it was opened at (both
            # versions shown, untop.concurrency_forms): what it saves, a merge included, is
            # saved at the version loaded now; a save between here and the service refuses it.
            data["opened_version"] = self.instance.version
        return data


@admin.register(Activity)
class ActivityAdmin(LargeTableAdmin, PortalImportExportMixin, PortalAdmin):
    resource_classes = [engine_resource(ActivityImporter)]
    list_display = [
        "title",
        "kind",
        "start",
        "centre",
        "project",
        "status",
        "approval",
        "participant_total",
    ]
    list_filter = [
        "approval",
        "status",
        "kind",
        "project__area",
        "centre",
        # By year rather than a date drill-down, whose list of years reads every activity.
        year_filter("start", _("year"), bounds=Activity.objects.all()),
    ]
    list_select_related = ["centre", "project"]
    search_fields = ["title", "project__code", "narrative"]
    autocomplete_fields = ["project", "centre", "district", "partners"]
    inlines = [ParticipantCountInline, EvidenceInline]
    readonly_fields = [
        "approval",
        "created_by",
        "created_at",
        "updated_at",
        "submitted_at",
        "approved_by",
        "approved_at",
    ]
    actions = ["approve", "return_to_draft"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            # A subquery per row shown, not a join grouped over the whole table: the page
            # and its count read only the rows they need.
            .annotate(_participants=participants_per_activity())
        )

    @admin.display(description=_("participants"), ordering="_participants")
    def participant_total(self, activity: Activity) -> int:
        return activity._participants

    def rule_violations(self, request, obj) -> list[Violation]:
        return _rule_book(request).activity(obj)

    form = ActivityAdminForm
    checks_opened_state = False  # activity_update checks the activity's version

    def save_model(self, request, obj, form, change):
        if change:
            activity_update(
                activity=obj,
                acting_user=request.user,
                fields={},
                participants=None,
                version=form.cleaned_data.get("opened_version"),
            )
            return
        fields = {
            field.name: getattr(obj, field.name)
            for field in Activity._meta.concrete_fields
            if field.name in form.cleaned_data
        }
        created = activity_create(acting_user=request.user, fields=fields, participants=[])
        # The admin goes on with its own instance (the inlines and the m2m are bound to it):
        # it becomes the activity the service created.
        for field in Activity._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False

    def _apply(self, request, queryset, service, done: str) -> None:
        count, problems = 0, []
        for activity in queryset:
            try:
                service(activity=activity, acting_user=request.user)
                count += 1
            except (ValidationError, PermissionDenied) as error:
                problems.append(f"{activity}: {' '.join(getattr(error, 'messages', [str(error)]))}")
        if count:
            self.message_user(request, f"{count} {done}.")
        for problem in problems:
            self.message_user(request, problem, level=messages.WARNING)

    @admin.action(
        description=_("Approve the selected submitted activities"), permissions=["approve"]
    )
    def approve(self, request, queryset):
        self._apply(request, queryset, activity_approve, "activities approved")

    @admin.action(description=_("Return the selected activities to draft"), permissions=["approve"])
    def return_to_draft(self, request, queryset):
        self._apply(request, queryset, activity_return_to_draft, "activities returned to draft")

    def has_approve_permission(self, request) -> bool:
        return request.user.has_perm("programs.approve_activity")


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ["period", "value", "note"]


@admin.register(Indicator)
class IndicatorAdmin(PortalAdmin):
    list_display = ["name", "project", "unit", "baseline", "rule"]
    list_filter = ["rule", "project__area"]
    list_select_related = ["project"]
    # The form shows every field in the model's order: the Russian and Tajik name and unit
    # follow the English ones.
    search_fields = ["name", "name_ru", "name_tg", "project__code"]
    autocomplete_fields = ["project"]
    filter_horizontal = ["rule_categories"]
    inlines = [IndicatorTargetInline, IndicatorValueInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is IndicatorValue:
            for value in formset.save(commit=False):
                if value.entered_by_id is None:
                    value.entered_by = request.user
        with acting_as(request.user):
            super().save_formset(request, form, formset, change)
