"""The tracker's pages: every recommendation once, in the tracker's order (mechanism, document,
recommendation), each page read through the documents it covers."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from humanrights.models import Recommendation

from .factories import DocumentFactory, MechanismFactory, RecommendationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

TRACKER = reverse("humanrights:tracker")


@pytest.fixture
def recommendations():
    """70 recommendations of seven documents of three mechanisms, made out of order, with
    documents of 1 to 19 recommendations (so pages start and end inside them), one in three
    implemented."""
    theme = ThemeFactory(name="Judiciary")
    sizes = {("UPR", "A/HRC/1"): 19, ("CCPR", "CCPR/C/2"): 1, ("CERD", "CERD/C/1"): 12}
    sizes |= {("CCPR", "CCPR/C/1"): 14, ("UPR", "A/HRC/0"): 3, ("CERD", "CERD/C/3"): 10}
    sizes |= {("CCPR", "CCPR/C/9"): 11}
    made = []
    for (code, symbol), size in sizes.items():
        mechanism = MechanismFactory(code=code, name=f"{code} body")
        document = DocumentFactory(symbol=symbol, mechanism=mechanism)
        for n in range(size):
            status = "implemented" if len(made) % 3 == 0 else "not_started"
            made.append(RecommendationFactory(document=document, status=status, paragraph=n))
    made[5].themes.add(theme)
    return made


def _rows(response) -> list[str]:
    return [f"{item.symbol} {item.pk}" for item in response.context["page"].object_list]


def _in_order(queryset) -> list[str]:
    ordered = queryset.order_by("document__mechanism__code", "document__symbol", "id")
    return [f"{item.document.symbol} {item.pk}" for item in ordered.select_related("document")]


@pytest.mark.parametrize("filters", [{}, {"status": "not_started"}, {"status": "implemented"}])
def test_the_pages_hold_every_recommendation_once_in_the_trackers_order(
    manager_client, recommendations, filters
):
    expected = _in_order(Recommendation.objects.filter(**filters))
    shown, page, pages = [], 1, 1
    while page <= pages:
        response = manager_client.get(TRACKER, {**filters, "page": page})
        shown += _rows(response)
        pages = response.context["page"].paginator.num_pages
        page += 1

    assert shown == expected
    assert expected[0].startswith("CCPR/C/1 ")  # CCPR before CERD and UPR; C/1 before C/2


def test_a_page_reads_the_recommendations_of_its_own_documents_only(
    manager_client, recommendations
):
    manager_client.get(TRACKER, {"page": 2})  # the figures, cached
    with CaptureQueriesContext(connection) as queries:
        response = manager_client.get(TRACKER, {"page": 2})

    # Page 2 (rows 26 to 50): the last of CCPR/C/9, CERD/C/1 and CERD/C/3, the first two of
    # A/HRC/0, and nothing else.
    shown = [row.split()[0] for row in _rows(response)]
    assert shown == ["CCPR/C/9"] + ["CERD/C/1"] * 12 + ["CERD/C/3"] * 10 + ["A/HRC/0"] * 2
    rows_query = next(q["sql"] for q in queries.captured_queries if "action_count" in q["sql"])
    documents = re.search(r'"document_id" IN \(([^)]*)\)', rows_query).group(1).split(", ")
    assert len(documents) == 4


def test_the_rows_show_their_themes(manager_client, recommendations):
    html = manager_client.get(TRACKER, {"page": 2}).content.decode()
    assert html.count("Judiciary") == 1
