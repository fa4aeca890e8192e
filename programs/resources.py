"""Import and export of the programs app's records: activities with who took part, money,
and the reference data, as django-import-export resources. Rows name other records by
natural keys (codes, names), never ids.

The activity import is the office's sign-in sheets: one row per activity and participant
category (women, men), as the activity form has one row per category; the rows of one
activity (same project, centre, title and start) make one activity.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.db import connection
from django.db.models.base import ModelState
from django.utils import timezone
from import_export import widgets

from untop.audit.bulk import audit_created
from untop.imports.reading import cell_text
from untop.imports.resources import BATCH, Field, PortalResource, key_part, optional_text
from untop.imports.saving import allocate_ids, copy_audit_created, copy_rows
from untop.imports.widgets import (
    CachedForeignKeyWidget,
    ChoiceWidget,
    CountWidget,
    DateWidget,
    MoneyWidget,
    TextWidget,
    YesNoWidget,
    blank,
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
from .rules import RuleBook, governed, is_counted
from .summary import first_of_month, refresh


def regions():
    return CachedForeignKeyWidget(Region, "code", label="region")


def projects():
    return CachedForeignKeyWidget(Project, "code", label="project")


def donors():
    return CachedForeignKeyWidget(Donor, "code", label="donor")


def centres(*also: str):
    return CachedForeignKeyWidget(Centre, "code", also=also, label="centre")


class RuleCheckedResource(PortalResource):
    """Rows of a model the office's rules reach (programs/rules.py: a locked period, a
    centre, a settled activity): each record is checked as the services check it, in memory,
    with the locked periods read once for the file and held until it commits."""

    def prepare(self, dataset) -> None:
        self.book = RuleBook(self.acting_user)
        self.book.hold()

    def saved_state(self, instance):
        rules = governed(self._meta.model)
        return rules.placement_of(instance) if rules else None

    def row_errors(self, instance, values):
        rules = governed(self._meta.model)
        if rules is None:
            return
        before = self._before.get(id(instance), (None, None))[1]
        column = next((f.column_name for f in self.fields.values() if f.attribute == rules.day), "")
        for violation in self.book.placement(
            rules, before=before, after=rules.placement_of(instance)
        ):
            yield column, violation.message


class RegionResource(PortalResource):
    key, label = "regions", "Regions"
    permission = "programs.add_region"
    description = "The regions of Tajikistan by ISO 3166-2 code, named in three languages."

    code = Field(
        "code", widget=TextWidget(6), help_text="ISO 3166-2 code of the region.", example="TJ-SU"
    )
    name = Field("name_en", "name", TextWidget(150), help_text="Name in English.", example="Sughd")
    name_ru = optional_text("name_ru", 150, "Name in Russian.", example="Согд")
    name_tg = optional_text("name_tg", 150, "Name in Tajik.", example="Суғд")

    class Meta:
        model = Region
        fields = ("code", "name", "name_ru", "name_tg")
        import_id_fields = ("code",)


class DistrictResource(PortalResource):
    key, label = "districts", "Districts"
    permission = "programs.add_district"
    description = "Districts (nohiya) and towns, each in its region."

    region = Field(
        "region", widget=regions(), help_text="ISO 3166-2 code of the region.", example="TJ-KT"
    )
    name = Field(
        "name_en", "name", TextWidget(150), help_text="Name in English.", example="Qurghonteppa"
    )
    name_ru = optional_text("name_ru", 150, "Name in Russian.")
    name_tg = optional_text("name_tg", 150, "Name in Tajik.")
    former_name = optional_text("former_name", 150, "The name in use in the 2000s, if it changed.")

    class Meta:
        model = District
        fields = ("region", "name", "name_ru", "name_tg", "former_name")
        import_id_fields = ("region", "name")


class CoordinateWidget(widgets.Widget):
    """Decimal degrees, with a point or a comma before the decimals (40.2826 or 40,2826); the
    range is the model's to check, naming the field."""

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            return None
        text = cell_text(value).replace(" ", "").replace(",", ".")
        try:
            degrees = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{text}” is not a number of degrees, e.g. 40.2826.") from None
        if not degrees.is_finite():
            raise ValueError(f"“{text}” is not a number of degrees, e.g. 40.2826.")
        return degrees.quantize(Decimal("0.00001"))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class CentreResource(PortalResource):
    key, label = "centres", "Centres"
    permission = "programs.add_centre"
    description = "The office's centres around the country."

    code = Field(
        "code",
        widget=TextWidget(30),
        help_text="Short code (letters, digits, hyphens).",
        example="khujand",
    )
    name = Field("name", widget=TextWidget(100), help_text="Name in English.", example="Khujand")
    name_ru = optional_text("name_ru", 100, "Name in Russian.")
    name_tg = optional_text("name_tg", 100, "Name in Tajik.")
    town = Field("town", widget=TextWidget(100), help_text="The town it is in.", example="Khujand")
    region = Field(
        "region", widget=regions(), help_text="ISO 3166-2 code of the region.", example="TJ-SU"
    )
    head_office = Field(
        "is_head_office",
        "head_office",
        YesNoWidget(),
        required=False,
        default=False,
        help_text="yes for the head office.",
        example="no",
    )
    latitude = Field(
        "latitude",
        widget=CoordinateWidget(),
        required=False,
        help_text="Decimal degrees, north positive; empty leaves the centre off the map.",
        example="40.2826",
    )
    longitude = Field(
        "longitude",
        widget=CoordinateWidget(),
        required=False,
        help_text="Decimal degrees, east positive; with the latitude, or both empty.",
        example="69.6221",
    )

    class Meta:
        model = Centre
        fields = (
            "code",
            "name",
            "name_ru",
            "name_tg",
            "town",
            "region",
            "head_office",
            "latitude",
            "longitude",
        )
        import_id_fields = ("code",)
        # The model's checks: coordinates in range, both or neither (a few rows a file).
        clean_model_instances = True


class ParticipantCategoryResource(PortalResource):
    key, label = "categories", "Participant categories"
    permission = "programs.add_participantcategory"
    description = "Who takes part, as the office counts it."

    code = Field("code", widget=TextWidget(40), help_text="Short code.", example="educators")
    name = Field("name", widget=TextWidget(100), help_text="Name in English.", example="Educators")
    name_ru = optional_text("name_ru", 100, "Name in Russian.")
    name_tg = optional_text("name_tg", 100, "Name in Tajik.")

    class Meta:
        model = ParticipantCategory
        fields = ("code", "name", "name_ru", "name_tg")
        import_id_fields = ("code",)


class DonorResource(PortalResource):
    key, label = "donors", "Donors"
    permission = "programs.add_donor"
    description = "Governments, multilateral bodies and foundations that fund the office."

    code = Field(
        "code",
        widget=TextWidget(30),
        help_text="Short code used in report requests.",
        example="NOR",
    )
    name = Field("name", widget=TextWidget(200), help_text="Full name.", example="Norway")
    name_ru = optional_text("name_ru", 200, "Name in Russian, as reports in Russian print it.")
    name_tg = optional_text("name_tg", 200, "Name in Tajik.", example="Норвегия")
    kind = Field(
        "kind",
        widget=ChoiceWidget(Donor.Kind.choices),
        help_text="government, multilateral or foundation.",
    )
    country = optional_text("country", 2, "ISO 3166-1 alpha-2 code.", example="NO")

    class Meta:
        model = Donor
        fields = ("code", "name", "name_ru", "name_tg", "kind", "country")
        import_id_fields = ("code",)


class PledgeResource(RuleCheckedResource):
    key, label = "pledges", "Pledges"
    permission = "programs.add_pledge"
    description = "Donors' promises of money, for a project or unearmarked."
    key_columns = ("donor", "pledged_on", "project", "amount", "currency")

    donor = Field("donor", widget=donors(), help_text="The donor's code.", example="NOR")
    project = Field(
        "project",
        widget=projects(),
        required=False,
        help_text="Project code; empty if unearmarked.",
    )
    pledged_on = Field(
        "pledged_on", widget=DateWidget(), help_text="Date pledged.", example="14.03.2006"
    )
    amount = Field(
        "amount", widget=MoneyWidget(), help_text="Amount in its currency.", example="150000.00"
    )
    currency = Field(
        "currency",
        widget=ChoiceWidget(CURRENCY_CHOICES),
        help_text="ISO 4217 code.",
        example="NOK",
    )
    amount_usd = Field(
        "amount_usd",
        widget=MoneyWidget(),
        help_text="US$ equivalent on the day.",
        example="22500.00",
    )

    class Meta:
        model = Pledge
        fields = ("donor", "project", "pledged_on", "amount", "currency", "amount_usd")


class ContributionResource(RuleCheckedResource):
    key, label = "contributions", "Contributions"
    permission = "programs.add_contribution"
    description = "Money received from donors; name the pledge by its date to link it."
    key_columns = ("donor", "received_on", "amount", "currency")

    donor = Field("donor", widget=donors(), help_text="The donor's code.", example="NOR")
    received_on = Field(
        "received_on", widget=DateWidget(), help_text="Date received.", example="2006-04-02"
    )
    amount = Field("amount", widget=MoneyWidget(), help_text="Amount in its currency.")
    currency = Field(
        "currency",
        widget=ChoiceWidget(CURRENCY_CHOICES),
        help_text="ISO 4217 code.",
        example="USD",
    )
    amount_usd = Field("amount_usd", widget=MoneyWidget(), help_text="US$ equivalent on the day.")
    pledged_on = Field(
        "pledge__pledged_on",
        "pledged_on",
        DateWidget(),
        required=False,
        readonly=True,
        help_text="Date of the donor's pledge this payment honours, if any.",
    )

    class Meta:
        model = Contribution
        fields = ("donor", "received_on", "amount", "currency", "amount_usd", "pledged_on")

    def prepare(self, dataset) -> None:
        """The pledges of the file's donors on the file's dates (one query)."""
        super().prepare(dataset)
        self.pledges = defaultdict(list)
        for pledge in Pledge.objects.filter(
            donor__in=self.column_values(dataset, "donor"),
            pledged_on__in=self.column_values(dataset, "pledged_on"),
        ):
            self.pledges[(pledge.donor_id, pledge.pledged_on)].append(pledge)

    def complete(self, instance, values):
        if values.get("pledged_on"):
            found = self.pledges.get((values["donor"].pk, values["pledged_on"]), [])
            if len(found) == 1:
                instance.pledge = found[0]
            else:
                how = "no pledge" if not found else "several pledges"
                yield "pledged_on", f"The donor has {how} on that date."


class ExpenditureResource(RuleCheckedResource):
    key, label = "expenditure", "Expenditure"
    permission = "programs.add_expenditure"
    description = "What each project spent, by category."
    key_columns = ("project", "category", "spent_on", "amount_usd", "description")

    project = Field("project", widget=projects(), help_text="Project code.", example="TJK/05/003")
    category = Field(
        "category",
        widget=ChoiceWidget(Expenditure.Category.choices),
        help_text="Kind of spending.",
    )
    spent_on = Field(
        "spent_on", widget=DateWidget(), help_text="Date booked.", example="30.04.2006"
    )
    amount_usd = Field(
        "amount_usd", widget=MoneyWidget(), help_text="Amount in US$.", example="1250.00"
    )
    description = optional_text("description", 300, "What it paid for.")

    class Meta:
        model = Expenditure
        fields = ("project", "category", "spent_on", "amount_usd", "description")


ACTIVITY_KEY = ("project", "centre", "title", "start")
ACTIVITY_FIELDS = ("type", "end", "district", "status", "narrative")


class ActivityResource(PortalResource):
    """Sign-in sheets: one row per activity and participant category. Rows of one activity
    add one activity and a participant count each; activities are drafts of the importer."""

    key, label = "activities", "Activities with participants"
    permission = "programs.add_activity"
    description = (
        "One row per activity and participant category (a seminar with women and men of two "
        "categories takes two rows). Rows with the same project, centre, title and start are "
        "one activity. Activities are added as drafts of the importing user."
    )
    key_columns = (*ACTIVITY_KEY, "category")

    project = Field("project", widget=projects(), help_text="Project code.", example="TJK/05/003")
    centre = Field(
        "centre",
        widget=centres("name", "name_ru"),
        help_text="The centre's code or name.",
        example="khujand",
    )
    type = Field(
        "kind",
        "type",
        ChoiceWidget(Activity.Kind.choices),
        help_text="meeting, seminar, training, …",
    )
    title = Field(
        "title",
        widget=TextWidget(300),
        help_text="What the activity was.",
        example="Seminar on tolerance",
    )
    start = Field("start", widget=DateWidget(), help_text="First day, 2006-03-14 or 14.03.2006.")
    end = Field("end", widget=DateWidget(), required=False, help_text="Last day; empty if one day.")
    district = Field(
        "district",
        widget=CachedForeignKeyWidget(
            District,
            "name_en",
            also=("name_ru",),
            label="district",
            queryset=District.objects.select_related("region"),
        ),
        required=False,
        help_text="District held in, if not the centre's town.",
    )
    status = Field(
        "status",
        widget=ChoiceWidget(Activity.Status.choices),
        required=False,
        default=Activity.Status.HELD,
        help_text="held (default), planned or cancelled.",
    )
    narrative = Field(
        "narrative",
        widget=TextWidget(20_000),
        required=False,
        default="",
        help_text="What happened.",
    )
    category = Field(
        None,
        "category",
        CachedForeignKeyWidget(
            ParticipantCategory, "code", also=("name", "name_ru"), label="participant category"
        ),
        required=False,
        help_text="Participant category code or name.",
    )
    women = Field(
        None,
        "women",
        CountWidget(),
        required=False,
        help_text="Women of this category.",
        example="12",
    )
    men = Field(
        None, "men", CountWidget(), required=False, help_text="Men of this category.", example="9"
    )

    class Meta:
        model = Activity
        fields = (
            "project",
            "centre",
            "type",
            "title",
            "start",
            "end",
            "district",
            "status",
            "narrative",
            "category",
            "women",
            "men",
        )
        force_init_instance = True  # rows only add activities
        batch_size = 5000  # each batch is one COPY of activities and one of their audit entries
        clean_model_instances = False  # the rules below are the form's, without its queries

    # -- importing -------------------------------------------------------------------
    def prepare(self, dataset) -> None:
        """The rules with the locked periods read once and held; the activities of the
        file's centres and days that are saved already (one query)."""
        self.book = RuleBook(self.acting_user)
        self.book.hold()
        self.may_enter = self.acting_user.has_perm("programs.change_activity")
        self._draft = None
        self.groups: dict[tuple, tuple[int, dict, Activity]] = {}
        self.counts = []
        self.broken: dict[tuple, list[tuple[str, str]]] = {}
        starts = self.column_values(dataset, "start")
        saved = Activity.objects.filter(
            start__in=starts, centre__in=self.column_values(dataset, "centre")
        ).values_list("project_id", "centre_id", "title", "start", "pk")
        self.saved = {(p, c, key_part(title), s): pk for p, c, title, s, pk in saved.iterator()}

    counts: list[tuple] = []  # (activity, category, women, men) until the activity is saved

    def init_instance(self, row=None):
        """A draft of the importing user. Django's ``Model.__init__`` sorts its arguments
        and sends two signals for every row, which cost more than reading the row: the
        draft's values are worked out once and each row's record starts as a copy of them,
        as ``Model.from_db`` would build it (Activity has no init signal receivers; a test
        keeps that true)."""
        if getattr(self, "_draft", None) is None:
            draft = Activity(created_by=self.acting_user, approval=Activity.Approval.DRAFT)
            self._draft = {
                f.attname: getattr(draft, f.attname) for f in Activity._meta.concrete_fields
            }
        instance = Activity.__new__(Activity)
        instance.__dict__.update(self._draft)
        instance._state = ModelState()
        return instance

    def complete(self, instance, values):
        instance.end = instance.end or instance.start
        return ()

    def row_errors(self, instance, values):
        if values.get("category") is None and (values.get("women") or values.get("men")):
            yield "category", "Name the category counted."
        if not self.may_enter:
            yield "centre", "You may not enter activities."
        # The rules of programs/rules.py depend on the centre, the project and the dates
        # only: asked once per distinct four (a sheet's rows repeat them, one per category).
        rules_key = (instance.centre_id, instance.project_id, instance.start, instance.end)
        try:
            yield from self.broken[rules_key]
        except KeyError:
            book = self.book
            broken = self.broken[rules_key] = [
                (violation.field or "", violation.message)
                for violation in (
                    book.centre(instance.centre_id),
                    book.dates(instance.start, instance.end),
                    *book.project(instance.project, instance.start, instance.end),
                    book.period(instance.start),
                )
                if violation is not None
            ]
            yield from broken
        key = self.key = self.row_key[: len(ACTIVITY_KEY)]
        first = self.groups.get(key)
        if first is None:
            self.groups[key] = (self.number, values, instance)
            if key in self.saved:
                yield (
                    "title",
                    (
                        f"This activity is already in the portal (activity {self.saved[key]}): "
                        "change it on its page, or remove the rows."
                    ),
                )
        elif first[0] != self.number:
            for name in ACTIVITY_FIELDS:
                mine, theirs = values.get(name), first[1].get(name)
                if name == "end":
                    mine, theirs = mine or values["start"], theirs or first[1]["start"]
                if key_part(mine) != key_part(theirs):
                    shown = theirs.strftime("%d.%m.%Y") if hasattr(theirs, "strftime") else theirs
                    yield (
                        name,
                        (
                            f"Row {first[0]} gives “{shown or ''}” for the same activity; its rows "
                            "must agree."
                        ),
                    )

    def save_instance(self, instance, is_create, row, **kwargs):
        """One activity per key: the later rows of an activity add only their count."""
        values = self.values
        activity = self.groups[self.key][2]
        if activity is instance:
            super().save_instance(instance, is_create, row, **kwargs)
        if values.get("category") is not None:
            self.counts.append(
                (activity, values["category"], values.get("women") or 0, values.get("men") or 0)
            )

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """The activities, then the counts whose activity is saved; on PostgreSQL by COPY
        (the library's bulk save has no COPY), elsewhere by the library's bulk insert."""
        if self._nothing_to_keep(result) or connection.vendor != "postgresql":
            super().bulk_create(using_transactions, dry_run, raise_errors, batch_size, result)
        elif self.create_instances:
            self._copy(self.create_instances)
            self.create_instances.clear()
        if self._nothing_to_keep(result):
            self.counts.clear()
            return
        ready = [count for count in self.counts if count[0].pk is not None]
        self.counts = [count for count in self.counts if count[0].pk is None]
        if ready and connection.vendor == "postgresql":
            self._copy_counts(ready)
        elif ready:
            counts = [
                ParticipantCount(activity_id=activity.pk, category=category, women=w, men=m)
                for activity, category, w, m in ready
            ]
            ParticipantCount.objects.bulk_create(counts, batch_size=BATCH)
            audit_created(counts)
        self.progress(
            40 + int(55 * self.created / max(len(self.row_numbers), 1)),
            f"Saved {self.created:,} activities",
        )

    def after_save(self) -> None:
        super().after_save()
        # Written in bulk, without signals: the summary rows of the counted ones are summed
        # again, for their months, areas and types (known here: no query of the ids, which a
        # file of 100,000 rows would make too long for SQLite). Imported activities are
        # drafts, which count nowhere until approved, so this usually has nothing to do.
        keys = {
            (first_of_month(a.start), a.project.area, a.kind) for a in self.written if is_counted(a)
        }
        if keys:
            refresh(keys)

    def _copy(self, activities: list[Activity]) -> None:
        """Activities by COPY, with ids taken from the table's sequence beforehand, and their
        "created" audit entries by COPY too."""
        now = str(timezone.now())
        fields = Activity._meta.concrete_fields
        stamped = {
            f.attname
            for f in fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        }
        for activity, pk in zip(activities, allocate_ids(Activity, len(activities)), strict=True):
            activity.pk = pk
        columns = [field.attname for field in fields]
        # The records' values as their __dict__ holds them (every concrete field is set by
        # init_instance), without a descriptor call per cell.
        stamp = dict.fromkeys(stamped, now)
        values = [
            {**{name: activity.__dict__[name] for name in columns}, **stamp}
            for activity in activities
        ]
        copy_rows(Activity, columns, (tuple(value.values()) for value in values))
        copy_audit_created(Activity, values, lambda value: value["title"])

    def _copy_counts(self, counts: list[tuple]) -> None:
        """Participant counts by COPY, as plain values (no model instance per row)."""
        values = [
            {"id": pk, "activity_id": activity.pk, "category_id": category.pk, "women": w, "men": m}
            for pk, (activity, category, w, m) in zip(
                allocate_ids(ParticipantCount, len(counts)), counts, strict=True
            )
        ]
        names = {category.pk: category.name for _, category, _, _ in counts}
        copy_rows(ParticipantCount, list(values[0]), (tuple(v.values()) for v in values))
        copy_audit_created(
            ParticipantCount,
            values,
            lambda c: f"{names[c['category_id']]}: {c['women']} women, {c['men']} men",
        )

    # -- exporting: one row per activity and category ---------------------------------
    def iter_queryset(self, queryset):
        """Each activity once per participant count (once when it has none), in two queries."""
        counts = defaultdict(list)
        for count in (
            ParticipantCount.objects.filter(activity__in=queryset.order_by().values("pk"))
            .select_related("category")
            .order_by("category__name")
        ):
            counts[count.activity_id].append(count)
        activities = queryset.select_related("project", "centre", "district").order_by(
            "-start", "-id"
        )
        for activity in activities.iterator(chunk_size=2000):
            for count in counts.get(activity.pk) or [None]:
                activity.exported_count = count
                yield activity

    def dehydrate_category(self, activity):
        count = activity.exported_count
        return count.category.code if count else None

    def dehydrate_women(self, activity):
        return activity.exported_count.women if activity.exported_count else None

    def dehydrate_men(self, activity):
        return activity.exported_count.men if activity.exported_count else None


IMPORTERS = [
    ActivityResource,
    RegionResource,
    DistrictResource,
    CentreResource,
    ParticipantCategoryResource,
    DonorResource,
    PledgeResource,
    ContributionResource,
    ExpenditureResource,
]
