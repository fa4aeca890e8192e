"""Reads of the elections app: what the staff pages and the report section show."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from programs.models import Activity, Project

from .models import Briefing, Election, Ministry, Output, PlannedBriefing, Recommendation
from .querysets import ministry_regularity


def countdown(day: datetime.date, today: datetime.date) -> str:
    """Election day relative to today: "in 12 days", "today", "held 3 days ago"."""
    days = (day - today).days
    if days == 0:
        return gettext("Election day is today")
    count = number_format(abs(days), force_grouping=True)
    if days > 0:
        return ngettext("%(count)s day to election day", "%(count)s days to election day", days) % {
            "count": count
        }
    return ngettext("Held %(count)s day ago", "Held %(count)s days ago", -days) % {"count": count}


def election_list() -> QuerySet[Election]:
    """Every election with its authority and its progress counts, newest first."""
    return Election.objects.select_related("authority").with_progress()


def _outputs(election: Election) -> QuerySet[Output]:
    activities = (
        Activity.objects.select_related("centre").with_participant_totals().order_by("start", "id")
    )
    return (
        Output.objects.filter(component__election=election)
        .select_related("component__project")
        .with_actuals()
        .prefetch_related(Prefetch("activities", queryset=activities))
        .order_by("component__order", "component_id", "order", "id")
    )


def percent(actual: int, target: int) -> int | None:
    return round(100 * actual / target) if target else None


def election_overview(election: Election, today: datetime.date) -> dict:
    """An election's page: countdown, calendar, outputs against targets, recommendations."""
    milestones = list(election.milestones.with_schedule(today))
    outputs = list(_outputs(election))
    for output in outputs:
        output.percent = percent(output.actual, output.target)
    recommendations = list(
        Recommendation.objects.filter(mission__election=election).select_related("mission")
    )
    missions: dict[int, dict] = {}
    for recommendation in recommendations:
        entry = missions.setdefault(
            recommendation.mission_id, {"mission": recommendation.mission, "items": []}
        )
        entry["items"].append(recommendation)
    # Missions without recommendations yet.
    for mission in election.missions.exclude(pk__in=missions.keys()):
        missions[mission.pk] = {"mission": mission, "items": []}
    follow_up = Counter(r.follow_up for r in recommendations)
    return {
        "countdown": countdown(election.election_day, today),
        "days_to_go": (election.election_day - today).days,
        "milestones": milestones,
        "schedule": Counter(m.schedule for m in milestones),
        "outputs": outputs,
        "missions": list(missions.values()),
        "follow_up": [
            (label, follow_up.get(value, 0)) for value, label in Recommendation.FollowUp.choices
        ],
        "recommendation_count": len(recommendations),
        "projects": election.projects.all(),
    }


@dataclass(frozen=True)
class MinistryRow:
    ministry: Ministry
    planned: int
    held: int
    journalists: int

    @property
    def regularity(self) -> int | None:
        """Briefings held as a percentage of those planned."""
        return percent(self.held, self.planned)


def briefing_regularity(start: datetime.date, end: datetime.date) -> list[MinistryRow]:
    """Per ministry: briefings planned and held in the period, and journalists present."""
    ministries = ministry_regularity(Ministry.objects.select_related("partner"), start, end)
    return [
        MinistryRow(m, m.planned_count, m.held_count, m.journalists)
        for m in ministries
        if m.planned_count or m.held_count
    ]


def briefing_list() -> QuerySet[Briefing]:
    """Briefings (any approval), newest first, with their journalists; the list's period is
    its filter's (elections/filters.py)."""
    return (
        Briefing.objects.select_related("ministry__partner", "activity__centre")
        .with_journalists()
        .order_by("-activity__start", "-id")
    )


@dataclass(frozen=True)
class CalendarDay:
    day: datetime.date
    planned: PlannedBriefing | None
    briefing: Briefing | None


def ministry_calendar(ministry: Ministry) -> list[CalendarDay]:
    """A ministry's planned briefings and those held, by day, merged into one calendar."""
    planned = {p.day: p for p in ministry.planned.all()}
    held = {
        b.activity.start: b
        for b in ministry.briefings.select_related("activity").with_journalists()
    }
    return [
        CalendarDay(day, planned.get(day), held.get(day))
        for day in sorted(planned.keys() | held.keys())
    ]


def election_projects() -> QuerySet[Project]:
    return Project.objects.filter(area=Project.Area.ELECTIONS)
