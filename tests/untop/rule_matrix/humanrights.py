"""The human-rights app's write paths."""

from __future__ import annotations

import datetime

from programs.rules import Rule

from .core import LOCKED_DAY, Case, Entry, Exempt, route_case


def _humanrights_services() -> dict[str, Entry | Exempt]:
    from humanrights import services as s
    from tests.humanrights.factories import (
        ActionFactory,
        DocumentFactory,
        RecommendationFactory,
    )

    def record(w):
        document = DocumentFactory(issued_on=datetime.date(2004, 1, 1))
        recommendation = RecommendationFactory(document=document)
        fields = {"taken_on": LOCKED_DAY, "description": "Round table", "taken_by": "Parliament"}
        return lambda: s.action_record(
            recommendation=recommendation, acting_user=w.hr, fields=fields
        )

    def update(w):
        action = w.make("humanrights.implementationaction", rule=Rule.PERIOD_LOCKED)
        return lambda: s.action_update(
            action=action, acting_user=w.hr, fields={"description": "Changed"}
        )

    open_day = datetime.date(2006, 7, 3)  # after the locked period

    def record_link(w):
        recommendation = RecommendationFactory(
            document=DocumentFactory(issued_on=datetime.date(2004, 1, 1))
        )
        fields = {"taken_on": open_day, "description": "Round table", "taken_by": "Parliament"}
        cited = w.make("programs.activity", rule=Rule.PERIOD_LOCKED)
        return lambda: s.action_record(
            recommendation=recommendation, acting_user=w.hr, fields=fields, activities=[cited]
        )

    def update_link(w):
        action = ActionFactory(taken_on=open_day, recorded_by=w.hr)
        cited = w.make("programs.activity", rule=Rule.PERIOD_LOCKED)
        return lambda: s.action_update(
            action=action, acting_user=w.hr, fields={}, activities=[cited]
        )

    def status(w):
        action = w.make("humanrights.implementationaction", rule=Rule.PERIOD_LOCKED)
        action.new_status = "implemented"
        return lambda: s.apply_status(action=action, acting_user=w.hr)

    notes = "confidential monitoring notes: the officers' own, outside every figure and period"
    return {
        "humanrights.action_record": Entry(
            [
                Case(Rule.PERIOD_LOCKED, record),
                Case(Rule.PERIOD_LOCKED, record_link, "citing an activity of the locked period"),
            ]
        ),
        "humanrights.action_update": Entry(
            [
                Case(Rule.PERIOD_LOCKED, update),
                Case(Rule.PERIOD_LOCKED, update_link, "citing an activity of the locked period"),
            ]
        ),
        "humanrights.apply_status": Entry([Case(Rule.PERIOD_LOCKED, status)]),
        "humanrights.note_create": Exempt(notes),
        "humanrights.note_update": Exempt(notes),
        "humanrights.note_delete": Exempt(notes),
        "humanrights.note_share": Exempt(notes),
        "humanrights.note_unshare": Exempt(notes),
    }


def _humanrights_routes() -> dict[str, Entry | Exempt]:
    from tests.humanrights.factories import DocumentFactory, RecommendationFactory

    page = "humanrights:recommendation"

    def recommendation(w, rule):
        return RecommendationFactory(document=DocumentFactory(issued_on=datetime.date(2004, 1, 1)))

    def action(w, _):
        return {
            "taken_on": LOCKED_DAY.isoformat(),
            "description": "Round table",
            "taken_by": "Parliament",
        }

    notes = "confidential monitoring notes: the officers' own, outside every figure and period"
    return {
        page: Entry(
            [route_case(Rule.PERIOD_LOCKED, "hr", page, action, record=recommendation, answer=400)]
        ),
        "humanrights:note_add": Exempt(notes),
        "humanrights:note_edit": Exempt(notes),
        "humanrights:note_share": Exempt(notes),
    }


def _humanrights_importers() -> dict[str, Entry | Exempt]:
    return {
        "recommendations": Exempt(
            "a treaty body's recommendation is followed up over years; its actions are dated"
        ),
    }
