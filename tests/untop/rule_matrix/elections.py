"""The elections app's write paths."""

from __future__ import annotations

import datetime

from programs.rules import Rule
from tests.factories import (
    CategoryFactory,
)

from .core import LOCKED_DAY, OPEN_DAY, Case, Entry, Exempt, route_case


def _elections_services() -> dict[str, Entry | Exempt]:
    from elections import services as s
    from tests.elections.factories import MinistryFactory

    def briefing(rule: Rule, **overrides):
        def act(w):
            CategoryFactory(code="journalists")
            values = {
                "acting_user": w.staff,
                "ministry": MinistryFactory(),
                "project": w.project(),
                "centre": w.centre,
                "day": OPEN_DAY,
                "topic": "Elections law",
                "journalists_women": 3,
                "journalists_men": 4,
            }
            values |= {k: (v(w) if callable(v) else v) for k, v in overrides.items()}
            return lambda: s.briefing_record(**values)

        return Case(rule, act)

    def actual(day):
        def act(w):
            milestone = w.make("elections.milestone", rule=Rule.PERIOD_LOCKED)
            return lambda: s.milestone_record_actual(
                milestone=milestone, acting_user=w.manager, actual=day
            )

        return Case(Rule.PERIOD_LOCKED, act)

    return {
        "elections.briefing_record": Entry(
            [
                briefing(Rule.PERIOD_LOCKED, day=LOCKED_DAY),
                briefing(Rule.CENTRE_SCOPE, centre=lambda w: w.other_centre),
                briefing(Rule.PROJECT_CLOSED, project=lambda w: w.project(status="closed")),
                briefing(
                    Rule.PROJECT_DATES, project=lambda w: w.project(start=datetime.date(2007, 1, 1))
                ),
            ]
        ),
        "elections.milestone_record_actual": Entry([actual(OPEN_DAY), actual(None)]),
        "elections.recommendation_follow_up": Exempt("a mission's recommendation is not dated"),
    }


def _elections_routes() -> dict[str, Entry | Exempt]:
    from tests.elections.factories import MinistryFactory

    add = "elections:briefing_add"

    def briefing(**overrides):
        def data(w, _):
            CategoryFactory(code="journalists")
            values = {
                "ministry": MinistryFactory().pk,
                "project": w.project(area="elections").pk,
                "centre": w.centre.pk,
                "day": OPEN_DAY.isoformat(),
                "topic": "Elections law",
                "journalists_women": 3,
                "journalists_men": 4,
            }
            return values | {k: (v(w) if callable(v) else v) for k, v in overrides.items()}

        return data

    def actual(w, milestone):
        return {"actual": OPEN_DAY.isoformat()}

    return {
        add: Entry(
            [
                route_case(
                    Rule.PERIOD_LOCKED,
                    "staff",
                    add,
                    briefing(day=LOCKED_DAY.isoformat()),
                    answer=400,
                ),
                route_case(
                    Rule.CENTRE_SCOPE,
                    "staff",
                    add,
                    briefing(centre=lambda w: w.other_centre.pk),
                    answer=400,
                    shows_rule=False,
                ),
                route_case(
                    Rule.PROJECT_CLOSED,
                    "staff",
                    add,
                    briefing(project=lambda w: w.project(area="elections", status="closed").pk),
                    answer=400,
                ),
            ]
        ),
        "elections:milestone_actual": Entry(
            [
                route_case(
                    Rule.PERIOD_LOCKED,
                    "manager",
                    "elections:milestone_actual",
                    actual,
                    record="elections.milestone",
                ),
            ]
        ),
        "elections:recommendation_follow_up": Exempt("a mission's recommendation is not dated"),
    }


def _elections_importers() -> dict[str, Entry | Exempt]:
    return {"mission-recommendations": Exempt("a mission's recommendation is not dated")}
