"""A centre that records ages and disabilities: staff type a participant row's breakdown in
its grid, see its running sums against the row's women and men, save, and find the breakdown
on the activity page; on a phone nothing makes the pages scroll sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from programs.models import Activity, AgeBand, ParticipantGroup
from tests.e2e.conftest import (
    PHONE,
    axe_violations,
    horizontal_overflow,
    screenshot,
    table_overflows,
)
from tests.e2e.test_journeys import _cells, _fill_participants, _fill_the_activity
from tests.factories import CategoryFactory, ProjectFactory

# Transactional, so that the live server sees the tests' rows.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The office's bands, as the migration adds them (flushed by the transactional tests before).
BANDS = [
    ("under-18", "Under 18", 0, 17),
    ("18-24", "18–24", 18, 24),
    ("25-59", "25–59", 25, 59),
    ("60-plus", "60 and over", 60, None),
]


@pytest.fixture
def bands(db):
    for code, name, low, high in BANDS:
        AgeBand.objects.get_or_create(
            code=code, defaults={"name": name, "min_age": low, "max_age": high}
        )


def _cell(page: Page, label: str, row: int = 1):
    return page.get_by_label(f"{label}, row {row}", exact=True)


def test_staff_record_a_breakdown_and_see_it_on_the_activity_page(
    page: Page, page_record, sign_in, live_server, staff_user, bands
):
    project = ProjectFactory(code="PRJ-DLG", title="Inter-party dialogue")
    CategoryFactory(code="leaders", name="Community leaders")
    CategoryFactory(code="educators", name="Educators")

    sign_in(staff_user.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Activities").click()
    page.get_by_role("link", name="Add an activity").click()
    _fill_participants(page, [("Community leaders", "3", "2"), ("Educators", "4", "4")])

    # The grid is closed until opened: a centre that records only women and men sees no more.
    grid = page.locator("details.breakdown").first
    women_under_18 = _cell(page, "Women, Under 18, with a disability")
    expect(women_under_18).to_be_hidden()
    grid.locator("summary").click()
    expect(women_under_18).to_be_visible()

    women_under_18.fill("1")
    _cell(page, "Women, 25–59, without a disability").fill("2")
    _cell(page, "Men, age not recorded, disability not recorded").fill("1")
    sums = grid.locator(".breakdown-sums")
    expect(sums).to_have_text(
        "Women in the grid: 3 of 3 · Men in the grid: 1 of 2. It does not add up yet."
    )
    _cell(page, "Men, 18–24, without a disability").fill("1")
    expect(sums).to_have_text("Women in the grid: 3 of 3 · Men in the grid: 2 of 2. It adds up.")
    # The sums follow the row's own numbers too.
    page.get_by_label("Women, row 1", exact=True).fill("4")
    expect(sums).to_contain_text("Women in the grid: 3 of 4")
    page.get_by_label("Women, row 1", exact=True).fill("3")
    expect(sums).to_contain_text("It adds up.")
    # The second row's grid stays empty: its people count as not recorded.
    second = page.locator("details.breakdown").nth(1)
    expect(second).not_to_have_attribute("open", re.compile(".*"))
    # A row added in the page brings its own grid, numbered as its row.
    page.get_by_role("button", name="Add a row").click()
    page.locator("details.breakdown").nth(3).locator("summary").click()
    _cell(page, "Women, 60 and over, without a disability", row=4).fill("2")
    expect(page.locator("details.breakdown").nth(3).locator(".breakdown-sums")).to_have_text(
        "Women in the grid: 2 of 0 · Men in the grid: 0 of 0. It does not add up yet."
    )
    _cell(page, "Women, 60 and over, without a disability", row=4).fill("")

    # The activity's own fields after the grid: the project picker (Tom Select) can take the
    # focus back, and scroll to itself, at the next click after an option is chosen.
    _fill_the_activity(
        page, project=project, title="Dialogue in Isfara", start="03/10/2005", end="03/10/2005"
    )
    # The open grid meets WCAG 2.1 AA as the rest of the form does.
    assert axe_violations(page) == []
    screenshot(page, "breakdown-form-desktop")

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dialogue in Isfara")
    expect(page.get_by_role("status")).to_contain_text("was added as a draft")

    breakdown = page.locator("table.breakdown")
    expect(breakdown).to_have_count(1)
    expect(breakdown.locator("caption")).to_have_text("Community leaders")
    rows = breakdown.locator("tr")
    assert [_cells(rows.nth(i)) for i in range(rows.count())] == [
        ["Age", "With a disability", "Without", "Not recorded"],
        ["Women"],
        ["Under 18", "1", "–", "–"],
        ["25–59", "–", "2", "–"],
        ["Men"],
        ["18–24", "–", "1", "–"],
        ["Age not recorded", "–", "–", "1"],
    ]
    activity = Activity.objects.get(title="Dialogue in Isfara")
    assert ParticipantGroup.objects.filter(count__activity=activity).count() == 4
    # The page as it comes back from saving, its "added" message shown, passes axe too.
    assert axe_violations(page) == []

    # On a phone: the activity page and the edit form, with its grid open, keep to the width;
    # the grid scrolls inside its own box, its cells all reachable.
    page.set_viewport_size(PHONE)
    page.reload()
    assert horizontal_overflow(page) <= 0
    assert table_overflows(page) == []
    screenshot(page, "breakdown-activity-page-phone")
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dialogue in Isfara")
    expect(_cell(page, "Men, 18–24, without a disability")).to_have_value("1")
    assert horizontal_overflow(page) <= 0
    assert table_overflows(page) == []
    last = _cell(page, "Men, age not recorded, disability not recorded")
    last.scroll_into_view_if_needed()
    box = last.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    expect(page.locator(".breakdown-sums").first).to_contain_text("It adds up.")
    screenshot(page, "breakdown-edit-form-phone")

    page_record.assert_only_requests_to(live_server.url)
    page_record.assert_clean()


def test_a_breakdown_that_does_not_add_up_is_refused_at_its_row(
    page: Page, page_record, sign_in, live_server, staff_user, bands
):
    project = ProjectFactory(code="PRJ-DLG", title="Inter-party dialogue")
    CategoryFactory(code="leaders", name="Community leaders")

    sign_in(staff_user.username)
    page.goto(f"{live_server.url}/programs/activities/add/")
    _fill_participants(page, [("Community leaders", "3", "2")])
    page.locator("details.breakdown summary").first.click()
    _cell(page, "Women, 18–24, with a disability").fill("2")
    _cell(page, "Men, 18–24, with a disability").fill("2")
    # The activity's own fields after the grid: the project picker (Tom Select) can take the
    # focus back, and scroll to itself, at the next click after an option is chosen.
    _fill_the_activity(
        page, project=project, title="Dialogue in Isfara", start="03/10/2005", end="03/10/2005"
    )
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Save", exact=True).click()
    assert posted.value.status == 400

    expect(page.locator(".form-errors")).to_contain_text("Nothing was saved")
    message = (
        "The age and disability breakdown of the women of “Community leaders” adds up to 2, not 3"
    )
    # Right under the row, and its grid open with what was typed.
    expect(page.locator("table.participants > tbody > tr").nth(1)).to_contain_text(message)
    expect(_cell(page, "Women, 18–24, with a disability")).to_be_visible()
    expect(_cell(page, "Women, 18–24, with a disability")).to_have_value("2")
    assert Activity.objects.count() == 0

    screenshot(page, "breakdown-refused")
    page_record.assert_only_requests_to(live_server.url)
    page_record.assert_clean(allowed_console=("status of 400 (Bad Request)",))


def test_a_manager_approves_a_broken_down_activity_and_finds_it_on_the_dashboard_and_in_the_export(
    page: Page, page_record, sign_in, live_server, manager, centre, period, bands
):
    from django.urls import reverse

    from programs.models import ParticipantCount
    from tests.factories import ActivityFactory

    activity = ActivityFactory(
        approval=Activity.Approval.SUBMITTED,
        centre=centre,
        title="Seminar on tolerance in Isfara",
        start=period.start.replace(month=10, day=4),
        end=period.start.replace(month=10, day=4),
    )
    count = ParticipantCount.objects.create(
        activity=activity, category=CategoryFactory(name="Teachers"), women=5, men=3
    )
    young, old = AgeBand.objects.get(code="18-24"), AgeBand.objects.get(code="60-plus")
    for sex, band, disability, number in [
        ("women", young, "no", 4),
        ("women", old, "yes", 1),
        ("men", young, "no", 3),
    ]:
        ParticipantGroup.objects.create(
            count=count, sex=sex, age_band=band, disability=disability, number=number
        )

    sign_in(manager.username)
    page.goto(f"{live_server.url}{reverse('programs:activity_detail', args=[activity.pk])}")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("is approved and now counts in reports")

    # The dashboard counts it at once, by age band and by disability.
    page.goto(f"{live_server.url}{reverse('programs:dashboard')}?period={period.pk}")
    panel = page.locator("section", has=page.get_by_role("heading", name=re.compile("by age")))
    expect(panel.first).to_contain_text(
        "A breakdown by age and disability was recorded for 8 of the 8 people counted."
    )
    by_age = panel.first.locator("table").first
    rows = by_age.locator("tbody tr")
    ages = {row[0]: row[1:] for row in (_cells(rows.nth(i)) for i in range(rows.count()))}
    assert ages["18–24"] == ["4", "3", "7"]
    assert ages["60 and over"] == ["1", "0", "1"]
    assert ages["Age not recorded"] == ["0", "0", "0"]

    # The list's export says the same: the activity's people by age band and disability.
    page.goto(f"{live_server.url}{reverse('programs:activity_list')}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    with open(download_info.value.path(), encoding="utf-8-sig") as exported:
        header, line = exported.read().splitlines()
    row = dict(zip(header.split(","), line.split(","), strict=True))
    assert (row["Women"], row["Men"], row["Total"]) == ("5", "3", "8")
    assert (row["Age Under 18"], row["Age 18–24"], row["Age 60 and over"]) == ("0", "7", "1")
    assert row["Age not recorded"] == "0"
    assert (row["With a disability"], row["Without a disability"]) == ("1", "7")
    assert row["Disability not recorded"] == "0"
    page_record.assert_only_requests_to(live_server.url)
