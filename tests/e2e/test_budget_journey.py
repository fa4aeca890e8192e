"""The budget pages in a real browser, on the demo: a manager revises ND-2006's budget and
sees the new revision; both pages fit a phone in English, Russian and Tajik (neither the
page nor any of its tables scrolls sideways)."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    PASSWORD,
    PHONE,
    axe_violations,
    horizontal_overflow,
    screenshot,
    table_overflows,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_manager():
    from django.core.management import call_command

    from programs.models import User

    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    manager = User.objects.get(username="manager")
    manager.set_password(PASSWORD)
    manager.save()
    return manager


def test_a_manager_revises_a_budget_and_sees_the_new_revision(
    page: Page, sign_in, live_server, demo_manager
):
    from programs.models import Project

    project = Project.objects.get(code="ND-2006")  # it ran in the latest period, the default
    current = project.budget_revisions.get(is_current=True)
    sign_in(demo_manager.username)

    page.goto(live_server.url + reverse("programs:budgets"))
    assert axe_violations(page) == []
    page.get_by_role("link", name="ND-2006").click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text(
        f"revision {current.number}, the current one"
    )
    assert axe_violations(page) == []
    page.get_by_label("2007 Travel").fill("50000")
    page.get_by_label("Date of the revision").fill("2007-03-15")
    page.get_by_label("Reason").fill("The donor agreed to more travel.")
    page.get_by_role("button", name="Save the revision").click()

    expect(page.get_by_role("main")).to_contain_text(
        f"Revision {current.number + 1} of the budget of ND-2006 was saved."
    )
    expect(page.locator("#budget-history-table")).to_contain_text(
        "The donor agreed to more travel."
    )
    assert project.budget_revisions.get(is_current=True).number == current.number + 1
    screenshot(page, "budget-revised")


def test_the_budget_pages_fit_a_phone_in_each_language(
    page: Page, sign_in, live_server, demo_manager
):
    from programs.models import Project, User

    paths = [
        reverse("programs:budgets"),
        reverse("programs:project_budget", args=[Project.objects.get(code="ND-2005").pk]),
    ]
    sign_in(demo_manager.username)
    page.set_viewport_size(PHONE)
    wide = []
    for language in ["en", "ru", "tg"]:
        User.objects.filter(pk=demo_manager.pk).update(language=language)
        for path in paths:
            page.goto(live_server.url + path)
            expect(page.locator("html")).to_have_attribute("lang", language)
            assert page.locator("table.data tbody tr").count() > 0, path
            extra = horizontal_overflow(page)
            if extra > 0:
                wide.append(f"{language} {path}: the page is {extra} px wider than the phone")
            wide += [f"{language} {path}: {table}" for table in table_overflows(page)]
            name = re.sub(r"\W+", "-", path.strip("/"))
            screenshot(page, f"phone-{language}-{name}")
    assert wide == [], "\n".join(wide)
