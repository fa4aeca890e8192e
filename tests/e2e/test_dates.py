"""Dates in the reader's language in a real browser whose own locale is American English:
the activity form shows and takes 01.09.2005 in Russian (not the browser's 09/01/2005), says
its format under the field, and refuses a date that does not exist naming the field."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from programs.models import Activity
from tests.e2e.conftest import screenshot
from tests.factories import ActivityFactory, ParticipantCountFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def us_page(browser, live_server, page_record) -> Page:
    """A browser set up for the United States: its own date fields would read mm/dd/yyyy."""
    context = browser.new_context(locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("pageerror", lambda error: page_record.page_errors.append(str(error)))
    yield page
    context.close()


def test_a_date_is_shown_and_typed_as_the_portal_s_language_writes_it(
    us_page: Page, page_record, live_server, centre, staff_user
):
    page = us_page
    activity = ActivityFactory(centre=centre, created_by=staff_user, title="Round table")
    ParticipantCountFactory(activity=activity)
    staff_user.language = "ru"
    staff_user.save()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(staff_user.username)
    page.locator("#id_password").fill("a-long-test-password")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(live_server.url + reverse("programs:activity_edit", args=[activity.pk]))
    start = page.get_by_label(re.compile(r"^Начало"))
    # The field is text in the language's format, not the browser's date picker.
    expect(start).to_have_attribute("type", "text")
    expect(start).to_have_value("01.09.2005")
    expect(start).to_have_attribute("placeholder", "дд.мм.гггг")
    expect(start).to_have_accessible_description(re.compile(r"24\.09\.2007"))

    # A day that does not exist: refused, naming the field and the format.
    start.fill("31.02.2006")
    page.locator("main form button[type=submit]").first.click()
    start = page.get_by_label(re.compile(r"^Начало"))
    expect(start).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_start_error")).to_contain_text("Начало: «31.02.2006» — не дата")
    expect(page.locator("#id_start_error")).to_contain_text("24.09.2007")
    activity.refresh_from_db()
    assert activity.start == datetime.date(2005, 9, 1)
    screenshot(page, "dates-ru-refused")

    # Typed day first, as Russian writes it: saved as the 2nd of September.
    start.fill("02.09.2005")
    page.get_by_label(re.compile(r"^Окончание")).fill("03.09.2005")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(rf".*/activities/{activity.pk}/$"))
    activity = Activity.objects.get(pk=activity.pk)
    assert (activity.start, activity.end) == (datetime.date(2005, 9, 2), datetime.date(2005, 9, 3))
    page_record.assert_clean()
