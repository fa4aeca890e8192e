"""Journeys of the office's people in a real browser (issue 11): a manager approves an
activity and gets the donor report that counts it; an administrator opens an account with a
role and a centre; a human-rights officer reads a confidential note that programme staff
cannot reach; a user switches the portal to Russian, and it stays Russian for them."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from programs.models import Activity, User
from tests.e2e.conftest import PASSWORD, axe_violations, clear_cookies, screenshot
from tests.factories import ActivityFactory, ParticipantCountFactory, PledgeFactory
from tests.humanrights.factories import NoteFactory
from tests.worker import celery_worker, worker_log
from untop import roles
from untop.reports.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT_TIMEOUT_MS = 45_000


def _main_menu(page: Page):
    return page.get_by_role("navigation", name=re.compile("^(Main|Главное|Асосӣ)$"))


def test_a_manager_approves_an_activity_and_downloads_the_donor_report_that_counts_it(
    page: Page, page_record, sign_in, live_server, manager, centre
):
    pledge = PledgeFactory(donor__name="Kingdom of Norway", donor__code="NOR")
    activity = ActivityFactory(
        approval=Activity.Approval.SUBMITTED,
        project=pledge.project,
        centre=centre,
        title="Round table on local self-government",
        start=datetime.date(2005, 11, 7),
        end=datetime.date(2005, 11, 7),
    )
    ParticipantCountFactory(activity=activity, women=14, men=22)

    sign_in(manager.username)
    page.goto(f"{live_server.url}{reverse('programs:activity_detail', args=[activity.pk])}")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("is approved and now counts in reports")

    with celery_worker():
        _main_menu(page).get_by_role("link", name="Reports").click()
        page.get_by_role("link", name="New donor report").click()
        page.get_by_label(re.compile(r"^Donor")).select_option(label="Kingdom of Norway")
        page.get_by_label(re.compile(r"^Start")).fill("01/06/2005")
        page.get_by_label(re.compile(r"^End")).fill("31/05/2006")
        page.get_by_role("button", name="Build the PDF").click()
        page.wait_for_url(re.compile(r".*/reports/\d+/$"))

        # The progress bar is read as it moves: record each value the page shows.
        bar = page.locator("#report-status progress")
        seen = [int(bar.get_attribute("value"))]
        status = page.locator('#report-status [data-field="status_label"]')
        try:
            for _ in range(REPORT_TIMEOUT_MS // 250):
                value = int(bar.get_attribute("value"))
                if value != seen[-1]:
                    seen.append(value)
                if status.inner_text() == "Done":
                    break
                page.wait_for_timeout(250)
            expect(status).to_have_text("Done", timeout=1)
        except AssertionError as error:
            raise AssertionError(f"{error}\nworker log:\n{worker_log()[-3000:]}") from None
        # The bar as the page shows it once done: the status may turn "Done" between the
        # loop's reading of the bar and of the status.
        final = int(bar.get_attribute("value"))
        if final != seen[-1]:
            seen.append(final)

    assert seen[-1] == 100 and seen == sorted(seen), f"the bar went {seen}"
    # Screen readers hear the step change: it sits in a polite live region.
    expect(page.locator("#report-status [aria-live]")).to_have_count(1)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    download = download_info.value
    with open(download.path(), "rb") as pdf_file:
        pdf = PdfReader(io.BytesIO(pdf_file.read()))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Kingdom of Norway" in text
    # The activity column is narrow: a title may break after its hyphen.
    assert "Round table on local self-government" in text.replace("self- ", "self-")
    assert Report.objects.get().status == Report.Status.DONE

    screenshot(page, "people-1-manager-report-done")
    page_record.assert_only_requests_to(live_server.url)
    page_record.assert_clean()


def test_an_administrator_opens_an_account_with_a_role_and_a_centre(
    page: Page, page_record, sign_in, live_server, administrator, other_centre
):
    # Administrators give a code from their authenticator app before the back office opens.
    device = TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    sign_in(administrator.username, device=device)
    _main_menu(page).get_by_role("link", name="Back office").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/programs/user/add/")
    page.get_by_label("Username").fill("nodira.k")
    page.get_by_label("First name").fill("Nodira")
    page.get_by_label("Last name").fill("Karimova")
    page.get_by_label(re.compile("^Email")).fill("nodira.k@untop.example.org")
    # The home centre is an autocomplete box; the role one choice.
    page.locator("#id_home_centre").locator("xpath=following-sibling::span[1]").click()
    page.locator(".select2-search__field").fill("Khor")
    page.get_by_role("option", name="Khorog").click()
    page.locator("#id_role").select_option(label=roles.PROGRAMME_STAFF)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("A link to set a password was e-mailed")
    user = User.objects.get(username="nodira.k")
    assert user.home_centre == other_centre
    assert list(user.groups.values_list("name", flat=True)) == [roles.PROGRAMME_STAFF]
    assert user.is_active
    assert [message.to for message in mail.outbox] == [["nodira.k@untop.example.org"]]
    screenshot(page, "people-2-admin-new-user")
    page_record.assert_only_requests_to(live_server.url)
    # An administrator's sign-in lands on the dashboard, which their role may not open.
    page_record.assert_clean(allowed_console=("status of 403 (Forbidden) [/programs/]",))


def test_a_human_rights_officer_reads_a_note_that_staff_cannot_reach(
    page: Page, page_record, sign_in, live_server, hr_officer, staff_user
):
    note = NoteFactory(topic="Lawyers refused access in Vahdat")
    note_url = f"{live_server.url}{reverse('humanrights:note_detail', args=[note.pk])}"

    sign_in(staff_user.username)
    expect(_main_menu(page).get_by_role("link", name="Monitoring notes")).to_have_count(0)
    response = page.goto(note_url)
    assert response is not None and response.status == 404
    expect(page.locator("body")).not_to_contain_text("SECRET")
    response = page.goto(f"{live_server.url}{reverse('humanrights:note_list')}")
    assert response is not None and response.status == 403
    expect(page.locator("body")).not_to_contain_text("Lawyers refused access")

    clear_cookies(page)
    sign_in(hr_officer.username)
    _main_menu(page).get_by_role("link", name="Monitoring notes").click()
    page.get_by_role("link", name="Lawyers refused access in Vahdat").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lawyers refused access")
    expect(page.locator("main")).to_contain_text("SECRET-SUMMARY lawyers refused access")
    expect(page.locator("main")).to_contain_text("Your reading of this note has been logged.")
    assert axe_violations(page) == []
    screenshot(page, "people-3-hr-note")
    page_record.assert_only_requests_to(live_server.url)
    page_record.assert_clean(allowed_console=("status of 404", "status of 403"))


def test_the_portal_switches_to_russian_and_stays_russian_for_the_user(
    page: Page, page_record, sign_in, live_server, staff_user, centre
):
    centre.name_ru = "Худжанд"
    centre.save()
    activity = ActivityFactory(
        centre=centre,
        title="Семинар по местному самоуправлению",
        start=datetime.date(2005, 10, 3),
        end=datetime.date(2005, 10, 4),
    )
    ParticipantCountFactory(activity=activity, women=1200, men=345)

    # Before signing in: the sign-in page itself switches, through the cookie.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Language").select_option("tg")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "tg")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ворид шудан")
    clear_cookies(page)

    sign_in(staff_user.username)
    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(_main_menu(page).get_by_role("link", name="Мероприятия")).to_be_visible()
    staff_user.refresh_from_db()
    assert staff_user.language == "ru"

    # On another computer (no cookie) the portal still speaks Russian to this user.
    clear_cookies(page)
    sign_in(staff_user.username)
    _main_menu(page).get_by_role("link", name="Мероприятия").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Мероприятия")
    row = page.locator("table.data tbody tr", has_text="Семинар по местному")
    # Dates and numbers in Russian: the month in the genitive, a space between thousands.
    expect(row.locator("td").first).to_have_text("3 октября 2005")
    expect(row).to_contain_text("Худжанд")
    expect(row.locator("td.num").last).to_have_text(re.compile(r"^1\s545$"))
    expect(page.locator("body")).not_to_contain_text("Add an activity")
    assert axe_violations(page) == []
    screenshot(page, "people-4-russian-activity-list")
    page_record.assert_only_requests_to(live_server.url)
    page_record.assert_clean()


def test_a_user_who_chose_no_language_reads_the_browsers(browser, live_server, staff_user):
    assert staff_user.language == ""
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    page.get_by_label("Имя пользователя").fill(staff_user.username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{live_server.url}/programs/**")
    expect(_main_menu(page)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    context.close()
