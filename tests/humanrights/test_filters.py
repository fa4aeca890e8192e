"""The tracker's FilterSet (humanrights/filters.py): the theme, institution and search
filters, which the tracker's own tests leave out."""

import pytest
from django.urls import reverse

from tests.elections.factories import PartnerFactory

from .factories import RecommendationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _paragraphs(response) -> list[str]:
    return [r.paragraph for r in response.context["page"].object_list]


def test_a_theme_lists_each_of_its_recommendations_once(manager_client):
    torture, detention = ThemeFactory(name="Torture"), ThemeFactory(name="Detention")
    RecommendationFactory(paragraph="6").themes.set([torture, detention])
    RecommendationFactory(paragraph="7").themes.set([detention])
    RecommendationFactory(paragraph="8")
    response = manager_client.get(reverse("humanrights:tracker"), {"theme": detention.pk})
    assert _paragraphs(response) == ["6", "7"]
    assert response.context["progress"]["overall"]["total"] == 2


def test_an_institution_lists_the_recommendations_it_answers_for(manager_client):
    ombudsman = PartnerFactory(name="Human Rights Ombudsman")
    RecommendationFactory(paragraph="6").institutions.set([ombudsman, PartnerFactory()])
    RecommendationFactory(paragraph="7")
    url = reverse("humanrights:tracker")
    assert _paragraphs(manager_client.get(url, {"institution": ombudsman.pk})) == ["6"]
    csv = manager_client.get(url, {"institution": ombudsman.pk, "export": "csv"})
    assert csv.content.decode("utf-8-sig").count("\n") == 2


def test_the_search_reads_the_text(manager_client):
    RecommendationFactory(paragraph="6", text="Ratify the Optional Protocol")
    RecommendationFactory(paragraph="7", text="Train judges")
    response = manager_client.get(reverse("humanrights:tracker"), {"q": "protocol"})
    assert _paragraphs(response) == ["6"]
