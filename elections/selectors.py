"""Reads of the elections app: what the staff pages and the report section show."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import ExtractYear
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


def ministry_record(ministry: Ministry, start: datetime.date, end: datetime.date) -> dict:
    """A ministry's briefings planned and held (counted) from ``start`` to ``end``, the
    journalists present at those held, and the years its calendar has (``ministry_years``)."""
    figures = (
        ministry_regularity(Ministry.objects.filter(pk=ministry.pk), start, end)
        .values("planned_count", "held_count", "journalists")
        .get()
    )
    return {**figures, "years": ministry_years(ministry)}


def ministry_years(ministry: Ministry) -> list[int]:
    """The years in which the ministry planned or held a briefing, in order (one query)."""
    planned = ministry.planned.order_by().annotate(year=ExtractYear("day")).values_list("year")
    held = (
        ministry.briefings.order_by()
        .annotate(year=ExtractYear("activity__start"))
        .values_list("year")
    )
    return sorted(year for (year,) in planned.union(held))


def calendar_year(years: list[int], today: datetime.date) -> int | None:
    """The year a ministry's calendar opens on: this year, or the last one before it with
    briefings, or the first one (a schedule planned ahead only)."""
    if not years:
        return None
    return max((year for year in years if year <= today.year), default=years[0])


def ministry_calendar(ministry: Ministry, year: int) -> list[CalendarDay]:
    """A ministry's planned briefings and those held in one year, by day, merged into one
    calendar: a year at a time, since a ministry briefs every week for years."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    planned = {p.day: p for p in ministry.planned.filter(day__gte=first, day__lte=last)}
    held = {
        b.activity.start: b
        for b in ministry.briefings.filter(activity__start__gte=first, activity__start__lte=last)
        .select_related("activity")
        .with_journalists()
    }
    return [
        CalendarDay(day, planned.get(day), held.get(day))
        for day in sorted(planned.keys() | held.keys())
    ]


def election_projects() -> QuerySet[Project]:
    return Project.objects.filter(area=Project.Area.ELECTIONS)
