"""Journeys through the portal in a real browser: enter an activity, get a donor report."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from programs.models import Activity, MandatePeriod, ParticipantCount
from tests.e2e.conftest import clear_cookies, screenshot
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    ParticipantCountFactory,
    PledgeFactory,
    ProjectFactory,
)
from tests.worker import celery_worker, worker_log
from untop.reports.models import Report

# Transactional, so that the live server and the worker see the tests' rows.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT_TIMEOUT_MS = 45_000


def _field(page: Page, label: str) -> Locator:
    """A form field by its visible label; required fields' labels end in an asterisk."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def _open_the_activity_form(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Activities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activities")
    page.get_by_role("link", name="Add an activity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an activity")


def _choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a searchable select as a person does: open it, type part of the
    option, click it."""
    combobox = page.get_by_role("combobox", name=label)
    page.locator(".ts-wrapper", has=combobox).locator(".ts-control").click()
    combobox.fill(option.split()[-1])
    page.get_by_role("listbox", name=label).get_by_role("option", name=option, exact=True).click()
    expect(page.locator(".ts-wrapper", has=combobox).locator(".item")).to_have_text(option)


def _fill_the_activity(page: Page, *, project, title: str, start: str, end: str) -> None:
    _choose(page, "Project", str(project))
    _field(page, "Type").select_option(label="Seminar")
    _field(page, "Title").fill(title)
    _field(page, "Start").fill(start)
    _field(page, "End").fill(end)
    _field(page, "Centre").select_option(label="Khujand")
    _field(page, "Status").select_option(label="Held")


def _fill_participants(page: Page, rows: list[tuple[str, str, str]]) -> None:
    for number, (category, women, men) in enumerate(rows, start=1):
        page.get_by_label(f"Category, row {number}", exact=True).select_option(label=category)
        page.get_by_label(f"Women, row {number}", exact=True).fill(women)
        page.get_by_label(f"Men, row {number}", exact=True).fill(men)


def _cells(row) -> list[str]:
    return [text.strip() for text in row.locator("th, td").all_inner_texts()]


def test_staff_add_an_activity_and_see_its_totals(
    page: Page, page_record, sign_in, live_server, staff_user
):
    project = ProjectFactory(code="PRJ-DLG", title="Inter-party dialogue")
    CategoryFactory(code="officials", name="Government officials")
    CategoryFactory(code="civil-society", name="Civil society")

    sign_in(staff_user.username)
    _open_the_activity_form(page)
    _fill_the_activity(
        page,
        project=project,
        title="Seminar on local governance",
        start="03/10/2005",
        end="04/10/2005",
    )
    _fill_participants(page, [("Government officials", "12", "9"), ("Civil society", "7", "15")])
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Seminar on local governance")
    expect(page.get_by_role("status")).to_contain_text(
        "Activity “Seminar on local governance” was added as a draft."
    )
    assert re.fullmatch(rf"{live_server.url}/programs/activities/\d+/", page.url)
    participants = page.locator("table.data")
    assert _cells(participants.locator("tbody tr").nth(0)) == ["Civil society", "7", "15", "22"]
    assert _cells(participants.locator("tbody tr").nth(1)) == [
        "Government officials",
        "12",
        "9",
        "21",
    ]
    assert _cells(participants.locator("tfoot tr")) == ["All participants", "19", "24", "43"]

    activity = Activity.objects.get()
    assert (activity.title, activity.centre.name, activity.created_by) == (
        "Seminar on local governance",
        "Khujand",
        staff_user,
    )
    assert activity.start == datetime.date(2005, 10, 3)

    page.get_by_role("link", name="Activities").first.click()
    row = page.locator("table.data tbody tr", has_text="Seminar on local governance")
    expect(row).to_have_count(1)
    assert _cells(row) == [
        "3 Oct 2005",
        "Seminar on local governance",
        "Seminar",
        "Khujand",
        "PRJ-DLG",
        "Held",
        "Draft",
        "19",
        "24",
        "43",
    ]

    screenshot(page, "journey-1-activity-list")
    page_record.assert_only_requests_to(live_server.url)
    page_record.assert_clean()


def test_staff_see_errors_and_nothing_is_saved(
    page: Page, page_record, sign_in, live_server, staff_user
):
    project = ProjectFactory(code="PRJ-DLG", title="Inter-party dialogue")
    CategoryFactory(code="officials", name="Government officials")

    sign_in(staff_user.username)
    _open_the_activity_form(page)
    _fill_the_activity(
        page,
        project=project,
        title="Round table that went wrong",
        start="04/10/2005",
        end="03/10/2005",
    )
    _fill_participants(page, [("Government officials", "-3", "5")])
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Save", exact=True).click()
    assert posted.value.status == 400

    expect(page.get_by_role("heading", level=1)).to_have_text("Add an activity")
    expect(page.locator(".form-errors")).to_have_text(
        "Nothing was saved: please correct the fields marked below."
    )
    expect(page.locator(".field.has-error", has=_field(page, "End"))).to_contain_text(
        "The end date comes before the start date: correct one of them."
    )
    expect(page.locator("table.participants tbody tr").first).to_contain_text(
        "Ensure this value is greater than or equal to 0."
    )
    # What was typed is kept, so the user only corrects the mistakes.
    expect(_field(page, "Title")).to_have_value("Round table that went wrong")
    expect(page.get_by_label("Women, row 1", exact=True)).to_have_value("-3")

    assert Activity.objects.count() == 0
    assert ParticipantCount.objects.count() == 0

    screenshot(page, "journey-2-form-errors")
    page_record.assert_only_requests_to(live_server.url)
    # Chromium logs the form page's own 400 status; that is the expected answer here.
    page_record.assert_clean(allowed_console=("status of 400 (Bad Request)",))


def test_manager_builds_a_donor_report_and_downloads_it(
    page: Page, page_record, sign_in, live_server, manager, centre
):
    pledge = PledgeFactory(donor__name="Kingdom of Norway", donor__code="NOR")
    activity = ActivityFactory(
        approval="approved",
        project=pledge.project,
        centre=centre,
        title="Dialogue meeting in Khujand",
    )
    ParticipantCountFactory(activity=activity, women=17, men=25)
    ParticipantCountFactory(activity=activity, women=3, men=0)

    sign_in(manager.username)
    with celery_worker():
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
        page.get_by_role("link", name="New donor report").click()
        _field(page, "Donor").select_option(label="Kingdom of Norway")
        _field(page, "Start").fill("01/06/2005")
        _field(page, "End").fill("31/05/2006")
        page.get_by_role("button", name="Build the PDF").click()

        page.wait_for_url(re.compile(r".*/reports/\d+/$"))
        report = Report.objects.get()
        assert page.url == f"{live_server.url}/reports/{report.pk}/"
        status_box = page.locator("#report-status")
        first_status = status_box.get_attribute("data-status")
        assert first_status in {"queued", "running"}, f"the page opened on {first_status}"
        again = page.get_by_role("button", name="Build again with today's data")
        expect(again).to_be_hidden()
        # Anything that reloads the page would drop this marker.
        page.evaluate("window.__notReloaded = true")
        requests_before = len(page_record.requests)

        status = page.locator('#report-status [data-field="status_label"]')
        try:
            expect(status).to_have_text("Done", timeout=REPORT_TIMEOUT_MS)
        except AssertionError as error:
            raise AssertionError(f"{error}\nworker log:\n{worker_log()[-3000:]}") from None

    assert page.evaluate("window.__notReloaded") is True
    after = page_record.requests[requests_before:]
    status_url = f"{live_server.url}/jobs/report/{report.pk}/status/"
    assert status_url in after, "the page did not poll the status URL"
    assert set(after) == {status_url}, f"unexpected requests while waiting: {after}"
    expect(status_box).to_have_attribute("data-status", "done")
    expect(page.locator("progress")).to_have_attribute("value", "100")
    expect(again).to_be_visible()

    download_link = page.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible()
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.failure() is None
    # Named for what it is: the donor's code, the years it covers, its language.
    assert download.suggested_filename == f"donor-{report.parameters['donor']}-2005-06-en.pdf"
    with open(download.path(), "rb") as pdf_file:
        pdf = PdfReader(io.BytesIO(pdf_file.read()))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Kingdom of Norway" in text
    assert "Dialogue meeting in Khujand" in text

    screenshot(page, "journey-3-report-done")
    page_record.assert_only_requests_to(live_server.url)
    page_record.assert_clean()


def _tile(page: Page, label: str) -> int:
    value = page.locator(".tile", has=page.locator("dt", has_text=label)).locator("dd")
    return int(value.inner_text().split()[0].replace(",", ""))


def test_a_manager_approves_an_activity_and_the_dashboard_counts_it(
    page: Page, page_record, sign_in, live_server, staff_user, manager, browser
):
    MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), symbol="S/2006/355"
    )
    project = ProjectFactory(code="CP-05", title="Conflict prevention seminars")
    names = ["Community leaders", "Educators", "Lawyers", "Local officials"]
    for name in names:
        CategoryFactory(code=name.lower().replace(" ", "-"), name=name)

    # A staff member enters a seminar with four categories: one more row than the form shows.
    sign_in(staff_user.username)
    _open_the_activity_form(page)
    _fill_the_activity(
        page, project=project, title="Seminar in Khujand", start="07/11/2005", end="08/11/2005"
    )
    page.get_by_role("button", name="Add a row").click()
    _fill_participants(page, [(name, str(10 + i), str(20 + i)) for i, name in enumerate(names)])
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("was added as a draft")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_role("status")).to_contain_text("sent to the managers for approval")
    activity = Activity.objects.get(title="Seminar in Khujand")
    assert activity.participants.count() == 4

    # The manager sees nothing counted until approving it.
    clear_cookies(page)
    sign_in(manager.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    assert _tile(page, "Participants") == 0
    page.goto(f"{live_server.url}/programs/activities/{activity.pk}/")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("is approved and now counts in reports")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    assert _tile(page, "Activities") == 1
    assert _tile(page, "Participants") == (10 + 11 + 12 + 13) + (20 + 21 + 22 + 23)
    assert _tile(page, "Women") == 46
    screenshot(page, "journey-4-dashboard-after-approval")
    page_record.assert_only_requests_to(live_server.url)
    page_record.assert_clean()
