"""The back office's large tables: no whole-table COUNT(*), participant sums, year filters."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Activity
from tests.factories import ActivityFactory, CategoryFactory, ParticipantCountFactory
from tests.humanrights.factories import RecommendationFactory
from tests.training.factories import EnrolmentFactory, SessionFactory
from untop import admin_base as bigtables
from untop.admin_base import EstimatedCountPaginator

ACTIVITIES = reverse("admin:programs_activity_changelist")
ENROLMENTS = reverse("admin:training_enrolment_changelist")


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's"
)


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(Activity._meta.db_table)}")


@on_postgresql
@pytest.mark.django_db(transaction=True)  # ANALYZE sees committed rows
def test_past_the_bound_a_whole_table_is_counted_from_the_estimate(monkeypatch):
    ActivityFactory.create_batch(3)
    _analyze()
    ActivityFactory.create_batch(2)  # not yet in the statistics
    assert EstimatedCountPaginator(Activity.objects.all(), 100).count == 5  # under the bound

    monkeypatch.setattr(bigtables, "ESTIMATE_FROM_ROWS", 2)
    assert EstimatedCountPaginator(Activity.objects.all(), 100).count == 3  # the estimate
    assert EstimatedCountPaginator(Activity.objects.all(), 1).num_pages == 3


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_estimate_below_the_bound_gives_the_bound(monkeypatch):
    ActivityFactory.create_batch(4)  # never analysed: no estimate yet
    monkeypatch.setattr(bigtables, "ESTIMATE_FROM_ROWS", 2)
    assert EstimatedCountPaginator(Activity.objects.all(), 100).count >= 2


@pytest.mark.django_db
def test_a_filtered_list_is_counted_exactly(monkeypatch):
    ActivityFactory.create_batch(3, approval=Activity.Approval.SUBMITTED)
    ActivityFactory()
    monkeypatch.setattr(bigtables, "ESTIMATE_FROM_ROWS", 1)
    submitted = Activity.objects.filter(approval=Activity.Approval.SUBMITTED)
    assert EstimatedCountPaginator(submitted, 100).count == 3


@pytest.mark.django_db
def test_a_small_table_is_counted_exactly():
    ActivityFactory.create_batch(4)
    assert EstimatedCountPaginator(Activity.objects.all(), 100).count == 4


@on_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize(
    "changelist,make,shown",
    [
        ("admin:programs_activity_changelist", ActivityFactory.create_batch, "3 activities"),
        ("admin:training_session_changelist", SessionFactory.create_batch, "3 sessions"),
        (
            "admin:humanrights_recommendation_changelist",
            RecommendationFactory.create_batch,
            "3 recommendations",
        ),
    ],
)
def test_the_large_lists_count_no_whole_table(manager_client, changelist, make, shown):
    make(3)
    with CaptureQueriesContext(connection) as queries:
        response = manager_client.get(reverse(changelist))
    assert response.status_code == 200
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"].upper()]
    # One count of the list's rows, and it stops at the bound.
    assert len(counts) == 1 and f"LIMIT {bigtables.ESTIMATE_FROM_ROWS}" in counts[0]
    assert shown in response.text


@pytest.mark.django_db
def test_the_activity_list_shows_and_sorts_by_each_activitys_participants(manager_client):
    small, large = ActivityFactory(title="Small seminar"), ActivityFactory(title="Large forum")
    for women, men in [(3, 4), (10, 0)]:
        ParticipantCountFactory(activity=small, category=CategoryFactory(), women=women, men=men)
    ParticipantCountFactory(activity=large, category=CategoryFactory(), women=200, men=100)

    response = manager_client.get(ACTIVITIES, {"o": "-8"})  # the participants column, largest first

    rows = {
        activity.title: activity._participants for activity in response.context["cl"].result_list
    }
    assert rows == {"Small seminar": 17, "Large forum": 300}
    assert [a.title for a in response.context["cl"].result_list] == ["Large forum", "Small seminar"]


@pytest.mark.django_db
def test_activities_can_be_filtered_by_year(manager_client):
    ActivityFactory(title="In 2004", start=datetime.date(2004, 5, 1), end=datetime.date(2004, 5, 1))
    ActivityFactory(title="In 2005", start=datetime.date(2005, 9, 1), end=datetime.date(2005, 9, 2))

    response = manager_client.get(ACTIVITIES, {"start_year": "2005"})

    assert [a.title for a in response.context["cl"].result_list] == ["In 2005"]
    assert "2004" in response.text  # offered as a choice: the years run first to last


@pytest.mark.django_db
def test_enrolments_can_be_filtered_by_the_year_of_their_session(manager_client):
    early = SessionFactory(
        activity__start=datetime.date(2003, 4, 1), activity__end=datetime.date(2003, 4, 2)
    )
    late = SessionFactory(
        activity__start=datetime.date(2006, 4, 1), activity__end=datetime.date(2006, 4, 2)
    )
    old, new = EnrolmentFactory(session=early), EnrolmentFactory(session=late)

    response = manager_client.get(ENROLMENTS, {"session_activity_start_year": "2006"})
    assert list(response.context["cl"].result_list) == [new]

    everything = manager_client.get(ENROLMENTS)
    # Latest first, without sorting every enrolment by its trainee's name.
    assert list(everything.context["cl"].result_list) == [new, old]


@pytest.mark.django_db
def test_a_year_that_is_not_a_number_shows_no_enrolment(manager_client):
    EnrolmentFactory()
    response = manager_client.get(ENROLMENTS, {"session_activity_start_year": "last"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
