"""The office's money: who pledged what, what arrived, and what each project spent."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..currencies import CURRENCY_CHOICES
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


class Amount(models.Model):
    """A sum in the currency it was given in, and its US$ equivalent on the day."""

    amount = _money(_("amount"))
    currency = models.CharField(
        _("currency (ISO 4217)"), max_length=3, choices=CURRENCY_CHOICES, default="USD"
    )
    amount_usd = _money(_("US$ equivalent"), help_text=_("At the exchange rate of the day."))

    class Meta:
        abstract = True


class Pledge(Amount):
    """A donor's promise of money, for one project or unearmarked."""

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


class Expenditure(models.Model):
    """What a project spent, by category, as booked on a day."""

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
    amount_usd = _money(_("amount (US$)"))
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["-spent_on"]
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        constraints = [
            models.CheckConstraint(condition=Q(amount_usd__gt=0), name="expenditure_positive"),
        ]
        indexes = [models.Index(fields=["project", "spent_on"])]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_category_display()}: US$ {self.amount_usd:,.2f}"
