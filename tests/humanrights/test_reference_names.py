"""Mechanisms, themes, affected groups and institutions in the reader's language: the
tracker's rows and its theme filter, and a recommendation's page, show each name in Russian or
Tajik where it is given (in English where not), in that language's alphabetical order; files
and the API keep the English name, which the import finds them by."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from humanrights.models import AffectedGroup, Theme
from programs.models import Partner

from .factories import RecommendationFactory

pytestmark = pytest.mark.django_db
TRACKER = reverse("humanrights:tracker")


@pytest.fixture
def recommendation():
    recommendation = RecommendationFactory(paragraph="7", text="Criminalise trafficking.")
    mechanism = recommendation.document.mechanism
    mechanism.name, mechanism.name_ru = "Committee against Torture", "Комитет против пыток"
    mechanism.name_tg = "Кумита бар зидди шиканҷа"
    mechanism.save()
    recommendation.themes.add(
        Theme.objects.create(name="Corruption", name_ru="Коррупция", name_tg="Коррупсия"),
        Theme.objects.create(name="Legislation", name_ru="Законодательство", name_tg="Қонунгузорӣ"),
        Theme.objects.create(name="Detention"),  # no Russian or Tajik name given
    )
    recommendation.affected_groups.add(
        AffectedGroup.objects.create(name="Women", name_ru="Женщины", name_tg="Занон"),
        AffectedGroup.objects.create(name="Children", name_ru="Дети", name_tg="Кӯдакон"),
    )
    recommendation.institutions.add(
        Partner.objects.create(
            name="Supreme Court", name_ru="Верховный суд", name_tg="Суди Олӣ", kind="judiciary"
        ),
        Partner.objects.create(
            name="Ministry of Justice",
            name_ru="Министерство юстиции",
            name_tg="Вазорати адлия",
            kind="government",
        ),
    )
    return recommendation


def _read_in(client, language: str, url: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url).text


def _row_themes(page: str) -> str:
    row = page[page.index("<tbody>", page.index("hr-overdue")) :]
    # The row's second optional cell, after the paragraph's.
    return re.findall(r'<td class="optional">([^<]*)</td>', row[: row.index("</tr>")])[1]


def _theme_choices(page: str) -> list[str]:
    select = page[page.index('name="theme"') :]
    select = select[: select.index("</select>")]
    return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select)


@pytest.mark.parametrize(
    ("language", "themes", "groups", "mechanism", "institutions"),
    [
        # Detention has no translation: in English, first in Cyrillic order.
        (
            "ru",
            ["Detention", "Законодательство", "Коррупция"],
            "Дети, Женщины",
            "Комитет против пыток",
            "Верховный суд, Министерство юстиции",
        ),
        (
            "tg",
            ["Detention", "Коррупсия", "Қонунгузорӣ"],
            "Занон, Кӯдакон",
            "Кумита бар зидди шиканҷа",
            "Вазорати адлия, Суди Олӣ",
        ),
        (
            "en",
            ["Corruption", "Detention", "Legislation"],
            "Children, Women",
            "Committee against Torture",
            "Ministry of Justice, Supreme Court",
        ),
    ],
)
def test_the_reader_reads_names_in_their_language_and_order(
    manager_client, recommendation, language, themes, groups, mechanism, institutions
):
    tracker = _read_in(manager_client, language, TRACKER)
    assert _row_themes(tracker) == ", ".join(themes)
    assert _theme_choices(tracker) == themes
    page = _read_in(
        manager_client, language, reverse("humanrights:recommendation", args=[recommendation.pk])
    )
    assert re.search(r"<dd>" + re.escape(", ".join(themes)) + "</dd>", page)
    assert re.search(r"<dd>" + re.escape(groups) + "</dd>", page)
    code = recommendation.document.mechanism.code
    assert f"<dd>{mechanism} ({code})</dd>" in page
    assert f"<dd>{institutions}</dd>" in page


def test_the_filter_finds_by_a_theme_chosen_in_russian(manager_client, recommendation):
    RecommendationFactory(paragraph="8", text="Another recommendation, of no theme.")
    corruption = Theme.objects.get(name="Corruption")
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    response = manager_client.get(TRACKER, {"theme": corruption.pk})
    assert [row.pk for row in response.context["page"].object_list] == [recommendation.pk]
    assert f'<option value="{corruption.pk}" selected>Коррупция</option>' in response.text


def test_the_export_and_the_api_keep_the_english_names(manager_client, recommendation):
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    export = manager_client.get(TRACKER, {"export": "csv"})
    text = export.getvalue().decode("utf-8-sig")
    assert "Corruption; Detention; Legislation" in text
    assert "Коррупция" not in text
    api = manager_client.get(reverse("api:recommendation-list")).json()
    assert sorted(api["results"][0]["themes"]) == ["Corruption", "Detention", "Legislation"]


def test_the_back_office_finds_a_theme_and_a_mechanism_by_their_russian_names(
    admin_client, recommendation
):
    Theme.objects.create(name="Judiciary", name_ru="Судебная система", name_tg="Низоми судӣ")
    Theme.objects.create(name="Education", name_ru="Образование", name_tg="Маориф")
    found = admin_client.get(reverse("admin:humanrights_theme_changelist"), {"q": "судебная"})
    assert found.status_code == 200
    assert [theme.name for theme in found.context["cl"].result_list] == ["Judiciary"]
    assert "Низоми судӣ" in found.text
    form = admin_client.get(reverse("admin:humanrights_theme_add")).text
    assert 'name="name_ru"' in form and 'name="name_tg"' in form
    found = admin_client.get(reverse("admin:humanrights_mechanism_changelist"), {"q": "пыток"})
    assert [mechanism.name for mechanism in found.context["cl"].result_list] == [
        "Committee against Torture"
    ]
