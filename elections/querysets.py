"""Composable filters and figures of the elections app, every figure summed in SQL."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Sum,
    Value,
    When,
)

from programs.rules import counted
from untop.aggregates import subquery_total


class ElectionQuerySet(models.QuerySet):
    def with_progress(self) -> ElectionQuerySet:
        """Annotate milestones (all, done) and recommendations (all, implemented)."""
        from .models import Milestone, Recommendation

        milestones = Milestone.objects.filter(election=OuterRef("pk"))
        recommendations = Recommendation.objects.filter(mission__election=OuterRef("pk"))
        return self.annotate(
            milestone_count=subquery_total(milestones, "election"),
            milestones_done=subquery_total(milestones.filter(actual__isnull=False), "election"),
            recommendation_count=subquery_total(recommendations, "mission__election"),
            recommendations_implemented=subquery_total(
                recommendations.filter(follow_up="implemented"), "mission__election"
            ),
        )


class MilestoneQuerySet(models.QuerySet):
    def with_schedule(self, today: datetime.date) -> MilestoneQuerySet:
        """Annotate `schedule`: on time, late, overdue (not done, past its day) or due."""
        return self.annotate(
            schedule=Case(
                When(actual__isnull=False, actual__lte=F("planned"), then=Value("on_time")),
                When(actual__isnull=False, then=Value("late")),
                When(planned__lt=today, then=Value("overdue")),
                default=Value("due"),
                output_field=models.CharField(),
            )
        )


class OutputQuerySet(models.QuerySet):
    def with_actuals(
        self, start: datetime.date | None = None, end: datetime.date | None = None
    ) -> OutputQuerySet:
        """Annotate `actual`: participants of the linked counted activities in the output's
        categories (all categories when none is chosen), or the sum of its deliveries;
        only activities begun and deliveries made within [start, end] when given."""
        from programs.models import ParticipantCount

        from .models import Delivery, Output

        counts = ParticipantCount.objects.filter(
            counted("activity__"), activity__election_outputs=OuterRef("pk")
        )
        deliveries = Delivery.objects.filter(output=OuterRef("pk"))
        if start:
            counts = counts.filter(activity__start__gte=start)
            deliveries = deliveries.filter(day__gte=start)
        if end:
            counts = counts.filter(activity__start__lte=end)
            deliveries = deliveries.filter(day__lte=end)
        people = Sum(F("women") + F("men"))
        has_categories = Exists(Output.categories.through.objects.filter(output_id=OuterRef("pk")))
        in_categories = counts.filter(category__election_outputs=OuterRef("pk"))
        return self.annotate(
            actual=Case(
                When(measure="items", then=subquery_total(deliveries, "output", Sum("quantity"))),
                When(
                    has_categories,
                    then=subquery_total(in_categories, "activity__election_outputs", people),
                ),
                default=subquery_total(counts, "activity__election_outputs", people),
                output_field=IntegerField(),
            )
        )


class BriefingQuerySet(models.QuerySet):
    def counted(self) -> BriefingQuerySet:
        """Briefings whose activity was held and approved."""
        return self.filter(counted("activity__"))

    def in_period(self, start: datetime.date, end: datetime.date) -> BriefingQuerySet:
        """Briefings held within [start, end], both days included."""
        return self.filter(activity__start__gte=start, activity__start__lte=end)

    def with_journalists(self) -> BriefingQuerySet:
        """Annotate `journalists`: the activity's participants of the journalists' category."""
        from programs.models import ParticipantCount

        from .models import JOURNALIST_CATEGORY

        rows = ParticipantCount.objects.filter(
            activity=OuterRef("activity"), category__code=JOURNALIST_CATEGORY
        )
        return self.annotate(
            journalists=subquery_total(rows, "activity", Sum(F("women") + F("men")))
        )


class PlannedBriefingQuerySet(models.QuerySet):
    def in_period(self, start: datetime.date, end: datetime.date) -> PlannedBriefingQuerySet:
        """Briefings planned within [start, end], both days included."""
        return self.filter(day__gte=start, day__lte=end)


def ministry_regularity(
    ministries: models.QuerySet, start: datetime.date, end: datetime.date
) -> models.QuerySet:
    """Annotate each ministry with briefings planned and held (counted) in the period, and
    the journalists present at those held."""
    from programs.models import ParticipantCount

    from .models import JOURNALIST_CATEGORY, Briefing, PlannedBriefing

    planned = PlannedBriefing.objects.filter(ministry=OuterRef("pk")).in_period(start, end)
    held = Briefing.objects.filter(ministry=OuterRef("pk")).counted().in_period(start, end)
    journalists = ParticipantCount.objects.filter(
        counted("activity__"),
        activity__briefing__ministry=OuterRef("pk"),
        activity__start__gte=start,
        activity__start__lte=end,
        category__code=JOURNALIST_CATEGORY,
    )
    return ministries.annotate(
        planned_count=subquery_total(planned, "ministry"),
        held_count=subquery_total(held, "ministry"),
        journalists=subquery_total(
            journalists, "activity__briefing__ministry", Sum(F("women") + F("men"))
        ),
    )
