"""The human-rights app's endpoint of the read-only API (untop.api; registered in portal.py):
the recommendations as the tracker shows them, with their implementation actions, for
whoever reads the tracker, with its filters. Never a monitoring note: the API has no
endpoint for them, and no recommendation or action carries one. No person is named (not
who recorded an action).

Queries of a page, however many rows: the recommendations, their themes, their actions, and
the activities of those actions.
"""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import serializers

from untop.api.registry import Endpoint, ReadOnlyEndpoint

from .filters import TrackerFilter
from .models import ImplementationAction, Recommendation
from .selectors import tracker_recommendations


class ImplementationActionSerializer(serializers.ModelSerializer):
    activities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = ImplementationAction
        fields = (
            "id",
            "taken_on",
            "description",
            "taken_by",
            "evidence",
            "new_status",
            "activities",
        )


class RecommendationSerializer(serializers.ModelSerializer):
    document = serializers.CharField(source="document.symbol", read_only=True)
    mechanism = serializers.CharField(source="document.mechanism.code", read_only=True)
    themes = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    action_count = serializers.IntegerField(read_only=True)
    last_action = serializers.DateField(read_only=True, allow_null=True)
    actions = ImplementationActionSerializer(many=True, read_only=True)

    class Meta:
        model = Recommendation
        fields = (
            "id",
            "mechanism",
            "document",
            "paragraph",
            "text",
            "themes",
            "priority",
            "status",
            "follow_up_due",
            "action_count",
            "last_action",
            "actions",
        )


class RecommendationEndpoint(ReadOnlyEndpoint):
    """The tracker's recommendations (``?mechanism=…&theme=…&status=…&q=…``), each with its
    actions, the latest first."""

    serializer_class = RecommendationSerializer
    required_permissions = ("humanrights.view_recommendation",)
    filterset_class = TrackerFilter

    def get_queryset(self):
        return tracker_recommendations(Recommendation.objects.all()).prefetch_related(
            Prefetch(
                "actions",
                queryset=ImplementationAction.objects.prefetch_related("activities").order_by(
                    "-taken_on", "-id"
                ),
            )
        )


ENDPOINTS = (Endpoint("recommendations", RecommendationEndpoint, "recommendation"),)
