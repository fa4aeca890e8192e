"""The donor report: a donor and a period in, what the donor's money did out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from untop.reports.charts import Series, paired_bars, stacked_columns
from untop.reports.forms import report_language_field
from untop.reports.registry import (
    ReportKind,
    ReportListing,
    period_in_words,
    report_language_name,
)
from untop.widgets import DateField

from .budgets import budget_against_actual, budget_by_category, donor_projects, total_row
from .exchange import USD
from .models import BudgetRevision, Contribution, Donor, Project
from .quality import report_warnings
from .report_texts import untranslated
from .report_traces import (
    activities_trace,
    contributions_trace,
    expenditure_trace,
    pledges_trace,
    with_indicator_traces,
)
from .rules import RuleBook
from .selectors import donor_report_figures


class DonorReportForm(forms.Form):
    """A donor and a period; the same rules on the report page and on the command line."""

    donor = forms.ModelChoiceField(
        label=_("Donor"),
        queryset=Donor.objects.all(),
        to_field_name="code",
        error_messages={"invalid_choice": _("There is no donor with that code.")},
    )
    start = DateField(label=_("Start"))
    end = DateField(label=_("End"))
    language = report_language_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        out_of_order = RuleBook.dates(data.get("start"), data.get("end"))
        if out_of_order:
            self.add_error("end", out_of_order.message)
        return data

    def to_parameters(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "donor": data["donor"].code,
            "start": data["start"].isoformat(),
            "end": data["end"].isoformat(),
            "language": data.get("language") or "en",
        }


@dataclass(frozen=True)
class DonorScope:
    """What a donor report covers: the donor, the period and the projects it funded."""

    donor: Donor
    start: datetime.date
    end: datetime.date

    @property
    def projects(self):
        """The projects the donor pledged to, as a queryset (used as a subquery)."""
        return Project.objects.filter(pledges__donor=self.donor).distinct()


def donor_scope(parameters: dict[str, Any]) -> DonorScope:
    """The scope of a donor report from its parameters; area sections start from it."""
    return DonorScope(
        donor=Donor.objects.get(code=parameters["donor"]),
        start=datetime.date.fromisoformat(parameters["start"]),
        end=datetime.date.fromisoformat(parameters["end"]),
    )


def _build_context(parameters: dict[str, Any]) -> dict[str, Any]:
    scope = donor_scope(parameters)
    figures = donor_report_figures(donor=scope.donor, start=scope.start, end=scope.end)
    figures = {**figures, **_traces(figures), **_money_in_currencies(scope, figures)}
    missing = donor_report_missing_texts(figures, parameters.get("language") or "en")
    return {**figures, **_charts(figures), "missing_texts": missing}


def _traces(figures: dict[str, Any]) -> dict[str, Any]:
    """Where each figure leads in the web preview (see programs.report_traces); no query.

    The activity list filters by one project: the figures summed over the donor's projects
    lead to it when the donor funds one project, and are printed plain otherwise (each
    activity's row leads to its page).
    """
    start, end, donor = figures["start"], figures["end"], figures["donor"]
    project_ids = {project.code: project.pk for project in figures["projects"]}
    only = next(iter(project_ids.values())) if len(project_ids) == 1 else None
    period = figures["indicator_period"]
    titles = {
        project.code: {"title_ru": project.title_ru, "title_tg": project.title_tg}
        for project in figures["projects"]
    }
    return {
        "traces": {
            "activities": activities_trace(start, end, project=only) if only else None,
            "pledged": pledges_trace(start, end, donor=donor.pk),
            "received": contributions_trace(start, end, donor=donor.pk),
            "expenditure": expenditure_trace(start, end, projects=project_ids.values()),
        },
        "funding_by_project": [
            {
                **row,
                # The title in the report's language (the rows carry the English one).
                **titles.get(row["code"], {}),
                # Pledged up to the period's end, whenever the pledge began.
                "pledged_trace": pledges_trace(
                    None, end, donor=donor.pk, project=project_ids.get(row["code"])
                ),
            }
            for row in figures["funding_by_project"]
        ],
        "expenditure": {
            **figures["expenditure"],
            "rows": [
                {
                    **row,
                    "trace": expenditure_trace(
                        start, end, projects=project_ids.values(), category=row["category"]
                    ),
                }
                for row in figures["expenditure"]["rows"]
            ],
        },
        "indicators": with_indicator_traces(figures["indicators"], period.start, period.end)
        if period
        else [],
        "participants_by_category": [
            {
                **row,
                "trace": activities_trace(start, end, project=only, category=row["category__code"])
                if only
                else None,
            }
            for row in figures["participants_by_category"]
        ],
    }


# Marks of the US$ equivalents entered by hand, in the order the report lists them.
NOTE_MARKS = "abcdefghijklmnopqrstuvwxyz"


def _money_in_currencies(scope: DonorScope, figures: dict[str, Any]) -> dict[str, Any]:
    """How the donor's money became US$ and what its projects spent against their budgets.

    The pledges and contributions of the period each with the rate used, those whose US$
    equivalent was entered by hand marked, the reasons listed as notes; and the section
    "Budget against actual". Seven queries, whatever the number of projects: the
    contributions, the budgets and spending by project (three) and by category (two), and
    the projects' current revisions.
    """
    contributions = list(
        Contribution.objects.filter(donor=scope.donor, received_on__range=(scope.start, scope.end))
        .select_related("pledge__project")
        .order_by("received_on", "id")
    )
    marked = 0

    def converted(records) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Each record with its rate (none for US$) and mark; the notes of the marked."""
        nonlocal marked
        rows, notes = [], []
        for record in records:
            mark = ""
            if record.usd_override is not None:
                mark = NOTE_MARKS[marked % len(NOTE_MARKS)]
                marked += 1
                notes.append({"mark": mark, "record": record})
            rate = None if record.currency == USD else record.rate
            rows.append({"record": record, "rate": rate, "mark": mark})
        return rows, notes

    pledges, pledge_notes = converted(figures["pledges"])
    received, contribution_notes = converted(contributions)
    return {
        "pledge_rows": pledges,
        "pledge_notes": pledge_notes,
        "contribution_rows": received,
        "contribution_notes": contribution_notes,
        "budget": budget_section(scope),
    }


def _budget_trace(project_id: int) -> dict[str, Any] | None:
    """The project's budget page, once it exists (the budget pages may not be there yet)."""
    try:
        reverse("programs:project_budget", args=[project_id])
    except NoReverseMatch:
        return None
    return {"url_name": "programs:project_budget", "args": [project_id]}


def budget_section(scope: DonorScope) -> dict[str, Any]:
    """Budget against actual of the donor's projects over the report's period, in US$: by
    project with its budget's currency and current revision, in all, and by category. Each
    project's whole budget, whoever funds it. Six queries, whatever the number of projects."""
    projects = donor_projects(scope.donor)
    start, end = scope.start, scope.end
    rows = budget_against_actual(projects, start, end)
    revisions = {
        row["project_id"]: row
        for row in BudgetRevision.objects.filter(project__in=projects, is_current=True).values(
            "project_id", "number", "currency"
        )
    }
    project_ids = [row.key for row in rows]
    by_project = []
    for row in rows:
        project, revision = row.project, revisions.get(row.key)
        by_project.append(
            {
                "code": project.code,
                "title": project.title,
                "title_ru": project.title_ru,
                "title_tg": project.title_tg,
                "currency": revision["currency"] if revision else project.currency,
                "revision": revision["number"] if revision else None,
                "row": row,
                "budget_trace": _budget_trace(project.pk) if revision else None,
                "spent_trace": expenditure_trace(start, end, projects=[project.pk]),
            }
        )
    categories = [
        {
            "row": row,
            "spent_trace": expenditure_trace(start, end, projects=project_ids, category=row.key),
        }
        for row in budget_by_category(projects, start, end)
    ]
    return {
        "projects": by_project,
        "total": total_row(rows, gettext("All projects")),
        "categories": categories,
        "category_total": total_row([item["row"] for item in categories]),
        "spent_trace": expenditure_trace(start, end, projects=project_ids),
    }


def donor_report_missing_texts(figures: dict[str, Any], language: str) -> list[str]:
    """What a donor report in ``language`` would print in English for want of a translation,
    from the figures already read (no query): the donor's name, the projects' titles, the
    indicators' names and units, the participant categories, the centres, the age bands and
    the outcomes' statements of the SDG section. The area sections list their own."""
    if language == "en":
        return []
    indicators = [row["indicator"] for row in figures["indicators"]]
    centres = list(
        {activity.centre_id: activity.centre for activity in figures["activities"]}.values()
    )
    return (
        untranslated([figures["donor"]], "name", language, "donor")
        # Every project the report names is one the donor pledged to (by code).
        + untranslated(
            figures["projects"],
            "title",
            language,
            "project_title",
            code="code",
            title="title",
        )
        + untranslated(indicators, "name", language, "indicator_name", code="project.code")
        + untranslated(
            indicators, "unit", language, "indicator_unit", name="name", code="project.code"
        )
        + untranslated(figures["participants_by_category"], "category__name", language, "category")
        + untranslated(sorted(centres, key=lambda centre: centre.name), "name", language, "centre")
        + untranslated(age_bands_shown(figures), "name", language, "age_band")
        + untranslated(
            _outcomes_shown(figures),
            "statement",
            language,
            "outcome_statement",
            code="code",
            project="project.code",
        )
    )


def age_bands_shown(figures: dict[str, Any]) -> list:
    """The age bands the report's breakdown table names (none when nobody was broken down)."""
    groups = figures.get("people_groups") or {}
    if not groups.get("any"):
        return []
    return [row["label"] for row in groups["bands"] if not row.get("not_recorded")]


def _outcomes_shown(figures: dict[str, Any]) -> list:
    """The outcomes the report's SDG section prints, each once (one may serve several
    targets), in the results chain's order; read from the figures, no query."""
    outcomes = {
        item["outcome"].pk: item["outcome"]
        for entry in figures.get("sdg_targets") or []
        for item in entry["outcomes"]
    }
    return sorted(
        outcomes.values(),
        key=lambda outcome: (outcome.project.code, outcome.order, outcome.code),
    )


def _charts(figures: dict[str, Any]) -> dict[str, Any]:
    """The report's vector charts, drawn from figures already summed."""
    charts: dict[str, Any] = {}
    months = figures["participants_by_month"]
    if months:
        charts["participants_chart"] = stacked_columns(
            title=gettext("Participants by month"),
            categories=[date_format(row["month"], "M Y") for row in months],
            series=[
                Series(gettext("Women"), [row["women"] or 0 for row in months]),
                Series(gettext("Men"), [row["men"] or 0 for row in months]),
            ],
        )
    funding = figures["funding_by_project"]
    if funding:
        charts["funding_chart"] = paired_bars(
            title=gettext("Pledged and received by project (US$)"),
            labels=[row["code"] for row in funding],
            series=[
                Series(gettext("Pledged"), [row["pledged"] for row in funding]),
                Series(gettext("Received"), [row["received"] for row in funding]),
            ],
        )
    return charts


def _describe(parameters: dict[str, Any]) -> str:
    name = Donor.objects.filter(code=parameters["donor"]).values_list("name", flat=True).first()
    language = {"en": "English", "ru": "Russian"}.get(parameters.get("language") or "en", "")
    return (
        f"Donor report: {name or parameters['donor']}, "
        f"{parameters['start']} to {parameters['end']}, {language}"
    )


def _file_stem(parameters: dict[str, Any]) -> str:
    """donor-NOR-2005-06-ru: the donor's code, the years it covers, the language."""
    start, end = parameters.get("start", "")[:4], parameters.get("end", "")[:4]
    years = start if start == end else f"{start}-{end[2:]}"
    return f"donor-{parameters.get('donor', '')}-{years}-{parameters.get('language') or 'en'}"


def _listing(many: list[dict[str, Any]]) -> list[ReportListing]:
    """Donor reports in the list: the donor's name and the period. One query for them all."""
    codes = {parameters.get("donor") for parameters in many}
    names = dict(Donor.objects.filter(code__in=codes).values_list("code", "name"))
    return [
        ReportListing(
            covers=", ".join(
                part
                for part in (
                    names.get(parameters.get("donor"), parameters.get("donor", "")),
                    period_in_words(parameters.get("start", ""), parameters.get("end", "")),
                )
                if part
            )
        )
        for parameters in many
    ]


def _summary(parameters: dict[str, Any]) -> list[tuple[str, str]]:
    """A donor report's page: the donor, the period, the language. One query."""
    code = parameters.get("donor", "")
    name = Donor.objects.filter(code=code).values_list("name", flat=True).first()
    return [
        (gettext("Donor"), f"{name} ({code})" if name else code),
        (
            gettext("Covers"),
            period_in_words(parameters.get("start", ""), parameters.get("end", "")),
        ),
        (gettext("Language"), report_language_name(parameters.get("language"))),
    ]


def _narrative_scope(parameters: dict[str, Any]) -> str:
    """A donor report's narrative belongs to its donor and period."""
    return f"donor:{parameters['donor']}:{parameters['start']}:{parameters['end']}"


DONOR_REPORT = ReportKind(
    code="donor",
    label=_("Donor report"),
    template_name="programs/reports/donor_report.html",
    form_class=DonorReportForm,
    build_context=_build_context,
    describe=_describe,
    file_stem=_file_stem,
    summary=_summary,
    listing=_listing,
    narrative_scope=_narrative_scope,
    narrative_slots=(
        ("summary", _("Summary for the donor")),
        ("outlook", _("Challenges and next steps")),
    ),
    warnings=report_warnings,
)
