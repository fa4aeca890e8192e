"""An office with more trainees than a page lists: on a session's page the trainee to enrol is
found by typing a name, from the portal (untop.widgets.SearchableSelect)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot
from tests.training.factories import DraftSessionFactory, TraineeFactory
from untop.widgets import SEARCHABLE_SELECT_LIMIT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_find_a_trainee_among_hundreds_by_typing_and_enrol_them(
    page: Page, page_record, sign_in, live_server, staff_user, centre
):
    session = DraftSessionFactory(activity__centre=centre, activity__title="Community policing")
    TraineeFactory.create_batch(SEARCHABLE_SELECT_LIMIT + 20)
    TraineeFactory(family_name="Nazarov", given_name="Farrukh", organisation="Customs")
    wanted = TraineeFactory(
        family_name="Nazarova",
        given_name="Dilnoza",
        organisation="Police Academy",
        personnel_number="MVD-0420",
    )

    sign_in(staff_user.username)
    page.goto(f"{live_server.url}/training/sessions/{session.pk}/")
    # The page holds no trainee: nothing to choose until something is typed.
    expect(page.locator("select[name=trainee] option")).to_have_count(1)
    combobox = page.get_by_role("combobox", name="Trainee")
    page.locator(".ts-wrapper", has=combobox).locator(".ts-control").click()
    combobox.fill("nazarov")
    listbox = page.get_by_role("listbox", name="Trainee")
    # Two people of one family name, told apart by their organisation and number.
    expect(listbox.get_by_role("option")).to_have_count(2)
    listbox.get_by_role(
        "option", name="Nazarova Dilnoza · Police Academy · MVD-0420", exact=True
    ).click()
    screenshot(page, "session-enrol-trainee-search")
    page.get_by_role("button", name="Enrol", exact=True).click()

    expect(page.get_by_text("Nazarova Dilnoza was enrolled.")).to_be_visible()
    expect(page.get_by_role("link", name="Nazarova Dilnoza")).to_be_visible()
    assert list(session.enrolments.values_list("trainee", flat=True)) == [wanted.pk]
    page_record.assert_clean()
