"""This area's sections of the donor and mandate-renewal reports: projects and recommendations.

It reads recommendations, actions and milestones only; monitoring notes never reach a report.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from programs.mandate_report import activities_by_project, mandate_scope
from programs.models import Activity, MandateArea, ParticipantCount
from programs.report_traces import with_project_traces
from programs.reports import donor_scope
from untop.reports.registry import Placeholder, ReportSection
from untop.reports.templatetags.report_figures import about, spelled

from .models import ImplementationAction, Milestone


def donor_section(parameters: dict[str, Any]) -> dict[str, Any] | None:
    """Actions and milestones of the period backed by counted activities of the donor's projects.

    None when the donor's projects did nothing for the human-rights mechanisms in the period.
    """
    scope = donor_scope(parameters)
    activities = Activity.objects.counted().filter(
        project__in=scope.projects.values("id"), start__gte=scope.start, start__lte=scope.end
    )
    activity_ids = activities.values("id")
    actions = list(
        ImplementationAction.objects.filter(
            taken_on__gte=scope.start, taken_on__lte=scope.end, activities__in=activity_ids
        )
        .distinct()
        .select_related("recommendation__document__mechanism")
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.filter(id__in=activity_ids).order_by("start"),
                to_attr="donor_activities",
            )
        )
        .order_by("taken_on", "id")
    )
    milestones = list(
        Milestone.objects.filter(
            achieved_on__gte=scope.start, achieved_on__lte=scope.end, activities__in=activity_ids
        )
        .distinct()
        .select_related("region")
        .order_by("achieved_on", "id")
    )
    if not actions and not milestones:
        return None
    linked = Activity.objects.filter(
        Q(id__in=activity_ids)
        & (
            Q(hr_actions__in=[action.pk for action in actions])
            | Q(hr_milestones__in=[milestone.pk for milestone in milestones])
        )
    ).values("id")
    reach = ParticipantCount.objects.filter(activity__in=linked).totals()
    reach["activities"] = Activity.objects.filter(id__in=linked).aggregate(n=Count("id"))["n"]
    return {"donor": scope.donor, "actions": actions, "milestones": milestones, "reach": reach}


def mandate_section(parameters: dict[str, Any]) -> dict[str, Any] | None:
    """The letter's human-rights paragraph: the area's projects, each named by its letter
    phrase with the activities and participants behind it ("through a conference with 80
    participants"), and the follow-up of the UN mechanisms' recommendations in the period.
    Aggregates only."""
    period = mandate_scope(parameters)
    projects = activities_by_project(period, MandateArea.HUMAN_RIGHTS)
    prose = parameters.get("prose") or "rounded"
    for row in projects:
        row["means_words"], row["means_figures"] = _means_words(row, prose)
        row["means"] = row["means_words"] % row["means_figures"]
    follow_up = ImplementationAction.objects.filter(
        taken_on__range=(period.start, period.end)
    ).aggregate(actions=Count("pk"), recommendations=Count("recommendation", distinct=True))
    if not (projects or follow_up["actions"]):
        return None
    return {
        "period": period,
        # Each project's activities and participants lead to them in the activity list.
        "projects": with_project_traces(projects, period.start, period.end),
        "follow_up": follow_up,
        # The steps lead to the back office's implementation actions taken in the period;
        # the recommendations they implement are counted by no list: printed plain.
        "follow_up_trace": {
            "url_name": "admin:humanrights_implementationaction_changelist",
            "filters": {
                "taken_on__gte": period.start.isoformat(),
                "taken_on__lte": period.end.isoformat(),
            },
        },
    }


def _means_words(row: dict[str, Any], prose: str) -> tuple[str, dict[str, str]]:
    """How the letter says what a project did: "through a conference with 80 participants",
    "through four seminars with over 100 participants", "through three activities"; as the
    words with ``%(spelled)s`` and ``%(people)s`` and those figures, so that the web preview
    can link each figure to its records."""
    count, people = row["activities"], row["people"]
    kind = row.get("kind")
    # Russian counts conferences and meetings in the feminine ("одна конференция").
    gender = "f" if kind in ("conference", "meeting") else ""
    values = {"spelled": spelled(count, gender), "people": about(people, prose)}
    if people:
        if kind == "conference":
            text = ngettext(
                "through a conference with %(people)s participants",
                "through %(spelled)s conferences with %(people)s participants",
                count,
            )
        elif kind == "seminar":
            text = ngettext(
                "through a seminar with %(people)s participants",
                "through %(spelled)s seminars with %(people)s participants",
                count,
            )
        elif kind == "meeting":
            text = ngettext(
                "through a meeting with %(people)s participants",
                "through %(spelled)s meetings with %(people)s participants",
                count,
            )
        else:
            text = ngettext(
                "through one activity with %(people)s participants",
                "through %(spelled)s activities with %(people)s participants",
                count,
            )
    else:
        text = ngettext("through one activity", "through %(spelled)s activities", count)
    return text, values


def _people_in(kind: str):
    """The people of the area's projects whose activities are all of one kind."""
    return lambda context: sum(row["people"] for row in context["projects"] if row["kind"] == kind)


# The figures a manager may name in the letter's human-rights narrative, read from
# mandate_section.
MANDATE_PLACEHOLDERS = (
    Placeholder(
        "conference_participants",
        _("People at the area's conferences (the Ombudsman conference in 2005/06)"),
        _people_in("conference"),
    ),
    Placeholder(
        "seminar_participants",
        _("People at the area's seminars (the treaty-body follow-up in 2005/06)"),
        _people_in("seminar"),
    ),
    Placeholder(
        "area_participants",
        _("People who took part in all the area's activities"),
        lambda context: sum(row["people"] for row in context["projects"]),
    ),
    Placeholder(
        "area_activities",
        _("The area's activities in the period"),
        lambda context: sum(row["activities"] for row in context["projects"]),
        figure="count",
    ),
    Placeholder(
        "followup_steps",
        _("Steps recorded in the period to implement the UN mechanisms' recommendations"),
        lambda context: context["follow_up"]["actions"],
        figure="count",
    ),
    Placeholder(
        "followup_recommendations",
        _("Recommendations those steps implement"),
        lambda context: context["follow_up"]["recommendations"],
        figure="count",
    ),
)

# The Secretariat's usual wording after the section's sentences (modelled on S/2006/355),
# to adapt: what the letter says of human rights that is not a figure. No monitoring note
# reaches a report: the monitoring is said in general words only.
MANDATE_DEFAULTS = {
    "en": (
        "The conference on the Ombudsman institution was held with international experts, in "
        "close cooperation with the Office of the United Nations High Commissioner for Human "
        "Rights. As violations of human rights may become a source of fault lines in society "
        "in the transition environment, the Office also closely monitored human rights "
        "developments in the country and advised the authorities on politically sensitive "
        "issues."
    ),
    "ru": (
        "Конференция по вопросу об учреждении института Уполномоченного по правам человека "
        "была проведена с участием международных экспертов в тесном сотрудничестве с "
        "Управлением Верховного комиссара Организации Объединённых Наций по правам человека. "
        "Поскольку в переходный период нарушения прав человека могут стать источником раскола "
        "в обществе, Отделение также внимательно следило за положением в области прав "
        "человека в стране и консультировало власти по политически деликатным вопросам."
    ),
}

MANDATE_SECTION = ReportSection(
    kind="mandate",
    code="humanrights",
    title=_("Human rights"),
    template_name="humanrights/reports/mandate_section.html",
    build=mandate_section,
    order=60,
    placeholders=MANDATE_PLACEHOLDERS,
    narrative_default=MANDATE_DEFAULTS,
)
