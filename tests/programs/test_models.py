"""Model rules: each refuses bad data with a message naming the field."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from programs.models import (
    Contribution,
    Indicator,
    IndicatorValue,
    MandatePeriod,
    ParticipantCount,
    Pledge,
    Project,
)
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    DonorFactory,
    PledgeFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def _errors(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_mandate_periods_end_after_they_start_and_do_not_overlap():
    MandatePeriod.objects.create(start=D(2005, 6, 1), end=D(2006, 5, 31))
    assert "end" in _errors(MandatePeriod(start=D(2007, 6, 1), end=D(2007, 1, 1)))
    assert "overlaps another" in str(
        _errors(MandatePeriod(start=D(2006, 1, 1), end=D(2006, 12, 31)))
    )
    MandatePeriod(start=D(2006, 6, 1), end=D(2007, 5, 31)).full_clean()


def test_a_project_cannot_end_before_it_starts():
    project = Project(code="X", title="x", area="dialogue", start=D(2006, 1, 1), end=D(2005, 1, 1))
    assert _errors(project)["end"] == [
        "The end date comes before the start date: correct one of them."
    ]


def test_money_must_be_positive_and_in_a_known_currency():
    pledge = Pledge(
        donor=DonorFactory(),
        pledged_on=D(2006, 1, 1),
        amount=Decimal("-1"),
        currency="XXX",
        amount_usd=Decimal("0"),
    )
    errors = _errors(pledge)
    assert set(errors) >= {"amount", "currency", "amount_usd"}
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.create(
            donor=DonorFactory(),
            pledged_on=D(2006, 1, 1),
            amount=Decimal("-5"),
            amount_usd=Decimal("-5"),
        )


def test_a_pledge_needs_a_donor():
    pledge = Pledge(pledged_on=D(2006, 1, 1), amount=Decimal("10"), amount_usd=Decimal("10"))
    assert "donor" in _errors(pledge)


def test_a_contribution_honours_a_pledge_of_its_own_donor():
    pledge = PledgeFactory()
    contribution = Contribution(
        donor=DonorFactory(),
        pledge=pledge,
        received_on=D(2006, 5, 1),
        amount=Decimal("10"),
        currency="USD",
        amount_usd=Decimal("10"),
    )
    assert _errors(contribution)["pledge"] == ["This pledge was made by another donor."]


def test_participant_counts_are_never_negative_even_past_the_forms():
    activity = ActivityFactory()
    count = ParticipantCount(activity=activity, category=CategoryFactory(), women=-1, men=2)
    assert "women" in _errors(count)
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantCount.objects.create(
            activity=activity, category=CategoryFactory(), women=-1, men=0
        )


def test_a_computed_indicator_takes_no_typed_values_and_a_locked_period_none_at_all():
    period = MandatePeriod.objects.create(start=D(2005, 6, 1), end=D(2006, 5, 31), locked=True)
    project = ProjectFactory()
    computed = Indicator.objects.create(
        project=project, name="Staff trained", unit="people", rule=Indicator.Rule.PARTICIPANTS
    )
    errors = _errors(IndicatorValue(indicator=computed, period=period, value=Decimal("5")))
    assert "computed from activities" in errors["indicator"][0]
    assert "is locked" in errors["period"][0]


def test_an_activity_in_a_locked_period_refuses_changes_in_any_form():
    activity = ActivityFactory(start=D(2005, 9, 1), end=D(2005, 9, 1))
    MandatePeriod.objects.create(start=D(2005, 6, 1), end=D(2006, 5, 31), locked=True)
    assert "is locked" in _errors(activity)["start"][0]
    count = ParticipantCount(activity=activity, category=CategoryFactory(), women=1, men=1)
    assert "locked" in str(_errors(count))
