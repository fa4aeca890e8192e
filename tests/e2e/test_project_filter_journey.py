"""An office with more projects than a page lists: the activity list's project filter is
searched as the user types, from the portal (untop.widgets.SearchableSelect)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot
from tests.factories import ActivityFactory, ProjectFactory
from untop.widgets import SEARCHABLE_SELECT_LIMIT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_find_a_project_among_hundreds_by_typing_and_filter_the_list(
    page: Page, page_record, sign_in, live_server, staff_user, centre
):
    ProjectFactory.create_batch(SEARCHABLE_SELECT_LIMIT + 20)
    wanted = ProjectFactory(code="ND-KHJ", title="Khujand dialogue forum")
    ActivityFactory(project=wanted, centre=centre, title="Forum on water sharing")
    ActivityFactory(centre=centre, title="Seminar of another project")

    sign_in(staff_user.username)
    page.goto(f"{live_server.url}/programs/activities/")
    combobox = page.get_by_role("combobox", name="Project")
    page.locator(".ts-wrapper", has=combobox).locator(".ts-control").click()
    combobox.fill("dialogue for")
    listbox = page.get_by_role("listbox", name="Project")
    listbox.get_by_role("option", name="ND-KHJ Khujand dialogue forum", exact=True).click()
    screenshot(page, "activity-list-project-search")
    page.get_by_role("button", name="Show", exact=True).click()

    expect(page.get_by_role("link", name="Forum on water sharing")).to_be_visible()
    expect(page.get_by_role("link", name="Seminar of another project")).to_have_count(0)
    assert f"project={wanted.pk}" in page.url
    # The chosen project is shown as chosen on the filtered page.
    item = page.locator(".ts-wrapper", has=page.get_by_role("combobox", name="Project"))
    expect(item.locator(".item")).to_have_text("ND-KHJ Khujand dialogue forum")
