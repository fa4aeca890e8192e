"""Import and export of the programs app's records: activities with who took part, money,
and the reference data, as django-import-export resources. Rows name other records by
natural keys (codes, names), never ids.

The activity import is the office's sign-in sheets: one row per activity and participant
category (women, men), as the activity form has one row per category; the rows of one
activity (same project, centre, title and start) make one activity. A sheet that counts
people by age band and disability as well gives a category several rows, one per group:
together they are the category's row and its breakdown (programs/models/groups.py).

Money is imported in the currency it was given or spent in, and converted to US$ by one
``Rates`` per file at the UN operational rate of each row's month (programs/exchange.py):
the US$ equivalent and the rate are exported but never read, and an override needs its
reason. The rates themselves are imported by currency and month; budgets by project, each
project's rows making one new revision through ``budget_revise``.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext
from import_export import widgets

from untop.audit.bulk import audit_created
from untop.imports.reading import ImportRefused, cell_text
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

from .budgets import BudgetRevisedMeanwhile, LineInput, budget_revise
from .currencies import CURRENCY_CHOICES
from .exchange import RATE_PLACES, USD, RateMissing, Rates, first_of_month, month_name
from .models import (
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
    ParticipantCategory,
    ParticipantCount,
    ParticipantGroup,
    Pledge,
    Project,
    Region,
    Sex,
)
from .rules import RuleBook, governed, is_counted
from .summary import refresh_marks

# The columns of money in its own currency, in a file's order (ConvertedResource).
MONEY_COLUMNS = ("amount", "currency", "usd_override", "usd_override_reason", "amount_usd", "rate")


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


# -- money in its own currency (programs/exchange.py) ----------------------------------------
_MONTH = re.compile(r"^(?:(\d{4})-(\d{1,2})|(\d{1,2})[./](\d{4}))$")


class MonthWidget(widgets.Widget):
    """A month: 2006-03, 03.2006, or any day of it (2006-03-14, 14.03.2006, a date cell);
    read as its first day, as the rates table keeps it."""

    def __init__(self):
        super().__init__()
        self.days = DateWidget()

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date().replace(day=1)
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        text = cell_text(value)
        match = _MONTH.match(text)
        try:
            if match:
                year, month = (match[1], match[2]) if match[1] else (match[4], match[3])
                return datetime.date(int(year), int(month), 1)
            return self.days.clean(text).replace(day=1)
        except ValueError:
            raise ValueError(
                gettext("“%(text)s” is not a month: write 2006-03, 03.2006 or a day of it.")
                % {"text": text}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value:%Y-%m}"


class RateWidget(widgets.DecimalWidget):
    """A rate of exchange: units of a currency per US$, above zero, to ten decimals, with a
    point or a comma before the decimals (6.44 or 6,44)."""

    LARGEST = Decimal(10) ** 14  # the column's 24 digits, 10 of them decimals

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            return None
        text = cell_text(value).replace(" ", "").replace("\u00a0", "")
        comma_is_decimal = "," in text and "." not in text
        text = text.replace(",", ".") if comma_is_decimal else text.replace(",", "")
        try:
            rate = Decimal(text)
        except InvalidOperation:
            rate = None
        if rate is None or not rate.is_finite() or not 0 < rate < self.LARGEST:
            raise ValueError(
                gettext("“%(text)s” is not a rate: units of the currency per US$, e.g. 6.44.")
                % {"text": text}
            )
        rate = rate.quantize(RATE_PLACES, ROUND_HALF_UP)
        if not rate:
            raise ValueError(gettext("%(text)s is too small a rate.") % {"text": text})
        return rate

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else format(value.normalize(), "f")


def _message_text(message) -> str:
    """A message of programs/exchange.py as a file's problem reads it (a RateMissing is a
    ValidationError with its own parameters)."""
    if isinstance(message, ValidationError):
        return " ".join(message.messages)
    return str(message)


class ExchangeRateResource(PortalResource):
    """The UN operational rates of exchange, one row per currency and month. A rate already
    in the portal is changed (with its audit entry); the US$ equivalents already worked out
    keep the rate they were worked out at."""

    key, label = "exchange-rates", "Exchange rates"
    permission = "programs.add_exchangerate"
    description = "UN operational rates of exchange: units of a currency per US$, by month."

    currency = Field(
        "currency",
        widget=ChoiceWidget(CURRENCY_CHOICES),
        help_text="ISO 4217 code.",
        example="NOK",
    )
    month = Field(
        "month",
        widget=MonthWidget(),
        help_text="The month the rate holds for: 2006-03, 03.2006 or any day of it.",
        example="2006-03",
    )
    rate = Field(
        "rate",
        widget=RateWidget(),
        help_text="Units of the currency one US dollar buys.",
        example="6.44",
    )
    source = Field(
        "source",
        widget=TextWidget(200),
        required=False,
        default=ExchangeRate._meta.get_field("source").default,
        help_text="Where the rate comes from; empty: the UN operational rates of exchange.",
    )

    class Meta:
        model = ExchangeRate
        fields = ("currency", "month", "rate", "source")
        import_id_fields = ("currency", "month")

    def complete(self, instance, values):
        if values.get("currency") == USD:
            yield (
                "currency",
                gettext("The rates are units of a currency per US$: US$ needs no rate."),
            )


class ConvertedResource(RuleCheckedResource):
    """Pledges, contributions and expenditure: an amount in its currency, converted to US$ by
    one ``Rates`` for the file (programs/exchange.py: the rates of the file's currencies,
    read in one query whatever its length). The US$ equivalent and the rate used are worked
    out, never read: a file that states them (an export sent back) must agree with them, or
    give its own figure as an override with the reason."""

    amount = Field(
        "amount", widget=MoneyWidget(), help_text="Amount in its currency.", example="150000.00"
    )
    currency = Field(
        "currency",
        widget=ChoiceWidget(CURRENCY_CHOICES),
        help_text="ISO 4217 code of the amount's currency.",
        example="NOK",
    )
    usd_override = Field(
        "usd_override",
        widget=MoneyWidget(),
        required=False,
        help_text=(
            "Leave empty: the US$ equivalent is worked out at the UN operational rate of the "
            "month. Only when another rate applied (the bank's), with the reason."
        ),
    )
    usd_override_reason = optional_text(
        "usd_override_reason", 300, "Why the UN operational rate does not apply."
    )
    amount_usd = Field(
        "amount_usd",
        widget=MoneyWidget(),
        required=False,
        readonly=True,
        help_text="Exported, worked out on import: if filled in, it must agree.",
    )
    rate = Field(
        "rate",
        widget=RateWidget(),
        required=False,
        readonly=True,
        help_text="Exported, worked out on import (units per US$): if filled in, it must agree.",
    )

    def _check_columns(self, headers: list[str]) -> None:
        """A file of the days when expenditure was kept in US$ only (an "amount_usd" column
        and no "amount") is refused with what to change, rather than as a missing column."""
        if "amount_usd" in headers and "amount" not in headers:
            raise ImportRefused(
                gettext(
                    "The column “amount_usd” gives the amounts in US$ only: the portal keeps "
                    "each amount in its own currency and works out the US$ equivalent. "
                    "Rename the column “amount” and add a column “currency” (USD for "
                    "amounts in US$)."
                )
            )
        super()._check_columns(headers)

    def prepare(self, dataset) -> None:
        super().prepare(dataset)
        self.rates = Rates(self.column_values(dataset, "currency"))
        self.column_of = {f.attribute: f.column_name for f in self.import_fields}

    def complete(self, instance, values):
        errors = self.rates.apply(instance)
        for name, messages in errors.items():
            for message in messages:
                yield self.column_of.get(name, name), _message_text(message)
        if not errors and instance.rate is not None:
            yield from self._stated_figures(instance, values)

    def _stated_figures(self, instance, values):
        """A US$ equivalent or a rate the file states that differs from the worked-out one
        is refused: read silently, it would make the figures disagree with the rates."""
        stated_usd, stated_rate = values.get("amount_usd"), values.get("rate")
        if stated_usd is None and stated_rate is None:
            return
        if stated_usd == instance.amount_usd and stated_rate in (None, instance.rate):
            return
        if stated_usd is not None and stated_usd != instance.amount_usd:
            column, stated = "amount_usd", f"{stated_usd:,.2f}"
        else:
            column, stated = "rate", self.fields["rate"].widget.render(stated_rate)
        figures = {
            "stated": stated,
            "usd": f"{instance.amount_usd:,.2f}",
            "rate": self.fields["rate"].widget.render(instance.rate),
            "currency": instance.currency,
            "month": month_name(first_of_month(instance.value_date())),
        }
        if instance.usd_override is not None:
            message = gettext(
                "The file gives %(stated)s; the override makes it US$ %(usd)s at %(rate)s "
                "%(currency)s per US$. Leave this column empty, or make it agree."
            )
        else:
            message = gettext(
                "The file gives %(stated)s; at the UN operational rate of %(month)s "
                "(%(rate)s %(currency)s per US$) it is US$ %(usd)s. Leave this column empty, "
                "or give the US$ equivalent as “usd_override” with its reason."
            )
        yield column, message % figures


class PledgeResource(ConvertedResource):
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

    class Meta:
        model = Pledge
        fields = ("donor", "project", "pledged_on", *MONEY_COLUMNS)


class ContributionResource(ConvertedResource):
    key, label = "contributions", "Contributions"
    permission = "programs.add_contribution"
    description = "Money received from donors; name the pledge by its date to link it."
    key_columns = ("donor", "received_on", "amount", "currency")

    donor = Field("donor", widget=donors(), help_text="The donor's code.", example="NOR")
    received_on = Field(
        "received_on", widget=DateWidget(), help_text="Date received.", example="2006-04-02"
    )
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
        fields = ("donor", "received_on", *MONEY_COLUMNS, "pledged_on")

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
        yield from super().complete(instance, values)


class ExpenditureResource(ConvertedResource):
    key, label = "expenditure", "Expenditure"
    permission = "programs.add_expenditure"
    description = "What each project spent, by category, in the currency it was paid in."
    key_columns = ("project", "category", "spent_on", "amount", "currency", "description")

    project = Field("project", widget=projects(), help_text="Project code.", example="TJK/05/003")
    category = Field(
        "category",
        widget=ChoiceWidget(Expenditure.Category.choices),
        help_text="Kind of spending.",
    )
    spent_on = Field(
        "spent_on", widget=DateWidget(), help_text="Date booked.", example="30.04.2006"
    )
    description = optional_text("description", 300, "What it paid for.")

    class Meta:
        model = Expenditure
        fields = ("project", "category", "spent_on", *MONEY_COLUMNS, "description")


# -- budgets: one new revision per project named in the file ---------------------------------
class BudgetLineResource(PortalResource):
    """Project budgets by file: one row per project, year and category, in the project's
    currency. The rows of a project make one new revision of its budget, revising the
    revision that was current when the file was checked.

    django-import-export saves row by row (or a batch of rows at a time); a budget revision
    is made whole, by ``programs.budgets.budget_revise``, which numbers it, converts every
    line at the rate of its date and refuses it if someone revised the budget meanwhile. So
    the rows are read and checked here as any import's, each naming its row and column, and
    kept by project instead of saved; once every row is checked, the service is called once
    per project (``after_save``). The preview runs the same service in the transaction it
    rolls back, so it refuses what the import would refuse.

    The export is the current budgets in the same columns, with each revision's number:
    sent back, a file whose revision is no longer current is refused."""

    key, label = "budget-lines", "Budget lines"
    permission = "programs.add_budgetrevision"
    description = (
        "Project budgets by year and category in the project's currency: the rows of a "
        "project make a new revision of its budget."
    )
    key_columns = ("project", "year", "category")

    project = Field(
        "revision__project",
        "project",
        projects(),
        readonly=True,
        help_text="Project code.",
        example="TJK/05/003",
    )
    revision = Field(
        "revision__number",
        "revision",
        CountWidget(),
        required=False,
        readonly=True,
        help_text="Exported: the revision's number. If filled in, the revision now current.",
    )
    made_on = Field(
        "revision__made_on",
        "made_on",
        DateWidget(),
        required=False,
        readonly=True,
        help_text="Date of the revision: on one of the project's rows at least, the same on all.",
        example="01.03.2006",
    )
    reason = Field(
        "revision__reason",
        "reason",
        TextWidget(500),
        required=False,
        readonly=True,
        help_text="Why the budget is revised (not needed for a first budget); one per project.",
    )
    year = Field("year", widget=CountWidget(), help_text="Budget year.", example="2006")
    category = Field(
        "category",
        widget=ChoiceWidget(Expenditure.Category.choices),
        help_text="Kind of spending.",
        example="events",
    )
    amount = Field(
        "amount",
        widget=MoneyWidget(),
        help_text="Amount in the project's currency.",
        example="65000.00",
    )
    currency = Field(
        "revision__currency",
        "currency",
        ChoiceWidget(CURRENCY_CHOICES),
        required=False,
        readonly=True,
        help_text="Exported: the project's currency. If filled in, it must be it.",
    )
    rate = Field(
        "rate",
        widget=RateWidget(),
        required=False,
        readonly=True,
        help_text="Exported, worked out on import (units per US$).",
    )
    amount_usd = Field(
        "amount_usd",
        widget=MoneyWidget(),
        required=False,
        readonly=True,
        help_text="Exported, worked out on import.",
    )

    class Meta:
        model = BudgetLine
        fields = (
            "project",
            "revision",
            "made_on",
            "reason",
            "year",
            "category",
            "amount",
            "currency",
            "rate",
            "amount_usd",
        )

    # -- exporting: the current budgets ----------------------------------------------------
    def iter_queryset(self, queryset):
        """The lines of the current revisions (of those listed, from the back office's list
        of revisions), by project, year and category, in one query."""
        if queryset.model is BudgetRevision:
            lines = BudgetLine.objects.filter(
                revision__in=queryset.filter(is_current=True).order_by().values("pk")
            )
        else:
            lines = queryset.filter(revision__is_current=True)
        lines = lines.select_related("revision__project").order_by(
            "revision__project__code", "year", "category"
        )
        yield from lines.iterator(chunk_size=2000)

    # -- importing ---------------------------------------------------------------------------
    def prepare(self, dataset) -> None:
        """The file's projects, their current revision numbers and the rates of their
        currencies (three queries), and what the file gives each project as its revision's
        date and reason (the first row that gives one)."""
        self.book = RuleBook(self.acting_user)
        self.book.hold()
        named = self.column_values(dataset, "project")
        self.current = dict(
            BudgetRevision.objects.filter(project__in=named, is_current=True).values_list(
                "project", "number"
            )
        )
        self.rates = Rates({project.currency for project in named})
        self.given: dict[tuple[int, str], tuple[int, object]] = {}
        for number, row in zip(self.row_numbers, dataset.dict, strict=True):
            try:
                project = self.fields["project"].widget.clean(row.get("project"))
            except ValueError:
                continue
            for column in ("made_on", "reason"):
                try:
                    value = self.fields[column].widget.clean(row.get(column))
                except ValueError:
                    continue
                if project is not None and value not in (None, ""):
                    self.given.setdefault((project.pk, column), (number, value))
        self.lines: dict[int, list[LineInput]] = defaultdict(list)
        self.projects: dict[int, Project] = {}
        self.made: list[tuple[str, int, int]] = []

    def complete(self, instance, values):
        project = values["project"]
        code = project.code
        yield from self._revision_errors(project, values)
        first, last = project.start.year, project.end.year
        if not first <= values["year"] <= last:
            yield (
                "year",
                gettext("%(code)s runs from %(first)s to %(last)s.")
                % {"code": code, "first": first, "last": last},
            )
        currency = values.get("currency")
        if currency and currency != project.currency:
            yield (
                "currency",
                gettext("%(code)s is budgeted in %(currency)s: give its amounts in it.")
                % {"code": code, "currency": project.currency},
            )
        revision, current = values.get("revision"), self.current.get(project.pk)
        if revision is not None and revision != current:
            if current is None:
                message = gettext(
                    "%(code)s has no budget now: leave the revision empty for its first one."
                ) % {"code": code}
            else:
                message = gettext(
                    "The file revises revision %(revision)s of the budget of %(code)s, but "
                    "revision %(current)s is current now: export the budget again and make "
                    "the changes there."
                ) % {"revision": revision, "code": code, "current": current}
            yield "revision", message

    def _revision_errors(self, project: Project, values: dict):
        """The revision's date and reason, given once for the project (on any of its rows)."""
        code = project.code
        made_on = self.given.get((project.pk, "made_on"))
        if made_on is None:
            yield (
                "made_on",
                gettext("Give the date of the revision of %(code)s on one of its rows.")
                % {"code": code},
            )
        else:
            if values.get("made_on") not in (None, made_on[1]):
                yield (
                    "made_on",
                    gettext(
                        "Row %(row)s gives %(day)s for the revision of %(code)s: its rows "
                        "must agree."
                    )
                    % {"row": made_on[0], "day": f"{made_on[1]:%d.%m.%Y}", "code": code},
                )
            locked = self.book.period(made_on[1], field="made_on")
            if locked is not None:
                yield "made_on", locked.message
            try:
                self.rates.rate(project.currency, made_on[1])
            except RateMissing as missing:
                yield "made_on", _message_text(missing)
        reason = self.given.get((project.pk, "reason"))
        if reason is None and project.pk in self.current:
            yield (
                "reason",
                gettext("Say why the budget of %(code)s is revised, on one of its rows.")
                % {"code": code},
            )
        elif reason is not None and values.get("reason") not in (None, "", reason[1]):
            yield (
                "reason",
                gettext("Row %(row)s gives another reason for the revision of %(code)s.")
                % {"row": reason[0], "code": code},
            )

    def save_instance(self, instance, is_create, row, **kwargs):
        """Kept for the project's revision (``after_save``), not saved by itself."""
        values = self.values
        project = values["project"]
        self.projects[project.pk] = project
        self.lines[project.pk].append(
            LineInput(year=values["year"], category=values["category"], amount=values["amount"])
        )
        self.created += 1

    def after_save(self) -> None:
        """One revision per project, through the service, as the acting user. A refusal
        (someone revised the budget since the file was checked) undoes the whole file."""
        for pk, lines in self.lines.items():
            project = self.projects[pk]
            try:
                revision = budget_revise(
                    project=project,
                    acting_user=self.acting_user,
                    made_on=self.given[(pk, "made_on")][1],
                    reason=self.given.get((pk, "reason"), (0, ""))[1],
                    lines=lines,
                    based_on=self.current.get(pk),
                )
            except BudgetRevisedMeanwhile as meanwhile:
                raise ImportRefused(f"{project.code}: {meanwhile}") from None
            except ValidationError as refused:
                raise ImportRefused(f"{project.code}: {' '.join(refused.messages)}") from None
            self.made.append((project.code, revision.number, len(lines)))

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self.made and getattr(result, "summary", None):
            verb = gettext("would make") if self.dry_run else gettext("made")
            made = "; ".join(
                gettext("%(verb)s revision %(number)s of %(code)s (%(lines)s lines)")
                % {"verb": verb, "number": number, "code": code, "lines": lines}
                for code, number, lines in self.made
            )
            result.summary = gettext("%(rows)s rows read: %(made)s.") % {
                "rows": f"{len(dataset):,}",
                "made": made,
            }


ACTIVITY_KEY = ("project", "centre", "title", "start")
ACTIVITY_FIELDS = ("type", "end", "district", "status", "narrative")
# The columns of a breakdown by age and disability; a file may leave them out.
GROUP_COLUMNS = ("age_band", "disability")
# What an empty age band or disability cell stands for in a file with a breakdown: part of
# the row's key like any band or answer (an empty key part would exempt the row from the
# duplicate check), saved as no band and as Disability.NOT_RECORDED.
NOT_RECORDED = Disability.NOT_RECORDED
DISABILITY_ORDER = {Disability.YES: 0, Disability.NO: 1, Disability.NOT_RECORDED: 2}


class DisabilityWidget(YesNoWidget):
    """Whether a group's people have a disability: yes or no, in the languages YesNoWidget
    reads; empty when it was not asked."""

    def clean(self, value, row=None, **kwargs):
        try:
            answer = super().clean(value)
        except ValueError:
            raise ValueError(
                f"“{cell_text(value)}” is not yes or no (leave it empty if not recorded)."
            ) from None
        if answer is None:
            return None
        return Disability.YES if answer else Disability.NO

    def render(self, value, obj=None, **kwargs):
        return value if value in (Disability.YES, Disability.NO) else ""


class ActivityResource(PortalResource):
    """Sign-in sheets: one row per activity and participant category. Rows of one activity
    add one activity and a participant count each; activities are drafts of the importer.

    A file may count people by age band and disability too (the columns ``age_band`` and
    ``disability``): then a category's rows of one activity are its groups, one row per
    band and answer, and make one participant count, their sum, with those groups as its
    breakdown. A file that leaves both columns out or empty reads as before, row for row.
    """

    key, label = "activities", "Activities with participants"
    permission = "programs.add_activity"
    description = (
        "One row per activity and participant category (a seminar with women and men of two "
        "categories takes two rows). Rows with the same project, centre, title and start are "
        "one activity. Activities are added as drafts of the importing user. To count people "
        "by age band and disability, give a category one row per age band and disability: "
        "its rows of one activity are added up."
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
        help_text="Women of this category (of its age band and disability, if given).",
        example="12",
    )
    men = Field(
        None,
        "men",
        CountWidget(),
        required=False,
        help_text="Men of this category (of its age band and disability, if given).",
        example="9",
    )
    age_band = Field(
        None,
        "age_band",
        CachedForeignKeyWidget(AgeBand, "code", also=("name", "name_ru"), label="age band"),
        required=False,
        help_text=(
            "Age band of the row's women and men: the band's code or name (18-24, 60 and "
            "over); empty if age was not recorded. A category may take one row per age band "
            "and disability: its rows of one activity are added up."
        ),
        example="18-24",
    )
    disability = Field(
        None,
        "disability",
        DisabilityWidget(),
        required=False,
        help_text=(
            "yes if the row's women and men have a disability, no if not; empty if not recorded."
        ),
        example="no",
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
            "age_band",
            "disability",
        )
        force_init_instance = True  # rows only add activities
        batch_size = 5000  # each batch is one COPY of activities and one of their audit entries
        clean_model_instances = False  # the rules below are the form's, without its queries

    # -- importing -------------------------------------------------------------------
    def prepare(self, dataset) -> None:
        """The rules with the locked periods read once and held; the activities of the
        file's centres and days that are saved already (one query); whether the file
        counts people by age band and disability."""
        self.book = RuleBook(self.acting_user)
        self.book.hold()
        self.may_enter = self.acting_user.has_perm("programs.change_activity")
        self._draft = None
        self.groups: dict[tuple, tuple[int, dict, Activity]] = {}
        self.counts = []
        self.by_group = self._prepare_breakdown(dataset)
        self.broken: dict[tuple, list[tuple[str, str]]] = {}
        starts = self.column_values(dataset, "start")
        saved = Activity.objects.filter(
            start__in=starts, centre__in=self.column_values(dataset, "centre")
        ).values_list("project_id", "centre_id", "title", "start", "pk")
        self.saved = {(p, c, key_part(title), s): pk for p, c, title, s, pk in saved.iterator()}

    counts: list[tuple] = []  # (activity, category, women, men) until the activity is saved
    by_group = False

    def _prepare_breakdown(self, dataset) -> bool:
        """Whether the file counts by age band and disability. If not, its empty columns
        are dropped, and its rows are read and saved exactly as a file without them (a
        sheet of 100,000 rows pays nothing for them). If so, a repeated row is one of the
        same activity, category, band and disability, and the rows of one activity and
        category are gathered (``parts``) and saved once every row is read."""
        given = [column for column in GROUP_COLUMNS if column in dataset.headers]
        if not any(not blank(cell) for column in given for cell in set(dataset[column])):
            for column in given:
                del dataset[column]
            return False
        self.duplicate_columns = (*self.key_columns, *given)
        # (activity key, category id) -> [activity, category, women, men, {(band, answer):
        # (women, men)}]
        self.parts: dict[tuple, list] = {}
        return True

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
        if self.by_group:
            values["age_band"] = values.get("age_band") or NOT_RECORDED
            values["disability"] = values.get("disability") or NOT_RECORDED
        return ()

    def row_errors(self, instance, values):
        if values.get("category") is None and (
            values.get("women")
            or values.get("men")
            or (self.by_group and values["age_band"] != NOT_RECORDED)
            or (self.by_group and values["disability"] != NOT_RECORDED)
        ):
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
        """One activity per key: the later rows of an activity add only their count (in a
        file with a breakdown, their group of the count)."""
        values = self.values
        activity = self.groups[self.key][2]
        if activity is instance:
            super().save_instance(instance, is_create, row, **kwargs)
        if values.get("category") is None:
            return
        if self.by_group:
            self._add_part(activity, values)
            return
        self.counts.append(
            (activity, values["category"], values.get("women") or 0, values.get("men") or 0)
        )

    def _add_part(self, activity: Activity, values: dict) -> None:
        """A row of a file with a breakdown: one group of its category's participant row."""
        category, women, men = values["category"], values.get("women") or 0, values.get("men") or 0
        key = (self.key, category.pk)
        part = self.parts.get(key)
        if part is None:
            part = self.parts[key] = [activity, category, 0, 0, {}]
        part[2] += women
        part[3] += men
        part[4][values["age_band"], values["disability"]] = (women, men)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """The activities, then the counts whose activity is saved; on PostgreSQL by COPY
        (the library's bulk save has no COPY), elsewhere by the library's bulk insert. The
        counts of a file with a breakdown wait for the last row (``_write_parts``)."""
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
        if ready:
            self._write_counts(ready)
        self.progress(
            40 + int(55 * self.created / max(len(self.row_numbers), 1)),
            f"Saved {self.created:,} activities",
        )

    def after_save(self) -> None:
        super().after_save()
        if self.by_group:
            self._write_parts()
        # Written in bulk, without signals: the summary rows of the counted ones are summed
        # again, for their months, areas and types, and their projects' indicators measured
        # again (known here: no query of the ids, which a file of 100,000 rows would make
        # too long for SQLite). Imported activities are drafts, which count nowhere until
        # approved, so this usually has nothing to do.
        marks = {
            (first_of_month(a.start), a.project.area, a.kind, a.project_id, True)
            for a in self.written
            if is_counted(a)
        }
        if marks:
            refresh_marks(marks)

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

    def _write_counts(self, counts: list[tuple]) -> list[int]:
        """Participant counts (activity, category, women, men) of saved activities, with
        their audit entries; their ids, in order."""
        if connection.vendor == "postgresql":
            return self._copy_counts(counts)
        records = [
            ParticipantCount(activity_id=activity.pk, category=category, women=w, men=m)
            for activity, category, w, m in counts
        ]
        ParticipantCount.objects.bulk_create(records, batch_size=BATCH)
        audit_created(records)
        return [record.pk for record in records]

    def _write_parts(self) -> None:
        """The participant rows of a file with a breakdown, and their groups: written once
        every row is read, since a category's rows of one activity may lie anywhere in the
        file (its activity may be saved with an earlier batch). A row whose only group is
        "age and disability not recorded" has no breakdown, as one entered in the form.
        The activities are drafts, so no summary row counts these groups yet."""
        parts = list(self.parts.values())
        self.parts = {}
        if not parts:
            return
        ids = self._write_counts([tuple(part[:4]) for part in parts])
        groups = [
            (count_id, sex, None if band == NOT_RECORDED else band, answer, number)
            for count_id, part in zip(ids, parts, strict=True)
            if set(part[4]) != {(NOT_RECORDED, NOT_RECORDED)}
            for (band, answer), numbers in part[4].items()
            for sex, number in zip((Sex.WOMEN, Sex.MEN), numbers, strict=True)
            if number
        ]
        if groups and connection.vendor == "postgresql":
            self._copy_groups(groups)
        elif groups:
            records = [
                ParticipantGroup(
                    count_id=count_id, sex=sex, age_band=band, disability=answer, number=number
                )
                for count_id, sex, band, answer, number in groups
            ]
            ParticipantGroup.objects.bulk_create(records, batch_size=BATCH)
            audit_created(records)

    def _copy_groups(self, groups: list[tuple]) -> None:
        """Participant groups by COPY, as plain values, labelled in the audit trail as
        ParticipantGroup's str() labels them."""
        values = [
            {
                "id": pk,
                "count_id": count_id,
                "sex": str(sex),
                "age_band_id": band.pk if band is not None else None,
                "disability": str(answer),
                "number": number,
            }
            for pk, (count_id, sex, band, answer, number) in zip(
                allocate_ids(ParticipantGroup, len(groups)), groups, strict=True
            )
        ]
        bands = {group[2].pk: str(group[2]) for group in groups if group[2] is not None}
        bands[None] = gettext("age not recorded")
        sexes, answers = dict(Sex.choices), dict(Disability.choices)
        copy_rows(ParticipantGroup, list(values[0]), (tuple(v.values()) for v in values))
        copy_audit_created(
            ParticipantGroup,
            values,
            lambda g: (
                f"{sexes[g['sex']]}, {bands[g['age_band_id']]}, {answers[g['disability']]}: "
                f"{g['number']}"
            ),
        )

    def _copy_counts(self, counts: list[tuple]) -> list[int]:
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
        return [value["id"] for value in values]

    # -- exporting: one row per activity and category, or per group ---------------------
    def iter_queryset(self, queryset):
        """Each activity once per participant count (once when it has none), and a count
        with a breakdown once per age band and disability, in three queries: the rows read
        back as the file that made them."""
        ids = queryset.order_by().values("pk")
        counts = defaultdict(list)
        for count in (
            ParticipantCount.objects.filter(activity__in=ids)
            .select_related("category")
            .order_by("category__name")
        ):
            counts[count.activity_id].append(count)
        groups = defaultdict(list)
        for group in ParticipantGroup.objects.filter(count__activity__in=ids).select_related(
            "age_band"
        ):
            groups[group.count_id].append(group)
        activities = queryset.select_related("project", "centre", "district").order_by(
            "-start", "-id"
        )
        for activity in activities.iterator(chunk_size=2000):
            for count in counts.get(activity.pk) or [None]:
                activity.exported_count = count
                for row in _group_rows(groups.get(count.pk)) if count else [None]:
                    activity.exported_group = row
                    yield activity

    def dehydrate_category(self, activity):
        count = activity.exported_count
        return count.category.code if count else None

    def dehydrate_women(self, activity):
        if activity.exported_group is not None:
            return activity.exported_group[2]
        return activity.exported_count.women if activity.exported_count else None

    def dehydrate_men(self, activity):
        if activity.exported_group is not None:
            return activity.exported_group[3]
        return activity.exported_count.men if activity.exported_count else None

    def dehydrate_age_band(self, activity):
        band = activity.exported_group[0] if activity.exported_group else None
        return band.code if band else ""

    def dehydrate_disability(self, activity):
        group = activity.exported_group
        return self.fields["disability"].widget.render(group[1]) if group else ""


def _group_rows(groups) -> list:
    """A participant count's breakdown as rows of a file: (age band, disability, women, men)
    per band and disability, the groups of women and of men side by side, bands in order
    and age not recorded last; [None] for a count without one (one row, as before)."""
    if not groups:
        return [None]
    rows: dict[tuple, list] = {}
    for group in groups:
        row = rows.setdefault(
            (group.age_band, group.disability), [group.age_band, group.disability, 0, 0]
        )
        row[2 if group.sex == Sex.WOMEN else 3] += group.number
    return sorted(
        rows.values(),
        key=lambda row: (
            row[0] is None,
            row[0].min_age if row[0] else 0,
            DISABILITY_ORDER.get(row[1], len(DISABILITY_ORDER)),
        ),
    )


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
    ExchangeRateResource,
    BudgetLineResource,
]
