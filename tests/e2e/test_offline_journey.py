"""Offline entry at the centres in a real browser (issue 25): the connection drops, staff
enter activities, the form still opens (the service worker's copy), the outbox keeps them,
and when the connection returns each is saved exactly once; a refused one stays with its
reason; an edit that met someone else's change shows both versions."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from programs.models import Activity, MandatePeriod
from programs.services import activity_update
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import ActivityFactory, CategoryFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _field(page: Page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def _choose(page: Page, label: str, option: str) -> None:
    combobox = page.get_by_role("combobox", name=label)
    page.locator(".ts-wrapper", has=combobox).locator(".ts-control").click()
    combobox.fill(option.split()[-1])
    page.get_by_role("listbox", name=label).get_by_role("option", name=option, exact=True).click()


def _enter(page: Page, *, project, title: str, day: str) -> None:
    _choose(page, "Project", str(project))
    _field(page, "Type").select_option(label="Seminar")
    _field(page, "Title").fill(title)
    _field(page, "Start").fill(day)
    _field(page, "End").fill(day)
    _field(page, "Status").select_option(label="Held")
    page.get_by_label("Category, row 1", exact=True).select_option(label="Educators")
    page.get_by_label("Women, row 1", exact=True).fill("7")
    page.get_by_label("Men, row 1", exact=True).fill("5")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/programs/offline/outbox/\?kept=1$"))
    expect(page.locator("#outbox-kept")).to_have_text(
        "Kept on this device: it will be sent when the connection returns."
    )


def _form_key(page: Page) -> str:
    return page.locator("input[name=form_key]").get_attribute("value")


def _ready_offline(page: Page, url: str) -> None:
    """Open the page online and wait until the service worker controls it and the device
    keeps its copy and the user's data (the next page a person opens is the worker's)."""
    page.goto(url)
    page.wait_for_function("() => document.documentElement.dataset.offlineReady === '1'")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_function("() => document.documentElement.dataset.offlineReady === '1'")


# What the device keeps: how many caches and stored values, and the outbox's titles.
_DEVICE_STORE = """async () => {
    const names = (await caches.keys()).filter((n) => n.startsWith("untop-offline"));
    const db = await new Promise((ok) => {
        const req = indexedDB.open("untop-offline");
        req.onsuccess = () => ok(req.result);
    });
    const all = (store) => new Promise((ok) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => ok(req.result);
    });
    const outbox = await all("outbox"), meta = await all("meta");
    db.close();
    return {caches: names.length, outbox: outbox.map((e) => e.title), meta: meta.length};
}"""


def test_activities_entered_offline_are_saved_once_when_the_connection_returns(
    page: Page, page_record, sign_in, live_server, staff_user, centre, manager
):
    project = ProjectFactory(
        code="PRJ-OFF",
        title="Dialogue in the districts",
        start=datetime.date(2005, 1, 1),
        end=datetime.date(2007, 12, 31),
    )
    CategoryFactory(code="educators", name="Educators")
    MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), locked=True
    )
    round_table = ActivityFactory(
        centre=centre,
        project=project,
        title="Round table",
        start=datetime.date(2006, 9, 1),
        end=datetime.date(2006, 9, 1),
        created_by=staff_user,
    )
    add = f"{live_server.url}{reverse('programs:activity_add')}"
    outbox = f"{live_server.url}{reverse('programs:offline_outbox')}"
    edit = f"{live_server.url}{reverse('programs:activity_edit', args=[round_table.pk])}"

    sign_in("staff")
    _ready_offline(page, add)
    page.wait_for_function(
        """async (urls) => {
            const names = await caches.keys();
            for (const name of names) {
                const cache = await caches.open(name);
                if (await cache.match(urls[0]) && await cache.match(urls[1])) { return true; }
            }
            return false;
        }""",
        arg=[add, edit],
    )

    page.context.set_offline(True)
    keys = set()
    for number in (1, 2, 3):
        served = page.goto(add)
        assert served.from_service_worker, "the form was not served from the device's copy"
        keys.add(_form_key(page))  # each copy served has a key of its own
        _enter(page, project=project, title=f"Offline seminar {number}", day="10/10/2006")
        expect(page.locator("#offline-outbox")).to_have_text(f"Outbox: {number} waiting to send")
    # A fourth, in the locked 2005–06 period: the portal will refuse it.
    page.goto(add)
    _enter(page, project=project, title="Seminar of the locked period", day="10/10/2005")
    # An edit, kept while someone else changes the same activity on the portal.
    page.goto(edit)
    _field(page, "Title").fill("Round table, Garm")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"\?kept=1$"))
    activity_update(
        activity=Activity.objects.get(pk=round_table.pk),
        acting_user=manager,
        fields={"title": "Round table of the district"},
        participants=None,
    )
    page.reload()  # still offline: the outbox page is the device's copy too
    expect(page.locator("#outbox-summary")).to_have_text("5 waiting to send")
    assert len(keys) == 3
    assert Activity.objects.filter(title__startswith="Offline seminar").count() == 0

    page.context.set_offline(False)  # the `online` event sends the outbox
    expect(page.locator("#outbox-summary")).to_have_text("2 waiting for you", timeout=20_000)
    saved = Activity.objects.filter(title__startswith="Offline seminar")
    assert sorted(saved.values_list("title", flat=True)) == [
        "Offline seminar 1",
        "Offline seminar 2",
        "Offline seminar 3",
    ]
    assert {a.created_by_id for a in saved} == {staff_user.pk}
    refused = page.locator(".outbox-refused")
    expect(refused).to_contain_text("Seminar of the locked period")
    expect(refused).to_contain_text("is locked: a manager can unlock it.")
    conflict = page.locator(".outbox-conflict")
    expect(conflict.locator("td.theirs")).to_have_text(["Round table of the district"])
    expect(conflict.locator("td.mine")).to_have_text(["Round table, Garm"])
    assert not Activity.objects.filter(title="Seminar of the locked period").exists()
    assert axe_violations(page) == []
    screenshot(page, "offline-outbox")

    # Loading a page again sends nothing twice: the three are still saved once.
    page.goto(outbox)
    page.wait_for_function("() => document.documentElement.dataset.offlineReady === '1'")
    assert Activity.objects.filter(title__startswith="Offline seminar").count() == 3

    # Keep mine: saved over theirs, and the outbox keeps only the refused entry.
    page.locator(".outbox-conflict").get_by_role("button", name="Keep mine").click()
    expect(page.locator("#outbox-summary")).to_have_text("1 waiting for you")
    assert Activity.objects.get(pk=round_table.pk).title == "Round table, Garm"
    # Signing out (after a warning that an entry is still here) clears the device's store.
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert dialogs and dialogs[0].startswith(
        "Activities entered on this device and not sent yet: 1."
    )
    assert page.evaluate(_DEVICE_STORE) == {"caches": 0, "outbox": [], "meta": 0}

    # The browser logs the refused and conflicting sends (400, 409): the answers the outbox
    # shows, not faults.
    page_record.assert_clean(
        allowed_console=(
            "status of 400 (Bad Request) [/programs/offline/sync/]",
            "status of 409 (Conflict) [/programs/offline/sync/]",
        )
    )


def test_an_entry_typed_offline_outlives_the_session_and_waits_for_its_own_user(
    page: Page, sign_in, live_server, staff_user, centre, manager
):
    """Offline past the idle timeout, the session ends on the portal: what the device read
    is forgotten, the entry typed is not; another user of the device neither sees nor sends
    it; its own user, signed in again, sends it once."""
    from django.contrib.sessions.models import Session

    project = ProjectFactory(
        code="PRJ-TMO", start=datetime.date(2005, 1, 1), end=datetime.date(2007, 12, 31)
    )
    CategoryFactory(code="educators", name="Educators")
    add = f"{live_server.url}{reverse('programs:activity_add')}"
    outbox = f"{live_server.url}{reverse('programs:offline_outbox')}"

    sign_in("staff")
    _ready_offline(page, add)
    page.context.set_offline(True)
    page.goto(add)
    _enter(page, project=project, title="Seminar after the timeout", day="10/10/2006")

    Session.objects.all().delete()  # the idle timeout passed while the device was offline
    # Back online, the outbox page tries to send: the portal says the session has ended, and
    # the page goes to the sign-in page.
    page.context.set_offline(False)
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.wait_for_function(
        "async (script) => { const s = await (new Function('return ' + script))()(); "
        "return s.meta === 0 && s.caches === 0; }",
        arg=_DEVICE_STORE,
    )
    assert page.evaluate(_DEVICE_STORE)["outbox"] == ["Seminar after the timeout"]

    # Someone else signs in on the device: the entry is not theirs to see or send.
    sign_in("manager")
    page.goto(outbox)
    page.wait_for_function("() => document.documentElement.dataset.offlineReady === '1'")
    expect(page.locator("#offline-outbox")).to_be_hidden()
    assert not Activity.objects.filter(title="Seminar after the timeout").exists()
    page.get_by_role("button", name="Sign out").click()  # deletes the manager's own only
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert page.evaluate(_DEVICE_STORE)["outbox"] == ["Seminar after the timeout"]

    # Its own user signs in again: sent, and saved once, as theirs.
    sign_in("staff")
    page.goto(outbox)
    page.wait_for_function("() => document.documentElement.dataset.offlineReady === '1'")
    expect(page.locator("#outbox-summary")).to_have_text(re.compile(r"^Nothing is waiting"))
    saved = Activity.objects.get(title="Seminar after the timeout")
    assert saved.created_by_id == staff_user.pk
    assert page.evaluate(_DEVICE_STORE)["outbox"] == []


def test_a_form_sent_while_the_portal_cannot_be_reached_waits_in_the_outbox(
    page: Page, sign_in, live_server, staff_user, centre
):
    """The browser believes it is online (the link is up) but the portal cannot be reached:
    the activity form's post is kept in the outbox by the service worker instead of ending
    on the browser's error page, and sent, once, when the portal answers again."""
    project = ProjectFactory(
        code="PRJ-NET", start=datetime.date(2005, 1, 1), end=datetime.date(2007, 12, 31)
    )
    CategoryFactory(code="educators", name="Educators")
    add = f"{live_server.url}{reverse('programs:activity_add')}"

    sign_in("staff")
    _ready_offline(page, add)

    def unreachable(route):
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    posts = re.compile(r"/programs/(activities/add|offline/sync)/$")
    page.context.route(posts, unreachable)
    _enter(page, project=project, title="Seminar sent over a broken line", day="10/10/2006")
    assert page.evaluate("navigator.onLine")
    expect(page.locator("#outbox-summary")).to_have_text("1 waiting to send")
    assert not Activity.objects.filter(title="Seminar sent over a broken line").exists()

    page.context.unroute(posts)
    page.get_by_role("button", name="Send now").click()
    expect(page.locator("#outbox-summary")).to_have_text(
        re.compile(r"^Nothing is waiting"), timeout=20_000
    )
    assert Activity.objects.filter(title="Seminar sent over a broken line").count() == 1


def test_an_edit_page_kept_just_after_its_approval_leaves_the_manager_no_message(
    page: Page, page_record, sign_in, live_server, manager
):
    """The device's list of edit pages to keep can be a moment old: a manager approved the
    activity after the portal listed its page (the browser journey that approves saw it:
    the manager's "now counts in reports" gave way to "… is approved and settled …"). Kept
    now, the page sends the device away and leaves no message for the manager's next page."""
    activity = ActivityFactory(title="Approved a moment ago", approval=Activity.Approval.APPROVED)
    edit = reverse("programs:activity_edit", args=[activity.pk])

    def listed_a_moment_ago(route):
        response = route.fetch()
        data = response.json()
        data["pages"].append(edit)
        route.fulfill(response=response, json=data)

    page.route(re.compile(re.escape(reverse("programs:offline_data")) + "$"), listed_a_moment_ago)
    kept = []
    page.on(
        "request",
        lambda request: (
            request.url.endswith(edit) and kept.append(request.headers.get("x-untop-offline-copy"))
        ),
    )
    sign_in(manager.username)
    page.wait_for_function("() => document.documentElement.dataset.offlineReady === '1'")
    assert kept == ["1"]  # fetched once, as a copy being kept

    page.goto(live_server.url + reverse("programs:activity_list"))
    expect(page.get_by_role("link", name="Approved a moment ago")).to_be_visible()
    expect(page.locator(".messages")).to_have_count(0)
    page_record.assert_clean()
