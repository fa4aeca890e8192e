"""The charts and maps read in the page's language: the figures the dashboard, the national
dialogue page and the recommendations tracker embed for their charts (json_script) name the
data in Russian and Tajik, write numbers with the language's grouping and count in its plural
forms. The figures cache keeps no language: a Russian page after a Tajik one is Russian."""

from __future__ import annotations

import datetime
import html
import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from programs.models import Activity, Project
from tests.conftest import sign_in_as
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    CentreFactory,
    DonorFactory,
    ParticipantCountFactory,
    PledgeFactory,
    ProjectFactory,
    RegionFactory,
)
from tests.humanrights.factories import MechanismFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

NBSP = "\xa0"

# (code, English, Russian, Tajik)
REGIONS = [
    ("TJ-SU", "Sughd", "Согдийская область", "Вилояти Суғд"),
    ("TJ-KT", "Khatlon", "Хатлонская область", "Вилояти Хатлон"),
    ("TJ-GB", "Gorno-Badakhshan", "Горно-Бадахшанская АО", "ВМКБ"),
    ("TJ-DU", "Dushanbe", "Душанбе", "Душанбе"),
    ("TJ-RA", "Districts of Republican Subordination", "РРП", "НТМ"),
]
# Activities and participants per region: Russian counts 1, 21 (мероприятие), 3
# (мероприятия) and 5 (мероприятий) differently.
HELD = {"TJ-SU": (21, 1040), "TJ-KT": (3, 1299), "TJ-GB": (5, 26406), "TJ-DU": (1, 7)}
ENGLISH_NAMES = [
    "Sughd",
    "Khatlon",
    "Gorno-Badakhshan",
    "Districts of Republican Subordination",
    "Garm centre",
    "Norway (illustrative)",
    "Government officials",
]


@pytest.fixture
def figures(period):
    """Activities of the 2005–06 period in four regions, a dialogue meeting, a pledge."""
    regions = {
        code: RegionFactory(code=code, name_en=en, name_ru=ru, name_tg=tg)
        for code, en, ru, tg in REGIONS
    }
    category = CategoryFactory(
        name="Government officials",
        name_ru="Государственные служащие",
        name_tg="Хизматчиёни давлатӣ",
    )
    dialogue = ProjectFactory(area=Project.Area.NATIONAL_DIALOGUE)
    for code, (activities, people) in HELD.items():
        centre = CentreFactory(
            name=f"Garm centre {code}",
            name_ru=f"Гарм {code}",
            name_tg=f"Ғарм {code}",
            town="Garm",
            region=regions[code],
            latitude=Decimal("39.0206"),
            longitude=Decimal("70.3675"),
        )
        for number in range(activities):
            activity = ActivityFactory(
                project=dialogue,
                centre=centre,
                kind=Activity.Kind.MEETING,
                start=datetime.date(2005, 9, 1),
                end=datetime.date(2005, 9, 1),
                approval=Activity.Approval.APPROVED,
            )
            if number == 0:
                ParticipantCountFactory(activity=activity, category=category, women=people, men=0)
    PledgeFactory(
        donor=DonorFactory(name="Norway (illustrative)", name_ru="Норвегия", name_tg="Норвегия"),
        amount_usd=Decimal("1500000"),
    )


def _browser(user, language: str) -> Client:
    browser = Client(HTTP_ACCEPT_LANGUAGE=language)
    sign_in_as(browser, user)
    return browser


def _embedded(page: str, element_id: str) -> dict:
    """The figures a page carries for its charts: <script id=… type="application/json">."""
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', page, re.S
    )
    assert match, f"no {element_id} on the page"
    return json.loads(html.unescape(match.group(1)))


def _strings(value) -> list[str]:
    """Every string in the embedded figures, keys excepted."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _english_names_in(data) -> list[str]:
    return [
        f"{name!r} in {text!r}" for text in _strings(data) for name in ENGLISH_NAMES if name in text
    ]


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_the_dashboards_charts_and_map_name_the_data_in_the_pages_language(
    figures, manager, language
):
    # An English page first: the figures it caches must not give the next page English names.
    english = _embedded(
        _browser(manager, "en").get(reverse("programs:dashboard")).text, "chart-data"
    )
    assert "Garm centre TJ-GB" in english["charts"]["centres"]["labels"]

    data = _embedded(
        _browser(manager, language).get(reverse("programs:dashboard")).text, "chart-data"
    )

    assert _english_names_in(data) == []
    russian = language == "ru"
    centres = data["charts"]["centres"]["labels"]
    # Sorted by participants, largest first, every centre with activities named.
    assert centres == [
        ("Гарм " if russian else "Ғарм ") + code for code in ("TJ-GB", "TJ-KT", "TJ-SU", "TJ-DU")
    ]
    assert data["charts"]["funding"]["labels"] == ["Норвегия"]
    assert data["charts"]["funding"]["datasets"][0]["label"] != "Pledged (US$)"
    regions = data["map"]["regions"]
    assert regions["TJ-SU"]["name"] == ("Согдийская область" if russian else "Вилояти Суғд")
    assert "Women" not in data["charts"]["areas"]["datasets"][0]["label"]


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_the_map_writes_numbers_with_the_languages_grouping(figures, manager, language):
    data = _embedded(
        _browser(manager, language).get(reverse("programs:dashboard")).text, "chart-data"
    )

    assert data["locale"]["thousands"] == NBSP and data["locale"]["decimal"] == ","
    assert data["locale"]["money"] in ("%(amount)s долларов США", "%(amount)s доллари ИМА")
    regions = data["map"]["regions"]
    assert regions["TJ-GB"]["value"] == f"26{NBSP}406"
    # Quantile classes: each region with participants in its own shade, darkest the largest.
    assert [regions[code]["shade"] for code in ("TJ-DU", "TJ-SU", "TJ-KT", "TJ-GB", "TJ-RA")] == [
        0,
        1,
        3,
        4,
        -1,
    ]
    legend = [entry["text"] for entry in data["map"]["legend"][1:]]
    assert legend == ["7", f"1{NBSP}040", f"1{NBSP}299", f"26{NBSP}406"]
    assert not any("," in text for text in legend)


def test_russian_counts_activities_in_their_plural_forms(figures, manager):
    data = _embedded(_browser(manager, "ru").get(reverse("programs:dashboard")).text, "chart-data")
    tooltips = {code: region["tooltip"] for code, region in data["map"]["regions"].items()}

    assert tooltips["TJ-SU"].endswith("21 мероприятие")
    assert tooltips["TJ-KT"].endswith("3 мероприятия")
    assert tooltips["TJ-GB"].endswith("5 мероприятий")
    assert tooltips["TJ-DU"].endswith("1 мероприятие")
    centre_tips = [centre["tooltip"] for centre in data["map"]["centres"]]
    assert any("21 мероприятие" in tip for tip in centre_tips)


def test_russian_counts_participants_and_meetings_in_their_plural_forms(figures, manager):
    dashboard = _embedded(
        _browser(manager, "ru").get(reverse("programs:dashboard")).text, "chart-data"
    )
    dialogue = _embedded(
        _browser(manager, "ru").get(reverse("programs:dialogue")).text, "chart-data"
    )

    tooltips = {code: region["tooltip"] for code, region in dashboard["map"]["regions"].items()}
    assert f"26{NBSP}406 участников" in tooltips["TJ-GB"]
    assert f"1{NBSP}040 участников" in tooltips["TJ-SU"]
    assert f"1{NBSP}299 участников" in tooltips["TJ-KT"]
    assert "7 участников" in tooltips["TJ-DU"]
    assert dashboard["map"]["legend"][0]["text"] != "No participants"
    meetings = {code: region["tooltip"] for code, region in dialogue["map"]["regions"].items()}
    assert meetings["TJ-SU"].endswith("21 встреча")
    assert meetings["TJ-KT"].endswith("3 встречи")
    assert meetings["TJ-GB"].endswith("5 встреч")


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_the_dialogue_pages_charts_and_map_name_the_data_in_the_pages_language(
    figures, staff_user, language
):
    page = _browser(staff_user, language).get(reverse("programs:dialogue")).text
    data = _embedded(page, "chart-data")

    assert _english_names_in(data) == []
    (category,) = data["charts"]["mix"]["datasets"]
    assert category["label"] == (
        "Государственные служащие" if language == "ru" else "Хизматчиёни давлатӣ"
    )
    # The period's four three-month spans, in the language's month names.
    assert len(data["charts"]["mix"]["labels"]) == 4
    assert not any("Jun" in label or "Sep" in label for label in data["charts"]["mix"]["labels"])
    assert data["charts"]["regions"]["labels"][0] in ("Горно-Бадахшанская АО", "ВМКБ")
    # The page's table names the data in the same language.
    assert "Government officials" not in page and "Gorno-Badakhshan" not in page


@pytest.mark.parametrize(
    "language,axis,labels",
    [("ru", "Рекомендации", ("Тема", "Учреждение")), ("tg", "Тавсияҳо", ("Мавзӯъ", "Муассиса"))],
)
def test_the_trackers_chart_and_filters_read_in_the_pages_language(
    hr_officer, language, axis, labels
):
    cerd = MechanismFactory(code="CERD", name="CERD")
    for _ in range(3):
        RecommendationFactory(document__mechanism=cerd)
    RecommendationFactory()  # CCPR

    page = _browser(hr_officer, language).get(reverse("humanrights:tracker")).text
    data = _embedded(page, "hr-chart-data")

    assert data["axis"] == axis
    assert data["labels"] == ["CERD", "CCPR"]  # most recommendations first
    statuses = [status["label"] for status in data["statuses"]]
    assert "Not started" not in statuses and "Implemented" not in statuses
    assert data["locale"]["thousands"] == NBSP
    for label in labels:
        assert f">{label}</label>" in page or f">{label} <" in page or f">{label}<" in page
    assert ">Theme<" not in page and ">Institution<" not in page
