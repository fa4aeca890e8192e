"""The dashboard's figures are cached, and every change of the data they sum shows at once."""

import datetime
import io
import time
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from programs.models import Activity, ParticipantCount
from programs.summary import refresh_activities
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    ParticipantCountFactory,
    PledgeFactory,
)
from untop.figures_cache import figures_changed

URL = reverse("programs:dashboard")
APPROVED = Activity.Approval.APPROVED


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _totals(client) -> dict:
    return client.get(URL).context["figures"]["totals"]


def _activity(centre, women=10, men=5, **fields) -> Activity:
    fields.setdefault("approval", APPROVED)
    activity = ActivityFactory(
        centre=centre, start=datetime.date(2005, 9, 1), end=datetime.date(2005, 9, 1), **fields
    )
    ParticipantCountFactory(activity=activity, category=CategoryFactory(), women=women, men=men)
    return activity


def test_a_second_visit_reads_the_figures_from_the_cache(
    manager_client, period, centre, django_assert_num_queries
):
    _activity(centre)
    # Session, user, second factor and permissions (5), the periods (1), the activities
    # returned to the manager's centre (1), the figures (nine without indicators; the
    # budget tile's two: budget lines and spending, no project having either) and the
    # menu's count of approvals waiting (1); the second visit reads all but the first three
    # from the cache (the permissions too, untop.security.permission_cache).
    with django_assert_num_queries(19):
        first = _totals(manager_client)
    with django_assert_num_queries(3):
        second = _totals(manager_client)
    assert first == second == {"activities": 1, "women": 10, "men": 5, "total": 15}


def test_a_new_participant_count_shows_at_once(manager_client, period, centre):
    activity = _activity(centre)
    assert _totals(manager_client)["total"] == 15
    ParticipantCountFactory(activity=activity, category=CategoryFactory(), women=100, men=1)
    assert _totals(manager_client)["total"] == 116


def test_a_changed_and_a_deleted_count_show_at_once(manager_client, period, centre):
    activity = _activity(centre)
    assert _totals(manager_client)["total"] == 15
    count = ParticipantCount.objects.get(activity=activity)
    count.women = 40
    count.save()
    assert _totals(manager_client)["total"] == 45
    count.delete()
    assert _totals(manager_client) == {"activities": 1, "women": 0, "men": 0, "total": 0}


def test_an_activity_approved_through_the_pages_counts_at_once(
    staff_client, manager_client, period, centre
):
    activity = _activity(centre, women=400, men=321, approval=Activity.Approval.DRAFT)
    assert _totals(manager_client)["total"] == 0
    staff_client.post(reverse("programs:activity_submit", args=[activity.pk]))
    manager_client.post(reverse("programs:activity_approve", args=[activity.pk]))
    assert _totals(manager_client)["total"] == 721


def test_a_new_pledge_shows_at_once_in_the_managers_funding(manager_client, period):
    assert manager_client.get(URL).context["figures"]["funding"]["pledged"] == 0
    PledgeFactory(pledged_on=datetime.date(2006, 3, 1), amount_usd=Decimal("250000.00"))
    assert manager_client.get(URL).context["figures"]["funding"]["pledged"] == Decimal("250000")


def test_staff_never_get_the_managers_cached_funding(manager_client, staff_client, period):
    PledgeFactory(pledged_on=datetime.date(2006, 3, 1))
    assert manager_client.get(URL).context["figures"]["funding"] is not None
    response = staff_client.get(URL)
    assert response.context["figures"]["funding"] is None
    assert "Pledged" not in response.text


def test_rows_written_in_bulk_show_once_summed_and_declared_changed(manager_client, period, centre):
    activity = _activity(centre)
    category = CategoryFactory()
    assert _totals(manager_client)["total"] == 15
    # bulk_create sends no signal: the stale figure stays until the writer says so.
    ParticipantCount.objects.bulk_create(
        [ParticipantCount(activity=activity, category=category, women=1, men=1)]
    )
    assert _totals(manager_client)["total"] == 15
    # The writer sums the activity's summary rows again and declares the figures changed.
    refresh_activities([activity.pk])
    figures_changed()
    assert _totals(manager_client)["total"] == 17


def test_each_period_has_figures_of_its_own(manager_client, period, centre):
    later = period.__class__.objects.create(
        start=datetime.date(2006, 6, 1), end=datetime.date(2007, 5, 31)
    )
    _activity(centre)
    first = manager_client.get(URL, {"period": period.pk})
    assert first.context["figures"]["totals"]["total"] == 15
    response = manager_client.get(URL, {"period": later.pk})
    assert response.context["figures"]["totals"]["total"] == 0
    assert response.context["figures"]["period"] == later


# The data itself is checked at most once a minute: what sends no signal shows within one.


class _Clock:
    """Stands in for the figures cache's clock: time moves only when the test says so."""

    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = _Clock()
    monkeypatch.setattr("untop.figures_cache._clock", fake, raising=False)
    return fake


def test_rows_written_in_bulk_show_within_a_minute_without_a_signal(
    manager_client, period, centre, clock
):
    activity = _activity(centre)
    category = CategoryFactory()
    assert _totals(manager_client)["total"] == 15
    ParticipantCount.objects.bulk_create(
        [ParticipantCount(activity=activity, category=category, women=3, men=4)]
    )
    # A writer in bulk sums the summary rows again (programs/summary.py) but may not say
    # the figures changed: the cache notices within a minute.
    refresh_activities([activity.pk])
    clock.now += 30
    assert _totals(manager_client)["total"] == 15  # checked at most once a minute
    clock.now += 31
    assert _totals(manager_client)["total"] == 22
    clock.now += 61
    assert _totals(manager_client)["total"] == 22


def test_the_minute_check_costs_one_query_and_keeps_unchanged_figures(
    manager_client, period, centre, clock, django_assert_num_queries
):
    _activity(centre)
    _totals(manager_client)
    clock.now += 61
    _totals(manager_client)  # the version's first check: summed again, now with a baseline
    clock.now += 61
    # Session, user and second factor (3; the permissions from the cache) and the check (1).
    with django_assert_num_queries(4):
        assert _totals(manager_client)["total"] == 15
    with django_assert_num_queries(3):
        assert _totals(manager_client)["total"] == 15


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's table statistics")
@pytest.mark.django_db(transaction=True)
def test_a_raw_update_is_named_by_the_check_and_shows_once_summed_again(
    manager_client, period, centre, clock
):
    """A write past the services (a queryset update: no signal) does not reach the summary
    rows the figures read; `rebuild_summaries --check` names its month, and once summed
    again the figures show it within a minute, without anyone declaring a change."""
    activity = _activity(centre, women=400, men=321, approval=Activity.Approval.DRAFT)
    assert _totals(manager_client)["total"] == 0
    Activity.objects.filter(pk=activity.pk).update(approval=APPROVED)
    with pytest.raises(CommandError, match=f"{activity.start:%Y-%m}"):
        call_command("rebuild_summaries", "--check")
    call_command("rebuild_summaries", stdout=io.StringIO())
    call_command("rebuild_summaries", "--check", stdout=io.StringIO())
    totals = None
    for _ in range(20):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_force_next_flush()")
        clock.now += 61
        totals = _totals(manager_client)["total"]
        if totals == 721:
            break
        time.sleep(0.5)
    assert totals == 721
