"""The office's money: who pledged what, what arrived, and what each project spent."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..currencies import CURRENCY_CHOICES
from ..exchange import USD, first_of_month
from .projects import Project

POSITIVE = [MinValueValidator(Decimal("0.01"))]
# Every sum of money the portal shows is in US$, summed in SQL: `MONEY_SUM` is the type of such
# a sum (two digits wider than one amount, so that the sum of many still fits), and
# `ZERO_USD` what a sum of no rows shows instead of nothing.
MONEY_SUM = models.DecimalField(max_digits=16, decimal_places=2)
ZERO_USD = Decimal("0")


def _money(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=14, decimal_places=2, validators=POSITIVE, **kwargs
    )


class Donor(models.Model):
    """A government, multilateral body or foundation that funds the office's projects."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        MULTILATERAL = "multilateral", _("Multilateral")
        FOUNDATION = "foundation", _("Foundation")

    code = models.SlugField(
        _("code"),
        max_length=30,
        unique=True,
        help_text=_("Short code used in report requests, e.g. NOR."),
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    # Reports print the donor's name in their language; rows written by COPY (the synthetic
    # data, the importers) name no translation.
    name_ru = models.CharField(
        _("name (Russian)"),
        max_length=200,
        blank=True,
        db_default="",
        help_text=_("As a Russian report names the donor, e.g. «Норвегия»."),
    )
    name_tg = models.CharField(_("name (Tajik)"), max_length=200, blank=True, db_default="")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.CharField(
        _("country (ISO 3166-1 alpha-2)"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use a two-letter country code such as NO."))],
    )
    is_illustrative = models.BooleanField(
        _("is illustrative"),
        default=False,
        help_text=_("Demo data whose real counterpart is not known."),
    )
    monthly_report = models.BooleanField(
        _("monthly report"),
        default=False,
        help_text=_("Build this donor's report for the past month on the first of each month."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")

    def __str__(self) -> str:
        return self.name


def _rate(verbose_name: str, **kwargs) -> models.DecimalField:
    # Units of a currency per US$, to ten decimals (programs/exchange.py, RATE_PLACES).
    return models.DecimalField(verbose_name, max_digits=24, decimal_places=10, **kwargs)


class ExchangeRate(models.Model):
    """A UN operational rate of exchange: units of a currency per US$ for one month."""

    currency = models.CharField(
        _("currency (ISO 4217)"),
        max_length=3,
        choices=[choice for choice in CURRENCY_CHOICES if choice[0] != USD],
    )
    month = models.DateField(
        _("month"), help_text=_("The rate holds for the whole month; any day of it will do.")
    )
    rate = _rate(
        _("units per US$"),
        validators=[MinValueValidator(Decimal("0.0000000001"))],
        help_text=_("How many units of the currency one US dollar buys, e.g. 6.44 NOK."),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        default="UN operational rates of exchange",
        help_text=_("Where the rate comes from."),
    )
    is_illustrative = models.BooleanField(
        _("is illustrative"),
        default=False,
        help_text=_("Demo data whose real counterpart is not known."),
    )

    class Meta:
        ordering = ["currency", "-month"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["currency", "month"], name="one_rate_a_month"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.month:%Y-%m}: {Decimal(self.rate).normalize():f} per US$"

    def save(self, *args, **kwargs):
        if self.month:
            self.month = first_of_month(self.month)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.month:
            self.month = first_of_month(self.month)


class Amount(models.Model):
    """A sum in the currency it was given or spent in, and its US$ equivalent: at the UN
    operational rate of its value date's month, or overridden with a reason
    (programs/exchange.py)."""

    # The name of the date field that places the record in a month (the rate's month).
    VALUE_DATE = ""

    amount = _money(_("amount"))
    currency = models.CharField(
        _("currency (ISO 4217)"), max_length=3, choices=CURRENCY_CHOICES, default=USD
    )
    rate = _rate(_("rate used (per US$)"), editable=False)
    amount_usd = _money(_("US$ equivalent"), editable=False)
    usd_override = models.DecimalField(
        _("US$ equivalent, overridden"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=POSITIVE,
        help_text=_(
            "Leave empty: the US$ equivalent is worked out at the UN operational rate of the "
            "month. Enter it only when another rate applied, with the reason."
        ),
    )
    usd_override_reason = models.CharField(
        _("reason for the override"),
        max_length=300,
        blank=True,
        default="",
        # Rows written by COPY (the synthetic data) give none.
        db_default="",
        help_text=_("Why the UN operational rate does not apply, e.g. the bank's rate."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A write that did not convert (code saving a record it built, not a form or an
        # import): converted here, so that no record is ever stored without its rate.
        if self.rate is None:
            from ..exchange import Rates

            Rates([self.currency]).ensure(self)
        super().save(*args, **kwargs)

    def value_date(self):
        return getattr(self, self.VALUE_DATE)

    def clean(self) -> None:
        from ..exchange import Rates

        Rates([self.currency]).ensure(self)


class Pledge(Amount):
    """A donor's promise of money, for one project or unearmarked."""

    VALUE_DATE = "pledged_on"

    donor = models.ForeignKey(
        Donor, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("donor")
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        help_text=_("Leave empty for an unearmarked pledge."),
        verbose_name=_("project"),
    )
    pledged_on = models.DateField(_("date pledged"))

    class Meta:
        ordering = ["-pledged_on"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pledge_amount_positive"),
            models.CheckConstraint(condition=Q(amount_usd__gt=0), name="pledge_usd_positive"),
        ]
        indexes = [models.Index(fields=["pledged_on"])]

    def __str__(self) -> str:
        target = self.project.code if self.project_id else "unearmarked"
        return f"{self.donor}: {self.amount:,.2f} {self.currency} ({target})"


class Contribution(Amount):
    """Money that arrived from a donor, usually against a pledge."""

    VALUE_DATE = "received_on"

    donor = models.ForeignKey(
        Donor, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("donor")
    )
    pledge = models.ForeignKey(
        Pledge,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        help_text=_("The pledge this payment honours, if any."),
        verbose_name=_("pledge"),
    )
    received_on = models.DateField(_("date received"))

    class Meta:
        ordering = ["-received_on"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount_usd__gt=0),
                name="contribution_amounts_positive",
            ),
        ]
        indexes = [models.Index(fields=["received_on"])]

    def __str__(self) -> str:
        return f"{self.donor}: {self.amount:,.2f} {self.currency} received {self.received_on}"

    def clean(self) -> None:
        if self.pledge_id and self.donor_id and self.pledge.donor_id != self.donor_id:
            raise ValidationError({"pledge": _("This pledge was made by another donor.")})
        super().clean()


class Expenditure(Amount):
    """What a project spent, by category, as booked on a day, in the currency it was paid in
    (local costs in somoni, TJS)."""

    VALUE_DATE = "spent_on"

    class Category(models.TextChoices):
        STAFF = "staff", _("Staff and consultants")
        TRAVEL = "travel", _("Travel")
        EVENTS = "events", _("Meetings, seminars and venues")
        MATERIALS = "materials", _("Printing and materials")
        EQUIPMENT = "equipment", _("Equipment")
        GRANTS = "grants", _("Grants to partners")
        OTHER = "other", _("Other")

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="expenditures", verbose_name=_("project")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    spent_on = models.DateField(_("date booked"))
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["-spent_on"]
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        constraints = [
            models.CheckConstraint(condition=Q(amount_usd__gt=0), name="expenditure_positive"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="expenditure_amount_positive"),
        ]
        indexes = [models.Index(fields=["project", "spent_on"])]

    def __str__(self) -> str:
        return (
            f"{self.project.code} {self.get_category_display()}: {self.amount:,.2f} {self.currency}"
        )
