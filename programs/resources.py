"""Import and export of the programs app's records: activities with who took part, money,
and the reference data. Rows name other records by natural keys (codes, names), never ids.

The activity import is the office's sign-in sheets: one row per activity and participant
category (women, men), as the activity form has one row per category; the rows of one
activity (same project, centre, title and start) make one activity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection
from django.utils import timezone

from untop.imports.columns import (
    Column,
    KeyCache,
    choice,
    count,
    date_value,
    money,
    text,
    yes_no,
)
from untop.imports.engine import Importer, ImportInvalid, ParsedRow, Progress, RowError
from untop.imports.saving import (
    BATCH,
    ModelImporter,
    allocate_ids,
    audit_created,
    copy_audit_created,
    copy_rows,
)

from .currencies import CURRENCY_CHOICES
from .models import (
    Activity,
    Centre,
    Contribution,
    District,
    Donor,
    Expenditure,
    ParticipantCategory,
    ParticipantCount,
    Pledge,
    Project,
    Region,
)
from .rules import RuleBook, governed


def _regions() -> KeyCache:
    return KeyCache(Region.objects.all(), "code", "region")


def _projects() -> KeyCache:
    return KeyCache(Project.objects.all(), "code", "project")


def _donors() -> KeyCache:
    return KeyCache(Donor.objects.all(), "code", "donor")


class RuleCheckedImporter(ModelImporter):
    """Rows of a model the office's rules reach (programs/rules.py: a locked period, a
    centre, a settled activity): each record is checked as the services check it, in memory,
    with the locked periods read once for the whole file."""

    def _book(self) -> RuleBook:
        if getattr(self, "_rule_book", None) is None:
            self._rule_book = RuleBook(self.acting_user)
        return self._rule_book

    def saved_state(self, record):
        rules = governed(self.model)
        return rules.placement_of(record) if rules else None

    def record_errors(self, row: ParsedRow, record, saved_state) -> list[RowError]:
        rules = governed(self.model)
        if rules is None:
            return []
        column_of = {field: column for column, field in self.field_of.items()}
        column = column_of.get(rules.day, "")
        return [
            RowError(row.number, column, violation.message)
            for violation in self._book().placement(
                rules, before=saved_state, after=rules.placement_of(record)
            )
        ]


class RegionImporter(ModelImporter):
    key, label, model = "regions", "Regions", Region
    permission = "programs.add_region"
    description = "The regions of Tajikistan by ISO 3166-2 code, named in three languages."
    match_on = ("code",)
    field_of = {"code": "code", "name": "name_en", "name_ru": "name_ru", "name_tg": "name_tg"}

    def columns(self) -> list[Column]:
        return [
            Column("code", "ISO 3166-2 code of the region.", text(6), example="TJ-SU"),
            Column("name", "Name in English.", text(150), example="Sughd"),
            Column("name_ru", "Name in Russian.", text(150), required=False, example="Согд"),
            Column("name_tg", "Name in Tajik.", text(150), required=False, example="Суғд"),
        ]


class DistrictImporter(ModelImporter):
    key, label, model = "districts", "Districts", District
    permission = "programs.add_district"
    description = "Districts (nohiya) and towns, each in its region."
    match_on = ("region", "name")
    export_related = ("region",)
    field_of = {
        "region": "region",
        "name": "name_en",
        "name_ru": "name_ru",
        "name_tg": "name_tg",
        "former_name": "former_name",
    }

    def columns(self) -> list[Column]:
        return [
            Column("region", "ISO 3166-2 code of the region.", _regions(), example="TJ-KT"),
            Column("name", "Name in English.", text(150), example="Qurghonteppa"),
            Column("name_ru", "Name in Russian.", text(150), required=False),
            Column("name_tg", "Name in Tajik.", text(150), required=False),
            Column("former_name", "The name in use in the 2000s, if it changed.", text(150), False),
        ]


class CentreImporter(ModelImporter):
    key, label, model = "centres", "Centres", Centre
    permission = "programs.add_centre"
    description = "The office's centres around the country."
    match_on = ("code",)
    export_related = ("region",)
    field_of = {
        "code": "code",
        "name": "name",
        "name_ru": "name_ru",
        "name_tg": "name_tg",
        "town": "town",
        "region": "region",
        "head_office": "is_head_office",
    }

    def columns(self) -> list[Column]:
        return [
            Column("code", "Short code (letters, digits, hyphens).", text(30), example="khujand"),
            Column("name", "Name in English.", text(100), example="Khujand"),
            Column("name_ru", "Name in Russian.", text(100), required=False),
            Column("name_tg", "Name in Tajik.", text(100), required=False),
            Column("town", "The town it is in.", text(100), example="Khujand"),
            Column("region", "ISO 3166-2 code of the region.", _regions(), example="TJ-SU"),
            Column("head_office", "yes for the head office.", yes_no, False, example="no"),
        ]


class ParticipantCategoryImporter(ModelImporter):
    key, label, model = "categories", "Participant categories", ParticipantCategory
    permission = "programs.add_participantcategory"
    description = "Who takes part, as the office counts it."
    match_on = ("code",)
    field_of = {"code": "code", "name": "name", "name_ru": "name_ru", "name_tg": "name_tg"}

    def columns(self) -> list[Column]:
        return [
            Column("code", "Short code.", text(40), example="educators"),
            Column("name", "Name in English.", text(100), example="Educators"),
            Column("name_ru", "Name in Russian.", text(100), required=False),
            Column("name_tg", "Name in Tajik.", text(100), required=False),
        ]


class DonorImporter(ModelImporter):
    key, label, model = "donors", "Donors", Donor
    permission = "programs.add_donor"
    description = "Governments, multilateral bodies and foundations that fund the office."
    match_on = ("code",)
    field_of = {
        "code": "code",
        "name": "name",
        "name_ru": "name_ru",
        "name_tg": "name_tg",
        "kind": "kind",
        "country": "country",
    }

    def columns(self) -> list[Column]:
        return [
            Column("code", "Short code used in report requests.", text(30), example="NOR"),
            Column("name", "Full name.", text(200), example="Norway"),
            Column("name_ru", "Name in Russian, as reports in Russian print it.", text(200), False),
            Column("name_tg", "Name in Tajik.", text(200), required=False, example="Норвегия"),
            Column("kind", "government, multilateral or foundation.", choice(Donor.Kind.choices)),
            Column("country", "ISO 3166-1 alpha-2 code.", text(2), required=False, example="NO"),
        ]


class PledgeImporter(RuleCheckedImporter):
    key, label, model = "pledges", "Pledges", Pledge
    permission = "programs.add_pledge"
    description = "Donors' promises of money, for a project or unearmarked."
    key_columns = ("donor", "pledged_on", "project", "amount", "currency")
    export_related = ("donor", "project")
    field_of = {
        "donor": "donor",
        "project": "project",
        "pledged_on": "pledged_on",
        "amount": "amount",
        "currency": "currency",
        "amount_usd": "amount_usd",
    }

    def columns(self) -> list[Column]:
        return [
            Column("donor", "The donor's code.", _donors(), example="NOR"),
            Column("project", "Project code; empty if unearmarked.", _projects(), False),
            Column("pledged_on", "Date pledged.", date_value, example="14.03.2006"),
            Column("amount", "Amount in its currency.", money, example="150000.00"),
            Column("currency", "ISO 4217 code.", choice(CURRENCY_CHOICES), example="NOK"),
            Column("amount_usd", "US$ equivalent on the day.", money, example="22500.00"),
        ]


class ContributionImporter(RuleCheckedImporter):
    key, label, model = "contributions", "Contributions", Contribution
    permission = "programs.add_contribution"
    description = "Money received from donors; name the pledge by its date to link it."
    key_columns = ("donor", "received_on", "amount", "currency")
    export_related = ("donor", "pledge")
    field_of = {
        "donor": "donor",
        "received_on": "received_on",
        "amount": "amount",
        "currency": "currency",
        "amount_usd": "amount_usd",
        "pledged_on": "pledge",
    }

    def columns(self) -> list[Column]:
        return [
            Column("donor", "The donor's code.", _donors(), example="NOR"),
            Column("received_on", "Date received.", date_value, example="2006-04-02"),
            Column("amount", "Amount in its currency.", money),
            Column("currency", "ISO 4217 code.", choice(CURRENCY_CHOICES), example="USD"),
            Column("amount_usd", "US$ equivalent on the day.", money),
            Column(
                "pledged_on",
                "Date of the donor's pledge this payment honours, if any.",
                date_value,
                required=False,
            ),
        ]

    def attributes(self, row: ParsedRow) -> dict:
        values = super().attributes(row)
        if "pledge" in values:  # the column holds the pledge's date: the pledge found in check
            values["pledge"] = row.values.get("pledge_record")
        return values

    def check(self, rows: list[ParsedRow]) -> Iterable[RowError]:
        """Find each named pledge among the donor's pledges (one query for the file)."""
        wanted = [row for row in rows if row.values.get("pledged_on")]
        if not wanted:
            return []
        pledges = defaultdict(list)
        for pledge in Pledge.objects.filter(
            donor__in={row.values["donor"] for row in wanted},
            pledged_on__in={row.values["pledged_on"] for row in wanted},
        ):
            pledges[(pledge.donor_id, pledge.pledged_on)].append(pledge)
        errors = []
        for row in wanted:
            found = pledges.get((row.values["donor"].pk, row.values["pledged_on"]), [])
            if len(found) == 1:
                row.values["pledge_record"] = found[0]
            else:
                how = "no pledge" if not found else "several pledges"
                errors.append(
                    RowError(row.number, "pledged_on", f"The donor has {how} on that date.")
                )
        return errors

    def export_cell(self, record, header: str):
        if header == "pledged_on":
            return record.pledge.pledged_on if record.pledge_id else None
        return super().export_cell(record, header)


class ExpenditureImporter(RuleCheckedImporter):
    key, label, model = "expenditure", "Expenditure", Expenditure
    permission = "programs.add_expenditure"
    description = "What each project spent, by category."
    key_columns = ("project", "category", "spent_on", "amount_usd", "description")
    export_related = ("project",)
    field_of = {
        "project": "project",
        "category": "category",
        "spent_on": "spent_on",
        "amount_usd": "amount_usd",
        "description": "description",
    }

    def columns(self) -> list[Column]:
        return [
            Column("project", "Project code.", _projects(), example="TJK/05/003"),
            Column("category", "Kind of spending.", choice(Expenditure.Category.choices)),
            Column("spent_on", "Date booked.", date_value, example="30.04.2006"),
            Column("amount_usd", "Amount in US$.", money, example="1250.00"),
            Column("description", "What it paid for.", text(300), required=False),
        ]


ACTIVITY_KEY = ("project", "centre", "title", "start")
COPY_CHUNK = 5_000
ACTIVITY_FIELDS = ("type", "end", "district", "status", "narrative")


class ActivityImporter(Importer):
    """Sign-in sheets: one row per activity and participant category."""

    key, label, model = "activities", "Activities with participants", Activity
    permission = "programs.add_activity"
    description = (
        "One row per activity and participant category (a seminar with women and men of two "
        "categories takes two rows). Rows with the same project, centre, title and start are "
        "one activity. Activities are added as drafts of the importing user."
    )
    key_columns = (*ACTIVITY_KEY, "category")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.projects = _projects()
        self.centres = KeyCache(Centre.objects.all(), ("code", "name", "name_ru"), "centre")
        self.categories = KeyCache(
            ParticipantCategory.objects.all(), ("code", "name", "name_ru"), "participant category"
        )
        self.districts = KeyCache(
            District.objects.select_related("region"), ("name_en", "name_ru"), "district"
        )
        self._columns = [
            Column("project", "Project code.", self.projects, example="TJK/05/003"),
            Column("centre", "The centre's code or name.", self.centres, example="khujand"),
            Column("type", "meeting, seminar, training, …", choice(Activity.Kind.choices)),
            Column("title", "What the activity was.", text(300), example="Seminar on tolerance"),
            Column("start", "First day, 2006-03-14 or 14.03.2006.", date_value),
            Column("end", "Last day; empty if one day.", date_value, required=False),
            Column(
                "district", "District held in, if not the centre's town.", self._district, False
            ),
            Column("status", "held (default), planned or cancelled.", self._status, False),
            Column("narrative", "What happened.", text(20_000), required=False),
            Column("category", "Participant category code or name.", self.categories, False),
            Column("women", "Women of this category.", count, required=False, example="12"),
            Column("men", "Men of this category.", count, required=False, example="9"),
        ]

    def get_columns(self) -> list[Column]:
        return self._columns

    def _district(self, raw):
        return self.districts.get(raw)

    _status_choice = staticmethod(choice(Activity.Status.choices))

    def _status(self, raw):
        return self._status_choice(raw)

    # -- checks (whole file, each table loaded once) ------------------------------------
    def check(self, rows: list[ParsedRow]) -> Iterable[RowError]:
        # The rules of programs/rules.py, with what they read (the locked periods) loaded
        # once for the whole file.
        book = self._rules = RuleBook(self.acting_user)
        may_edit = self.acting_user.has_perm("programs.change_activity")
        errors: list[RowError] = []
        first_of: dict[tuple, ParsedRow] = {}
        for row in rows:
            v = row.values
            v["end"] = v["end"] or v["start"]
            v["status"] = v["status"] or Activity.Status.HELD
            v["narrative"] = v["narrative"] or ""
            if v["category"] is None and (v["women"] or v["men"]):
                errors.append(RowError(row.number, "category", "Name the category counted."))
            if not may_edit:
                errors.append(RowError(row.number, "centre", "You may not enter activities."))
            project, start, end = v["project"], v["start"], v["end"]
            for violation in [
                book.centre(v["centre"].pk),
                book.dates(start, end),
                *book.project(project, start, end),
                book.period(start),
            ]:
                if violation is not None:
                    errors.append(RowError(row.number, violation.field or "", violation.message))
            key = tuple(_part(v[name]) for name in ACTIVITY_KEY)
            first = first_of.setdefault(key, row)
            if first is not row:
                for name in ACTIVITY_FIELDS:
                    if _part(first.values[name]) != _part(v[name]):
                        errors.append(
                            RowError(
                                row.number,
                                name,
                                f"Row {first.number} gives “{_shown(first.values[name])}” for the "
                                f"same activity; its rows must agree.",
                            )
                        )
        if not errors:
            errors.extend(self._already_saved(first_of))
        return errors

    def _already_saved(self, first_of: dict[tuple, ParsedRow]) -> list[RowError]:
        """Activities of the file that are in the portal already (one query)."""
        starts = [row.values["start"] for row in first_of.values()]
        saved = Activity.objects.filter(
            start__gte=min(starts),
            start__lte=max(starts),
            centre__in={row.values["centre"].pk for row in first_of.values()},
        ).values_list("project_id", "centre_id", "title", "start", "pk")
        errors = []
        for project_id, centre_id, title, start, pk in saved.iterator():
            row = first_of.get((project_id, centre_id, title.strip().lower(), start))
            if row is not None:
                errors.append(
                    RowError(
                        row.number,
                        "title",
                        f"This activity is already in the portal (activity {pk}): change it on "
                        "its page, or remove the rows.",
                    )
                )
        return errors

    # -- saving -------------------------------------------------------------------
    def before_save(self, rows: list[ParsedRow]) -> None:
        refuse_rows_locked_meanwhile(self._rules, rows, lambda v: v["start"], "start")

    def save(self, rows: list[ParsedRow], progress: Progress) -> tuple[int, int]:
        """Activities (one per key) and their counts, with an audit entry each. On PostgreSQL
        the rows go in by COPY; elsewhere by bulk inserts."""
        groups: dict[tuple, list[ParsedRow]] = {}
        for row in rows:
            groups.setdefault(tuple(_part(row.values[name]) for name in ACTIVITY_KEY), []).append(
                row
            )
        if connection.vendor == "postgresql":
            return self._save_by_copy(list(groups.values()), progress)
        return self._save_by_insert(list(groups.values()), progress)

    def _save_by_insert(self, groups: list[list[ParsedRow]], progress: Progress):
        activities, participants = [], []
        for group in groups:
            v = group[0].values
            activity = Activity(
                project=v["project"],
                kind=v["type"],
                title=v["title"],
                start=v["start"],
                end=v["end"],
                centre=v["centre"],
                district=v["district"],
                status=v["status"],
                narrative=v["narrative"],
                created_by=self.acting_user,
                approval=Activity.Approval.DRAFT,
            )
            activities.append(activity)
            for row in group:
                row.record = activity
                if row.values["category"] is not None:
                    participants.append(
                        ParticipantCount(
                            activity=activity,
                            category=row.values["category"],
                            women=row.values["women"] or 0,
                            men=row.values["men"] or 0,
                        )
                    )
        Activity.objects.bulk_create(activities, batch_size=BATCH)
        progress(60, f"Saved {len(activities):,} activities")
        ParticipantCount.objects.bulk_create(participants, batch_size=BATCH)
        progress(80, "Writing the audit trail")
        audit_created(activities)
        audit_created(participants)
        return len(activities), 0

    def _save_by_copy(self, groups: list[list[ParsedRow]], progress: Progress):
        """The same rows by COPY, with ids taken from the sequences beforehand: no model
        instances, which is where an ORM insert spends most of its time. Written in chunks,
        so that memory holds one chunk's rows and audit entries at a time."""
        activity_ids = allocate_ids(Activity, len(groups))
        count_rows = sum(1 for group in groups for row in group if row.values["category"])
        next_count = iter(allocate_ids(ParticipantCount, count_rows))
        names = {category.pk: category.name for category in self.categories.load().values()}
        now_text = str(timezone.now())
        for first in range(0, len(groups), COPY_CHUNK):
            chunk = zip(
                activity_ids[first : first + COPY_CHUNK],
                groups[first : first + COPY_CHUNK],
                strict=True,
            )
            activities, counts = [], []
            for pk, group in chunk:
                activities.append(self._activity_values(pk, group[0].values, now_text))
                counts.extend(
                    {
                        "id": next(next_count),
                        "activity_id": pk,
                        "category_id": row.values["category"].pk,
                        "women": row.values["women"] or 0,
                        "men": row.values["men"] or 0,
                    }
                    for row in group
                    if row.values["category"] is not None
                )
            copy_rows(
                Activity,
                [*activities[0], "updated_at"],
                ((*a.values(), now_text) for a in activities),
            )
            if counts:
                copy_rows(ParticipantCount, list(counts[0]), (tuple(c.values()) for c in counts))
            copy_audit_created(Activity, activities, lambda record: record["title"])
            copy_audit_created(
                ParticipantCount,
                counts,
                lambda c: f"{names[c['category_id']]}: {c['women']} women, {c['men']} men",
            )
            done = min(first + COPY_CHUNK, len(groups))
            progress(40 + int(55 * done / len(groups)), f"Saved {done:,} activities")
        return len(groups), 0

    def _activity_values(self, pk: int, v: dict, now_text: str) -> dict:
        """An activity's columns by attname, as the audit trail keeps them."""
        district = v["district"]
        return {
            "id": pk,
            "project_id": v["project"].pk,
            "kind": v["type"],
            "title": v["title"],
            "start": v["start"].isoformat(),
            "end": v["end"].isoformat(),
            "centre_id": v["centre"].pk,
            "district_id": district.pk if district else None,
            "status": v["status"],
            "approval": Activity.Approval.DRAFT.value,
            "narrative": v["narrative"],
            "created_by_id": self.acting_user.pk,
            "created_at": now_text,
            "submitted_at": None,
            "approved_by_id": None,
            "approved_at": None,
        }

    # -- exporting --------------------------------------------------------------------
    def export_queryset(self, user):
        return Activity.objects.all()

    def export_rows(self, queryset):
        """One row per activity and category (an activity without counts: one row), in two
        queries whatever the number of activities."""
        ids = queryset.order_by().values("pk")
        counts = defaultdict(list)
        for activity_id, category, women, men in (
            ParticipantCount.objects.filter(activity__in=ids)
            .order_by("category__name")
            .values_list("activity_id", "category__code", "women", "men")
        ):
            counts[activity_id].append((category, women, men))
        rows = (
            Activity.objects.filter(pk__in=ids)
            .order_by("-start", "-id")
            .values_list(
                "pk",
                "project__code",
                "centre__code",
                "kind",
                "title",
                "start",
                "end",
                "district__name_en",
                "status",
                "narrative",
            )
        )
        for pk, *fields in rows.iterator(chunk_size=2000):
            for category, women, men in counts.get(pk) or [(None, None, None)]:
                yield [*fields, category, women, men]


def refuse_rows_locked_meanwhile(
    book: RuleBook, rows: list[ParsedRow], day_of: Callable[[dict], Any], column: str
) -> None:
    """Inside the import's transaction: a period locked since the rows were checked refuses
    them. The locks are read again and held until the rows commit (RuleBook.hold); each
    row's day is ``day_of(row.values)`` (None: no day)."""
    book.hold()
    errors = [
        RowError(row.number, column, violation.message)
        for row in rows
        if (violation := book.period(day_of(row.values)))
    ]
    if errors:
        raise ImportInvalid(errors)


def _shown(value) -> str:
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y") if hasattr(value, "strftime") else str(value)


def _part(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, str):
        return value.strip().lower()
    return value


IMPORTERS = [
    ActivityImporter,
    RegionImporter,
    DistrictImporter,
    CentreImporter,
    ParticipantCategoryImporter,
    DonorImporter,
    PledgeImporter,
    ContributionImporter,
    ExpenditureImporter,
]
