"""The back office: every record of the programs app, and the portal's users.

Each admin's "History" opens the record's audit trail; list pages annotate their sums in
SQL and select their related rows, so a page runs the same queries whatever its length.
"""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, OuterRef, Sum
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from untop.admin_base import LargeTableAdmin, PortalAdmin, rule_book, year_filter
from untop.admin_site import money
from untop.aggregates import subquery_total
from untop.concurrency import OPENED_FIELD
from untop.imports.admin import PortalImportExportMixin

from .forms import ActivityForm
from .models import (
    Activity,
    AgeBand,
    BudgetLine,
    BudgetRevision,
    Centre,
    Contribution,
    District,
    Donor,
    Evidence,
    ExchangeRate,
    Expenditure,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MandatePeriod,
    Outcome,
    Output,
    ParticipantCategory,
    ParticipantCount,
    Partner,
    Pledge,
    Project,
    Region,
    SdgTarget,
)
from .resources import (
    ActivityResource,
    BudgetLineResource,
    CentreResource,
    ContributionResource,
    DistrictResource,
    DonorResource,
    ExchangeRateResource,
    ExpenditureResource,
    ParticipantCategoryResource,
    PledgeResource,
    RegionResource,
)
from .rules import Violation
from .services import (
    RETURN_REASON_MAX,
    activity_approve,
    activity_create,
    activity_return_to_draft,
    activity_update,
)
from .user_admin import PortalUserAdmin  # noqa: F401 - registers the users' back office


def participants_per_activity() -> Coalesce:
    """Women and men of an activity, as a subquery to annotate each activity of a list with."""
    return subquery_total(
        ParticipantCount.objects.filter(activity=OuterRef("pk")),
        "activity",
        Sum(F("women") + F("men")),
    )


@admin.register(Region)
class RegionAdmin(PortalImportExportMixin, PortalAdmin):
    resource_classes = [RegionResource]
    list_display = ["code", "name_en", "name_ru", "name_tg"]
    search_fields = ["code", "name_en", "name_ru", "name_tg"]


@admin.register(District)
class DistrictAdmin(PortalImportExportMixin, PortalAdmin):
    resource_classes = [DistrictResource]
    list_display = ["name_en", "name_ru", "name_tg", "region", "former_name"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name_en", "name_ru", "name_tg", "former_name"]


@admin.register(Centre)
class CentreAdmin(PortalImportExportMixin, PortalAdmin):
    resource_classes = [CentreResource]
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
    list_display = ["name", "name_ru", "name_tg", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "name_ru", "name_tg"]


class PledgeInline(admin.TabularInline):
    model = Pledge
    extra = 0
    # The US$ equivalent and its rate are worked out on saving (programs/exchange.py); an
    # override is taken only with its reason (the model's clean() refuses it otherwise).
    fields = [
        "pledged_on",
        "project",
        "amount",
        "currency",
        "rate",
        "amount_usd",
        "usd_override",
        "usd_override_reason",
    ]
    readonly_fields = ["rate", "amount_usd"]
    autocomplete_fields = ["project"]
    show_change_link = True


@admin.register(Donor)
class DonorAdmin(PortalImportExportMixin, PortalAdmin):
    resource_classes = [DonorResource]
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
        return (
            super()
            .get_queryset(request)
            .annotate(
                _pledged=subquery_total(
                    Pledge.objects.filter(donor=OuterRef("pk")),
                    "donor",
                    Sum("amount_usd"),
                    output_field=Pledge._meta.get_field("amount_usd"),
                )
            )
        )

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
    list_display = [
        "code",
        "title",
        "area",
        "start",
        "end",
        "money_budget",
        "status",
        "gender_marker",
        "human_rights_marker",
    ]
    list_filter = ["area", "status", "gender_marker", "human_rights_marker", "iati_published"]
    search_fields = ["code", "title"]
    date_hierarchy = "start"
    filter_horizontal = ["centres"]
    autocomplete_fields = ["partners"]
    inlines = [IndicatorInline]

    readonly_fields = ["money_budget"]

    @admin.display(description=_("budget (US$)"), ordering="budget_usd")
    def money_budget(self, project: Project) -> str:
        return money(project.budget_usd)


class AmountColumns:
    """A money record's amount with its currency, and its US$ equivalent with the rate used,
    as the portal writes money (right-aligned in the list by static/css/admin.css). The
    equivalent is worked out on saving (programs/exchange.py): the form shows it, and takes
    an override only with its reason."""

    readonly_fields = ["rate", "amount_usd"]

    @admin.display(description=_("amount"), ordering="amount")
    def money_amount(self, record: Pledge | Contribution | Expenditure) -> str:
        return money(record.amount, record.currency)

    @admin.display(description=_("US$ equivalent"), ordering="amount_usd")
    def money_usd(self, record: Pledge | Contribution | Expenditure) -> str:
        return money(record.amount_usd)


@admin.register(Pledge)
class PledgeAdmin(AmountColumns, PortalImportExportMixin, PortalAdmin):
    resource_classes = [PledgeResource]
    list_display = ["donor", "project", "pledged_on", "money_amount", "money_usd"]
    list_filter = ["currency", "donor"]
    list_select_related = ["donor", "project"]
    search_fields = ["donor__name", "project__code", "project__title"]
    autocomplete_fields = ["donor", "project"]
    date_hierarchy = "pledged_on"


@admin.register(Contribution)
class ContributionAdmin(AmountColumns, PortalImportExportMixin, PortalAdmin):
    resource_classes = [ContributionResource]
    list_display = ["donor", "received_on", "money_amount", "money_usd", "pledge"]
    list_filter = ["currency", "donor"]
    list_select_related = ["donor", "pledge__donor", "pledge__project"]
    search_fields = ["donor__name"]
    autocomplete_fields = ["donor", "pledge"]
    date_hierarchy = "received_on"


@admin.register(Expenditure)
class ExpenditureAdmin(AmountColumns, PortalImportExportMixin, PortalAdmin):
    resource_classes = [ExpenditureResource]
    list_display = ["project", "category", "spent_on", "money_amount", "money_usd", "description"]
    list_filter = ["category", "currency", "project__area"]
    list_select_related = ["project"]
    search_fields = ["project__code", "description"]
    autocomplete_fields = ["project"]
    date_hierarchy = "spent_on"


@admin.register(ExchangeRate)
class ExchangeRateAdmin(PortalImportExportMixin, PortalAdmin):
    """The UN operational rates, one a month per currency: imported from the UN's monthly
    list, or entered here. A rate corrected later changes no figure already worked out."""

    resource_classes = [ExchangeRateResource]
    list_display = ["currency", "month", "rate", "source", "is_illustrative"]
    list_filter = ["currency", "is_illustrative"]
    search_fields = ["currency", "source"]
    date_hierarchy = "month"


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    fields = ["year", "category", "amount", "rate", "amount_usd"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(BudgetRevision)
class BudgetRevisionAdmin(PortalImportExportMixin, PortalAdmin):
    """Revisions are read here; they are made on the project's budget page or by importing
    budget lines (one new revision per project in the file), both through
    programs.budgets.budget_revise, and never changed once made. The export is the lines
    of the current revisions of the projects listed."""

    resource_classes = [BudgetLineResource]

    list_display = ["project", "number", "made_on", "currency", "total", "total_usd", "made_by"]
    list_filter = ["is_current", "project__area"]
    list_select_related = ["project", "made_by"]
    search_fields = ["project__code", "reason"]
    readonly_fields = [
        "project",
        "number",
        "made_on",
        "reason",
        "is_current",
        "made_by",
        "made_at",
        "currency",
        "total",
        "total_usd",
    ]
    inlines = [BudgetLineInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ParticipantCategory)
class ParticipantCategoryAdmin(PortalImportExportMixin, PortalAdmin):
    resource_classes = [ParticipantCategoryResource]
    list_display = ["name", "name_ru", "name_tg", "code"]
    search_fields = ["name", "name_ru", "name_tg", "code"]


@admin.register(AgeBand)
class AgeBandAdmin(PortalAdmin):
    list_display = ["name", "name_ru", "name_tg", "min_age", "max_age", "code"]
    search_fields = ["name", "name_ru", "name_tg", "code"]


@admin.register(SdgTarget)
class SdgTargetAdmin(PortalAdmin):
    list_display = ["code", "title", "title_ru", "title_tg"]
    search_fields = ["code", "title", "title_ru", "title_tg"]


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
    resource_classes = [ActivityResource]
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
        "return_reason",
        "returned_at",
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
        return rule_book(request).activity(obj)

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

    def _apply(self, request, queryset, service, done) -> None:
        """Each selected activity through the service; ``done(count)`` says how many went
        through, and each refusal says why."""
        count, problems = 0, []
        for activity in queryset:
            try:
                service(activity=activity, acting_user=request.user)
                count += 1
            except (ValidationError, PermissionDenied) as error:
                problems.append(f"{activity}: {' '.join(getattr(error, 'messages', [str(error)]))}")
        if count:
            self.message_user(request, done(count))
        for problem in problems:
            self.message_user(request, problem, level=messages.WARNING)

    @admin.action(
        description=_("Approve the selected submitted activities"), permissions=["approve"]
    )
    def approve(self, request, queryset):
        self._apply(
            request,
            queryset,
            activity_approve,
            lambda count: (
                ngettext("%(count)d activity approved.", "%(count)d activities approved.", count)
                % {"count": count}
            ),
        )

    @admin.action(
        description=_("Return the selected activities to draft, with a reason"),
        permissions=["approve"],
    )
    def return_to_draft(self, request, queryset):
        # Django's own pattern for an action that asks first (as its delete action does):
        # a page naming the activities, with the reason the centre's staff will read.
        reason = request.POST.get("reason", "").strip()
        if "apply" in request.POST and reason:
            self._apply(
                request,
                queryset,
                partial(activity_return_to_draft, reason=reason),
                lambda count: (
                    ngettext(
                        "%(count)d activity returned to draft.",
                        "%(count)d activities returned to draft.",
                        count,
                    )
                    % {"count": count}
                ),
            )
            return None
        return TemplateResponse(
            request,
            "admin/programs/activity/return_to_draft.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Return to draft"),
                "opts": self.model._meta,
                "activities": queryset,
                "reason": reason,
                "reason_missing": "apply" in request.POST,
                "reason_max": RETURN_REASON_MAX,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def has_approve_permission(self, request) -> bool:
        return request.user.has_perm("programs.approve_activity")


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    # A count's or a score's value; a percentage's numerator and denominator; a score's
    # narrative (the indicator's kind says which, and its check refuses the others).
    fields = ["period", "value", "numerator", "denominator", "narrative", "note"]


@admin.register(Indicator)
class IndicatorAdmin(PortalAdmin):
    list_display = ["name", "project", "output", "kind", "unit", "baseline", "rule"]
    list_filter = ["kind", "rule", "aggregation", "direction", "project__area"]
    list_select_related = ["project", "output"]
    # The form shows every field in the model's order: the Russian and Tajik name and unit
    # follow the English ones, the kind, aggregation and direction the unit.
    search_fields = ["name", "name_ru", "name_tg", "project__code"]
    autocomplete_fields = ["project", "output"]
    filter_horizontal = ["rule_categories"]
    inlines = [IndicatorTargetInline, IndicatorValueInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is IndicatorValue:
            for value in formset.save(commit=False):
                if value.entered_by_id is None:
                    value.entered_by = request.user
        super().save_formset(request, form, formset, change)


# -- the results chain: a project's outcomes and the outputs that serve them ----------------
class OutputInline(admin.TabularInline):
    model = Output
    extra = 0
    fields = ["code", "statement", "statement_ru", "statement_tg", "order"]
    # The activities that deliver an output are chosen on its own page.
    show_change_link = True


@admin.register(Outcome)
class OutcomeAdmin(PortalAdmin):
    list_display = ["project", "code", "statement", "order"]
    list_display_links = ["code", "statement"]
    list_filter = ["project__area", "sdg_targets"]
    list_select_related = ["project"]
    search_fields = ["code", "statement", "statement_ru", "statement_tg", "project__code"]
    autocomplete_fields = ["project", "sdg_targets"]
    inlines = [OutputInline]


class OutputAdminForm(forms.ModelForm):
    """Refuses, naming them, activities of another project than the outcome's, before the
    links are written (the model's m2m signal would refuse them too, but as an error page)."""

    class Meta:
        model = Output
        fields = ["outcome", "code", "statement", "statement_ru", "statement_tg", "order"]
        fields += ["activities"]

    def clean(self):
        cleaned = super().clean()
        outcome, activities = cleaned.get("outcome"), cleaned.get("activities")
        if outcome is not None and activities:
            try:
                Output(outcome=outcome).check_activities(activities)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Output)
class OutputAdmin(PortalAdmin):
    form = OutputAdminForm
    list_display = ["code", "statement", "outcome", "activity_count"]
    list_filter = ["outcome__project__area"]
    list_select_related = ["outcome__project"]
    search_fields = ["code", "statement", "statement_ru", "statement_tg", "outcome__project__code"]
    autocomplete_fields = ["outcome", "activities"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _activities=subquery_total(
                    Output.activities.through.objects.filter(output=OuterRef("pk")), "output"
                )
            )
        )

    @admin.display(description=_("activities"), ordering="_activities")
    def activity_count(self, output: Output) -> int:
        return output._activities
