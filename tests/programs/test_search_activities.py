"""The activity list's search: the same activities on SQLite and on PostgreSQL (run the file
with DATABASE_URL for the second), and on PostgreSQL read from the trigram index."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from programs.models import Activity
from tests.factories import ActivityFactory, ProjectFactory

pytestmark = pytest.mark.django_db
LIST = reverse("programs:activity_list")
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's"
)


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture
def activities(centre):
    police, dialogue = ProjectFactory(code="PR-05"), ProjectFactory(code="ND-05")

    def add(project, title, narrative, day):
        return ActivityFactory(
            project=project, centre=centre, title=title, narrative=narrative,
            start=_day(day), end=_day(day),
        )  # fmt: skip

    return {
        "khorog": add(police, "Police course in Khorog", "Forty officers.", "2006-02-01"),
        "ombudsman": add(dialogue, "Round table", "With the OMBUDSMAN's staff.", "2006-03-01"),
        "dialogue": add(dialogue, "Dialogue meeting in Khujand", "", "2005-09-05"),
        "russian": add(police, "Семинар по правам человека", "Курс 50% женщин", "2005-10-01"),
    }


@pytest.mark.parametrize(
    "text,expected",
    [
        ("khorog", ["khorog"]),  # in the title, whatever the case
        ("ombudsman's", ["ombudsman"]),  # in the narrative, whatever the case
        ("nd-0", ["ombudsman", "dialogue"]),  # in the project's code; newest first
        ("  Khujand ", ["dialogue"]),  # spaces around the text do not count
        ("in", ["khorog", "dialogue"]),  # shorter than a trigram: still found
        ("Семинар", ["russian"]),  # Cyrillic, as written
        ("50%", ["russian"]),  # "%" is a character, not a wildcard
        ("5_%", []),
        ("Police course in Khujand", []),
    ],
)
def test_the_search_finds_the_same_activities_on_every_database(
    staff_client, activities, text, expected
):
    response = staff_client.get(LIST, {"q": text})
    names = {activity.pk: name for name, activity in activities.items()}
    assert [names[a.pk] for a in response.context["page"].object_list] == expected
    assert response.context["page"].paginator.count == len(expected)


def test_a_search_keeps_the_other_filters(staff_client, activities):
    response = staff_client.get(LIST, {"q": "o", "start_from": "2006-01-01"})
    assert {a.title for a in response.context["page"].object_list} == {
        "Police course in Khorog",
        "Round table",
    }


def test_a_search_runs_a_fixed_number_of_queries(
    staff_client, activities, centre, django_assert_num_queries
):
    # The page's queries without a search (tests/programs/test_activity_pages.py asserts
    # them, less the permissions and the filters' choices, read once and kept in the
    # cache), and one more: the projects whose code matches.
    staff_client.get(LIST, {"status": "held"})
    with django_assert_num_queries(6) as without_search:
        staff_client.get(LIST)
    expected = len(without_search.captured_queries) + 1
    with django_assert_num_queries(expected):
        staff_client.get(LIST, {"q": "police"})
    for n in range(30):
        ActivityFactory(centre=centre, title=f"Police seminar {n}")
    staff_client.get(LIST, {"status": "held"})  # the choices, read again after the writes
    with django_assert_num_queries(expected):
        response = staff_client.get(LIST, {"q": "police"})
    assert response.context["page"].paginator.count == 31


@on_postgresql
@pytest.mark.parametrize("text", ["khorog", "OMBUDSMAN", "nd-05"])
def test_postgresql_reads_the_search_from_the_trigram_index(activities, text):
    rows = Activity.objects.search(text).order_by().values("pk")
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        # A few rows: only a bitmap of an index may read them, the trigram index or none.
        for kind in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{kind} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "activity_search_text_trgm" in plan
    assert "Seq Scan" not in plan
