"""The kinds of report the portal can build.

Apps register a kind in their ``portal.py``; the report pages, the Celery task and
``manage.py build_report`` look kinds up here, so report code never imports an area app.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext

from untop.registry import Registry


@dataclass(frozen=True)
class Placeholder:
    """A figure a manager may name in a narrative, e.g. ``{dialogue_participants}``.

    ``read`` takes the built context of the part of the report the narrative belongs to (the
    kind's context for its own slots, an area section's for its section) and returns the
    figure; ``figure`` says how the letter writes it: ``people`` (a count of people, "over
    500" or exact as the report's prose asks), ``count`` (a small count, one to nine in
    words; ``gender`` "f" for Russian feminine nouns), ``money`` (US dollars, rounded or
    exact), ``date`` (the report's date format), ``month`` ("November 2006") or ``text``
    (as read). ``trace`` optionally names the records the figure sums, as the URL name and
    the filters of a list, so the web preview links the figure to them.
    """

    name: str
    description: str
    read: Callable[[dict[str, Any]], Any]
    figure: str = "people"
    gender: str = ""
    trace: Callable[[dict[str, Any]], tuple[str, dict[str, Any]]] | None = None

    def value_in(self, context: dict[str, Any], *, prose: str = "rounded") -> str:
        """The figure as the report prints it, in the active language ("…" when the data
        has none)."""
        from .templatetags.report_figures import about, about_usd, spelled

        value = self.read(context)
        if value is None or value == "":
            return "…"
        if self.figure == "people":
            return str(about(value, prose))
        if self.figure == "count":
            return str(spelled(value, self.gender))
        if self.figure == "money":
            return str(about_usd(value, prose))
        if self.figure == "date":
            return date_format(value, pgettext("date in a report", "j F Y"))
        if self.figure == "month":
            month = date_format(value, "F Y")
            # Russian names the month in the nominative with a capital ("Ноябрь"); in the
            # middle of a sentence it is written in lower case ("на ноябрь 2006 года").
            return month.lower() if (get_language() or "en")[:2] == "ru" else month
        return str(value)

    def html_in(self, context: dict[str, Any], *, prose: str, preview: bool) -> SafeString:
        """The figure for a report's HTML: in the web preview, a link to its records."""
        text = self.value_in(context, prose=prose)
        if not (preview and self.trace):
            return conditional_escape(text)
        from .templatetags.report_figures import trace_link

        url_name, filters = self.trace(context)
        return trace_link(text, url_name, filters=filters)


@dataclass(frozen=True)
class ReportKind:
    """How to ask for one kind of report and what goes into it.

    ``form_class`` validates the parameters (from the request page or the command line) and
    turns them into JSON-safe values with ``to_parameters()``; ``build_context`` takes those
    values and returns the template context, every figure read from the database.
    """

    code: str
    label: str
    template_name: str
    form_class: type[forms.Form]
    build_context: Callable[[dict[str, Any]], dict[str, Any]]
    describe: Callable[[dict[str, Any]], str]
    # What the managers' narrative belongs to (a mandate period, a donor and period), and
    # the kind's own places for it; each area section registered for the kind has one too.
    narrative_scope: Callable[[dict[str, Any]], str] | None = None
    narrative_slots: tuple[tuple[str, str], ...] = ()
    # The downloaded file's name without its extension, e.g. "S-2006-355-en"; by default
    # the kind's code and the report's number.
    file_stem: Callable[[dict[str, Any]], str] | None = None
    # The report's parameters in words for its page, as (label, value) pairs: ("Covers",
    # "1 Jun 2005 – 31 May 2006"), ("Version", "Draft")…; the page shows the kind first.
    summary: Callable[[dict[str, Any]], list[tuple[str, str]]] | None = None
    # The same, short, for many reports at once (the list of reports): one ReportListing
    # per parameters, in order, with one query at most for them all.
    listing: Callable[[list[dict[str, Any]]], list[ReportListing]] | None = None
    # The figures a manager may name in the kind's own slots, read from ``build_context``.
    placeholders: tuple[Placeholder, ...] = ()
    # The Secretariat's usual wording of each slot, to adapt: {language: {slot: text}}.
    narrative_defaults: dict[str, dict[str, str]] = field(default_factory=dict)
    # What a manager should know before building: data of the report's dates that it would
    # leave out or that looks doubtful, as (message, link) pairs; the form asks to confirm.
    warnings: Callable[[dict[str, Any]], list[tuple[str, str]]] | None = None


@dataclass(frozen=True)
class ReportListing:
    """A report in the list: what it covers, and for kinds that have them, its version
    (draft or final) and symbol; blank where the kind has none."""

    covers: str
    version: str = ""
    symbol: str = ""


def report_language_name(code: str | None) -> str:
    """A report's language in the reader's words: "English", "Russian"."""
    from .forms import REPORT_LANGUAGES

    return str(dict(REPORT_LANGUAGES).get(code or "en", code or ""))


def period_in_words(start: str, end: str) -> str:
    """A report's period from its ISO dates, in the reader's language: "1 Jun 2005 – 31 May
    2006"; the dates as given when they are not dates, blank without them."""
    if not (start and end):
        return ""
    try:
        first, last = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    except (TypeError, ValueError):
        return f"{start} – {end}"
    start, end = (date_format(day, "SHORT_DATE_FORMAT") for day in (first, last))
    return f"{start} – {end}"


_kinds: Registry = Registry("report kind")


def register_report_kind(kind: ReportKind) -> None:
    """Make a kind of report available (an app's portal.py calls it), once per code."""
    _kinds.register(kind.code, kind)


def get_report_kind(code: str) -> ReportKind:
    """The registered kind with this code; KeyError when there is none."""
    return _kinds[code]


def report_kinds() -> list[ReportKind]:
    """Every registered kind, in the order the apps registered them."""
    return list(_kinds.values())


@dataclass(frozen=True)
class ReportSection:
    """An area's part of a kind of report.

    ``build`` takes the report's parameters (as the kind's form gives them) and returns the
    section's template context, or None when the area has nothing to say for them; the
    report renders ``template_name`` with it, after the kind's own content, by ``order``.
    """

    kind: str
    code: str
    title: str
    template_name: str
    build: Callable[[dict[str, Any]], dict[str, Any] | None]
    order: int = 100
    # The figures a manager may name in the section's narrative, read from ``build``.
    placeholders: tuple[Placeholder, ...] = ()
    # The Secretariat's usual wording of the section's narrative: {language: text}.
    narrative_default: dict[str, str] = field(default_factory=dict)


#: The areas' sections by (kind of report, section code).
_sections: Registry = Registry("report section")


def register_report_section(section: ReportSection) -> None:
    """Add an area's section to a kind of report (an app's portal.py calls it), once per
    kind and code."""
    _sections.register((section.kind, section.code), section)


def report_sections(kind: str) -> list[ReportSection]:
    """The sections registered for a kind of report, in order."""
    found = [section for (of_kind, _code), section in _sections.items() if of_kind == kind]
    return sorted(found, key=lambda entry: entry.order)


def narrative_slots(kind: ReportKind) -> list[tuple[str, str]]:
    """Where managers may write in a kind of report: its own slots, then each area's."""
    return list(kind.narrative_slots) + [
        (section.code, section.title) for section in report_sections(kind.code)
    ]


def slot_placeholders(kind: ReportKind, slot: str) -> tuple[Placeholder, ...]:
    """The figures a narrative slot may name: the kind's for its own slots, an area
    section's for its section; none for a slot the kind does not have."""
    if slot in dict(kind.narrative_slots):
        return kind.placeholders
    for section in report_sections(kind.code):
        if section.code == slot:
            return section.placeholders
    return ()


def narrative_default(kind: ReportKind, slot: str, language: str) -> str:
    """The Secretariat's usual wording of a slot in a language; blank when there is none."""
    if slot in dict(kind.narrative_slots):
        return kind.narrative_defaults.get(language, {}).get(slot, "")
    for section in report_sections(kind.code):
        if section.code == slot:
            return section.narrative_default.get(language, "")
    return ""
