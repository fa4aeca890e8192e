"""Import and export of the recommendations of UN electoral needs-assessment missions, copied
from the mission's report: one row per numbered recommendation, the mission named by its
title and first day (natural keys, never ids)."""

from __future__ import annotations

from collections.abc import Iterable

from programs.resources import RuleCheckedImporter
from untop.imports.columns import CellError, Column, choice, date_value, text
from untop.imports.engine import ParsedRow, RowError

from .models import NeedsAssessmentMission, Recommendation


def _number(raw) -> int:
    value = text(5)(raw)
    if not value.isdigit() or int(value) == 0:
        raise CellError(f"“{value}” is not a recommendation number (1, 2, 3, …).")
    return int(value)


class MissionRecommendationImporter(RuleCheckedImporter):
    """No rule of the office reaches a recommendation (its follow-up goes on after the
    mission's period is locked); as a RuleCheckedImporter, a rule declared for it later
    (programs.rules.govern) is checked per row, against what the file's check loaded once."""

    key, label, model = (
        "mission-recommendations",
        "Election mission recommendations",
        Recommendation,
    )
    permission = "elections.add_recommendation"
    description = (
        "One row per numbered recommendation of a needs-assessment mission, named by the "
        "mission's title and first day. A number already saved changes that recommendation."
    )
    key_columns = ("mission", "mission_start", "number")
    match_on = ("mission_record", "number")
    export_related = ("mission",)
    field_of = {
        "mission_record": "mission",
        "number": "number",
        "text": "text",
        "owner": "owner",
        "follow_up": "follow_up",
        "follow_up_note": "follow_up_note",
    }

    def columns(self) -> list[Column]:
        return [
            Column("mission", "The mission's title.", text(200)),
            Column("mission_start", "The mission's first day.", date_value),
            Column("number", "The recommendation's number.", _number, example="3"),
            Column("text", "What the mission recommended.", text(20_000)),
            Column("owner", "Who is responsible for the follow-up.", text(200)),
            Column(
                "follow_up",
                "open, in_progress, implemented or not_implemented.",
                choice(Recommendation.FollowUp.choices),
                required=False,
            ),
            Column("follow_up_note", "How far it has been followed up.", text(20_000), False),
        ]

    def check(self, rows: list[ParsedRow]) -> Iterable[RowError]:
        """Find each row's mission by title and first day (one query for the file)."""
        missions = {
            (mission.title.strip().lower(), mission.start): mission
            for mission in NeedsAssessmentMission.objects.filter(
                start__in={row.values["mission_start"] for row in rows}
            )
        }
        errors = []
        for row in rows:
            v = row.values
            v["mission_record"] = missions.get((v["mission"].strip().lower(), v["mission_start"]))
            if v["mission_record"] is None:
                errors.append(
                    RowError(
                        row.number,
                        "mission",
                        f"No mission “{v['mission']}” began on {v['mission_start']:%d.%m.%Y}.",
                    )
                )
        return errors

    def attributes(self, row: ParsedRow) -> dict:
        values = super().attributes(row)
        values["mission"] = row.values["mission_record"]
        for name in ("follow_up", "follow_up_note"):
            if name in values and values[name] is None:
                del values[name]
        return values

    def export_rows(self, queryset):
        for recommendation in queryset.select_related("mission"):
            yield [
                recommendation.mission.title,
                recommendation.mission.start,
                recommendation.number,
                recommendation.text,
                recommendation.owner,
                recommendation.follow_up,
                recommendation.follow_up_note,
            ]


IMPORTERS = [MissionRecommendationImporter]
