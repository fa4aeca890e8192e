"""Synthetic elections data for the benchmark: elections with their calendars, briefings.

At scale 1: 40 elections with six calendar milestones each, press briefings held as the
synthetic briefing activities (at most 2,000) and 2,000 planned briefings.
"""

from __future__ import annotations

import datetime

from demo.synthetic.run import SyntheticRun
from elections.models import Briefing, Election, Milestone, Ministry, PlannedBriefing
from programs.models import Activity, Partner

STAGES = [
    ("nomination", -60),
    ("registration", -45),
    ("voter_lists", -30),
    ("campaign", -20),
    ("election_day", 0),
    ("results", 7),
]
KINDS = ["presidential", "parliamentary", "local", "referendum"]


def generate_elections(run: SyntheticRun) -> None:
    rng = run.rng("elections")
    government = list(
        Partner.objects.filter(kind="government").order_by("name").values_list("pk", flat=True)
    )
    if not government:
        return
    first_id = run.next_id(Election)
    elections, used = [], set()
    for n in range(run.count(40)):
        kind = KINDS[n % len(KINDS)]
        day = datetime.date(2000, 9, 1) + datetime.timedelta(days=rng.randrange(2_400))
        while (kind, day) in used:
            day += datetime.timedelta(days=1)
        used.add((kind, day))
        elections.append(
            (first_id + n, kind, f"Synthetic {kind} election {n + 1}", day, government[0])
        )
    run.insert(
        Election,
        ("id", "kind", "title", "election_day", "authority_id", "status", "notes"),
        ((*row, "held", "") for row in elections),
    )
    run.insert(
        Milestone,
        ("election_id", "stage", "title", "planned", "actual"),
        (
            (pk, stage, stage.replace("_", " ").capitalize(), planned, planned)
            for pk, _kind, _title, day, _authority in elections
            for stage, offset in STAGES
            for planned in [day + datetime.timedelta(days=offset)]
        ),
    )
    ministries = []
    for partner in government[1:6]:
        ministries.append(Ministry.objects.get_or_create(partner_id=partner)[0].pk)
    if not ministries:
        return
    planned = set()
    while len(planned) < min(run.count(2_000), 2_500 * len(ministries)):
        day = datetime.date(2001, 1, 1) + datetime.timedelta(days=rng.randrange(2_500))
        planned.add((rng.choice(ministries), day))
    run.insert(
        PlannedBriefing,
        ("ministry_id", "day", "topic"),
        ((ministry, day, "") for ministry, day in sorted(planned)),
    )
    briefings = list(
        Activity.objects.filter(project__code__startswith="SYN-", kind="briefing")
        .order_by("pk")
        .values_list("pk", flat=True)[: run.count(2_000)]
    )
    run.insert(
        Briefing,
        ("ministry_id", "activity_id", "topic"),
        ((rng.choice(ministries), pk, "Synthetic briefing") for pk in briefings),
    )
    run.write(
        f"  elections: {len(elections):,} elections, {len(planned):,} planned and "
        f"{len(briefings):,} held briefings"
    )
