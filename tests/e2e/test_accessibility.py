"""The main pages in a real browser: axe-core finds no serious or critical WCAG 2.1 AA
violation, the keyboard reaches the content through the skip link, and at a phone's width
(375 px) nothing makes the page scroll sideways."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from programs.models import MandatePeriod
from tests.e2e.conftest import PHONE, axe_violations, horizontal_overflow, screenshot
from tests.untop.access_matrix import build_records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def records(centre, other_centre, staff_user, manager):
    MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), symbol="S/2006/355"
    )
    return build_records(
        centre=centre, other_centre=other_centre, staff_user=staff_user, manager=manager
    )


def _staff_pages(records) -> list[str]:
    return [
        reverse("programs:dashboard"),
        reverse("programs:activity_list"),
        reverse("programs:activity_add"),
        reverse("programs:activity_detail", args=[records["activity"].pk]),
        reverse("programs:activity_edit", args=[records["activity"].pk]),
        reverse("elections:election_list"),
        reverse("elections:election_detail", args=[records["election"].pk]),
        reverse("elections:briefing_list"),
        reverse("training:session_list"),
        reverse("training:session_detail", args=[records["session"].pk]),
        reverse("training:trainee_list"),
        reverse("training:cascade"),
        reverse("humanrights:tracker"),
        reverse("humanrights:recommendation", args=[records["hr_recommendation"].pk]),
    ]


def _manager_pages(records) -> list[str]:
    return [
        reverse("programs:dashboard"),
        reverse("programs:dialogue"),
        reverse("reports:list"),
        reverse("reports:new", kwargs={"kind": "donor"}),
        reverse("reports:detail", args=[records["report"].pk]),
    ]


def _hr_pages(records) -> list[str]:
    return [
        reverse("humanrights:tracker"),
        reverse("humanrights:milestones"),
        reverse("humanrights:note_list"),
        reverse("humanrights:note_detail", args=[records["note"].pk]),
        reverse("humanrights:note_add"),
    ]


def _walk(page: Page, base: str, paths: list[str]) -> tuple[list[str], list[str]]:
    """Open each page at a desktop and at a phone width: axe's findings, and overflows."""
    found, overflowing = [], []
    for path in paths:
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        found += axe_violations(page)
        # Loaded again at the phone's width, as a phone would (charts size themselves once).
        page.set_viewport_size(PHONE)
        page.goto(base + path)
        extra = horizontal_overflow(page)
        if extra > 0:
            overflowing.append(f"{path}: {extra} px wider than the phone")
    return found, overflowing


@pytest.mark.parametrize("role", ["staff", "manager", "hr", "staff in Tajik"])
def test_main_pages_pass_axe_and_fit_a_phone(
    role, page: Page, page_record, sign_in, live_server, records, staff_user, manager, hr_officer
):
    user, pages = {
        "staff": (staff_user, _staff_pages),
        "manager": (manager, _manager_pages),
        "hr": (hr_officer, _hr_pages),
        # Tajik's longer words must fit a phone too.
        "staff in Tajik": (staff_user, _staff_pages),
    }[role]
    if role == "staff in Tajik":
        user.language = "tg"
        user.save()
    sign_in(user.username)
    found, overflowing = _walk(page, live_server.url, pages(records))
    screenshot(page, f"a11y-{role.replace(' ', '-')}-phone-last-page")
    assert found == [], "axe found:\n" + "\n".join(found)
    assert overflowing == [], "\n".join(overflowing)
    page_record.assert_clean(allowed_console=("status of 404",))


def test_the_sign_in_page_passes_axe_and_fits_a_phone(page: Page, page_record, live_server):
    found, overflowing = _walk(page, live_server.url, [reverse("login")])
    screenshot(page, "a11y-sign-in-phone")
    assert found == [], "axe found:\n" + "\n".join(found)
    assert overflowing == [], "\n".join(overflowing)
    page_record.assert_clean()


def test_the_checker_finds_what_a_page_gets_wrong(page: Page):
    """axe runs for real: a page with an unlabelled field and an image without text fails."""
    page.set_content('<html><body><main><img src="x.png"><input></main></body></html>')
    found = axe_violations(page)
    assert any(" critical label " in line for line in found), found
    assert any(" critical image-alt " in line for line in found), found


def test_the_keyboard_skips_to_the_content_and_shows_where_it_is(
    page: Page, sign_in, live_server, staff_user
):
    sign_in(staff_user.username)
    page.goto(f"{live_server.url}{reverse('programs:activity_list')}")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    # The focused skip link comes into view, with a visible outline.
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0
    outline = skip.evaluate("(el) => getComputedStyle(el).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab goes into the page's own content, not back to the menu.
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.closest('main') !== null")
    assert focused is True


def test_the_menu_wraps_on_a_phone_and_tables_scroll_inside_their_box(
    page: Page, sign_in, live_server, records, manager
):
    page.set_viewport_size(PHONE)
    sign_in(manager.username)
    page.goto(f"{live_server.url}{reverse('programs:activity_list')}")
    menu = page.get_by_role("navigation", name="Main")
    for link in menu.get_by_role("link").all():
        box = link.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"], link.inner_text()
    table_box = page.locator(".table-scroll").first
    expect(table_box).to_have_css("overflow-x", "auto")
    assert horizontal_overflow(page) <= 0
    # Form fields sit in one column.
    page.goto(f"{live_server.url}{reverse('programs:activity_add')}")
    lefts = {
        round(field.bounding_box()["x"])
        for field in page.locator("fieldset .grid .field").all()
        if field.is_visible()
    }
    assert len(lefts) == 1, f"form fields in {len(lefts)} columns on a phone"
    screenshot(page, "phone-activity-form")


def test_a_field_s_error_is_read_out_with_the_field(page: Page, sign_in, live_server, staff_user):
    sign_in(staff_user.username)
    page.goto(f"{live_server.url}{reverse('programs:activity_add')}")
    page.get_by_label(re.compile(r"^Title")).fill("Round table")
    page.get_by_label(re.compile(r"^Start")).fill("04/10/2005")
    page.get_by_label(re.compile(r"^End")).fill("03/10/2005")
    page.get_by_role("button", name="Save", exact=True).click()
    end = page.get_by_label(re.compile(r"^End"))
    expect(end).to_have_attribute("aria-invalid", "true")
    expect(end).to_have_accessible_description(
        re.compile("The end date comes before the start date")
    )
    # The form says at the top that nothing was saved, and a screen reader hears it.
    expect(page.get_by_role("alert").first).to_contain_text("Nothing was saved")


def _reports(user) -> None:
    """Reports of both kinds in the list, in each state it shows."""
    from untop.reports.models import Report

    period = MandatePeriod.objects.get(start=datetime.date(2005, 6, 1))
    mandate = {
        "period": period.pk,
        "start": "2005-06-01",
        "end": "2006-05-31",
        "symbol": "S/2006/355",
        "dated": "2006-05-26",
        "distributed": "2006-05-31",
        "original": "fr",
    }
    for language, version, status in [("en", "final", "done"), ("ru", "draft", "failed")]:
        Report.objects.create(
            kind="mandate",
            title="Letter",
            requested_by=user,
            status=status,
            parameters={**mandate, "language": language, "version": version},
        )
    Report.objects.create(
        kind="donor",
        title="Donor report",
        requested_by=user,
        status="queued",
        parameters={"donor": "NOR", "start": "2005-06-01", "end": "2006-05-31", "language": "ru"},
    )


def test_the_lists_keep_their_key_columns_in_view_on_a_phone(page: Page, sign_in, live_server):
    """The demo's indicators, cascade, briefings, elections, bulletin, recommendations tracker
    and report list, in English, Russian and Tajik at 375 px: neither the page nor any of its
    tables scrolls sideways (the other columns show on wider screens)."""
    from django.core.management import call_command

    from programs.models import User
    from tests.e2e.conftest import PASSWORD, table_overflows

    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    manager = User.objects.get(username="manager")
    manager.set_password(PASSWORD)
    manager.save()
    _reports(manager)
    paths = [
        reverse("programs:indicators"),
        reverse("training:cascade"),
        reverse("elections:briefing_list"),
        reverse("elections:election_list"),
        reverse("training:bulletin_list"),
        reverse("humanrights:tracker"),
        reverse("reports:list"),
    ]
    sign_in(manager.username)
    page.set_viewport_size(PHONE)
    wide = []
    for language in ["en", "ru", "tg"]:
        User.objects.filter(pk=manager.pk).update(language=language)
        for path in paths:
            page.goto(live_server.url + path)
            expect(page.locator("html")).to_have_attribute("lang", language)
            # Each page has its tables filled: the check is of rows, not of empty pages.
            assert page.locator("table.data tbody tr").count() > 0, path
            extra = horizontal_overflow(page)
            if extra > 0:
                wide.append(f"{language} {path}: the page is {extra} px wider than the phone")
            wide += [f"{language} {path}: {table}" for table in table_overflows(page)]
            screenshot(page, f"phone-{language}-{path.strip('/').replace('/', '-')}")
    assert wide == [], "\n".join(wide)


def test_the_table_check_finds_a_table_wider_than_the_phone(page: Page):
    """The check above measures for real: a table wider than its box is named."""
    from tests.e2e.conftest import table_overflows

    page.set_viewport_size(PHONE)
    page.set_content(
        '<html><body><div class="table-scroll" style="overflow-x:auto">'
        "<table><caption>Reach per instructor</caption><tr>"
        + '<td style="min-width:100px">cell</td>' * 6
        + "</tr></table></div></body></html>"
    )
    found = table_overflows(page)
    assert len(found) == 1 and found[0].startswith("Reach per instructor: "), found
