"""US$ equivalents at the UN operational rates (programs/exchange.py): the month's rate, a
missing rate, an override with its reason, and figures that sum converted amounts only."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from programs.exchange import Rates
from programs.figures import funding_by_donor
from programs.models import Contribution, ExchangeRate, Expenditure, Pledge
from programs.services import record_save
from tests.factories import DonorFactory, ProjectFactory

D = datetime.date


@pytest.fixture
def nok(db):
    """Two months of the krone with different rates."""
    ExchangeRate.objects.create(currency="NOK", month=D(2006, 3, 1), rate=Decimal("6.4"))
    ExchangeRate.objects.create(currency="NOK", month=D(2006, 4, 1), rate=Decimal("6.25"))


def _pledge(day, amount="1000000", currency="NOK", **extra):
    return Pledge(
        donor=DonorFactory(),
        project=ProjectFactory(),
        pledged_on=day,
        amount=Decimal(amount),
        currency=currency,
        **extra,
    )


def test_the_rate_is_the_value_dates_month(nok):
    last_of_march, first_of_april = _pledge(D(2006, 3, 31)), _pledge(D(2006, 4, 1))
    for pledge in (last_of_march, first_of_april):
        pledge.full_clean()
        pledge.save()
    last_of_march.refresh_from_db()
    first_of_april.refresh_from_db()
    assert (last_of_march.rate, last_of_march.amount_usd) == (Decimal("6.4"), Decimal("156250.00"))
    assert (first_of_april.rate, first_of_april.amount_usd) == (
        Decimal("6.25"),
        Decimal("160000.00"),
    )


def test_a_rate_given_on_any_day_holds_for_its_month(db):
    rate = ExchangeRate.objects.create(currency="TJS", month=D(2006, 5, 17), rate=Decimal("3.3"))
    assert rate.month == D(2006, 5, 1)
    expenditure = Expenditure(
        project=ProjectFactory(),
        category="events",
        spent_on=D(2006, 5, 31),
        amount=Decimal("3300"),
        currency="TJS",
    )
    expenditure.full_clean()
    assert expenditure.amount_usd == Decimal("1000.00")


def test_a_missing_rate_names_the_currency_and_the_month_and_saves_nothing(nok):
    pledge = _pledge(D(2006, 5, 2))
    with pytest.raises(ValidationError) as refused:
        pledge.full_clean()
    assert refused.value.message_dict["currency"] == [
        "There is no UN operational rate of exchange for NOK in May 2006: add it under "
        "Exchange rates, or enter the US$ equivalent with a reason."
    ]
    # Nor does a write that skipped the form's check store it unconverted.
    with pytest.raises(ValidationError):
        _pledge(D(2006, 5, 2)).save()
    assert not Pledge.objects.exists()


def test_a_dollar_amount_needs_no_rate(db):
    pledge = _pledge(D(1999, 1, 5), amount="2500", currency="USD")
    pledge.full_clean()
    assert (pledge.rate, pledge.amount_usd) == (Decimal(1), Decimal("2500"))


def test_an_override_needs_its_reason_and_the_trail_keeps_it(nok, manager):
    pledge = _pledge(D(2006, 3, 10), usd_override=Decimal("155000"))
    with pytest.raises(ValidationError) as refused:
        pledge.full_clean()
    assert "usd_override_reason" in refused.value.message_dict

    reason_only = _pledge(D(2006, 3, 10), usd_override_reason="Bank rate")
    with pytest.raises(ValidationError) as refused:
        reason_only.full_clean()
    assert "usd_override" in refused.value.message_dict

    pledge.usd_override_reason = "Converted by the donor's bank on 10 March at 6.4516"
    pledge.full_clean()
    record_save(acting_user=manager, record=pledge)
    pledge.refresh_from_db()
    assert pledge.amount_usd == Decimal("155000.00")
    assert pledge.rate == Decimal("6.4516129032")  # the rate the override implies
    entry = LogEntry.objects.get_for_object(pledge).get()
    assert entry.actor == manager
    assert "Converted by the donor's bank" in str(entry.changes_dict["usd_override_reason"])


def test_a_changed_rate_leaves_what_was_converted_before(nok):
    pledge = _pledge(D(2006, 3, 10))
    pledge.full_clean()
    pledge.save()
    ExchangeRate.objects.filter(currency="NOK", month=D(2006, 3, 1)).update(rate=Decimal("8"))
    pledge.refresh_from_db()
    assert pledge.amount_usd == Decimal("156250.00")
    # Changing the pledge converts it again at the table's rate of the day.
    pledge.amount = Decimal("800000")
    pledge.full_clean()
    assert (pledge.rate, pledge.amount_usd) == (Decimal("8"), Decimal("100000.00"))


def test_figures_sum_us_dollars_never_amounts_of_different_currencies(nok, period):
    donor = DonorFactory()
    for amount, currency in (("1000000", "NOK"), ("100000", "USD")):
        pledge = _pledge(D(2006, 3, 1), amount=amount, currency=currency)
        pledge.donor = donor
        pledge.full_clean()
        pledge.save()
        paid = Contribution(
            donor=donor,
            pledge=pledge,
            received_on=D(2006, 4, 3),
            amount=pledge.amount,
            currency=currency,
        )
        paid.full_clean()
        paid.save()
    donors, totals = funding_by_donor(period)
    # 1,000,000 NOK at 6.4 and at 6.25, plus US$ 100,000: never 1,100,000.
    assert totals == {"pledged": Decimal("256250.00"), "received": Decimal("260000.00")}
    assert [(row["code"], row["pledged"], row["received"]) for row in donors] == [
        (donor.code, Decimal("256250.00"), Decimal("260000.00"))
    ]


def test_one_rates_table_read_converts_a_whole_file(nok, django_assert_num_queries):
    with django_assert_num_queries(1):
        rates = Rates(["NOK", "USD"])
    with django_assert_num_queries(0):
        converted = [rates.convert(Decimal(100), "NOK", D(2006, 3, d)) for d in range(1, 29)]
    assert {usd for usd, _rate in converted} == {Decimal("15.63")}
