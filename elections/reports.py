"""The elections section of the donor report: what the donor's election projects delivered."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from programs.letter_annex import AnnexPart
from programs.mandate_report import activities_by_project, mandate_scope
from programs.models import MandateArea, MandatePeriod
from programs.report_texts import untranslated
from programs.report_traces import with_project_traces
from programs.reports import donor_scope
from untop.reports.registry import Placeholder, ReportSection

from .models import JOURNALIST_CATEGORY, Briefing, Election, NeedsAssessmentMission, Output


def donor_section(parameters: dict[str, Any]) -> dict[str, Any] | None:
    """Outputs delivered and press briefings held in the period, in the donor's projects;
    None when the donor funded none of them or nothing happened in the period."""
    scope = donor_scope(parameters)
    projects = scope.projects.values("pk")
    outputs = list(
        Output.objects.filter(component__project__in=projects)
        .select_related("component__election", "component__project")
        .with_actuals(scope.start, scope.end)
        .filter(actual__gt=0)
        .order_by("-component__election__election_day", "component__order", "order", "id")
    )
    journalists = Q(activity__participants__category__code=JOURNALIST_CATEGORY)
    briefings = list(
        Briefing.objects.counted()
        .in_period(scope.start, scope.end)
        .filter(activity__project__in=projects)
        .values(
            "ministry__partner__name", "ministry__partner__name_ru", "ministry__partner__name_tg"
        )
        .annotate(
            held=Count("pk", distinct=True),
            journalists=Coalesce(
                Sum(
                    F("activity__participants__women") + F("activity__participants__men"),
                    filter=journalists,
                ),
                0,
            ),
        )
        .order_by("ministry__partner__name")
    )
    if not outputs and not briefings:
        return None
    return {
        "donor": scope.donor,
        "start": scope.start,
        "end": scope.end,
        "outputs": outputs,
        "briefings": briefings,
        "briefings_held": sum(row["held"] for row in briefings),
        "journalists": sum(row["journalists"] for row in briefings),
        # The preview lists the names this section would print in English (no query).
        "missing_texts": _donor_section_missing_texts(
            outputs, briefings, parameters.get("language") or "en"
        ),
    }


def _donor_section_missing_texts(
    outputs: list[Output], briefings: list[dict[str, Any]], language: str
) -> list[str]:
    """The elections, outputs, units and State bodies the section names without a text in
    ``language``, from the rows already read."""
    elections = list(
        {output.component.election.pk: output.component.election for output in outputs}.values()
    )
    return (
        untranslated(elections, "title", language, "election")
        + untranslated(outputs, "name", language, "output_name")
        + untranslated(outputs, "unit", language, "output_unit", name="name")
        + untranslated(briefings, "ministry__partner__name", language, "partner")
    )


DONOR_SECTION = ReportSection(
    kind="donor",
    code="elections",
    title=_("Elections assistance"),
    template_name="elections/reports/donor_section.html",
    build=donor_section,
    order=40,
)


def _missions_in(period: MandatePeriod) -> list[NeedsAssessmentMission]:
    return list(
        NeedsAssessmentMission.objects.filter(start__range=(period.start, period.end))
        .select_related("election")
        .order_by("start", "id")
    )


def annex_missions(period: MandatePeriod) -> dict[str, Any] | None:
    """The letter's annex names the needs assessment missions the period's paragraph draws
    on, with their election and dates. One query; None without a mission."""
    missions = _missions_in(period)
    return {"missions": missions} if missions else None


def annex_missing_texts(period: MandatePeriod, language: str) -> list[str]:
    """The missions and elections the annex would name in English in ``language``. One query."""
    missions = _missions_in(period)
    elections = list({mission.election.pk: mission.election for mission in missions}.values())
    return untranslated(missions, "title", language, "mission") + untranslated(
        elections, "title", language, "election"
    )


ANNEX_PART = AnnexPart(
    code="elections",
    template_name="elections/reports/annex_part.html",
    build=annex_missions,
    missing_texts=annex_missing_texts,
    order=30,
)


def mandate_section(parameters: dict[str, Any]) -> dict[str, Any] | None:
    """The letter's elections paragraph: needs assessment, the projects (each named by its
    letter phrase), government–media relations; None when the office did none of it."""
    period = mandate_scope(parameters)
    projects = activities_by_project(period, MandateArea.ELECTIONS)
    # The letter names no mission (the mission's title is kept in English only): "With
    # guidance from a United Nations electoral needs assessment mission".
    missions = list(
        NeedsAssessmentMission.objects.filter(start__range=(period.start, period.end))
        .select_related("election")
        .order_by("start")
    )
    briefings = (
        Briefing.objects.counted()
        .in_period(period.start, period.end)
        .aggregate(held=Count("pk"), ministries=Count("ministry", distinct=True))
    )
    if not (projects or missions or briefings["held"]):
        return None
    # The first election after the period: what the letter calls "the forthcoming elections".
    next_election = (
        Election.objects.filter(election_day__gt=period.end).order_by("election_day").first()
    )
    return {
        "period": period,
        # Each project's activities and participants lead to them in the activity list.
        "projects": with_project_traces(projects, period.start, period.end),
        "missions": missions,
        "briefings": briefings,
        # The briefings held lead to the briefings page of the period, whose "Held" total is
        # the same count (the State bodies are not counted anywhere: printed plain).
        "briefings_trace": {
            "url_name": "elections:briefing_list",
            "filters": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        },
        "next_election": next_election,
    }


def _next_election_day(context: dict[str, Any]):
    election = context.get("next_election")
    return election.election_day if election else None


# The figures a manager may name in this section's narrative, read from mandate_section.
MANDATE_PLACEHOLDERS = (
    Placeholder(
        "next_election_month",
        _("The month of the first election after the period (November 2006)"),
        _next_election_day,
        figure="month",
    ),
    Placeholder(
        "next_election_day",
        _("The day of the first election after the period"),
        _next_election_day,
        figure="date",
    ),
    Placeholder(
        "needs_missions",
        _("Electoral needs assessment missions that began in the period"),
        lambda context: len(context["missions"]),
        figure="count",
        gender="f",  # Russian "одна миссия"
    ),
    Placeholder(
        "election_activities",
        _("Activities of the elections projects in the period"),
        lambda context: sum(row["activities"] for row in context["projects"]),
        figure="count",
    ),
    Placeholder(
        "election_participants",
        _("People who took part in the elections projects' activities"),
        lambda context: sum(row["people"] for row in context["projects"]),
    ),
    Placeholder(
        "briefings_held",
        _("Press briefings held by State bodies in the period"),
        lambda context: context["briefings"]["held"],
        figure="count",
    ),
    Placeholder(
        "briefing_ministries",
        _("State bodies that held press briefings in the period"),
        lambda context: context["briefings"]["ministries"],
        figure="count",
    ),
)

# The Secretariat's usual wording after the section's sentences (modelled on S/2006/355),
# to adapt: what the letter says that is not a figure.
MANDATE_DEFAULTS = {
    "en": (
        "The forthcoming presidential elections, the first to be held during peacetime, are "
        "an important benchmark in the post-conflict political environment. The technical "
        "assistance project was developed at the request of the Government and is to be "
        "executed in close cooperation with the national electoral authorities."
    ),
    "ru": (
        "Предстоящие президентские выборы, первые выборы в мирное время, станут важной вехой "
        "в постконфликтной политической жизни страны. Проект технической помощи разработан "
        "по просьбе правительства и будет осуществляться в тесном сотрудничестве с "
        "национальными избирательными органами."
    ),
}


MANDATE_SECTION = ReportSection(
    kind="mandate",
    code="elections",
    title=_("Elections assistance and government–media relations"),
    template_name="elections/reports/mandate_section.html",
    build=mandate_section,
    order=30,
    placeholders=MANDATE_PLACEHOLDERS,
    narrative_default=MANDATE_DEFAULTS,
)
