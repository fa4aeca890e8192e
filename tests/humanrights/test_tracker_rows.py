"""The tracker's rows: each recommendation's actions counted and its last action's date,
the page's rows counted by the figures' total (no count of their own)."""

import datetime

import pytest
from django.urls import reverse

from .factories import ActionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
TRACKER = reverse("humanrights:tracker")


def test_each_row_counts_its_own_actions_and_dates_the_last(manager_client, manager):
    acted, untouched = RecommendationFactory(paragraph="3"), RecommendationFactory(paragraph="4")
    for day in (datetime.date(2005, 11, 8), datetime.date(2006, 2, 1), datetime.date(2005, 1, 9)):
        ActionFactory(recommendation=acted, taken_on=day, recorded_by=manager)
    response = manager_client.get(TRACKER)
    rows = {row.pk: row for row in response.context["page"].object_list}
    assert rows[acted.pk].action_count == 3
    assert rows[acted.pk].last_action == datetime.date(2006, 2, 1)
    assert rows[untouched.pk].action_count == 0
    assert rows[untouched.pk].last_action is None
    assert response.context["page"].paginator.count == 2


def test_the_rows_are_counted_as_the_filter_finds_them(manager_client):
    RecommendationFactory(text="Protect the Lyuli (Roma) community.")
    RecommendationFactory(text="Guarantee the independence of judges.")
    response = manager_client.get(TRACKER, {"q": "roma"})
    assert response.context["page"].paginator.count == 1
    assert response.context["progress"]["overall"]["total"] == 1
    assert len(response.context["page"].object_list) == 1
