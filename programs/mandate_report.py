"""The mandate-renewal report: the Secretary-General's letter for a mandate period, from data.

The letter's figures (national dialogue, elections, human rights, funding) are summed here;
the area apps add their paragraphs as report sections (the training app writes the
conflict-prevention and police paragraphs), and the annex tabulates what the letter sums.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from untop.reports.forms import report_language_field
from untop.reports.registry import Placeholder, ReportKind
from untop.reports.templatetags.report_figures import list_words, localized
from untop.widgets import DateField

from . import summary
from .figures import (
    counted_activities_in,
    funding_by_donor,
    participant_totals_of,
    participants_by_area,
    participants_by_category,
    participants_by_centre,
    people_by_age_and_disability,
)
from .letter_annex import annex_missing_texts, annex_parts, funding_rows, with_donor_names
from .letter_defaults import LETTER_DEFAULTS
from .models import Donor, MandateArea, MandatePeriod, ParticipantCount, Pledge, Project
from .quality import report_warnings
from .report_texts import untranslated
from .report_traces import (
    contributions_trace,
    government_pledges_trace,
    pledges_trace,
    with_indicator_traces,
)
from .reports import age_bands_shown
from .results import indicator_progress

# More rows than one A4 page of the annex holds (about 46 of one line each): such a table
# cannot stay on one page, so it starts on a page of its own (report.css, .annex-long).
ANNEX_PAGE_ROWS = 50

# As "Original: …" names them (Russian: «Подлинный текст: английский»).
ORIGINAL_LANGUAGES = [
    ("en", pgettext_lazy("original language", "English")),
    ("fr", pgettext_lazy("original language", "French")),
    ("ru", pgettext_lazy("original language", "Russian")),
    ("es", pgettext_lazy("original language", "Spanish")),
]


class MandateReportForm(forms.Form):
    """A mandate period, chosen from the list or by its first and last day, and the letter's
    document details: symbol, dates, signatory, draft or final."""

    period = forms.ModelChoiceField(
        queryset=MandatePeriod.objects.all(), required=False, label=_("Mandate period")
    )
    start = DateField(label=_("Start"), required=False)
    end = DateField(label=_("End"), required=False)
    version = forms.ChoiceField(
        label=_("Version"),
        choices=[
            ("draft", pgettext_lazy("document version", "Draft")),
            ("final", pgettext_lazy("document version", "Final")),
        ],
        initial="draft",
        required=False,
        help_text=_(
            "A draft is marked so and states when its figures were read on every page; "
            "a final carries the symbol and page numbers only."
        ),
    )
    symbol = forms.CharField(
        label=_("Symbol"),
        required=False,
        max_length=40,
        help_text=_("The letter's symbol, e.g. S/2006/355. By default, that of the next period."),
    )
    dated = DateField(
        required=False,
        label=_("Letter dated"),
        help_text=_("By default, five days before the period ends (26 May for 31 May)."),
    )
    distributed = DateField(
        required=False,
        label=_("Distribution date"),
        help_text=_("“Distr.: General” and this date. By default, the period's last day."),
    )
    original = forms.ChoiceField(
        label=_("Original language"),
        choices=ORIGINAL_LANGUAGES,
        initial="en",
        required=False,
        help_text=_("The language the letter was written in (“Original: …”)."),
    )
    signatory = forms.CharField(
        required=False,
        max_length=100,
        label=_("Signed by"),
        help_text=_(
            "By default, the Secretary-General on the letter's date (the back office keeps "
            "the list of signatories)."
        ),
    )
    prose = forms.ChoiceField(
        label=_("Figures in the text"),
        choices=[
            ("rounded", _("Rounded, as the Secretariat writes them (“over 500”)")),
            ("exact", _("Exact (546)")),
        ],
        initial="rounded",
        required=False,
        help_text=_("The annex always states the exact figures."),
    )
    language = report_language_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        period = data.get("period")
        if period is None:
            start, end = data.get("start"), data.get("end")
            if not (start and end):
                raise forms.ValidationError(
                    _("Choose a mandate period, or give its first and last day.")
                )
            period = MandatePeriod.objects.filter(start=start, end=end).first()
            if period is None:
                raise forms.ValidationError(
                    _(
                        "No mandate period runs from %(start)s to %(end)s; the back office "
                        "lists the periods."
                    )
                    % {"start": date_format(start, "j F Y"), "end": date_format(end, "j F Y")}
                )
        data["period"] = period
        proposed = proposed_details(period, data.get("dated"), data.get("language") or "en")
        if data.get("version") == "final":
            # A final letter states the dates the Secretariat chose, not the portal's guess;
            # its symbol and signatory may come from the period and the list of signatories.
            for name in ("symbol", "dated", "distributed", "signatory"):
                if data.get(name) or (name in ("symbol", "signatory") and proposed[name]):
                    continue
                hint = proposed[name]
                if isinstance(hint, datetime.date):
                    hint = date_format(hint, "j F Y")
                if hint:
                    message = _("A final letter needs this (proposed for this period: %(hint)s).")
                    self.add_error(name, message % {"hint": hint})
                else:
                    self.add_error(name, _("A final letter needs this."))
            # A final letter prints no English in a Russian body: each text it would print
            # untranslated is named (a draft's preview lists them instead).
            for message in missing_letter_texts(period, data.get("language") or "en"):
                self.add_error(None, message)
        return data

    def to_parameters(self) -> dict[str, Any]:
        data = self.cleaned_data
        period = data["period"]
        language = data.get("language") or "en"
        proposed = proposed_details(period, data.get("dated"), language)
        return {
            "period": period.pk,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "version": data.get("version") or "draft",
            "symbol": data.get("symbol") or proposed["symbol"],
            "dated": (data.get("dated") or proposed["dated"]).isoformat(),
            "distributed": (data.get("distributed") or proposed["distributed"]).isoformat(),
            "original": data.get("original") or "en",
            "signatory": data.get("signatory") or proposed["signatory"],
            "prose": data.get("prose") or "rounded",
            "language": language,
        }


def proposed_details(
    period: MandatePeriod, dated: datetime.date | None, language: str
) -> dict[str, Any]:
    """What the office proposes for a period's letter: the next period's symbol, dated five
    days before the period ends, distributed on its last day, signed by the holder then."""
    from untop.reports.models import Signatory

    following = MandatePeriod.objects.filter(start__gt=period.end).order_by("start").first()
    dated = dated or period.end - datetime.timedelta(days=5)
    holder = (
        Signatory.objects.filter(role="secretary-general", from_date__lte=dated)
        .filter(Q(until_date__isnull=True) | Q(until_date__gte=dated))
        .order_by("-from_date")
        .first()
    )
    return {
        "symbol": (following.symbol if following else "") or period.symbol or "",
        "dated": dated,
        "distributed": period.end,
        "signatory": holder.name_in(language) if holder else "",
    }


def _next_day(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=1)


def mandate_report_context(parameters: dict[str, Any]) -> dict[str, Any]:
    """Every figure of the letter and its annex for a mandate period, summed in SQL."""
    period = MandatePeriod.objects.get(pk=parameters["period"])
    following = MandatePeriod.objects.filter(start__gt=period.end).order_by("start").first()
    if following:
        extension_until = _next_day(following.end)
    else:
        extension_until = _next_day(period.end.replace(year=period.end.year + 1))
    activities = counted_activities_in(period)
    dialogue = activities.filter(project__area=MandateArea.NATIONAL_DIALOGUE, kind="meeting")
    dialogue_people = ParticipantCount.objects.filter(activity__in=dialogue.values("id"))
    top_categories = list(dialogue_people.by_category()[:3])
    running = Project.objects.running(period.start, period.end)
    donors, funding = funding_by_donor(period)
    # The totals and the categories, like the tables by area and centre and the people by
    # age and disability, are read from the summary rows of the period's months.
    totals = participant_totals_of(activities)
    # Read from the summary rows of the period's months, as the tables by area and centre are.
    people_groups = people_by_age_and_disability(activities, totals)
    language = parameters.get("language") or "en"
    # The office's peacebuilding began with its first mandate period ("the past six years").
    first_start = MandatePeriod.objects.order_by("start").values_list("start", flat=True)[0]
    indicators = with_indicator_traces(
        indicator_progress(period=period, projects=running), period.start, period.end
    )
    return {
        "period": period,
        "peacebuilding_since": first_start.year,
        "peacebuilding_years": period.end.year - first_start.year,
        "symbol": parameters.get("symbol") or (following.symbol if following else period.symbol),
        "dated": datetime.date.fromisoformat(parameters["dated"]),
        # Letters built before the distribution date was asked for: distributed as dated.
        "distributed": datetime.date.fromisoformat(
            parameters.get("distributed") or parameters["dated"]
        ),
        "original": parameters.get("original") or "en",
        "original_name": dict(ORIGINAL_LANGUAGES).get(parameters.get("original") or "en"),
        "final": parameters.get("version") == "final",
        "prose": parameters.get("prose") or "rounded",
        "signatory": parameters.get("signatory", ""),
        "missing_texts": missing_letter_texts(period, language, people_groups=people_groups),
        "extension_until": extension_until,
        "dialogue": {
            **dialogue_people.totals(),
            "meetings": dialogue.count(),
            "area": MandateArea.NATIONAL_DIALOGUE,
            "regions": dialogue.values("centre__region").distinct().count(),
            "categories_text": list_words(
                [localized(row, "category__name").lower() for row in top_categories]
            ),
        },
        "totals": totals,
        "people_groups": people_groups,
        "by_area": participants_by_area(activities),
        "by_centre": participants_by_centre(activities),
        "by_category": participants_by_category(activities),
        "indicators": indicators,
        # Longer than a page of the annex: on pages of its own, its rows drawn (report.css).
        "indicators_long": len(indicators) > ANNEX_PAGE_ROWS,
        # The annex names donors in the report's language; the areas add their own tables.
        "donors": funding_rows(with_donor_names(donors), period.start, period.end),
        "funding_traces": {
            "pledged": pledges_trace(period.start, period.end),
            "received": contributions_trace(period.start, period.end),
            "pledged_by_governments": government_pledges_trace(period.start, period.end),
        },
        "annex_parts": annex_parts(period),
        "funding": funding,
        "pledged_by_governments": Pledge.objects.filter(
            pledged_on__range=(period.start, period.end), donor__kind=Donor.Kind.GOVERNMENT
        ).aggregate(total=Sum("amount_usd"))["total"],
    }


def _describe(parameters: dict[str, Any]) -> str:
    """The report's title in the list: symbol, period, language, draft or final."""
    start, end = (datetime.date.fromisoformat(parameters[k]) for k in ("start", "end"))
    symbol = parameters.get("symbol") or "S/…"
    language = {"en": "English", "ru": "Russian"}.get(parameters.get("language") or "en", "")
    version = "final" if parameters.get("version") == "final" else "draft"
    return (
        f"{symbol}: mandate-renewal letter, {start:%-d %b %Y} – {end:%-d %b %Y}, "
        f"{language}, {version}"
    )


def _file_stem(parameters: dict[str, Any]) -> str:
    """S-2006-355-en (a final), S-2006-355-en-draft (a draft)."""
    symbol = (parameters.get("symbol") or "mandate-letter").replace("/", "-")
    draft = "" if parameters.get("version") == "final" else "-draft"
    return f"{symbol}-{parameters.get('language') or 'en'}{draft}"


def _narrative_scope(parameters: dict[str, Any]) -> str:
    """Narratives of the letter belong to its mandate period."""
    return f"period:{parameters['period']}"


def _period_years(context: dict[str, Any]) -> str:
    """'2005/06': the period as the letter names it ("carried out in 2005/06")."""
    period = context["period"]
    if period.start.year == period.end.year:
        return str(period.start.year)
    return f"{period.start.year}/{period.end.year % 100:02d}"


def _dialogue_records(context: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The national dialogue meetings of the period, in the activity list."""
    period = context["period"]
    return "programs:activity_list", {
        "area": MandateArea.NATIONAL_DIALOGUE,
        "kind": "meeting",
        "counted": "on",
        "start_from": period.start.isoformat(),
        "start_to": period.end.isoformat(),
    }


# The figures a manager may name in the letter's own narrative slots ({extension_until}…),
# read from mandate_report_context.
MANDATE_PLACEHOLDERS = (
    Placeholder(
        "dialogue_participants",
        _("People who took part in the national dialogue meetings of the period"),
        lambda context: context["dialogue"]["total"],
        trace=_dialogue_records,
    ),
    Placeholder(
        "dialogue_meetings",
        _("National dialogue meetings held in the period"),
        lambda context: context["dialogue"]["meetings"],
        figure="count",
        gender="f",
        trace=_dialogue_records,
    ),
    Placeholder(
        "dialogue_regions",
        _("Regions where national dialogue meetings were held"),
        lambda context: context["dialogue"]["regions"],
        figure="count",
    ),
    Placeholder(
        "participants",
        _("People who took part in all the Office's activities of the period"),
        lambda context: context["totals"]["total"],
    ),
    Placeholder(
        "pledged_by_governments",
        _("Pledged by donor governments in the period (US$)"),
        lambda context: context["pledged_by_governments"],
        figure="money",
    ),
    Placeholder(
        "pledged_by_all_donors",
        _("Pledged by all donors in the period (US$)"),
        lambda context: context["funding"]["pledged"],
        figure="money",
    ),
    Placeholder(
        "period_start",
        _("The period's first day"),
        lambda context: context["period"].start,
        figure="date",
    ),
    Placeholder(
        "period_end",
        _("The period's last day"),
        lambda context: context["period"].end,
        figure="date",
    ),
    Placeholder(
        "period_years",
        _("The period as the letter names it (2005/06)"),
        _period_years,
        figure="text",
    ),
    Placeholder(
        "peacebuilding_years",
        _("Years of peacebuilding since the Office's first mandate began, to the period's end"),
        lambda context: context["peacebuilding_years"],
        figure="count",
    ),
    Placeholder(
        "peacebuilding_since",
        _("The year the Office's first mandate began"),
        lambda context: context["peacebuilding_since"],
        figure="text",
    ),
    Placeholder(
        "extension_until",
        _("The day the proposed extension runs until"),
        lambda context: context["extension_until"],
        figure="date",
    ),
)


MANDATE_REPORT = ReportKind(
    code="mandate",
    label=_("Mandate-renewal report"),
    template_name="programs/reports/mandate_report.html",
    form_class=MandateReportForm,
    build_context=mandate_report_context,
    describe=_describe,
    file_stem=_file_stem,
    summary=lambda parameters: letter_summary(parameters),  # defined at the end of the file
    listing=lambda many: letter_listing(many),
    narrative_scope=_narrative_scope,
    narrative_slots=(
        ("context", _("The political context (after the opening paragraph)")),
        ("national_dialogue", _("National dialogue")),
        (
            "extension",
            _("The extension (replaces the closing paragraph that proposes it)"),
        ),
    ),
    placeholders=MANDATE_PLACEHOLDERS,
    narrative_defaults=LETTER_DEFAULTS,
    warnings=report_warnings,
)


def mandate_scope(parameters: dict[str, Any]) -> MandatePeriod:
    """The mandate period a letter covers; area sections of the letter start from it."""
    return MandatePeriod.objects.get(pk=parameters["period"])


def activities_by_project(period: MandatePeriod, area: str) -> list[dict[str, Any]]:
    """An area's projects with their counted activities and participants in the period, each
    with ``phrase``: how the letter names its work in the report's language.

    One query; area sections of the letter use it for their paragraph. ``kind`` is the
    activities' kind when they are all of one kind, else None.
    """
    kept = summary.projects_in(period.start, period.end)
    if kept is not None:  # the summary rows per month and project (programs/summary.py)
        grouped = kept.filter(area=area).values(
            "project__code", "project__title", *LETTER_PHRASE_FIELDS
        )
        figures = {
            "summed_activities": Sum("activities"),
            "people": Coalesce(Sum(F("women") + F("men")), 0),
        }
    else:
        grouped = (
            counted_activities_in(period)
            .filter(project__area=area)
            .values("project__code", "project__title", *LETTER_PHRASE_FIELDS)
        )
        figures = {
            "summed_activities": Count("id", distinct=True),
            "people": Coalesce(Sum(F("participants__women") + F("participants__men")), 0),
        }
    rows = list(
        grouped.annotate(
            kinds=Count("kind", distinct=True), first_kind=Min("kind"), **figures
        ).order_by("project__code")
    )
    for row in rows:
        row["activities"] = row.pop("summed_activities")
        row["phrase"] = letter_phrase(row)
        row["kind"] = row["first_kind"] if row["kinds"] == 1 else None
    return rows


# The areas whose paragraphs of the letter name each project by its letter phrase.
PHRASED_AREAS = (MandateArea.ELECTIONS, MandateArea.HUMAN_RIGHTS)
LETTER_PHRASE_FIELDS = (
    "project__letter_phrase",
    "project__letter_phrase_ru",
    "project__letter_phrase_tg",
)


def letter_phrase(row: dict[str, Any]) -> str:
    """A project's letter phrase in the active language, else in English, else its title."""
    return localized(row, "project__letter_phrase") or row["project__title"]


def missing_letter_texts(
    period: MandatePeriod, language: str, people_groups: dict[str, Any] | None = None
) -> list[str]:
    """What a letter in ``language`` would print in English for want of a translation, each
    saying what it is and where to add it: the letter phrase of each project its paragraphs
    name, then the names its annex prints (indicators and their units, donors, participant
    categories, centres, age bands, and the areas' tables: needs assessment missions). Empty
    for English.

    A fixed number of queries, whatever the number of rows: one per kind of name (five), the
    three of `people_by_age_and_disability` unless the letter's ``people_groups`` are given,
    and those of the areas' annex tables (one for the missions).
    """
    if language == "en":
        return []
    from .models import Centre, Indicator, ParticipantCategory

    field = f"letter_phrase_{language}"
    counted = counted_activities_in(period).values("id")
    projects = (
        Project.objects.filter(area__in=PHRASED_AREAS, activities__in=counted)
        .filter(**{field: ""})
        .distinct()
        .order_by("code")
        .values_list("code", "title")
    )
    if language == "ru":
        message = _(
            "No Russian letter phrase for project %(code)s (%(title)s): add it in the back office."
        )
    else:
        message = _(
            "No letter phrase in the report's language for project %(code)s (%(title)s): add "
            "it in the back office."
        )
    missing = [str(message % {"code": code, "title": title}) for code, title in projects]
    # The annex's indicators: those of the projects running in the period.
    indicators = list(
        Indicator.objects.filter(project__start__lte=period.end, project__end__gte=period.start)
        .filter(Q(**{f"name_{language}": ""}) | Q(**{f"unit_{language}": ""}))
        .order_by("project__code", "id")
        .values("project__code", "name", f"name_{language}", "unit", f"unit_{language}")
    )
    for row in indicators:
        for kind, text in (("indicator_name", "name"), ("indicator_unit", "unit")):
            missing += untranslated([row], text, language, kind, name="name", code="project__code")
    # The donors with a pledge or a payment in the period (the annex's funding table).
    in_period = (period.start, period.end)
    donors = (
        Donor.objects.filter(
            Q(pledges__pledged_on__range=in_period) | Q(contributions__received_on__range=in_period)
        )
        .filter(**{f"name_{language}": ""})
        .distinct()
        .order_by("name")
        .values("name", f"name_{language}")
    )
    missing += untranslated(donors, "name", language, "donor")
    # The categories of the people counted in the period (the prose and the annex).
    categories = (
        ParticipantCategory.objects.filter(counts__activity__in=counted)
        .filter(**{f"name_{language}": ""})
        .distinct()
        .order_by("name")
        .values("name", f"name_{language}")
    )
    missing += untranslated(categories, "name", language, "category")
    # Every centre is listed in the annex, with or without activities.
    centres = Centre.objects.filter(**{f"name_{language}": ""}).order_by("name")
    missing += untranslated(centres.values("name", f"name_{language}"), "name", language, "centre")
    # The age bands, when the annex's table by age is printed.
    if people_groups is None:
        people_groups = people_by_age_and_disability(counted_activities_in(period))
    shown = age_bands_shown({"people_groups": people_groups})
    missing += untranslated(shown, "name", language, "age_band")
    return missing + annex_missing_texts(period, language)


def letter_listing(many: list[dict[str, Any]]) -> list[Any]:
    """Letters in the list of reports (a ReportListing each): the period, draft or final,
    the symbol. No query."""
    from untop.reports.registry import ReportListing, period_in_words

    versions = dict(MandateReportForm.base_fields["version"].choices)
    return [
        ReportListing(
            covers=period_in_words(parameters.get("start", ""), parameters.get("end", "")),
            version=str(versions.get(parameters.get("version") or "draft", "")),
            symbol=parameters.get("symbol") or "",
        )
        for parameters in many
    ]


def letter_summary(parameters: dict[str, Any]) -> list[tuple[str, str]]:
    """A letter's page: the period and the document details the manager chose, in words.
    No query: the parameters hold them all."""
    from django.utils.text import capfirst
    from django.utils.translation import gettext

    from untop.reports.registry import report_language_name

    def day(name: str) -> str:
        value = parameters.get(name) or ""
        try:
            # "26 May 2006", "26 мая 2006": the month as a date names it.
            return date_format(datetime.date.fromisoformat(value), "j E Y")
        except ValueError:
            return value

    fields = MandateReportForm.base_fields
    distributed = "distributed" if parameters.get("distributed") else "dated"
    listed = letter_listing([parameters])[0]
    rows = [
        (gettext("Covers"), listed.covers),
        (gettext("Language"), report_language_name(parameters.get("language"))),
        (gettext("Version"), listed.version),
        (gettext("Symbol"), listed.symbol),
        (gettext("Letter dated"), day("dated")),
        # Letters asked for before the distribution date was: distributed as dated.
        (gettext("Distribution date"), day(distributed)),
        (gettext("Signed by"), parameters.get("signatory") or ""),
        (
            gettext("Original language"),
            str(capfirst(dict(ORIGINAL_LANGUAGES).get(parameters.get("original") or "en", ""))),
        ),
        (
            gettext("Figures in the text"),
            str(dict(fields["prose"].choices).get(parameters.get("prose") or "rounded", "")),
        ),
    ]
    # Letters asked for before a detail existed do not have it: leave the line out.
    return [(label, value) for label, value in rows if value]
