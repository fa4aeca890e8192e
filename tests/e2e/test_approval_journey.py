"""The approval round in a real browser: staff save and submit in one step with the running
totals on the form; the manager sees the menu's count, approves two at once and returns one
with a reason; the centre's staff find the reason on their start page and on the activity,
and the e-mails reach everyone through a real worker and a real SMTP server."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from programs.models import Activity, MandatePeriod
from tests.e2e.conftest import PHONE, axe_violations, clear_cookies, horizontal_overflow, screenshot
from tests.e2e.test_journeys import _fill_participants, _fill_the_activity
from tests.factories import ActivityFactory, CategoryFactory, ProjectFactory
from tests.notifications.smtp import smtp_server, text_of, worker_env
from tests.worker import celery_worker, worker_log

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_approval_round_reaches_everyone_by_e_mail(
    page: Page, page_record, sign_in, live_server, staff_user, manager, centre
):
    with smtp_server() as (controller, inbox), celery_worker(extra_env=worker_env(controller)):
        _the_approval_round(page, page_record, sign_in, live_server, staff_user, manager, centre)
        received = inbox.wait_for(4)
        log = worker_log()
    assert len(received) == 4, log[-3000:]
    (submitted,) = inbox.to(manager.email)
    assert submitted["Subject"] == "Submitted for approval: Seminar in Khujand"
    to_author = {message["Subject"]: message for message in inbox.to(staff_user.email)}
    assert sorted(to_author) == [
        "Approved: Round table on water use",
        "Approved: Training of mediators",
        "Returned to draft: Seminar in Khujand",
    ]
    assert "9 officials, not 12" in text_of(to_author["Returned to draft: Seminar in Khujand"])


def _the_approval_round(page, page_record, sign_in, live_server, staff_user, manager, centre):
    MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), symbol="S/2006/355"
    )
    project = ProjectFactory(code="CP-05", title="Conflict prevention seminars")
    CategoryFactory(code="officials", name="Government officials")
    CategoryFactory(code="civil-society", name="Civil society")
    for title in ("Round table on water use", "Training of mediators"):
        ActivityFactory(
            project=project,
            centre=centre,
            title=title,
            created_by=staff_user,
            approval="submitted",
            submitted_at=timezone.now() - datetime.timedelta(days=8),
        )

    # Staff enter a seminar; the form keeps the totals as they type, and one button saves
    # and submits it.
    sign_in(staff_user.username)
    page.goto(f"{live_server.url}/programs/activities/add/")
    _fill_the_activity(
        page, project=project, title="Seminar in Khujand", start="07/11/2005", end="08/11/2005"
    )
    _fill_participants(page, [("Government officials", "12", "9"), ("Civil society", "7", "15")])
    expect(page.locator("#total-women")).to_have_text("19")
    expect(page.locator("#total-men")).to_have_text("24")
    expect(page.locator("#total-all")).to_have_text("43")
    page.get_by_role("button", name="Save and submit for approval").click()
    expect(page.locator(".messages")).to_contain_text("was saved and sent to the managers")
    assert Activity.objects.get(title="Seminar in Khujand").approval == "submitted"

    # The manager's menu counts what waits; the queue groups it by centre.
    clear_cookies(page)
    sign_in(manager.username)
    approvals = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile(r"^Approvals 3")
    )
    expect(approvals).to_be_visible()
    approvals.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Waiting for approval")
    expect(page.locator(".result-count")).to_have_text("3 activities are waiting for approval.")
    assert axe_violations(page) == []
    screenshot(page, "approvals-1366")

    page.get_by_label("Approve “Round table on water use”").check()
    page.get_by_label("Approve “Training of mediators”").check()
    page.get_by_role("button", name="Approve the ticked activities").click()
    expect(page.locator(".result-count")).to_have_text("1 activity is waiting for approval.")
    expect(page.locator(".messages")).to_contain_text(
        "2 activities approved: they now count in reports."
    )

    row = page.locator("tr", has_text="Seminar in Khujand")
    row.locator("summary", has_text="Return…").click()
    row.get_by_label("Reason, for the centre's staff").fill(
        "The sign-in sheet lists 9 officials, not 12: please check."
    )
    row.get_by_role("button", name="Return to draft").click()
    expect(page.locator(".messages")).to_contain_text("was returned to its centre as a draft")
    expect(page.get_by_text("Nothing is waiting")).to_be_visible()
    states = dict(Activity.objects.values_list("title", "approval"))
    assert states == {
        "Round table on water use": "approved",
        "Training of mediators": "approved",
        "Seminar in Khujand": "draft",
    }

    # The centre's staff find the reason on their start page and on the activity.
    clear_cookies(page)
    sign_in(staff_user.username)
    returned = page.get_by_role("region", name="Returned to your centre for changes")
    expect(returned).to_contain_text("Seminar in Khujand")
    expect(returned).to_contain_text("9 officials, not 12")
    returned.get_by_role("link", name="Seminar in Khujand").click()
    expect(page.locator(".notice.returned")).to_contain_text("9 officials, not 12")
    expect(page.locator("#comments ~ .comments")).to_contain_text("manager returned it on")

    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) == 0
    screenshot(page, "returned-activity-375")
    page_record.assert_only_requests_to(live_server.url)
    page_record.assert_clean()


def test_the_queue_at_phone_width_keeps_the_tick_boxes_and_titles_in_view(
    page: Page, sign_in, live_server, staff_user, manager, centre
):
    project = ProjectFactory(code="CP-05")
    ActivityFactory(
        project=project,
        centre=centre,
        title="Seminar on tolerance",
        created_by=staff_user,
        approval="submitted",
        submitted_at=timezone.now(),
    )
    page.set_viewport_size(PHONE)
    sign_in(manager.username)
    page.goto(f"{live_server.url}/programs/activities/approvals/")
    box = page.get_by_label("Approve “Seminar on tolerance”")
    expect(box).to_be_in_viewport()
    expect(page.get_by_role("link", name="Seminar on tolerance")).to_be_in_viewport()
    screenshot(page, "approvals-375")


def test_the_quality_page_flags_a_planted_outlier_and_a_silent_centre(
    page: Page, page_record, sign_in, live_server, manager
):
    from tests.factories import CentreFactory, ParticipantCountFactory

    MandatePeriod.objects.create(start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31))
    category = CategoryFactory(code="educators", name="Educators")
    busy, silent = CentreFactory(name="Istaravshan"), CentreFactory(name="Garm")
    for month, men in zip(range(1, 9), [20, 22, 19, 25, 21, 23, 18, 24], strict=True):
        day = datetime.date(2006, month, 10)
        seminar = ActivityFactory(
            centre=busy, kind="seminar", start=day, end=day, approval="approved"
        )
        ParticipantCountFactory(activity=seminar, category=category, women=0, men=men)
    day = datetime.date(2006, 5, 12)
    planted = ActivityFactory(
        centre=busy, kind="seminar", start=day, end=day, title="Seminar with a typo"
    )
    ParticipantCountFactory(activity=planted, category=category, women=0, men=480)
    ActivityFactory(centre=silent, start=datetime.date(2005, 9, 1), end=datetime.date(2005, 9, 1))

    sign_in(manager.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Data quality").click()
    page.get_by_label("Mandate period", exact=True).select_option(label="1 Jun 2005 – 31 May 2006")
    page.get_by_role("button", name="Show").click()
    outliers = page.get_by_role("region", name="Head counts to check")
    expect(outliers.get_by_role("link", name="Seminar with a typo")).to_be_visible()
    expect(outliers).to_contain_text("480")
    silent_centres = page.get_by_role("region", name="Silent centres")
    expect(silent_centres).to_contain_text("Garm")
    expect(silent_centres).not_to_contain_text("Istaravshan")
    assert axe_violations(page) == []
    screenshot(page, "quality-1366")
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) == 0
    screenshot(page, "quality-375")
    page_record.assert_clean()
