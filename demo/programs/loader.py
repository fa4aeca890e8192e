"""The programme records of the demo (June 2000 – May 2007) and one demo login per role.

Running it again changes nothing: every record is found by its natural key, and saved only
when a value differs (so the audit trail records only real changes). The data is in the
modules beside this one; the synthetic data builds on the same reference records
(`load_reference`).
"""

import datetime
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Sum

from programs.exchange import Rates
from programs.models import (
    Activity,
    AgeBand,
    BudgetLine,
    BudgetRevision,
    Centre,
    Contribution,
    Disability,
    District,
    Donor,
    ExchangeRate,
    Expenditure,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MandatePeriod,
    ParticipantCategory,
    ParticipantCount,
    ParticipantGroup,
    Partner,
    Pledge,
    Project,
    Region,
    User,
)
from programs.models.groups import ensure_default_age_bands
from programs.models.tags import ensure_default_sdg_targets
from untop import roles

from . import indicators as demo_indicators
from . import money, projects, reference
from .activities import demo_activities

DEMO_PASSWORD = "untop-demo-2006"  # noqa: S105 (demo logins only; refused when DEBUG is off)
DUSHANBE_TIME = ZoneInfo("Asia/Dushanbe")
OPEN_PERIODS_FROM = datetime.date(2005, 6, 1)

# (username, first name, last name, role, home centre, back office)
USERS = [
    ("staff.khujand", "Dilnoza", "Rahimova", roles.PROGRAMME_STAFF, "khujand", False),
    ("staff.dushanbe", "Farrukh", "Nazarov", roles.PROGRAMME_STAFF, "dushanbe", False),
    ("manager", "Elena", "Petrova", roles.PROGRAMME_MANAGER, "dushanbe", True),
    ("hr.officer", "Zarina", "Saidova", roles.HUMAN_RIGHTS_OFFICER, "dushanbe", False),
    ("admin", "Sergei", "Ivanov", roles.ADMINISTRATOR, "dushanbe", True),
]
# Who entered a centre's activities when the data does not say: its staff login, if any.
ENTERED_BY = {"khujand": "staff.khujand", "dushanbe": "staff.dushanbe"}


def _plain(value):
    return value.pk if isinstance(value, models.Model) else value


def _sync(model: type[models.Model], key: tuple[str, ...], rows: list[dict]) -> dict:
    """Create or update one record per row, found by its `key` fields; return them by key.

    A record that exists is saved only when a value differs, and then only the fields that do.
    Records are returned by their key's value, or by a tuple of values for a key of several.
    """
    attnames = {field.name: field.attname for field in model._meta.concrete_fields}
    existing = {
        tuple(getattr(obj, attnames[name]) for name in key): obj
        for obj in model._default_manager.all()
    }
    records = {}
    for values in rows:
        lookup = tuple(_plain(values[name]) for name in key)
        obj = existing.get(lookup)
        if obj is None:
            obj = model(**values)
            obj.save()
        else:
            changed = [
                name
                for name, value in values.items()
                if getattr(obj, attnames[name]) != _plain(value)
            ]
            for name in changed:
                setattr(obj, name, values[name])
            if changed:
                obj.save(update_fields=changed)
        records[lookup[0] if len(key) == 1 else lookup] = obj
    return records


def _rows(fields: tuple[str, ...], data, **same) -> list[dict]:
    """Rows of field values from tuples of the demo data, with values the same for all."""
    return [dict(zip(fields, values, strict=True), **same) for values in data]


def _sync_m2m(model: type[models.Model], name: str, wanted: dict) -> None:
    """Give each record of `wanted` exactly the related ids listed; leave the others alone."""
    field = model._meta.get_field(name)
    through = field.remote_field.through
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    current = defaultdict(set)
    for source_id, target_id in through.objects.values_list(source, target):
        current[source_id].add(target_id)
    for obj, ids in wanted.items():
        missing, extra = set(ids) - current[obj.pk], current[obj.pk] - set(ids)
        if extra:
            getattr(obj, name).remove(*extra)
        if missing:
            getattr(obj, name).add(*sorted(missing))


def _local(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=DUSHANBE_TIME)


@dataclass
class Reference:
    """The reference records the demo and the synthetic data build on, by natural key."""

    regions: dict[str, Region]  # by code
    districts: dict[str, District]  # by English name
    centres: dict[str, Centre]  # by code
    categories: dict[str, ParticipantCategory]  # by code
    partners: dict[str, Partner]  # by name
    periods: dict[int, MandatePeriod]  # by the year they begin


def load_reference() -> Reference:
    """Create or update the regions, districts, the eight centres, the participant
    categories, partners and mandate periods (saved only where a value differs); return them
    by key."""
    names = ("name_en", "name_ru", "name_tg")
    regions = _sync(Region, ("code",), _rows(("code", *names), reference.REGIONS))
    rows = [(regions[region], *rest) for region, *rest in reference.DISTRICTS]
    fields = ("region", *names, "former_name")
    districts = {
        district.name_en: district
        for district in _sync(District, ("region", "name_en"), _rows(fields, rows)).values()
    }
    rows = [
        (*rest, regions[region], head, *map(Decimal, reference.CENTRE_POSITIONS[rest[0]]))
        for *rest, region, head in reference.CENTRES
    ]
    fields = (
        "code",
        "name",
        "name_ru",
        "name_tg",
        "town",
        "region",
        "is_head_office",
        "latitude",
        "longitude",
    )
    centres = _sync(Centre, ("code",), _rows(fields, rows, is_illustrative=True))
    rows = [row[:4] for row in reference.CATEGORIES]
    fields = ("code", "name", "name_ru", "name_tg")
    categories = _sync(ParticipantCategory, ("code",), _rows(fields, rows))
    fields = ("name", "name_ru", "name_tg", "kind")
    partners = _sync(Partner, ("name",), _rows(fields, reference.PARTNERS))
    rows = [
        (
            reference.period_start(year),
            reference.period_start(year + 1) - datetime.timedelta(days=1),
            *rest,
        )
        for year, *rest in reference.MANDATE_PERIODS
    ]
    fields = ("start", "end", "symbol", "symbol_verified", "locked")
    by_start = _sync(
        MandatePeriod, ("start",), _rows(fields, rows, status=MandatePeriod.Status.ENDED)
    )
    periods = {start.year: period for start, period in by_start.items()}
    return Reference(regions, districts, centres, categories, partners, periods)


class DemoLoader:
    """Loads the demo data set in dependency order; each step keeps what it made by key."""

    def run(self) -> None:
        shared = load_reference()
        self.districts, self.centres = shared.districts, shared.centres
        self.categories, self.partners = shared.categories, shared.partners
        self.periods = shared.periods
        self._users()
        self._projects()
        self._rates()
        self._money()
        self._budgets()
        self._activities()
        self._indicators()

    def _users(self) -> None:
        self.users = {}
        existing = {
            user.username: user
            for user in User.objects.filter(username__in=[row[0] for row in USERS])
        }
        groups = {group.name: group for group in Group.objects.filter(name__in=roles.ROLES)}
        password = None
        for username, first, last, role, centre, back_office in USERS:
            values = {
                "first_name": first,
                "last_name": last,
                "email": f"{username}@untop.example.org",
                "home_centre_id": self.centres[centre].pk,
                "is_staff": back_office,
            }
            user = existing.get(username)
            if user is None:
                # One hash for the five: the password is shared and printed anyway, and each
                # hash takes a good half second.
                password = password or make_password(DEMO_PASSWORD)
                user = User(username=username, password=password, **values)
                user.save()
            else:
                changed = [name for name, value in values.items() if getattr(user, name) != value]
                for name in changed:
                    setattr(user, name, values[name])
                if changed:
                    user.save(update_fields=changed)
            if set(user.groups.values_list("name", flat=True)) != {role}:
                user.groups.set([groups[role]])
            self.users[username] = user

    def _projects(self) -> None:
        # The budgets in US$ the demo spends against; the projects' own budget is their
        # budget revisions' (_budgets).
        self.budgets = {code: Decimal(budget) for code, *_f, budget, _c, _p in projects.PROJECTS}
        rows = [
            (
                *fields,
                money.BUDGET_CURRENCY.get(fields[0], "USD"),
                Project.Status.ACTIVE if fields[-1] >= OPEN_PERIODS_FROM else Project.Status.CLOSED,
                *projects.LETTER_PHRASES[fields[0]],
                *projects.TITLES[fields[0]],
                *projects.MARKERS[fields[0]],
            )
            for *fields, budget, _centres, _partners in projects.PROJECTS
        ]
        fields = ("code", "title", "area", "start", "end", "currency", "status")
        fields += ("letter_phrase", "letter_phrase_ru", "letter_phrase_tg", "title_ru", "title_tg")
        fields += ("gender_marker", "human_rights_marker")
        # The demo publishes every project in the office's IATI file.
        self.projects = _sync(Project, ("code",), _rows(fields, rows, iati_published=True))
        centres, partners = {}, {}
        for code, *_fields, centre_codes, partner_names in projects.PROJECTS:
            project = self.projects[code]
            centres[project] = [self.centres[c].pk for c in centre_codes]
            partners[project] = [self.partners[name].pk for name in partner_names]
        _sync_m2m(Project, "centres", centres)
        _sync_m2m(Project, "partners", partners)

    def _rates(self) -> None:
        rows = _rows(("currency", "month", "rate"), money.rates())
        for row in rows:
            row.update(source=money.RATE_SOURCE, is_illustrative=True)
        _sync(ExchangeRate, ("currency", "month"), rows)
        self.rates = Rates()

    def _converted(self, amount: Decimal, currency: str, day: datetime.date) -> dict:
        amount_usd, rate = self.rates.convert(amount, currency, day)
        return {"amount": amount, "currency": currency, "amount_usd": amount_usd, "rate": rate}

    def _money(self) -> None:
        fields = ("code", "name", "kind", "country", "name_ru", "name_tg")
        donors = [(*donor, *money.DONOR_NAMES[donor[0]]) for donor in money.DONORS]
        self.donors = _sync(Donor, ("code",), _rows(fields, donors, is_illustrative=True))
        rows = [
            {
                "donor": self.donors[donor],
                "project": self.projects[project] if project else None,
                "pledged_on": day,
                **self._converted(Decimal(amount), currency, day),
            }
            for donor, project, day, amount, currency in money.PLEDGES
        ]
        pledges = _sync(Pledge, ("donor", "project", "pledged_on"), rows)
        rows = [
            {
                "donor": pledge.donor,
                "pledge": pledge,
                "received_on": received,
                **self._converted(paid, currency, received),
            }
            for pledge in pledges.values()
            for received, paid, currency in money.contributions(
                pledge.pledged_on, pledge.amount, pledge.currency
            )
        ]
        _sync(Contribution, ("pledge", "received_on"), rows)
        periods = [(year, p.start, p.end) for year, p in sorted(self.periods.items())]
        rows = []
        for project in self.projects.values():
            for category, day, usd, note in money.expenditures(
                project.area,
                project.start,
                project.end,
                self.budgets[project.code],
                project.status == Project.Status.CLOSED,
                periods,
            ):
                currency, amount = "USD", usd
                if category in money.PAID_IN_SOMONI and day >= money.SOMONI_FROM:
                    currency = "TJS"
                    amount = (usd * self.rates.rate("TJS", day)).quantize(money.CENT)
                rows.append(
                    {
                        "project": project,
                        "category": category,
                        "spent_on": day,
                        "description": note,
                        **self._converted(amount, currency, day),
                    }
                )
        _sync(Expenditure, ("project", "category", "spent_on"), rows)

    def _budgets(self) -> None:
        """Each project's original budget, and the demo's revisions, written as the budget
        service writes them (programs/budgets.py) but without its rules: the demo's periods
        are locked. A project that has a budget keeps it (a second load changes nothing)."""
        having = set(
            BudgetRevision.objects.filter(is_current=True).values_list("project_id", flat=True)
        )
        revisions = defaultdict(list)
        for code, day, reason, factors in money.REVISIONS:
            revisions[code].append((day, reason, factors))
        for code, project in self.projects.items():
            if project.pk in having:
                continue
            lines = money.budget_lines(project.area, project.start, project.end, self.budgets[code])
            if project.currency != "USD":  # the agreement's currency at the start's rate
                rate = self.rates.rate(project.currency, project.start)
                lines = [(y, c, (usd * rate).quantize(money.CENT)) for y, c, usd in lines]
            steps = [(project.start, "", {}), *revisions.get(code, [])]
            for number, (day, reason, factors) in enumerate(steps, start=1):
                revision = BudgetRevision.objects.create(
                    project=project,
                    number=number,
                    made_on=day,
                    reason=reason,
                    currency=project.currency,
                    is_current=number == len(steps),
                    made_by=self.users["manager"],
                )
                made = []
                for year, category, amount in lines:
                    amount = (amount * factors.get(category, 1)).quantize(money.CENT)
                    amount_usd, rate = self.rates.convert(amount, project.currency, day)
                    made.append(
                        BudgetLine(
                            revision=revision,
                            year=year,
                            category=category,
                            amount=amount,
                            rate=rate,
                            amount_usd=amount_usd,
                        )
                    )
                BudgetLine.objects.bulk_create(made)
                revision.total = sum(line.amount for line in made)
                revision.total_usd = sum(line.amount_usd for line in made)
                revision.save(update_fields=["total", "total_usd"])
            project.budget_usd = revision.total_usd
            project.save(update_fields=["budget_usd"])

    def _activities(self) -> None:
        manager = self.users["manager"]
        rows, partners, counts = [], {}, {}
        for row in demo_activities():
            entered_by = row["entered_by"] or ENTERED_BY.get(row["centre"], "manager")
            submitted = row["approval"] != Activity.Approval.DRAFT
            approved = row["approval"] == Activity.Approval.APPROVED
            rows.append(
                {
                    "project": self.projects[row["project"]],
                    "title": row["title"],
                    "start": row["start"],
                    "end": row["end"],
                    "kind": row["kind"],
                    "centre": self.centres[row["centre"]],
                    "district": self.districts[row["district"]] if row["district"] else None,
                    "status": row["status"],
                    "approval": row["approval"],
                    "narrative": row["narrative"],
                    "created_by": self.users[entered_by],
                    "submitted_at": _local(row["end"] + datetime.timedelta(days=3), 16)
                    if submitted
                    else None,
                    "approved_by": manager if approved else None,
                    "approved_at": _local(row["end"] + datetime.timedelta(days=7), 10)
                    if approved
                    else None,
                }
            )
            key = (self.projects[row["project"]].pk, row["title"], row["start"])
            partners[key] = [self.partners[name].pk for name in row["partners"]]
            counts[key] = {(self.categories[c].pk, w, m) for c, w, m in row["counts"]}
        activities = _sync(Activity, ("project", "title", "start"), rows)
        # Entered the day after each ended, not when the demo was loaded: the pages say
        # "entered on …" and the quality page counts old drafts. A created_at is stamped on
        # saving, so it is set afterwards, in bulk (no signal: the trail keeps the loading).
        for activity in activities.values():
            activity.created_at = _local(activity.end + datetime.timedelta(days=1), 17)
        Activity.objects.bulk_update(list(activities.values()), ["created_at"], batch_size=500)
        _sync_m2m(Activity, "partners", {activities[key]: ids for key, ids in partners.items()})
        self._participants({activities[key]: wanted for key, wanted in counts.items()})
        self._breakdowns(activities.values())

    @staticmethod
    def _breakdowns(activities) -> None:
        """Age and disability breakdowns for a share of the 2005–07 activities: ILLUSTRATIVE,
        made up here (no source records the ages of the office's participants), so that the
        dashboard, the donor reports and the exports have some to show. Each is whole (its
        groups add up to the row's women and men); a row's breakdown is written again only
        when it differs."""
        ensure_default_age_bands()
        bands = list(AgeBand.objects.order_by("min_age"))
        chosen = [
            activity
            for activity in activities
            if activity.start >= BREAKDOWNS_FROM and zlib.crc32(activity.title.encode()) % 3 == 0
        ]
        counts = ParticipantCount.objects.filter(activity__in=chosen).order_by("pk")
        current = defaultdict(set)
        for count_id, *group in ParticipantGroup.objects.filter(count__in=counts).values_list(
            "count_id", "sex", "age_band_id", "disability", "number"
        ):
            current[count_id].add(tuple(group))
        new, stale = [], []
        for count in counts:
            wanted = set(_illustrative_groups(count, bands))
            if current[count.pk] == wanted:
                continue
            if current[count.pk]:
                stale.append(count.pk)
            new += [
                ParticipantGroup(count=count, sex=s, age_band_id=b, disability=d, number=n)
                for s, b, d, n in sorted(wanted, key=str)
            ]
        ParticipantGroup.objects.filter(count__in=stale).delete()
        ParticipantGroup.objects.bulk_create(new)

    @staticmethod
    def _participants(wanted: dict) -> None:
        # The demo's participant rows are written in bulk, without an audit entry each; an
        # activity's rows are replaced only when they differ from the data.
        current = defaultdict(set)
        for activity_id, *count in ParticipantCount.objects.filter(
            activity__in=[activity.pk for activity in wanted]
        ).values_list("activity_id", "category_id", "women", "men"):
            current[activity_id].add(tuple(count))
        new = []
        for activity, rows in wanted.items():
            if current[activity.pk] == rows:
                continue
            if current[activity.pk]:
                activity.participants.all().delete()
            new += [
                ParticipantCount(activity=activity, category_id=c, women=w, men=m)
                for c, w, m in sorted(rows)
            ]
        ParticipantCount.objects.bulk_create(new)

    def _indicators(self) -> None:
        """Each project's results chain (outcomes, outputs and the activities delivering
        them), then its indicators, each measuring an output, their targets and values."""
        # Imported here: the rest of the loader needs none of the chain's models.
        from programs.models import Outcome, Output, SdgTarget

        chain = demo_indicators.CHAIN
        outcome_rows, outcome_targets = [], {}
        for project, outcomes in chain.items():
            for order, (code, statement, _targets, _outputs) in enumerate(outcomes, 1):
                outcome_rows.append(
                    {
                        "project": self.projects[project],
                        "code": code,
                        "statement": statement,
                        "statement_ru": demo_indicators.STATEMENTS[statement][0],
                        "statement_tg": demo_indicators.STATEMENTS[statement][1],
                        "order": order,
                    }
                )
        outcomes = _sync(Outcome, ("project", "code"), outcome_rows)
        ensure_default_sdg_targets()
        sdg = SdgTarget.objects.in_bulk(field_name="code")
        output_rows, output_kinds, measured_by = [], {}, {}
        for project, project_outcomes in chain.items():
            project_id = self.projects[project].pk
            for code, _statement, targets, outputs in project_outcomes:
                outcome = outcomes[(project_id, code)]
                outcome_targets[outcome] = [sdg[target].pk for target in targets]
                for order, (output_code, statement, kinds, names) in enumerate(outputs, 1):
                    output_rows.append(
                        {
                            "outcome": outcome,
                            "code": output_code,
                            "statement": statement,
                            "statement_ru": demo_indicators.STATEMENTS[statement][0],
                            "statement_tg": demo_indicators.STATEMENTS[statement][1],
                            "order": order,
                        }
                    )
                    output_kinds[(outcome.pk, output_code)] = (project_id, kinds)
                    for name in names:
                        measured_by[(project_id, name)] = (outcome.pk, output_code)
        _sync_m2m(Outcome, "sdg_targets", outcome_targets)
        outputs = _sync(Output, ("outcome", "code"), output_rows)
        # An output is delivered by its project's activities of the types it names (None:
        # every type of them).
        by_project = defaultdict(list)
        for pk, project_id, kind in Activity.objects.filter(
            project_id__in={project_id for project_id, _kinds in output_kinds.values()}
        ).values_list("pk", "project_id", "kind"):
            by_project[project_id].append((pk, kind))
        _sync_m2m(
            Output,
            "activities",
            {
                outputs[key]: [
                    pk for pk, kind in by_project[project_id] if kinds is None or kind in kinds
                ]
                for key, (project_id, kinds) in output_kinds.items()
            },
        )

        # The counts, then the illustrative percentage and score (demo_indicators.MEASURES).
        measures = [
            (project, name, unit, rule, counts, Indicator.Kind.COUNT, None, by_period, typed)
            for project, name, unit, rule, counts, by_period, typed in demo_indicators.INDICATORS
        ] + demo_indicators.MEASURES
        rows, categories = [], {}
        for project, name, unit, rule, counts, kind, scale, _targets, _values in measures:
            key = (self.projects[project].pk, name)
            output = measured_by.get(key)
            rows.append(
                {
                    "project": self.projects[project],
                    "output": outputs[output] if output else None,
                    "name": name,
                    "name_ru": demo_indicators.NAMES[name][0],
                    "name_tg": demo_indicators.NAMES[name][1],
                    "unit": unit,
                    "unit_ru": demo_indicators.UNITS[unit][0],
                    "unit_tg": demo_indicators.UNITS[unit][1],
                    "rule": rule,
                    "rule_activity_kind": counts if rule == Indicator.Rule.ACTIVITIES else "",
                    "kind": kind,
                    "scale_min": scale[0] if scale else None,
                    "scale_max": scale[1] if scale else None,
                }
            )
            categories[key] = (
                [self.categories[c].pk for c in counts]
                if rule == Indicator.Rule.PARTICIPANTS
                else []
            )
        indicators = _sync(Indicator, ("project", "name"), rows)
        _sync_m2m(
            Indicator, "rule_categories", {indicators[key]: ids for key, ids in categories.items()}
        )
        targets, values = [], []
        for project, name, _unit, _rule, _counts, kind, _scale, by_period, typed in measures:
            indicator = indicators[(self.projects[project].pk, name)]
            for year, target in by_period.items():
                targets.append(
                    {
                        "indicator": indicator,
                        "period": self.periods[year],
                        "target": Decimal(target),
                    }
                )
            for year, entered in typed.items():
                if kind == Indicator.Kind.COUNT:
                    value, note = entered
                    entered = {"value": value, "note": note}
                value = entered.get("value")
                values.append(
                    {
                        **entered,
                        "indicator": indicator,
                        "period": self.periods[year],
                        "value": None if value is None else Decimal(value),
                        "entered_by": self.users["manager"],
                    }
                )
        _sync(IndicatorTarget, ("indicator", "period"), targets)
        _sync(IndicatorValue, ("indicator", "period"), values)


# Breakdowns by age and disability (illustrative) for activities from this day on.
BREAKDOWNS_FROM = datetime.date(2005, 6, 1)
# Per cent of a row's people in each age band (under 18, 18–24, 25–59, 60 and over), and one
# in BREAKDOWN_DISABILITY_EVERY of each band counted with a disability: made-up shares.
BREAKDOWN_SHARES = (4, 22, 68, 6)
BREAKDOWN_DISABILITY_EVERY = 20


def _illustrative_groups(count: ParticipantCount, bands: list[AgeBand]):
    """(sex, age band id, disability, number) of a row's illustrative breakdown."""
    for sex, people in (("women", count.women), ("men", count.men)):
        parts = [people * share // 100 for share in BREAKDOWN_SHARES[: len(bands)]]
        if parts:
            parts[-2 if len(parts) > 1 else -1] += people - sum(parts)
        for band, part in zip(bands, parts, strict=False):
            disabled = part // BREAKDOWN_DISABILITY_EVERY
            if disabled:
                yield sex, band.pk, Disability.YES, disabled
            if part - disabled:
                yield sex, band.pk, Disability.NO, part - disabled


def letter_figures(start: datetime.date, end: datetime.date) -> dict[str, int]:
    """The figures of a mandate letter for a period, summed in SQL over counted activities."""
    counted = Activity.objects.counted().in_period(start, end)

    def people(area: str, kind: str, *categories: str) -> int:
        rows = ParticipantCount.objects.filter(
            activity__in=counted.filter(project__area=area, kind=kind).values("id")
        )
        if categories:
            rows = rows.filter(category__code__in=categories)
        return rows.totals()["total"]

    pledged = Pledge.objects.filter(
        pledged_on__range=(start, end), donor__kind=Donor.Kind.GOVERNMENT
    ).aggregate(usd=Sum("amount_usd"))["usd"]
    return {
        "dialogue": people("dialogue", "meeting"),
        "seminars": people("conflict", "seminar"),
        "seminar centres": counted.filter(project__area="conflict", kind="seminar")
        .values("centre")
        .distinct()
        .count(),
        "police instructors": people("police", "training", "police-instructors"),
        "Interior Ministry staff": people("police", "training", "interior-ministry-staff"),
        "Ombudsman conference": people("human_rights", "conference"),
        "treaty-body follow-up": people("human_rights", "seminar"),
        "pledged by governments (US$)": int(pledged or 0),
    }


def load_programs_demo(write: Callable[[str], None]) -> None:
    """The programme records every other loader builds on (its summary is load_demo's own)."""
    DemoLoader().run()
