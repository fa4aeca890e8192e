"""The programs app's endpoints of the read-only API (untop.api; registered in portal.py).

Each reads what its portal page reads, with the page's permissions and filters: projects
(whoever reads projects), activities with their participants by category and sex (the
activity list's readers, its filters and order), indicators with their targets and the values
entered per mandate period (the indicators page's readers and filters), and donors with their
pledges and contributions (those who see the money on the dashboard). No person is named: no
author, approver or enterer of a record, and no indicator value's notes.

Queries of a page, however many rows: the list and one per prefetched relation.
"""

from __future__ import annotations

import copy

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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


class PledgeSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Pledge
        fields = ("id", "project", "pledged_on", "amount", "currency", "amount_usd")


class ContributionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contribution
        fields = ("id", "pledge", "received_on", "amount", "currency", "amount_usd")


class DonorSerializer(serializers.ModelSerializer):
    pledges = PledgeSerializer(many=True, read_only=True)
    contributions = ContributionSerializer(many=True, read_only=True)

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
            "pledges",
            "contributions",
        )


class DonorEndpoint(ReadOnlyEndpoint):
    """Donors with their pledges and contributions, for those who see the money on the
    dashboard (its FUNDING_PERMISSIONS) and read the donors."""

    serializer_class = DonorSerializer
    required_permissions = ("programs.view_donor", *FUNDING_PERMISSIONS)

    def get_queryset(self):
        return Donor.objects.prefetch_related(
            Prefetch(
                "pledges",
                queryset=Pledge.objects.select_related("project").order_by("pledged_on", "id"),
            ),
            Prefetch("contributions", queryset=Contribution.objects.order_by("received_on", "id")),
        )


ENDPOINTS = (
    Endpoint("projects", ProjectEndpoint, "project"),
    Endpoint("activities", ActivityEndpoint, "activity"),
    Endpoint("indicators", IndicatorEndpoint, "indicator"),
    Endpoint("donors", DonorEndpoint, "donor"),
)
