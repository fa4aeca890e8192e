"""Two approvals at once into the same month, on PostgreSQL: the summary counts both.

One approval is held open in a thread (its own connection) after its summary refresh; the
other is made meanwhile. Without the month's advisory lock the second refresh would sum
without the first's approval, or collide with its rows; with it, it waits and sums both.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from programs import summary
from programs.models import Activity, ActivitySummary, ParticipantSummary
from programs.services import activity_approve
from tests.factories import ActivityFactory, CategoryFactory, ParticipantCountFactory
from tests.programs.test_concurrency import Held

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="races of PostgreSQL's concurrent writes"
    ),
    pytest.mark.django_db(transaction=True),
]

DAY = datetime.date(2005, 10, 4)


def _submitted(centre, category, women):
    activity = ActivityFactory(centre=centre, start=DAY, end=DAY, approval="submitted")
    ParticipantCountFactory(activity=activity, category=category, women=women, men=0)
    return activity


@pytest.mark.parametrize("already_counted", [False, True])
def test_two_approvals_in_one_month_at_once_both_count(centre, manager, already_counted):
    category = CategoryFactory()
    if already_counted:  # the month's rows exist before either approval
        activity = ActivityFactory(centre=centre, start=DAY, end=DAY, approval="approved")
        ParticipantCountFactory(activity=activity, category=category, women=100, men=0)
    first, second = _submitted(centre, category, 1), _submitted(centre, category, 10)

    with Held(
        lambda: activity_approve(activity=Activity.objects.get(pk=first.pk), acting_user=manager)
    ) as held:
        assert held.done.is_set()
        activity_approve(activity=Activity.objects.get(pk=second.pk), acting_user=manager)

    expected = 11 + (100 if already_counted else 0)
    assert ActivitySummary.objects.get().women == expected
    assert ParticipantSummary.objects.get().women == expected
    assert summary.differences() == []


def test_two_approvals_of_one_project_in_two_months_at_once_both_count(centre, manager, period):
    """The standings (programs/standings.py): the months' locks do not meet, the project's
    lock does. Without it the second approval's measure misses the first's people, or its
    standing collides with the first's."""
    from decimal import Decimal

    from programs import standings
    from programs.models import Indicator, IndicatorStanding, IndicatorTarget
    from tests.factories import ProjectFactory

    project = ProjectFactory(start=period.start, end=period.end)
    indicator = Indicator.objects.create(
        project=project, name="People", unit="people", rule="participants"
    )
    IndicatorTarget.objects.create(indicator=indicator, period=period, target=Decimal("22"))
    first, second = (
        ActivityFactory(project=project, centre=centre, start=day, end=day, approval="submitted")
        for day in (DAY, DAY + datetime.timedelta(days=31))
    )
    for activity in (first, second):
        ParticipantCountFactory(activity=activity, women=11, men=0)

    with Held(
        lambda: activity_approve(activity=Activity.objects.get(pk=first.pk), acting_user=manager)
    ) as held:
        assert held.done.is_set()
        activity_approve(activity=Activity.objects.get(pk=second.pk), acting_user=manager)

    standing = IndicatorStanding.objects.get(indicator=indicator, period=period)
    assert (standing.status, standing.percent) == ("met", Decimal("100.0"))
    assert standings.differences() == []
