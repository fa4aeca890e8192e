"""Long lists a page at a time (untop.pagination): every row once, in order, forwards and
back; links that keep the filters and can be bookmarked; a far page in the queries of the
first; an export read without OFFSET."""

import datetime
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Activity, Project
from tests.factories import ActivityFactory, ProjectFactory
from untop import pagination
from untop.pagination import KeysetPaginator

pytestmark = pytest.mark.django_db
LIST = reverse("programs:activity_list")
PER_PAGE = 4


@pytest.fixture
def activities(centre, monkeypatch):
    """Eleven activities, several on one day (the id breaks the tie), newest first."""
    monkeypatch.setattr("programs.views.activities.ACTIVITIES_PER_PAGE", PER_PAGE)
    project = ProjectFactory(area=Project.Area.POLICE_REFORM)
    rows = []
    for n in range(11):
        day = datetime.date(2005, 7, 1) + datetime.timedelta(days=n // 3)
        rows.append(
            ActivityFactory(project=project, centre=centre, start=day, end=day, title=f"A{n}")
        )
    return sorted(rows, key=lambda a: (a.start, a.pk), reverse=True)


def _titles(response) -> list[str]:
    return [a.title for a in response.context["page"].object_list]


def _link(response, rel: str) -> str:
    match = re.search(rf'href="\?([^"]*)" rel="{rel}"', response.text)
    return match.group(1).replace("&amp;", "&") if match else ""


@pytest.mark.parametrize("sort_matches_up_to", [0, 5000])  # through the index, or sorted
def test_next_and_previous_walk_every_row_once_in_order(
    staff_client, activities, monkeypatch, sort_matches_up_to
):
    monkeypatch.setattr(pagination, "SORT_MATCHES_UP_TO", sort_matches_up_to)
    seen, response, pages = [], staff_client.get(LIST, {"area": "police"}), 0
    while True:
        pages += 1
        seen += _titles(response)
        if not (query := _link(response, "next")):
            break
        assert query.startswith("area=police&after=")  # the filters kept
        response = staff_client.get(f"{LIST}?{query}")
    assert seen == [a.title for a in activities] and pages == 3
    back = []
    while query := _link(response, "prev"):
        response = staff_client.get(f"{LIST}?{query}")
        back = _titles(response) + back
    assert back == seen[:8]
    assert not response.context["page"].has_previous  # the first page again


def test_the_last_page_shows_the_oldest_rows(staff_client, activities):
    response = staff_client.get(LIST, {"page": "last"})
    assert _titles(response) == [a.title for a in activities[-PER_PAGE:]]
    page = response.context["page"]
    assert page.has_previous and not page.has_next
    assert "First page" in response.text and 'rel="next"' not in response.text


def test_a_bookmarked_page_shows_the_rows_after_the_same_activity(staff_client, activities, centre):
    after = activities[3]
    before = staff_client.get(LIST, {"after": after.pk})
    ActivityFactory(centre=centre, start=datetime.date(2006, 1, 1), end=datetime.date(2006, 1, 1))
    again = staff_client.get(LIST, {"after": after.pk})
    assert _titles(again) == _titles(before) == [a.title for a in activities[4:8]]
    assert again.context["page"].paginator.count == 12


@pytest.mark.parametrize("value", ["abc", "-3", "0", "12.5", "١٢", "9" * 40])
def test_a_bad_page_link_shows_the_first_page_and_says_so(staff_client, activities, value):
    response = staff_client.get(LIST, {"after": value})
    assert response.status_code == 200
    assert _titles(response) == [a.title for a in activities[:PER_PAGE]]
    assert "That page&#x27;s link is not valid" in response.text


def test_a_page_whose_activity_is_gone_sends_back_to_the_first(staff_client, activities):
    response = staff_client.get(LIST, {"after": 999_999})
    assert _titles(response) == []
    assert "the list has changed since this page" in response.text
    assert "No activities match." not in response.text
    assert 'href="?">First page</a>' in response.text


def test_a_far_page_runs_the_queries_of_the_first(
    staff_client, activities, django_assert_num_queries
):
    # The first page's eleven (tests/programs/test_activity_pages.py); the list's count and
    # totals then stay in the figures cache, with its filters' choices, and the permissions
    # in theirs, so its other pages, near or far, run four.
    with django_assert_num_queries(11):
        staff_client.get(LIST)
    with django_assert_num_queries(4):
        staff_client.get(LIST)
    for query in ({"after": activities[7].pk}, {"before": activities[7].pk}, {"page": "last"}):
        with django_assert_num_queries(4) as far:
            staff_client.get(LIST, query)
        assert not any("OFFSET" in q["sql"].upper() for q in far.captured_queries)


def test_the_export_reads_its_rows_without_offset(staff_client, activities):
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(LIST, {"export": "csv", "after": activities[2].pk})
        rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + len(activities)  # the whole filtered list, whatever the page
    assert not any("OFFSET" in query["sql"].upper() for query in queries.captured_queries)


@pytest.mark.parametrize(
    "ordering,problem",
    [
        (("-start", "id"), "runs one way"),
        (("-start",), "ends with the primary key"),
        (("-district", "-id"), "may be empty"),
    ],
)
def test_an_ordering_a_keyset_cannot_follow_is_refused(ordering, problem):
    with pytest.raises(ImproperlyConfigured, match=problem):
        KeysetPaginator(Activity.objects.all(), 10, ordering=ordering)
