"""The programs app's endpoints of the read-only API (untop.api; registered in portal.py).

Each reads what its portal page reads, with the page's permissions and filters: projects
(whoever reads projects), activities with their participants by category and sex (the
activity list's readers, its filters and order), indicators with their targets and the values
entered per mandate period (the indicators page's readers and filters), and donors with what
each pledged and gave, their pledges and their contributions (those who see the money on the
dashboard). No person is named: no author, approver or enterer of a record, and no indicator
value's notes.

Queries of a page, however many rows: the list and one per prefetched relation.
"""

from __future__ import annotations

import copy

import django_filters
from django.db.models import DecimalField, OuterRef, Prefetch, Sum
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from untop.aggregates import subquery_total
from untop.api.registry import Endpoint, ReadOnlyEndpoint

from .filters import ActivityFilter, IndicatorFilter
from .models import (
    Activity,
    Contribution,
    Donor,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MandatePeriod,
    ParticipantCount,
    Pledge,
    Project,
)
from .views.activities import ACTIVITY_ORDER
from .views.dashboard import FUNDING_PERMISSIONS

# -- projects -------------------------------------------------------------------------------


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        # Not the budget: budgets are the managers' (programs.view_budgetrevision).
        fields = (
            "id",
            "code",
            "title",
            "title_ru",
            "title_tg",
            "area",
            "start",
            "end",
            "status",
            "gender_marker",
            "human_rights_marker",
        )


class ProjectEndpoint(ReadOnlyEndpoint):
    """The office's projects, by id."""

    serializer_class = ProjectSerializer
    required_permissions = ("programs.view_project",)
    queryset = Project.objects.all()


# -- activities -----------------------------------------------------------------------------


class ParticipantSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)

    class Meta:
        model = ParticipantCount
        fields = ("category", "category_name", "women", "men")


class ActivitySerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    centre = serializers.SlugRelatedField(slug_field="code", read_only=True)
    women = serializers.IntegerField(source="women_total", read_only=True)
    men = serializers.IntegerField(source="men_total", read_only=True)
    total = serializers.IntegerField(source="participant_total", read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = (
            "id",
            "title",
            "kind",
            "project",
            "centre",
            "district",
            "start",
            "end",
            "status",
            "approval",
            "narrative",
            "women",
            "men",
            "total",
            "participants",
        )


class ActivityApiFilter(ActivityFilter):
    """The activity list's own filters; the schema is told that ``category`` is a category's
    code (its FilterSet method hides the type from drf-spectacular)."""

    category = extend_schema_field(OpenApiTypes.STR)(
        copy.deepcopy(ActivityFilter.base_filters["category"])
    )


class ActivityEndpoint(ReadOnlyEndpoint):
    """The activity list: every centre's activities for whoever reads activities, with its
    filters (``?area=…&centre=…&counted=on&start_from=…``) and order, newest first."""

    serializer_class = ActivitySerializer
    required_permissions = ("programs.view_activity",)
    filterset_class = ActivityApiFilter
    ordering = ACTIVITY_ORDER

    def get_queryset(self):
        return (
            Activity.objects.select_related("project", "centre")
            .with_participant_totals()
            .prefetch_related(
                Prefetch(
                    "participants",
                    queryset=ParticipantCount.objects.select_related("category"),
                )
            )
        )


# -- indicators -----------------------------------------------------------------------------


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = MandatePeriod
        fields = ("id", "start", "end", "symbol")


class IndicatorTargetSerializer(serializers.ModelSerializer):
    period = PeriodSerializer(read_only=True)

    class Meta:
        model = IndicatorTarget
        fields = ("period", "target")


class IndicatorValueSerializer(serializers.ModelSerializer):
    period = PeriodSerializer(read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ("period", "value", "numerator", "denominator", "narrative")


class IndicatorSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    targets = IndicatorTargetSerializer(many=True, read_only=True)
    values = IndicatorValueSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = (
            "id",
            "project",
            "output",
            "name",
            "name_ru",
            "name_tg",
            "unit",
            "kind",
            "aggregation",
            "direction",
            "rule",
            "baseline",
            "baseline_year",
            "scale_min",
            "scale_max",
            "targets",
            "values",
        )


class IndicatorApiFilter(IndicatorFilter):
    """The indicators page's filters but its "standing", which the page works out from a
    period's figures row by row: an API list is not summed for a period."""

    standing = None


class IndicatorEndpoint(ReadOnlyEndpoint):
    """The indicators with their targets and the values entered for each mandate period
    (``?area=…&project=…``); an indicator computed from the activities has no entered value."""

    serializer_class = IndicatorSerializer
    required_permissions = ("programs.view_indicator",)
    filterset_class = IndicatorApiFilter

    def get_queryset(self):
        return Indicator.objects.select_related("project").prefetch_related(
            Prefetch("targets", queryset=IndicatorTarget.objects.select_related("period")),
            Prefetch("values", queryset=IndicatorValue.objects.select_related("period")),
        )


# -- donors and their money -----------------------------------------------------------------
#
# A donor is one row with what it pledged and gave in all; its pledges and contributions are
# lists of their own, paged like every list (``?donor=<id>``). Nesting them in each donor
# wrote every pledge of fifty donors into one page: 1.5 MB and 0.6 s at the synthetic scale
# of 120 donors and 10,000 pledges, and more each year.


class DonorSerializer(serializers.ModelSerializer):
    pledged_usd = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    received_usd = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)

    class Meta:
        model = Donor
        fields = (
            "id",
            "code",
            "name",
            "name_ru",
            "name_tg",
            "kind",
            "country",
            "pledged_usd",
            "received_usd",
        )


def _money_total(rows, group: str):
    return subquery_total(
        rows, group, Sum("amount_usd"), output_field=DecimalField(max_digits=16, decimal_places=2)
    )


class DonorEndpoint(ReadOnlyEndpoint):
    """Donors with what each pledged and gave in all (US$), for those who see the money on the
    dashboard (its FUNDING_PERMISSIONS) and read the donors; their pledges and contributions
    are the lists ``pledges/`` and ``contributions/``."""

    serializer_class = DonorSerializer
    required_permissions = ("programs.view_donor", *FUNDING_PERMISSIONS)

    def get_queryset(self):
        return Donor.objects.annotate(
            pledged_usd=_money_total(Pledge.objects.filter(donor=OuterRef("pk")), "donor"),
            received_usd=_money_total(Contribution.objects.filter(donor=OuterRef("pk")), "donor"),
        )


class PledgeSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Pledge
        fields = ("id", "donor", "project", "pledged_on", "amount", "currency", "amount_usd")


class PledgeApiFilter(django_filters.FilterSet):
    """``?donor=<id>`` and ``?project=<code>``."""

    project = django_filters.CharFilter(field_name="project__code")

    class Meta:
        model = Pledge
        fields = ["donor", "project"]


class PledgeEndpoint(ReadOnlyEndpoint):
    """Pledges, the latest first, for those who read the donors and see the money."""

    serializer_class = PledgeSerializer
    required_permissions = ("programs.view_donor", "programs.view_pledge", *FUNDING_PERMISSIONS)
    filterset_class = PledgeApiFilter
    ordering = ("-pledged_on", "-id")

    def get_queryset(self):
        return Pledge.objects.select_related("project")


class ContributionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contribution
        fields = ("id", "donor", "pledge", "received_on", "amount", "currency", "amount_usd")


class ContributionEndpoint(ReadOnlyEndpoint):
    """Contributions received, the latest first (``?donor=<id>``, ``?pledge=<id>``)."""

    serializer_class = ContributionSerializer
    required_permissions = (
        "programs.view_donor",
        "programs.view_contribution",
        *FUNDING_PERMISSIONS,
    )
    filterset_fields = ["donor", "pledge"]
    ordering = ("-received_on", "-id")

    def get_queryset(self):
        return Contribution.objects.all()


ENDPOINTS = (
    Endpoint("projects", ProjectEndpoint, "project"),
    Endpoint("activities", ActivityEndpoint, "activity"),
    Endpoint("indicators", IndicatorEndpoint, "indicator"),
    Endpoint("donors", DonorEndpoint, "donor"),
    Endpoint("pledges", PledgeEndpoint, "pledge"),
    Endpoint("contributions", ContributionEndpoint, "contribution"),
)
