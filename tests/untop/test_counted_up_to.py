"""A list counted up to a limit (untop.pagination.counted_up_to): the exact number up to it,
and past it only "more than" — and the page's rows are the same either way."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.models import Activity
from tests.factories import ActivityFactory
from untop.pagination import KeysetPaginator, cached_count, counted_up_to

pytestmark = pytest.mark.django_db
ORDER = ("-start", "-id")


@pytest.fixture
def five(centre):
    days = [datetime.date(2005, 7, 1) + datetime.timedelta(days=n) for n in range(5)]
    return [ActivityFactory(centre=centre, start=day, end=day) for day in days]


@pytest.mark.parametrize("up_to,count", [(3, 4), (4, 5), (5, 5), (10, 5)])
def test_counting_stops_one_past_the_limit(five, up_to, count):
    assert counted_up_to(Activity.objects.all(), up_to) == count


@pytest.mark.parametrize("up_to,more_than,count", [(3, 3, 4), (5, None, 5), (None, None, 5)])
def test_the_paginator_says_more_than_only_past_the_limit(five, up_to, more_than, count):
    paginator = KeysetPaginator(
        Activity.objects.order_by(*ORDER), 2, ordering=ORDER, counted_up_to=up_to
    )
    assert paginator.count == count
    assert paginator.more_than == more_than


@pytest.mark.parametrize("sort_matches", [True, False])
@pytest.mark.parametrize("up_to", [None, 1])
def test_the_rows_do_not_depend_on_the_count(five, sort_matches, up_to):
    newest_first = sorted(five, key=lambda a: (a.start, a.pk), reverse=True)
    paginator = KeysetPaginator(
        Activity.objects.order_by(*ORDER),
        2,
        ordering=ORDER,
        counted_up_to=up_to,
        sort_matches=sort_matches,
    )
    first = paginator.page({})
    second = paginator.page({"after": str(first.next_cursor)})
    assert [*first, *second] == newest_first[:4]
    assert second.has_previous and second.has_next


def test_a_count_up_to_a_limit_is_cached_apart_from_the_whole_count(five):
    rows = Activity.objects.all()
    assert cached_count("test:activities", rows, up_to=2) == 3
    assert cached_count("test:activities", rows) == 5
    assert cached_count("test:activities", rows, up_to=2) == 3


@pytest.mark.parametrize(
    "up_to,sort_matches,sorted_apart",
    [
        (None, True, True),  # five rows, counted: found first, then sorted
        (10, True, True),
        (2, True, False),  # "more than 2": many, read in the list's order
        (None, False, False),  # told to read in order
    ],
)
def test_only_a_short_counted_list_is_sorted_apart(five, up_to, sort_matches, sorted_apart):
    paginator = KeysetPaginator(
        Activity.objects.order_by(*ORDER),
        2,
        ordering=ORDER,
        counted_up_to=up_to,
        sort_matches=sort_matches,
    )
    assert paginator.count == (5 if up_to is None else min(5, up_to + 1))  # counted first
    with CaptureQueriesContext(connection) as queries:
        paginator.page({})
    [rows] = queries.captured_queries
    assert ("COALESCE" in rows["sql"]) is sorted_apart
