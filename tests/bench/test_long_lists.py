"""Pages whose lists grew with the data show them a part at a time, and their cached sums
follow every change at once."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.humanrights.factories import RecommendationFactory
from tests.training.factories import CourseFactory, InstructorFactory, SessionFactory

TRACKER = reverse("humanrights:tracker")
CASCADE = reverse("training:cascade")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_tracker_lists_the_twenty_longest_overdue_and_counts_them_all(manager_client):
    for day in range(25):
        RecommendationFactory(follow_up_due=datetime.date(2006, 1, 1) + datetime.timedelta(day))
    RecommendationFactory(follow_up_due=None)

    response = manager_client.get(TRACKER)

    overdue = response.context["overdue"]
    assert len(overdue) == 20 and response.context["overdue_count"] == 25
    assert overdue[0].follow_up_due == datetime.date(2006, 1, 1)  # the longest overdue first
    assert "The 20 longest overdue of 25" in response.text


def test_a_few_overdue_follow_ups_are_all_listed(manager_client):
    RecommendationFactory.create_batch(3)
    response = manager_client.get(TRACKER)
    assert len(response.context["overdue"]) == response.context["overdue_count"] == 3
    assert "longest overdue of" not in response.text


def test_the_trackers_figures_follow_a_new_recommendation_at_once(manager_client):
    RecommendationFactory()
    assert manager_client.get(TRACKER).context["progress"]["overall"]["total"] == 1
    RecommendationFactory()
    assert manager_client.get(TRACKER).context["progress"]["overall"]["total"] == 2


def test_the_cascade_lists_instructors_fifty_to_a_page(manager_client, centre):
    instructors = InstructorFactory.create_batch(55)
    for instructor in instructors:
        SessionFactory(activity__centre=centre, trainers=[instructor], participants=(1, 1))

    first = manager_client.get(CASCADE)
    second = manager_client.get(CASCADE, {"page": 2})

    assert len(first.context["instructors"]) == 50 and len(second.context["instructors"]) == 5
    assert "Page 1 of 2" in first.text
    shown = {row["pk"] for row in first.context["instructors"]} | {
        row["pk"] for row in second.context["instructors"]
    }
    assert shown == {instructor.pk for instructor in instructors}
    assert first.context["cascade"].instructors == 55
    top = first.context["instructors"][0]
    assert f"{top['name']}</a>" in first.text and top["reach"] == 2


def test_a_cascade_page_number_out_of_range_or_mistyped_shows_the_last_or_first_page(
    manager_client, centre
):
    instructors = InstructorFactory.create_batch(51)
    for instructor in instructors:
        SessionFactory(activity__centre=centre, trainers=[instructor], participants=(1, 1))

    far = manager_client.get(CASCADE, {"page": 9})
    mistyped = manager_client.get(CASCADE, {"page": "two"})

    assert far.status_code == mistyped.status_code == 200
    assert "Page 2 of 2" in far.text and len(far.context["instructors"]) == 1
    assert "Page 1 of 2" in mistyped.text and len(mistyped.context["instructors"]) == 50


def test_the_cascade_follows_a_new_session_at_once(manager_client, centre):
    instructor = InstructorFactory()
    SessionFactory(activity__centre=centre, trainers=[instructor], participants=(3, 4))
    assert manager_client.get(CASCADE).context["cascade"].second_generation["total"] == 7
    SessionFactory(activity__centre=centre, trainers=[instructor], participants=(10, 0))
    assert manager_client.get(CASCADE).context["cascade"].second_generation["total"] == 17


def test_the_course_list_shows_twenty_five_courses_a_page_with_their_figures(
    manager_client, centre
):
    courses = CourseFactory.create_batch(27)
    SessionFactory(course=courses[0], activity__centre=centre, participants=(2, 3))
    url = reverse("training:course_list")

    first = manager_client.get(url)
    second = manager_client.get(url, {"page": 2})

    assert len(first.context["courses"]) == 25 and len(second.context["courses"]) == 2
    assert "Page 1 of 2" in first.text
    shown = {c.pk: c for c in [*first.context["courses"], *second.context["courses"]]}
    assert set(shown) == {course.pk for course in courses}
    assert (shown[courses[0].pk].session_count, shown[courses[0].pk].participant_total) == (1, 5)
