"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Playwright's sync API runs an asyncio event loop in the test thread, so Django's guard
against database access from async code has to be lifted for the tests' own ORM calls.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "a-long-test-password"
# Each journey's last page, for a person to look at (var/ is git-ignored).
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "var" / "screenshots"
# axe-core, vendored from npm by scripts/vendor-static.sh: a test tool, never served to users.
AXE_SOURCE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# The WCAG 2.1 A and AA rules; the tests fail on violations of these impacts.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAILING_IMPACTS = ("serious", "critical")
PHONE = {"width": 375, "height": 812}
TIMEOUT_MS = 10_000

# Reports CSP violations to Python from inside the page: the init script is injected by the
# browser, so the portal's own policy does not block it.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.__reportCspViolation(
    event.violatedDirective + " blocked " + (event.blockedURI || "inline") +
    " on " + event.documentURI
  );
});
"""


@dataclass
class PageRecord:
    """What a page did while a test drove it."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def assert_clean(self, *, allowed_console: tuple[str, ...] = ()) -> None:
        allowed = allowed_console
        console = [m for m in self.console_errors if not any(a in m for a in allowed)]
        assert console == [], f"console errors: {console}"
        assert self.page_errors == [], f"uncaught page errors: {self.page_errors}"
        assert self.csp_violations == [], f"CSP violations: {self.csp_violations}"

    def assert_only_requests_to(self, origin: str) -> None:
        assert self.requests, "no request was recorded"
        foreign = [url for url in self.requests if not url.startswith(origin + "/")]
        assert foreign == [], f"requests leaving the portal: {foreign}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page_record() -> PageRecord:
    return PageRecord()


@pytest.fixture
def page(browser: Browser, live_server, page_record: PageRecord) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)

    def report_csp_violation(text: str) -> None:
        page_record.csp_violations.append(text)

    context.expose_function("__reportCspViolation", report_csp_violation)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.on("request", lambda request: page_record.requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            page_record.console_errors.append(
                f"{message.text} [{urlsplit(message.location.get('url', '')).path}]"
            )
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: page_record.page_errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def sign_in(page: Page, live_server):
    """Sign in through the real login form."""

    def sign_in(username: str, *, device=None) -> Page:
        """Sign in; with a two-factor `device`, type its current code if the portal asks."""
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        # Each role lands on the first page it may open (an administrator in the back office).
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        if "/accounts/two-factor/" in page.url:
            assert device is not None, f"{username} was asked for a two-factor code"
            page.get_by_label(re.compile(r"^Code from your authenticator app")).fill(
                totp_token(device)
            )
            page.get_by_role("button", name="Continue").click()
            page.wait_for_url(lambda url: "/accounts/two-factor/" not in url)
        return page

    return sign_in


def clear_cookies(page: Page) -> None:
    """Forget the browser's cookies, as another computer would have none, once the page's
    own requests are done: the offline entry's script (static/js/offline.js) asks the portal
    for the user's data when a page opens, and an answer still on its way would set the
    cookies of the session being forgotten again (its CSRF cookie, over the next sign-in
    page's)."""
    if page.locator("#offline-outbox").count():
        page.wait_for_function("() => document.documentElement.dataset.offlineReady === '1'")
    page.context.clear_cookies()


def totp_token(device) -> str:
    """The code an authenticator app would show now for a django-otp TOTPDevice."""
    from django_otp.oath import totp

    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{token:0{device.digits}d}"


def axe_violations(page: Page) -> list[str]:
    """Run axe-core's WCAG 2.1 A/AA rules on the page; the serious and critical violations.

    The script is evaluated through the DevTools protocol, which the portal's Content
    Security Policy does not apply to, so the pages are checked with their real policy.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8") + "\n;undefined")
    violations = page.evaluate(
        """async (tags) => {
            const result = await window.axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
            });
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
            }));
        }""",
        AXE_TAGS,
    )
    path = urlsplit(page.url).path
    return [
        f"{path}: {v['impact']} {v['id']} ({v['help']}) at {', '.join(v['nodes'])}"
        for v in violations
        if v["impact"] in AXE_FAILING_IMPACTS
    ]


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0: nothing to scroll sideways)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def table_overflows(page: Page) -> list[str]:
    """The tables that scroll sideways inside their box (.table-scroll) as shown: each by its
    caption or first header, with how many CSS pixels it hides."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(".table-scroll"))
            .filter((box) => box.offsetParent !== null && box.scrollWidth - box.clientWidth > 1)
            .map((box) => {
                const table = box.querySelector("table");
                const head = table && (table.caption || table.querySelector("th"));
                const name = head ? head.textContent.trim().replace(/\\s+/g, " ") : "a table";
                return `${name}: ${box.scrollWidth - box.clientWidth} px hidden`;
            })"""
    )
