"""The tracker's search: the same recommendations on SQLite and on PostgreSQL, read from the
trigram index on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from humanrights.models import Recommendation

from .factories import DocumentFactory, MechanismFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
TRACKER = reverse("humanrights:tracker")
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's"
)


@pytest.fixture
def recommendations():
    ccpr = DocumentFactory(
        symbol="CCPR/CO/84/TJK", mechanism=MechanismFactory(code="CCPR", name="CCPR")
    )
    cerd = DocumentFactory(
        symbol="CERD/C/65/CO/8", mechanism=MechanismFactory(code="CERD", name="CERD")
    )
    return {
        "torture": RecommendationFactory(
            document=ccpr, paragraph="12", text="Investigate all allegations of TORTURE."
        ),
        "judges": RecommendationFactory(
            document=ccpr, paragraph="17", text="Guarantee the independence of judges."
        ),
        "roma": RecommendationFactory(
            document=cerd, paragraph="1", text="Protect the Lyuli (Roma) community."
        ),
    }


@pytest.mark.parametrize(
    "text,expected",
    [
        ("torture", ["torture"]),  # in the text, whatever the case
        ("independence of", ["judges"]),
        ("ccpr/co", ["torture", "judges"]),  # in the document's symbol
        ("12", ["torture"]),  # the paragraph, whole
        ("1", ["roma"]),  # not paragraphs 12 and 17
        ("65/co", ["roma"]),
        ("Roma) c", ["roma"]),
        ("asylum", []),
    ],
)
def test_the_search_finds_the_same_recommendations_on_every_database(
    manager_client, recommendations, text, expected
):
    response = manager_client.get(TRACKER, {"q": text})
    names = {recommendation.pk: name for name, recommendation in recommendations.items()}
    assert [names[r.pk] for r in response.context["page"].object_list] == expected
    assert response.context["progress"]["overall"]["total"] == len(expected)


@on_postgresql
@pytest.mark.parametrize("text", ["torture", "12", "CCPR/CO"])
def test_postgresql_reads_the_search_from_the_trigram_index(recommendations, text):
    # The search reads the ids of what it finds in one query; the tracker's queries then
    # read those rows by id.
    with CaptureQueriesContext(connection) as queries:
        Recommendation.objects.search(text)
    [search] = queries.captured_queries
    with connection.cursor() as cursor:
        # A few rows: only a bitmap of an index may read them, the trigram index or none.
        for kind in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{kind} = off")
        cursor.execute(f"EXPLAIN {search['sql']}")
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "recommendation_search_trgm" in plan
    # The recommendations are never all read (the handful of documents may be).
    assert "Seq Scan on humanrights_recommendation " not in plan
