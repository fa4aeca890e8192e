"""This area's sections of the donor and mandate-renewal reports: aggregates, never a name."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from programs.models import Activity, MandatePeriod
from programs.report_texts import untranslated
from programs.report_traces import exact_activities_trace
from programs.reports import donor_scope
from untop.reports.registry import Placeholder, ReportSection
from untop.reports.templatetags.report_figures import localized

from .models import Course
from .selectors import donor_training_figures, mandate_training_figures


def build_donor_section(parameters: dict[str, Any]) -> dict[str, Any] | None:
    """Training paid for by the donor's projects in the period; None when there was none."""
    scope = donor_scope(parameters)
    figures = donor_training_figures(projects=scope.projects, start=scope.start, end=scope.end)
    if not (figures["by_course"] or figures["visits"] or figures["issues"]):
        return None
    language = parameters.get("language") or "en"
    return {
        "donor": scope.donor,
        "start": scope.start,
        "end": scope.end,
        **figures,
        # The preview lists the course titles the section would print in English (no query).
        "missing_texts": untranslated(figures["by_course"], "course", language, "course_title"),
    }


def _period(parameters: dict[str, Any]) -> tuple[datetime.date, datetime.date]:
    if parameters.get("period"):
        period = MandatePeriod.objects.get(pk=parameters["period"])
        return period.start, period.end
    return (
        datetime.date.fromisoformat(parameters["start"]),
        datetime.date.fromisoformat(parameters["end"]),
    )


def build_mandate_section(parameters: dict[str, Any]) -> dict[str, Any] | None:
    """The letter's training paragraphs for a period ({"period": pk} or start and end)."""
    start, end = _period(parameters)
    figures = mandate_training_figures(start=start, end=end)
    cascade = figures["cascade"]
    shown = (
        figures["seminars"]["total"],
        cascade.second_generation["total"],
        figures["abroad"]["total"],
        figures["issues"],
    )
    if not any(shown):
        return None
    names = [localized(row, "category__name").lower() for row in figures["seminar_categories"]]
    return {
        **figures,
        "seminar_category_names": names,
        "traces": _letter_traces(parameters, start, end),
    }


def _letter_traces(
    parameters: dict[str, Any], start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    """Where the letter's training figures lead in the web preview: the cascade's page for
    the period (its instructors, staff reached and sessions are the letter's), and the
    activity list where its filters show exactly the seminars, the visits abroad or the
    bulletin's issues (programs.report_traces); None where they do not. The seminars'
    centres are counted by no list: printed plain. Seven queries."""
    activities = Activity.objects.counted().in_period(start, end)
    # The seminars the letter sums (training.selectors.mandate_training_figures).
    seminars = activities.filter(
        training_session__course__topic__in=[
            Course.Topic.HUMAN_RIGHTS,
            Course.Topic.CONFLICT_MANAGEMENT,
        ]
    )
    period = parameters.get("period")
    return {
        "cascade": {"url_name": "training:cascade", "filters": {"period": period}}
        if period
        else None,
        "seminars": exact_activities_trace(seminars, start, end),
        "abroad": exact_activities_trace(activities.filter(study_visit__isnull=False), start, end),
        "issues": exact_activities_trace(
            activities.filter(bulletin_issue__isnull=False), start, end
        ),
    }


DONOR_SECTION = ReportSection(
    kind="donor",
    code="training",
    title=_("Training, study visits and publications"),
    template_name="training/reports/donor_section.html",
    build=build_donor_section,
    order=50,
)

# The figures a manager may name in the section's narrative, read from build_mandate_section.
MANDATE_PLACEHOLDERS = (
    Placeholder(
        "seminar_participants",
        _("People trained in the seminars on human rights and conflict management"),
        lambda context: context["seminars"]["total"],
    ),
    Placeholder(
        "seminar_centres",
        _("The Office's centres that held those seminars"),
        lambda context: context["seminars"]["centres"],
        figure="count",
    ),
    Placeholder(
        "police_instructors",
        _("Police instructors certified who went on to teach in the cascade"),
        lambda context: context["cascade"].instructors,
    ),
    Placeholder(
        "police_staff_trained",
        _("Ministry of the Interior staff trained by those instructors"),
        lambda context: context["cascade"].second_generation["total"],
    ),
    Placeholder(
        "police_courses",
        _("Courses the instructors taught"),
        lambda context: context["cascade"].second_generation["sessions"],
        figure="count",
    ),
    Placeholder(
        "abroad_trained",
        _("Ministry of the Interior personnel trained abroad"),
        lambda context: context["abroad"]["total"],
    ),
    Placeholder(
        "bulletin_issues",
        _("Issues of the Ministry of the Interior bulletin published"),
        lambda context: context["issues"],
        figure="count",
    ),
)

# The Secretariat's usual wording after the section's sentences (modelled on S/2006/355),
# to adapt: what the letter says of the police work that is not a figure.
MANDATE_DEFAULTS = {
    "en": (
        "In this way the Office continued to strengthen the rule of law, building "
        "professionalism and accountability in the law enforcement sector and promoting its "
        "transition and reform. The UNTOP civilian police adviser enacted the "
        "process of training for Ministry of the Interior personnel on international legal "
        "standards in police operations. The training abroad was arranged in preparation for "
        "the establishment of a national unit for possible participation in United Nations "
        "operations, and the bulletin improves the transparency of the Ministry of the "
        "Interior and its outreach to society."
    ),
    "ru": (
        "Тем самым Отделение продолжало содействовать укреплению верховенства права: "
        "повышению профессионализма и подотчётности правоохранительных органов, их "
        "преобразованию и реформированию. Обучение сотрудников Министерства внутренних дел "
        "международно-правовым стандартам работы полиции было налажено советником ЮНТОП по "
        "вопросам гражданской полиции. Обучение за рубежом было организовано в рамках "
        "подготовки к созданию национального подразделения для возможного участия в "
        "операциях Организации Объединённых Наций, а бюллетень Министерства внутренних дел "
        "повышает транспарентность министерства и его открытость для общества."
    ),
}

# The conflict-prevention and police paragraphs of the mandate-renewal letter.
MANDATE_SECTION = ReportSection(
    kind="mandate",
    code="training",
    title=_("Conflict-prevention training and police reform"),
    template_name="training/reports/mandate_section.html",
    build=build_mandate_section,
    order=50,
    placeholders=MANDATE_PLACEHOLDERS,
    narrative_default=MANDATE_DEFAULTS,
)
