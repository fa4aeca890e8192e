"""The activity search at scale: a search finding very many activities says it found more
than SEARCH_COUNTED_UP_TO rather than counting and summing them all; one finding fewer is
counted and summed exactly. The searched fields are joined into one text for their index,
and a text is still found only inside one field."""

import datetime

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Activity
from tests.factories import ActivityFactory, ParticipantCountFactory, ProjectFactory

pytestmark = pytest.mark.django_db
LIST = reverse("programs:activity_list")


@pytest.fixture
def police(centre):
    """Three police courses with 10 women and 15 men each, newest last, and a round table."""
    project = ProjectFactory(code="PR-07")
    courses = []
    for n in range(3):
        day = datetime.date(2006, 2, 1) + datetime.timedelta(days=n)
        course = ActivityFactory(
            project=project, centre=centre, title=f"Police course {n}", start=day, end=day
        )
        ParticipantCountFactory(activity=course)
        courses.append(course)
    ActivityFactory(centre=centre, title="Round table", narrative="With the ombudsman.")
    return courses


def _queries(client, params) -> tuple:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params)
    return response, len(queries.captured_queries)


def test_a_search_finding_more_than_the_limit_says_so_without_sums(
    staff_client, police, monkeypatch
):
    monkeypatch.setattr("programs.views.activities.SEARCH_COUNTED_UP_TO", 2)
    response = staff_client.get(LIST, {"q": "police"})
    assert response.context["page"].paginator.more_than == 2
    assert response.context["participants"] is None
    assert "More than 2 activities match the search" in response.text
    assert "75" not in response.text.split('class="result-count"')[1].split("</p>")[0]
    # The rows found are still shown, newest first.
    titles = [a.title for a in response.context["page"].object_list]
    assert titles == ["Police course 2", "Police course 1", "Police course 0"]


def test_a_search_finding_up_to_the_limit_is_counted_and_summed(staff_client, police, monkeypatch):
    monkeypatch.setattr("programs.views.activities.SEARCH_COUNTED_UP_TO", 3)
    response = staff_client.get(LIST, {"q": "POLICE"})
    assert response.context["page"].paginator.more_than is None
    assert response.context["page"].paginator.count == 3
    assert response.context["participants"] == {"women": 30, "men": 45, "total": 75}
    assert "3 activities · 75" in response.text


def test_the_list_without_a_search_is_counted_whole(staff_client, police, monkeypatch):
    monkeypatch.setattr("programs.views.activities.SEARCH_COUNTED_UP_TO", 1)
    response = staff_client.get(LIST, {"centre": police[0].centre_id})
    assert response.context["page"].paginator.count == 4
    assert response.context["page"].paginator.more_than is None
    assert response.context["participants"]["total"] == 75


def test_a_search_finding_very_many_runs_one_query_less(staff_client, police, monkeypatch):
    # The same page, found few (counted and summed) and very many (neither): the sum of
    # the participants is the one query left out.
    monkeypatch.setattr("programs.views.activities.SEARCH_COUNTED_UP_TO", 3)
    staff_client.get(LIST)  # the session's and the rights' reads, done once for both
    _, counted = _queries(staff_client, {"q": "course"})
    monkeypatch.setattr("programs.views.activities.SEARCH_COUNTED_UP_TO", 2)
    _, very_many = _queries(staff_client, {"q": "police"})
    assert very_many == counted - 1


def test_a_searchs_next_page_reads_what_it_found_without_searching_again(
    staff_client, police, monkeypatch
):
    monkeypatch.setattr("programs.views.activities.ACTIVITIES_PER_PAGE", 2)
    first = staff_client.get(LIST, {"q": "police"})
    assert [a.title for a in first.context["page"].object_list] == [
        "Police course 2",
        "Police course 1",
    ]
    assert "3 activities · 75" in first.text

    last_shown = first.context["page"].object_list[-1].pk
    with CaptureQueriesContext(connection) as queries:
        second = staff_client.get(LIST, {"q": "police", "after": last_shown})

    assert [a.title for a in second.context["page"].object_list] == ["Police course 0"]
    assert "3 activities · 75" in second.text
    # What the search found is kept: no query of this page looks for the text among the
    # activities (the projects whose code has it are still looked up, a short query).
    searched = [
        q["sql"]
        for q in queries.captured_queries
        if "POLICE" in q["sql"].upper() and '"programs_activity"' in q["sql"]
    ]
    assert not searched
    assert [q for q in queries.captured_queries if "POLICE" in q["sql"].upper()]


@pytest.mark.parametrize(
    "text,found",
    [
        ("course 1", True),  # in the title
        ("OMBUDSMAN.", True),  # in the narrative
        ("table with", False),  # the end of the title and the start of the narrative
        ("table\x1fwith", False),  # the separator itself, looked for field by field
        ("pr-07", True),  # the project's code
    ],
)
def test_a_text_is_found_inside_one_field_only(staff_client, police, text, found):
    response = staff_client.get(LIST, {"q": text})
    assert bool(response.context["page"].object_list) is found


def test_the_search_finds_what_icontains_on_each_field_finds(police):
    for text in ("police", "E C", "ombudsman", "nd t", "%", "0", "-07"):
        expected = Activity.objects.filter(
            Q(title__icontains=text)
            | Q(narrative__icontains=text)
            | Q(project__code__icontains=text)
        )
        assert set(Activity.objects.search(text)) == set(expected)
