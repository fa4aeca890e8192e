"""Indicators needing attention on the dashboard, and the page of every indicator."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from programs.figures import DASHBOARD_INDICATORS, dashboard_figures
from programs.models import Indicator, IndicatorTarget, IndicatorValue, Project
from programs.views.results import INDICATORS_PER_PAGE
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _manual(period, name: str, *, target=None, value=None, project=None, **fields):
    """A typed indicator with its target and value for the period (None: not set)."""
    indicator = Indicator.objects.create(
        project=project or ProjectFactory(),
        name=name,
        unit="things",
        rule=Indicator.Rule.MANUAL,
        **fields,
    )
    if target is not None:
        IndicatorTarget.objects.create(indicator=indicator, period=period, target=Decimal(target))
    if value is not None:
        IndicatorValue.objects.create(indicator=indicator, period=period, value=Decimal(value))
    return indicator


@pytest.fixture
def standings(period):
    """Two met, three behind (10 %, 40 %, 90 %), one waiting for its value, one without a
    target: seven in all."""
    _manual(period, "Met exactly", target=10, value=10)
    _manual(period, "Met twice over", target=5, value=10)
    _manual(period, "Ninety per cent", target=10, value=9)
    _manual(period, "Ten per cent", target=10, value=1)
    _manual(period, "Forty per cent", target=10, value=4)
    _manual(period, "Waiting for its value", target=3)
    _manual(period, "No target", value=7)


def _names(html: str) -> list[str]:
    """The indicators a page's indicator table lists, in order."""
    table = html[html.index('<table class="data indicators">') :]
    table = table[: table.index("</table>")]
    return [
        unescape(name).strip()
        for name in re.findall(r'<th scope="row">([^<]*)<span class="unit">', table)
    ]


def test_the_dashboard_lists_those_behind_first_then_those_waiting_and_counts_them_all(
    period, standings
):
    figures = dashboard_figures(period=period)

    assert [row["indicator"].name for row in figures["indicators"]] == [
        "Ten per cent",
        "Forty per cent",
        "Ninety per cent",
        "Waiting for its value",
    ]
    assert figures["indicator_counts"] == {"met": 2, "behind": 3, "unmeasured": 2, "all": 7}


def test_the_dashboard_shows_at_most_its_share_and_links_to_every_indicator(
    client, manager, period
):
    for number in range(DASHBOARD_INDICATORS + 5):
        _manual(period, f"Behind {number:02}", target=100, value=number + 1)
    client.force_login(manager)

    html = client.get(reverse("programs:dashboard"), {"period": period.pk}).content.decode()

    assert _names(html) == [f"Behind {number:02}" for number in range(DASHBOARD_INDICATORS)]
    text = unescape(re.sub(r"\s+", " ", html))
    assert "15 indicators in the period: 0 met their target, 15 behind it" in text
    assert f'href="{reverse("programs:indicators")}?period={period.pk}"' in html


def test_the_page_lists_every_indicator_by_project_and_filters_by_standing(
    client, manager, period, standings
):
    client.force_login(manager)
    url = reverse("programs:indicators")

    every = client.get(url, {"period": period.pk}).content.decode()
    behind = client.get(url, {"period": period.pk, "standing": "behind"}).content.decode()
    met = client.get(url, {"period": period.pk, "standing": "met"}).content.decode()
    attention = client.get(url, {"period": period.pk, "standing": "attention"}).content.decode()
    unmeasured = client.get(url, {"period": period.pk, "standing": "unmeasured"}).content.decode()

    assert len(_names(every)) == 7
    assert "7 indicators of the projects that ran in the period" in unescape(
        re.sub(r"\s+", " ", every)
    )
    assert sorted(_names(behind)) == ["Forty per cent", "Ninety per cent", "Ten per cent"]
    assert sorted(_names(met)) == ["Met exactly", "Met twice over"]
    assert sorted(_names(unmeasured)) == ["No target", "Waiting for its value"]
    assert _names(attention) == [
        "Ten per cent",
        "Forty per cent",
        "Ninety per cent",
        "Waiting for its value",
    ]


def test_the_page_filters_by_area_and_project(client, manager, period):
    dialogue = ProjectFactory(area=Project.Area.NATIONAL_DIALOGUE)
    elections = ProjectFactory(area=Project.Area.ELECTIONS)
    _manual(period, "Forums held", project=dialogue)
    _manual(period, "Observers trained", project=elections)
    client.force_login(manager)
    url = reverse("programs:indicators")

    by_area = client.get(url, {"period": period.pk, "area": "elections"}).content.decode()
    by_project = client.get(url, {"period": period.pk, "project": dialogue.pk}).content.decode()

    assert _names(by_area) == ["Observers trained"]
    assert _names(by_project) == ["Forums held"]


def test_a_bad_filter_is_named_on_its_field_and_lists_nothing(client, manager, period, standings):
    client.force_login(manager)

    response = client.get(
        reverse("programs:indicators"), {"period": period.pk, "standing": "sideways"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice. sideways is not one of the available choices." in html
    assert "No indicator matches these filters." in html


def test_the_page_runs_the_same_queries_for_a_few_indicators_and_for_pages_of_them(
    client, manager, period, django_assert_num_queries
):
    client.force_login(manager)
    url = reverse("programs:indicators")
    for number in range(3):
        _manual(period, f"Indicator {number}", target=10, value=number)
    # The session and permissions, read once; the filters' choices and the indicators'
    # progress, kept in the figures cache.
    client.get(url, {"period": period.pk})

    # The session, user and second factor and the periods (4); the menu's count, the filters'
    # choices, the standings and the page's measures come from the cache.
    with django_assert_num_queries(4):
        client.get(url, {"period": period.pk})
    for number in range(INDICATORS_PER_PAGE + 10):
        _manual(period, f"More {number}", target=10, value=number % 12)
    # After the writes, the standings are read again (counts and order: 2 queries) and the
    # page's fifty measured (`indicator_progress`'s 6), however many indicators there are;
    # the filters' choices are read again before.
    client.get(reverse("programs:activity_list"))
    with django_assert_num_queries(12):
        first = client.get(url, {"period": period.pk}).content.decode()
    # Page 2: the standings from the cache, its own thirteen measured.
    with django_assert_num_queries(10):
        second = client.get(url, {"period": period.pk, "page": 2}).content.decode()
    with django_assert_num_queries(4):
        again = client.get(url, {"period": period.pk}).content.decode()

    assert len(_names(first)) == INDICATORS_PER_PAGE
    assert len(_names(second)) == 13
    assert _names(again) == _names(first)
    # Together the pages list every indicator once.
    assert len(set(_names(first)) | set(_names(second))) == INDICATORS_PER_PAGE + 13


def test_the_page_counts_and_lists_the_standings_as_measured_after_a_change(
    client, manager, period, standings
):
    """The list reads the standings the writes keep: a value typed moves the indicator
    from one standing to another on the next visit."""
    client.force_login(manager)
    url = reverse("programs:indicators")
    client.get(url, {"period": period.pk, "standing": "met"})  # cached

    waiting = Indicator.objects.get(name="Waiting for its value")
    IndicatorValue.objects.create(indicator=waiting, period=period, value=Decimal(3))

    met = client.get(url, {"period": period.pk, "standing": "met"}).content.decode()
    assert sorted(_names(met)) == ["Met exactly", "Met twice over", "Waiting for its value"]
    text = unescape(re.sub(r"\s+", " ", met))
    assert "3 met their target, 3 behind it, 1 without a target or a value yet." in text
