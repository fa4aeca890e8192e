"""The pages' figures shaped for their charts and map (static/js/dashboard.js); no query.

The PDF reports draw their own charts (untop/reports/charts.py).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext


def _number(value: Decimal | int | None) -> float | int:
    """A figure as JSON can carry it (json_script would turn a Decimal into a string)."""
    if value is None:
        return 0
    return float(value) if isinstance(value, Decimal) else value


def _sex_bars(rows: list[dict[str, Any]], label_key: str = "name") -> dict[str, Any]:
    return {
        "type": "bar",
        "stacked": True,
        "labels": [row[label_key] for row in rows],
        "datasets": [
            {"label": gettext("Women"), "colour": "women", "data": [row["women"] for row in rows]},
            {"label": gettext("Men"), "colour": "men", "data": [row["men"] for row in rows]},
        ],
    }


def region_map_data(rows: list[dict[str, Any]], *, count_label: str) -> dict[str, Any]:
    """Participants per region keyed by ISO 3166-2 code, for the choropleth map."""
    return {
        "countLabel": count_label,
        "regions": {
            row["code"]: {"name": row["name"], "total": row["total"], "count": row["activities"]}
            for row in rows
        },
    }


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
        "areas": {**_sex_bars(figures["by_area"]), "horizontal": True},
        "centres": {**_sex_bars(centres), "horizontal": True},
    }
    funding = figures.get("funding")
    if funding:
        charts["funding"] = {
            "type": "bar",
            "money": True,
            "horizontal": True,
            "labels": [row["name"] for row in funding["donors"]],
            "datasets": [
                {
                    "label": gettext("Pledged (US$)"),
                    "colour": "pledged",
                    "data": [_number(row["pledged"]) for row in funding["donors"]],
                },
                {
                    "label": gettext("Received (US$)"),
                    "colour": "received",
                    "data": [_number(row["received"]) for row in funding["donors"]],
                },
            ],
        }
    return {
        "charts": charts,
        "map": region_map_data(figures["by_region"], count_label=gettext("activities")),
    }


def dialogue_chart_data(figures: dict[str, Any]) -> dict[str, Any]:
    """The dialogue page's figures shaped for dashboard.js; no query."""
    mix = figures["mix"]
    return {
        "charts": {
            "regions": {**_sex_bars(figures["by_region"]), "horizontal": True},
            "mix": {
                "type": "bar",
                "stacked": True,
                "share": True,
                "labels": [row["label"] for row in mix["rows"]],
                "totals": [row["total"] for row in mix["rows"]],
                "datasets": [
                    {
                        "label": category["name"],
                        "colour": index,
                        "data": [row["cells"][index] for row in mix["rows"]],
                    }
                    for index, category in enumerate(mix["categories"])
                ],
            },
        },
        "map": region_map_data(figures["by_region"], count_label=gettext("meetings")),
    }
