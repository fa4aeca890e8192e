"""The back office's list columns summed over related rows (untop.admin_base.related_total):
the figures each row shows, their order, and a list that does not grow its queries or group
its rows with the related ones."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.elections.factories import BriefingFactory
from tests.factories import DonorFactory, PledgeFactory
from tests.humanrights.factories import ActionFactory, DocumentFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def _cells(html: str, column: str) -> list[str]:
    """The text of one column's cells (its ``field-<name>`` class), in the list's order."""
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(rf'<t[dh] class="field-{column}[^"]*">(.*?)</t[dh]>', html, re.S)
    ]


def test_each_recommendation_shows_its_actions_and_the_list_sorts_by_them(admin_client):
    document = DocumentFactory(symbol="CCPR/C/TJK/CO/1")
    busy = RecommendationFactory(document=document, paragraph=5)
    quiet = RecommendationFactory(document=document, paragraph=6)
    for _ in range(3):
        ActionFactory(recommendation=busy)
    url = reverse("admin:humanrights_recommendation_changelist")
    column = 6  # "actions", the list's sixth column

    fewest = admin_client.get(url, {"o": str(column)}).text
    most = admin_client.get(url, {"o": f"-{column}"}).text

    assert _cells(fewest, "action_count") == ["0", "3"]
    assert _cells(most, "action_count") == ["3", "0"]
    assert "2 recommendations" in fewest  # one row each, whatever their actions
    assert quiet.pk and busy.pk


def test_each_document_counts_its_recommendations(admin_client):
    three = DocumentFactory(symbol="A/HRC/7/3")
    DocumentFactory(symbol="A/HRC/7/4")
    for paragraph in (1, 2, 3):
        RecommendationFactory(document=three, paragraph=paragraph)

    html = admin_client.get(reverse("admin:humanrights_document_changelist"), {"o": "1"}).text

    assert _cells(html, "symbol") == ["A/HRC/7/3", "A/HRC/7/4"]
    assert _cells(html, "recommendation_count") == ["3", "0"]


def test_each_donor_shows_what_it_pledged_in_all(admin_client):
    norway = DonorFactory(code="NOR", name="Norway")
    DonorFactory(code="SWI", name="Switzerland")
    PledgeFactory(donor=norway, amount_usd=Decimal("100000.00"))
    PledgeFactory(donor=norway, amount_usd=Decimal("25000.50"))

    html = admin_client.get(reverse("admin:programs_donor_changelist"), {"o": "1"}).text

    assert _cells(html, "code") == ["NOR", "SWI"]
    assert _cells(html, "money_pledged") == ["125,000.50", "0.00"]


def test_the_briefings_are_filtered_by_year(admin_client):
    for year in (2005, 2006):
        BriefingFactory(
            topic=f"Briefing of {year}",
            activity__start=datetime.date(year, 3, 1),
            activity__end=datetime.date(year, 3, 1),
        )
    url = reverse("admin:elections_briefing_changelist")

    every = admin_client.get(url).text
    of_2005 = admin_client.get(url, {"activity_start_year": "2005"}).text

    assert "Briefing of 2005" in every and "Briefing of 2006" in every
    assert "?activity_start_year=2006" in every  # offered as a filter
    assert "Briefing of 2005" in of_2005 and "Briefing of 2006" not in of_2005
