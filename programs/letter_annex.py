"""The letter's annex: the tables of what the letter sums, and the areas' own tables.

The programs app tabulates activities, participants, indicators and funding; an area app adds
a table of its own (the elections app: the needs assessment missions of the period) by
registering an ``AnnexPart`` in its ``portal.py``, so the letter never imports an area.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from untop.registry import Registry

from .models import Donor, MandatePeriod
from .report_traces import contributions_trace, pledges_trace


def _nothing_missing(period: MandatePeriod, language: str) -> list[str]:
    return []


@dataclass(frozen=True)
class AnnexPart:
    """An area's table in the letter's annex.

    ``build`` takes the mandate period and returns the table's context, or None when the area
    has nothing to tabulate; ``template_name`` is included in the annex with it as ``annex``
    (the annex's own context too: ``preview``, ``filters_start``…). ``missing_texts`` lists,
    in a fixed number of queries, each name the table would print in English in a report in
    ``language`` (see programs.report_texts).
    """

    code: str
    template_name: str
    build: Callable[[MandatePeriod], dict[str, Any] | None]
    missing_texts: Callable[[MandatePeriod, str], list[str]] = _nothing_missing
    order: int = 100


_parts: Registry = Registry("letter annex part")


def register_annex_part(part: AnnexPart) -> None:
    """Add an area's table to the letter's annex (an app's portal.py calls it), once per
    code."""
    _parts.register(part.code, part)


def registered_annex_parts() -> list[AnnexPart]:
    """The areas' annex tables, in order."""
    return sorted(_parts.values(), key=lambda part: (part.order, part.code))


def annex_parts(period: MandatePeriod) -> list[dict[str, Any]]:
    """Each area's annex table for the period that has something to show: its template and
    context. The queries are the parts' own, a fixed number each."""
    built = []
    for part in registered_annex_parts():
        context = part.build(period)
        if context is not None:
            built.append({"code": part.code, "template_name": part.template_name, **context})
    return built


def annex_missing_texts(period: MandatePeriod, language: str) -> list[str]:
    """What the areas' annex tables would print in English in a report in ``language``."""
    if language == "en":
        return []
    return [
        message
        for part in registered_annex_parts()
        for message in part.missing_texts(period, language)
    ]


def with_donor_names(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Funding rows (``id``, ``name``…) with each donor's Russian and Tajik names, so the
    annex names donors in the report's language. One query, none without rows."""
    if not rows:
        return rows
    names = {
        row["id"]: row
        for row in Donor.objects.filter(pk__in=[row["id"] for row in rows]).values(
            "id", "name_ru", "name_tg"
        )
    }
    return [{**row, **names.get(row["id"], {})} for row in rows]


def funding_rows(rows: list[dict[str, Any]], start, end) -> list[dict[str, Any]]:
    """Funding rows with the back office's pledges and contributions each figure sums. No
    query."""
    return [
        {
            **row,
            "pledged_trace": pledges_trace(start, end, donor=row["id"]),
            "received_trace": contributions_trace(start, end, donor=row["id"]),
        }
        for row in rows
    ]
