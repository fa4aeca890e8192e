"""Synthetic programme data for the benchmark: projects, activities, participants, money.

The reference data (regions, districts, the eight real centres, categories, partners and
mandate periods) is the demo's; everything else is invented, with codes starting SYN- and
users named synthetic.*, who have no usable password. At scale 1: 200 projects,
100,000 activities and 400,000 participant rows.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from demo.programs.loader import load_reference
from demo.synthetic.run import SyntheticRun
from programs.models import (
    Activity,
    AgeBand,
    Contribution,
    Donor,
    Indicator,
    IndicatorTarget,
    ParticipantCount,
    ParticipantGroup,
    Pledge,
    Project,
    User,
)
from programs.models.groups import ensure_default_age_bands
from untop import roles

PREFIX = "SYN-"
FIRST_DAY = datetime.date(2000, 6, 1)
LAST_DAY = datetime.date(2007, 5, 31)
CATEGORIES_PER_ACTIVITY = 4

# What kinds of activity each mandate area holds, and how often.
KINDS = {
    "dialogue": ["meeting"] * 4 + ["conference"],
    "elections": ["training", "briefing", "advisory"],
    "conflict": ["seminar"] * 3 + ["training"],
    "police": ["training"] * 3 + ["seminar"],
    "human_rights": ["seminar", "conference", "monitoring", "publication"],
}
WORDS = [
    "dialogue",
    "regional",
    "council",
    "women",
    "youth",
    "police",
    "reform",
    "ombudsman",
    "election",
    "commission",
    "school",
    "curriculum",
    "human",
    "rights",
    "conflict",
    "prevention",
    "mediation",
    "training",
    "instructors",
    "media",
    "ministry",
    "district",
    "jamoat",
    "parliament",
    "judiciary",
    "detention",
    "trafficking",
]
USERS = [
    ("synthetic.manager", roles.PROGRAMME_MANAGER, True),
    ("synthetic.admin", roles.ADMINISTRATOR, True),
    ("synthetic.hr", roles.HUMAN_RIGHTS_OFFICER, False),
]


def is_synthetic_present() -> bool:
    """Whether a synthetic data set has been generated in this database."""
    return Project.objects.filter(code__startswith=PREFIX).exists()


def _day(rng, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def _users(run: SyntheticRun, centres) -> None:
    """One login per role (no usable password: the benchmark signs them in itself)."""
    groups = {group.name: group for group in Group.objects.filter(name__in=roles.ROLES)}
    head_office = next((c for c in centres if c.is_head_office), centres[0])
    password = make_password(None)
    wanted = [(name, role, back_office, head_office) for name, role, back_office in USERS]
    wanted += [
        (f"synthetic.staff.{centre.code}", roles.PROGRAMME_STAFF, False, centre)
        for centre in centres
    ]
    users = {}
    for username, role, back_office, centre in wanted:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "password": password,
                "home_centre": centre,
                "is_staff": back_office,
                "first_name": "Synthetic",
                "last_name": username.split(".", 1)[1].replace(".", " ").title(),
            },
        )
        user.groups.set([groups[role]])
        users[username] = user.pk
    run.shared["users"] = users


def _projects(run: SyntheticRun, rng, centres) -> list[dict]:
    first_id = run.next_id(Project)
    areas = list(KINDS)
    projects = []
    for n in range(run.count(200, minimum=10)):
        start = _day(rng, FIRST_DAY, datetime.date(2006, 6, 1))
        end = min(LAST_DAY, start + datetime.timedelta(days=rng.randint(365, 4 * 365)))
        projects.append(
            {
                "id": first_id + n,
                "code": f"{PREFIX}{n + 1:04d}",
                "title": " ".join(rng.sample(WORDS, 4)).capitalize(),
                "area": areas[n % len(areas)],
                "start": start,
                "end": end,
                "budget_usd": Decimal(rng.randrange(50, 2_000)) * 1000,
                "status": "closed" if end < datetime.date(2006, 6, 1) else "active",
                "centres": rng.sample(centres, rng.randint(1, 3)),
            }
        )
    fields = ("id", "code", "title", "area", "start", "end", "budget_usd", "status")
    run.insert(Project, fields, ([p[name] for name in fields] for p in projects))
    through = Project.centres.through
    run.insert(
        through,
        ("project_id", "centre_id"),
        ((p["id"], centre.pk) for p in projects for centre in p["centres"]),
    )
    return projects


def _activities(run: SyntheticRun, rng, projects, districts, categories, partners) -> None:
    users = run.shared["users"]
    manager = users["synthetic.manager"]
    first_id = run.next_id(Activity)
    total = run.count(100_000)
    activity_rows, participant_rows, partner_rows, group_rows = [], [], [], []
    # Breakdowns by age and disability drawn from a generator of their own, so the rest of
    # the data set is what it was before they existed.
    groups_rng = run.rng("participant groups")
    ensure_default_age_bands()
    bands = list(AgeBand.objects.order_by("min_age").values_list("pk", flat=True))
    first_count = run.next_id(ParticipantCount)
    first_group = run.next_id(ParticipantGroup)
    for n in range(total):
        project = projects[rng.randrange(len(projects))]
        start = _day(rng, project["start"], project["end"] - datetime.timedelta(days=3))
        end = start + datetime.timedelta(days=rng.choice((0, 0, 1, 2)))
        centre = rng.choice(project["centres"])
        kind = rng.choice(KINDS[project["area"]])
        status = rng.choices(("held", "planned", "cancelled"), (90, 5, 5))[0]
        approval = rng.choices(("approved", "submitted", "draft"), (85, 10, 5))[0]
        submitted = approval != "draft"
        approved = approval == "approved"
        activity_id = first_id + n
        activity_rows.append(
            (
                activity_id,
                project["id"],
                kind,
                f"{kind.title()} on {' '.join(rng.sample(WORDS, 3))} no. {n + 1}",
                start,
                end,
                centre.pk,
                rng.choice(districts) if rng.random() < 0.2 else None,
                status,
                approval,
                " ".join(rng.sample(WORDS, 8)).capitalize() + ".",
                users[f"synthetic.staff.{centre.code}"],
                _moment(end, 12),
                _moment(end, 12),
                _moment(end + datetime.timedelta(days=3), 16) if submitted else None,
                manager if approved else None,
                _moment(end + datetime.timedelta(days=7), 10) if approved else None,
            )
        )
        for category in rng.sample(categories, CATEGORIES_PER_ACTIVITY):
            count_id = first_count + len(participant_rows)
            women, men = rng.randint(0, 30), rng.randint(0, 40)
            participant_rows.append((count_id, activity_id, category, women, men))
            if groups_rng.random() < BREAKDOWN_SHARE:
                group_rows += _groups(groups_rng, count_id, women, men, bands)
        if rng.random() < 0.3:
            partner_rows.append((activity_id, rng.choice(partners)))
    fields = (
        "id",
        "project_id",
        "kind",
        "title",
        "start",
        "end",
        "centre_id",
        "district_id",
        "status",
        "approval",
        "narrative",
        "created_by_id",
        "created_at",
        "updated_at",
        "submitted_at",
        "approved_by_id",
        "approved_at",
    )
    run.insert(Activity, fields, activity_rows)
    run.insert(
        ParticipantCount, ("id", "activity_id", "category_id", "women", "men"), participant_rows
    )
    run.insert(
        ParticipantGroup,
        ("id", "count_id", "sex", "age_band_id", "disability", "number"),
        ((first_group + n, *row) for n, row in enumerate(group_rows)),
    )
    run.insert(Activity.partners.through, ("activity_id", "partner_id"), partner_rows)
    run.write(
        f"  programs: {len(projects):,} projects, {total:,} activities, "
        f"{len(participant_rows):,} participant rows, {len(group_rows):,} age and disability "
        "groups"
    )


# A quarter of the participant rows have a breakdown by age band and disability.
BREAKDOWN_SHARE = 0.25


def _groups(rng, count_id: int, women: int, men: int, bands: list[int]) -> list[tuple]:
    """(count, sex, band, disability, number) of a whole breakdown of a participant row: of
    each sex, some of age not recorded and the rest in two bands, one in twenty-five of each
    band with a disability (a few draws per row: 100,000 rows take about a second)."""
    cells: dict[tuple, int] = {}
    for sex, people in (("women", women), ("men", men)):
        unknown = rng.randint(0, people // 5)
        first = rng.randint(0, people - unknown)
        parts = (
            (None, unknown),
            (rng.choice(bands), first),
            (rng.choice(bands), people - unknown - first),
        )
        for band, part in parts:
            disabled = part // 25
            for disability, number in (("yes", disabled), ("no", part - disabled)):
                if number:
                    key = (sex, band, disability if band else "unrecorded")
                    cells[key] = cells.get(key, 0) + number
    return [(count_id, sex, band, d, number) for (sex, band, d), number in cells.items()]


def _money(run: SyntheticRun, rng, projects) -> None:
    first_donor = run.next_id(Donor)
    donors = list(range(first_donor, first_donor + run.count(12)))
    run.insert(
        Donor,
        ("id", "code", "name", "kind", "country", "is_illustrative", "monthly_report"),
        (
            (pk, f"syn-{n + 1}", f"Synthetic donor {n + 1}", "government", "", True, False)
            for n, pk in enumerate(donors)
        ),
    )
    first_pledge = run.next_id(Pledge)
    pledges = []
    for n in range(run.count(1_000)):
        project = projects[rng.randrange(len(projects))]
        amount = Decimal(rng.randrange(10, 500)) * 1000
        pledges.append(
            (
                first_pledge + n,
                rng.choice(donors),
                project["id"],
                _day(rng, project["start"], project["end"]),
                amount,
                "USD",
                amount,
                Decimal(1),
            )
        )
    # In US$ at a rate of 1: the synthetic money is summed, never converted.
    fields = ("id", "donor_id", "project_id", "pledged_on", "amount", "currency", "amount_usd")
    run.insert(Pledge, (*fields, "rate"), pledges)
    contributions = [
        (donor, pledge, min(LAST_DAY, day + datetime.timedelta(days=30 * part)), amount / 2, "USD")
        for pledge, donor, _project, day, amount, _currency, _usd, _rate in pledges
        for part in (1, 2)
    ]
    run.insert(
        Contribution,
        ("donor_id", "pledge_id", "received_on", "amount", "currency", "amount_usd", "rate"),
        ((*row, row[3], Decimal(1)) for row in contributions),
    )


def _indicators(run: SyntheticRun, rng, projects, categories, periods) -> None:
    first_id = run.next_id(Indicator)
    indicators, targets = [], []
    for n, project in enumerate(projects):
        for offset, rule in enumerate(("participants", "activities")):
            pk = first_id + 2 * n + offset
            indicators.append(
                (
                    pk,
                    project["id"],
                    "People trained" if rule == "participants" else "Activities held",
                    "people" if rule == "participants" else "activities",
                    Decimal(0),
                    rule,
                    "",
                )
            )
            for period in periods:
                if period.start <= project["end"] and period.end >= project["start"]:
                    targets.append((pk, period.pk, Decimal(rng.randrange(10, 5_000))))
    fields = ("id", "project_id", "name", "unit", "baseline", "rule", "rule_activity_kind")
    run.insert(Indicator, fields, indicators)
    run.insert(IndicatorTarget, ("indicator_id", "period_id", "target"), targets)
    run.insert(
        Indicator.rule_categories.through,
        ("indicator_id", "participantcategory_id"),
        ((row[0], rng.choice(categories)) for row in indicators if row[5] == "participants"),
    )


def generate_programs(run: SyntheticRun) -> None:
    """The programme records every other generator builds on."""
    # The reference data is the demo's (the eight real centres, the mandate periods, …).
    reference = load_reference()
    rng = run.rng("programs")
    centres = sorted(reference.centres.values(), key=lambda centre: centre.code)
    districts = sorted(district.pk for district in reference.districts.values())
    categories = sorted(category.pk for category in reference.categories.values())
    partners = sorted(partner.pk for partner in reference.partners.values())
    _users(run, centres)
    projects = _projects(run, rng, centres)
    _activities(run, rng, projects, districts, categories, partners)
    _money(run, rng, projects)
    periods = sorted(reference.periods.values(), key=lambda period: period.start)
    _indicators(run, rng, projects, categories, periods)
