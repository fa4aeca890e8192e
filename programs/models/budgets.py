"""A project's budget: lines by year and category in the project's currency, kept as
revisions. Each revision is a whole budget (the original one, then each revision a donor
agreed to), made by someone on a day with a reason; the current one is what spending is
measured against, and the earlier ones stay as they were. Written only through
``programs.budgets.budget_revise``."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .money import Expenditure
from .projects import Project


class BudgetRevision(models.Model):
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="budget_revisions",
        verbose_name=_("project"),
    )
    number = models.PositiveIntegerField(
        _("revision"), help_text=_("1 is the original budget; each revision adds one.")
    )
    made_on = models.DateField(
        _("date of the revision"),
        help_text=_("The day it was agreed; its month's UN rate converts it to US$."),
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    is_current = models.BooleanField(_("current"), default=True, editable=False)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("made by"),
    )
    made_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    currency = models.CharField(_("currency (ISO 4217)"), max_length=3, editable=False)
    total = models.DecimalField(
        _("total"), max_digits=16, decimal_places=2, default=Decimal("0"), editable=False
    )
    total_usd = models.DecimalField(
        _("total (US$)"), max_digits=16, decimal_places=2, default=Decimal("0"), editable=False
    )

    class Meta:
        ordering = ["project", "-number"]
        verbose_name = _("budget revision")
        verbose_name_plural = _("budget revisions")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="one_revision_number"),
            # Two people revising one budget at once: only one revision can become current.
            models.UniqueConstraint(
                fields=["project"], condition=Q(is_current=True), name="one_current_budget"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} budget, revision {self.number}"


class BudgetLine(models.Model):
    revision = models.ForeignKey(
        BudgetRevision, on_delete=models.CASCADE, related_name="lines", verbose_name=_("revision")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=20, choices=Expenditure.Category.choices)
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    rate = models.DecimalField(
        _("rate used (per US$)"), max_digits=24, decimal_places=10, editable=False
    )
    amount_usd = models.DecimalField(
        _("US$ equivalent"), max_digits=14, decimal_places=2, editable=False
    )

    class Meta:
        ordering = ["year", "category"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "year", "category"], name="one_line_a_year_and_category"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_line_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_category_display()}: {self.amount:,.2f}"
