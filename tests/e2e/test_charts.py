"""The charts and the region map in a real browser, in English, Russian and Tajik, on a desk
and on a phone: every bar named (no label skipped), the portal's font on every chart, region
names and figures written on the map, the centres on it, the legend in the language's
numbers. Screenshots of each page go to var/screenshots/ for a person to look at."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from demo.programs.money import DONOR_NAMES, DONORS
from demo.programs.reference import CATEGORIES, CENTRE_POSITIONS, CENTRES, REGIONS
from humanrights.models import Recommendation
from programs.models import (
    Activity,
    Centre,
    Contribution,
    Donor,
    MandatePeriod,
    ParticipantCategory,
    Project,
    Region,
)
from tests.e2e.conftest import PHONE, clear_cookies, horizontal_overflow, screenshot
from tests.factories import (
    ActivityFactory,
    ParticipantCountFactory,
    PledgeFactory,
    ProjectFactory,
)
from tests.humanrights.factories import MechanismFactory, RecommendationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1366, "height": 900}
NBSP = "\xa0"


@pytest.fixture
def figures(centre, manager):
    """A mandate period of activities at the demo's eight centres, ten donors' pledges, the
    dialogue meetings of three spans and recommendations of three mechanisms."""
    period = MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), symbol="S/2006/355"
    )
    MandatePeriod.objects.create(start=datetime.date(2004, 6, 1), end=datetime.date(2005, 5, 31))
    # The users' home centre's region (Sughd) is one of them.
    regions = {
        code: Region.objects.update_or_create(
            code=code, defaults={"name_en": en, "name_ru": ru, "name_tg": tg}
        )[0]
        for code, en, ru, tg in REGIONS
    }
    # The users' home centre (Khujand) is one of them.
    centres = [
        Centre.objects.update_or_create(
            code=code,
            defaults={
                "name": en,
                "name_ru": ru,
                "name_tg": tg,
                "town": town,
                "region": regions[region],
                "latitude": Decimal(CENTRE_POSITIONS[code][0]),
                "longitude": Decimal(CENTRE_POSITIONS[code][1]),
            },
        )[0]
        for code, en, ru, tg, town, region, _head in CENTRES
    ]
    categories = [
        ParticipantCategory.objects.get_or_create(
            code=code, defaults={"name": en, "name_ru": ru, "name_tg": tg}
        )[0]
        for code, en, ru, tg, _share in CATEGORIES[:4]
    ]
    projects = [ProjectFactory(area=area) for area in Project.Area.values]
    for number, centre in enumerate(centres):
        for month in range(1 + number % 4):
            day = datetime.date(2005 + (month + 6) // 12, (month + 6) % 12 + 1, 10 + number)
            activity = ActivityFactory(
                project=projects[(number + month) % len(projects)],
                centre=centre,
                kind=Activity.Kind.MEETING,
                start=day,
                end=day,
                approval=Activity.Approval.APPROVED,
                created_by=manager,
            )
            for index, category in enumerate(categories[: 2 + month % 3]):
                ParticipantCountFactory(
                    activity=activity,
                    category=category,
                    women=40 * (number + 1) + 7 * index,
                    men=90 * (number + 1) + 130 * index,
                )
    for rank, (code, en, kind, country) in enumerate(DONORS[:10]):
        ru, tg = DONOR_NAMES[code]
        donor = Donor.objects.create(
            code=code, name=en, name_ru=ru, name_tg=tg, kind=kind, country=country
        )
        pledge = PledgeFactory(
            donor=donor, project=projects[rank % 5], amount_usd=Decimal(150000 + 97000 * rank)
        )
        if rank % 3 == 0:
            received = Decimal(60000 + 41000 * rank)
            Contribution.objects.create(
                donor=donor,
                pledge=pledge,
                received_on=datetime.date(2006, 3, 1),
                amount=received,
                amount_usd=received,
            )
    for code, count in [("CERD", 5), ("CCPR", 8), ("CESCR", 3)]:
        mechanism = MechanismFactory(code=code, name=f"{code} committee")
        for number in range(count):
            status = Recommendation.Status.values[number % len(Recommendation.Status.values)]
            RecommendationFactory(document__mechanism=mechanism, status=status)
    return period


def _bars_named(page: Page) -> list[str]:
    """Per chart on the page: how many bars and how many of them carry their label."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll("canvas[data-chart]")).map((canvas) => {
            const chart = Chart.getChart(canvas);
            if (!chart) { return canvas.dataset.chart + ": not drawn"; }
            const axis = chart.options.indexAxis === "y" ? chart.scales.y : chart.scales.x;
            const bars = chart.data.labels.length;
            const named = chart.config.type === "doughnut" ? bars : axis.ticks.length;
            return `${canvas.dataset.chart}: ${named} of ${bars}, ${chart.options.font ?
                chart.options.font.family : Chart.defaults.font.family}`;
        })"""
    )


def _chart_fonts_loaded(page: Page) -> bool:
    return page.evaluate("() => document.fonts.check('13px \"Noto Sans\"', 'Аа Ҳҳ')")


@pytest.mark.parametrize("language", ["en", "ru", "tg"])
def test_the_charts_and_map_in_each_language_on_a_desk_and_a_phone(
    language, page: Page, page_record, sign_in, live_server, figures, manager, hr_officer
):
    manager.language = hr_officer.language = language
    manager.save()
    hr_officer.save()
    pages = [
        (manager, "dashboard", reverse("programs:dashboard")),
        (manager, "dialogue", reverse("programs:dialogue")),
        (hr_officer, "tracker", reverse("humanrights:tracker")),
    ]
    # Still charts: the screenshots show the figures, not a frame of their animation.
    page.emulate_media(reduced_motion="reduce")
    signed_in = None
    for user, name, path in pages:
        if user != signed_in:
            clear_cookies(page)
            sign_in(user.username)
            signed_in = user
        for width, size in [("1366", DESK), ("375", PHONE)]:
            page.set_viewport_size(size)
            page.goto(live_server.url + path)
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('canvas[data-chart]'))"
                ".every((canvas) => window.Chart && Chart.getChart(canvas))"
            )
            if name != "tracker":
                expect(page.locator(".map-label")).to_have_count(5)
                expect(page.locator("[data-map-legend] .legend-item").first).to_be_visible()
            screenshot(page, f"charts-{name}-{language}-{width}")
            for line in _bars_named(page):
                chart, counts = line.split(": ", 1)
                named, _of, bars = counts.split(",")[0].split(" ")
                assert named == bars, f"{name} {width} {language}: {line}"
                assert "Noto Sans" in counts, line
            assert _chart_fonts_loaded(page)
            assert horizontal_overflow(page) <= 0, f"{name} is wider than {width} px"

        if name == "dashboard":
            legend = page.locator("[data-map-legend]").inner_text()
            labels = page.locator(".map-label").all_inner_texts()
            # Eight centres, each at its recorded position.
            expect(page.locator("path.leaflet-interactive")).to_have_count(5 + 8)
            if language == "en":
                assert any("Sughd" in label for label in labels)
                assert "," in legend
            else:
                assert any("Суғд" in label or "Согдийская" in label for label in labels)
                assert "," not in legend and NBSP in legend
                assert "Sughd" not in " ".join(labels)

    page_record.assert_clean(allowed_console=("status of 404",))
