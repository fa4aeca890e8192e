"""US$ equivalents at the UN operational rates of exchange: the one place money is converted.

The office keeps the UN operational rates as a monthly table (``ExchangeRate``: units of a
currency per US$, one rate a month). A pledge, a contribution, an expenditure and a budget
line keep the amount in the currency it was given or spent in; its US$ equivalent is
computed from the rate of its value date's month and stored with the rate used, so a rate
corrected later never changes a figure already reported. A finance officer may override the
equivalent (a bank's actual rate on the day, say) only with a reason, which the audit trail
keeps. Figures sum the stored US$ equivalents, never amounts of different currencies.

Every write path converts through :class:`Rates`: the back office's forms and the services
through the models' ``clean()``, the importers through one ``Rates`` per file (one query for
the file's currencies), the demo and synthetic data through the same class.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
USD = "USD"
# A rate as stored: units of a currency per US$, to ten decimals, so that a rate worked out
# from a yearly average or from an override keeps the US$ equivalent to the cent.
RATE_PLACES = Decimal("0.0000000001")

RATE_MISSING = _(
    "There is no UN operational rate of exchange for %(currency)s in %(month)s: add it under "
    "Exchange rates, or enter the US$ equivalent with a reason."
)
# A budget revision has no override: its lines take the month's rate.
RATE_MISSING_FOR_BUDGET = _(
    "There is no UN operational rate of exchange for %(currency)s in %(month)s: add it under "
    "Exchange rates first."
)
OVERRIDE_NEEDS_REASON = _(
    "Give the reason for this US$ equivalent (it overrides the UN operational rate)."
)
REASON_NEEDS_OVERRIDE = _("Enter the US$ equivalent this reason is for, or clear the reason.")
USD_NEEDS_NO_OVERRIDE = _("An amount in US$ is its own US$ equivalent: clear the override.")


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def usd(amount: Decimal, rate: Decimal) -> Decimal:
    """An amount in US$ at ``rate`` units per US$, to the cent (half up)."""
    return (amount / rate).quantize(CENT, ROUND_HALF_UP)


def month_name(month: datetime.date) -> str:
    return date_format(month, "F Y")


class RateMissing(ValidationError):
    """No rate for a currency in a month: the message names both."""

    def __init__(self, currency: str, month: datetime.date, message=RATE_MISSING):
        self.currency, self.month = currency, month
        super().__init__(
            message,
            code="rate_missing",
            params={"currency": currency, "month": month_name(month)},
        )

    def for_budget(self) -> RateMissing:
        """The same, without the override a budget line cannot have."""
        return RateMissing(self.currency, self.month, RATE_MISSING_FOR_BUDGET)


class Rates:
    """The rates table, read once: all months of the currencies asked for (a few hundred
    rows at most), so that a file of thousands of records converts with one query."""

    def __init__(self, currencies: Iterable[str] | None = None):
        from .models import ExchangeRate

        rows = ExchangeRate.objects.exclude(currency=USD)
        if currencies is not None:
            currencies = set(currencies) - {USD}
            rows = rows.filter(currency__in=currencies) if currencies else rows.none()
        self._rates = {
            (currency, month): rate
            for currency, month, rate in rows.values_list("currency", "month", "rate")
        }

    def rate(self, currency: str, day: datetime.date) -> Decimal:
        """Units of ``currency`` per US$ in the month of ``day``; RateMissing if none."""
        if currency == USD:
            return Decimal(1)
        month = first_of_month(day)
        try:
            return self._rates[(currency, month)]
        except KeyError:
            raise RateMissing(currency, month) from None

    def convert(
        self, amount: Decimal, currency: str, day: datetime.date
    ) -> tuple[Decimal, Decimal]:
        """(US$ equivalent, rate used) of an amount on a day."""
        rate = self.rate(currency, day)
        return usd(amount, rate), rate

    def apply(self, record) -> dict[str, list]:
        """Set a money record's ``rate`` and ``amount_usd`` (models/money.py ``Amount``):
        from its override and reason, or from the table at its value date's month. Returns
        the errors by field (empty when it converted); a record missing its amount, currency
        or date is left to the field checks."""
        override, reason = record.usd_override, (record.usd_override_reason or "").strip()
        if override is not None and not reason:
            return {"usd_override_reason": [OVERRIDE_NEEDS_REASON]}
        if reason and override is None:
            return {"usd_override": [REASON_NEEDS_OVERRIDE]}
        day = record.value_date()
        if record.amount is None or not record.currency or day is None:
            return {}
        if override is not None:
            if record.currency == USD and override != record.amount:
                return {"usd_override": [USD_NEEDS_NO_OVERRIDE]}
            if override <= 0:
                return {}  # the field's own check names it
            record.amount_usd = override
            record.rate = (record.amount / override).quantize(RATE_PLACES, ROUND_HALF_UP)
            return {}
        try:
            record.amount_usd, record.rate = self.convert(record.amount, record.currency, day)
        except RateMissing as missing:
            return {"currency": [missing]}
        return {}

    def ensure(self, record) -> None:
        """``apply``, raising the errors (the models' ``clean()``)."""
        errors = self.apply(record)
        if errors:
            raise ValidationError(errors)
