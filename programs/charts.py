"""The pages' figures shaped for their charts and map (static/js/dashboard.js, drawn in the
portal's one chart theme, static/js/chart-theme.js); no query.

Shaping happens after the figures cache, in the reader's language: names come from the rows'
Russian and Tajik fields, numbers with the language's grouping, and the words around a number
(participants, activities, meetings) in the language's plural form. The PDF reports draw
their own charts (untop/reports/charts.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.utils.formats import get_format, number_format
from django.utils.translation import gettext, ngettext

from untop.reports.templatetags.report_figures import localized

# The map's shades, light to dark (the theme holds the colours): at most this many classes.
MAP_CLASSES = 5


def _number(value: Decimal | int | None) -> float | int:
    """A figure as JSON can carry it (json_script would turn a Decimal into a string)."""
    if value is None:
        return 0
    return float(value) if isinstance(value, Decimal) else value


def number_text(value: Decimal | int | float | None) -> str:
    """A whole number as the reader's language writes it: "26,406", "26 406"."""
    return number_format(round(_number(value)), decimal_pos=0, force_grouping=True)


def people_text(count: int) -> str:
    return ngettext("%(people)s participant", "%(people)s participants", count) % {
        "people": number_text(count)
    }


def activities_text(count: int) -> str:
    return ngettext("%(activities)s activity", "%(activities)s activities", count) % {
        "activities": number_text(count)
    }


def meetings_text(count: int) -> str:
    return ngettext("%(meetings)s meeting", "%(meetings)s meetings", count) % {
        "meetings": number_text(count)
    }


def chart_locale() -> dict[str, Any]:
    """How the theme writes numbers and money in the reader's language (Django's formats:
    browsers' own number data lacks Tajik)."""
    return {
        "decimal": get_format("DECIMAL_SEPARATOR"),
        "thousands": get_format("THOUSAND_SEPARATOR"),
        # Translators: a sum of money in US dollars on a chart; keep %(amount)s.
        "money": gettext("US$ %(amount)s"),
    }


def _by_value(rows: Iterable[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    """Largest first by `keys` in turn, then by name: a bar chart's order."""
    return sorted(rows, key=lambda row: (*(-_number(row[key]) for key in keys), str(row["name"])))


def _sex_bars(rows: list[dict[str, Any]]) -> dict[str, Any]:
    rows = _by_value(rows, "total", "women")
    return {
        "type": "bar",
        "stacked": True,
        "horizontal": True,
        "labels": [localized(row, "name") for row in rows],
        "datasets": [
            {"label": gettext("Women"), "colour": "women", "data": [row["women"] for row in rows]},
            {"label": gettext("Men"), "colour": "men", "data": [row["men"] for row in rows]},
        ],
    }


def quantile_classes(values: Iterable[int], classes: int = MAP_CLASSES) -> list[tuple[int, int]]:
    """Quantile breaks of the figures above zero: at most `classes` classes holding about as
    many figures each, as (lowest, highest) of the figures in each, smallest first.

    Nearest-rank breaks rather than `statistics.quantiles`, which interpolates: each break is
    a region's own figure, so the legend names figures that exist."""
    present = sorted(value for value in values if value > 0)
    if not present:
        return []
    count = min(classes, len(set(present)))
    uppers = sorted({present[math.ceil(i * len(present) / count) - 1] for i in range(1, count + 1)})
    found: list[tuple[int, int]] = []
    low_index = 0
    for upper in uppers:
        members = [value for value in present[low_index:] if value <= upper]
        found.append((members[0], members[-1]))
        low_index += len(members)
    return found


def _shade(index: int, classes: int) -> int:
    """The shade (0 lightest … MAP_CLASSES − 1 darkest) of class `index` of `classes`, spread
    over the whole scale when there are fewer classes than shades."""
    if classes <= 1:
        return MAP_CLASSES - 1
    return round(index * (MAP_CLASSES - 1) / (classes - 1))


def _range_text(low: int, high: int) -> str:
    return number_text(low) if low == high else f"{number_text(low)}–{number_text(high)}"


def region_map_data(
    rows: list[dict[str, Any]], *, count_text: Callable[[int], str]
) -> dict[str, Any]:
    """Participants per region keyed by ISO 3166-2 code, shaded by quantile classes, with the
    names, the figure written on each region, its tooltip and the legend."""
    classes = quantile_classes(row["total"] for row in rows)
    regions = {}
    for row in rows:
        shade = -1
        for index, (low, high) in enumerate(classes):
            if low <= row["total"] <= high:
                shade = _shade(index, len(classes))
        name = localized(row, "name")
        regions[row["code"]] = {
            "name": name,
            "total": row["total"],
            "shade": shade,
            "value": number_text(row["total"]),
            # Translators: e.g. "Sughd: 1,234 participants, 12 activities".
            "tooltip": gettext("%(region)s: %(people)s, %(count)s")
            % {
                "region": name,
                "people": people_text(row["total"]),
                "count": count_text(row["activities"]),
            },
        }
    legend = [{"shade": -1, "text": gettext("No participants")}]
    legend += [
        {"shade": _shade(index, len(classes)), "text": _range_text(low, high)}
        for index, (low, high) in enumerate(classes)
    ]
    return {"regions": regions, "legend": legend, "centres": []}


def centre_points(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The centres at their recorded position; a centre without one is left off the map (its
    table still lists it)."""
    points = []
    for row in rows:
        latitude, longitude = row.get("latitude"), row.get("longitude")
        if latitude is None or longitude is None:
            continue
        name = localized(row, "name")
        points.append(
            {
                "name": name,
                "lat": float(latitude),
                "lon": float(longitude),
                # Translators: a centre on the map, e.g. "Khujand: 12 activities, 1,234
                # participants".
                "tooltip": gettext("%(centre)s: %(count)s, %(people)s")
                % {
                    "centre": name,
                    "count": activities_text(row["activities_n"]),
                    "people": people_text(row["total"]),
                },
            }
        )
    return points


def dashboard_chart_data(figures: dict[str, Any]) -> dict[str, Any]:
    """The dashboard's figures shaped for dashboard.js (charts and map); no query."""
    totals = figures["totals"]
    centres = [row for row in figures["by_centre"] if row["activities_n"]]
    charts: dict[str, Any] = {
        "sex": {
            "type": "doughnut",
            "labels": [gettext("Women"), gettext("Men")],
            "datasets": [
                {
                    "label": gettext("Participants"),
                    "colours": ["women", "men"],
                    "data": [totals["women"], totals["men"]],
                }
            ],
        },
        "areas": _sex_bars([{**row, "name": str(row["name"])} for row in figures["by_area"]]),
        "centres": _sex_bars(centres),
    }
    funding = figures.get("funding")
    if funding:
        donors = _by_value(funding["donors"], "pledged", "received")
        if others := funding.get("other_donors"):
            # The donors the table does not name, summed in one bar after the others.
            label = ngettext("The other donor", "The other %(counter)s donors", others["count"]) % {
                "counter": others["count"]
            }
            donors.append({**others, "name": label})
        charts["funding"] = {
            "type": "bar",
            "money": True,
            "horizontal": True,
            "labels": [localized(row, "name") for row in donors],
            "datasets": [
                {
                    "label": gettext("Pledged (US$)"),
                    "colour": "pledged",
                    "data": [_number(row["pledged"]) for row in donors],
                },
                {
                    "label": gettext("Received (US$)"),
                    "colour": "received",
                    "data": [_number(row["received"]) for row in donors],
                },
            ],
        }
    region_map = region_map_data(figures["by_region"], count_text=activities_text)
    region_map["centres"] = centre_points(centres)
    region_map["centreLegend"] = gettext("Office centre")
    return {"locale": chart_locale(), "charts": charts, "map": region_map}


def dialogue_chart_data(figures: dict[str, Any]) -> dict[str, Any]:
    """The dialogue page's figures shaped for dashboard.js; no query."""
    mix = figures["mix"]
    return {
        "locale": chart_locale(),
        "charts": {
            "regions": _sex_bars(figures["by_region"]),
            "mix": {
                "type": "bar",
                "stacked": True,
                "share": True,
                "labels": [row["label"] for row in mix["rows"]],
                "totals": [row["total"] for row in mix["rows"]],
                "datasets": [
                    {
                        "label": localized(category, "name"),
                        "colour": index,
                        "data": [row["cells"][index] for row in mix["rows"]],
                    }
                    for index, category in enumerate(mix["categories"])
                ],
            },
        },
        "map": region_map_data(figures["by_region"], count_text=meetings_text),
    }
