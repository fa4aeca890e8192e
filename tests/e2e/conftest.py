"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Playwright's sync API runs an asyncio event loop in the test thread, so Django's guard
against database access from async code has to be lifted for the tests' own ORM calls.
"""

from __future__ import annotations

import os
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
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
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

    def sign_in(username: str) -> Page:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/programs/**")
        return page

    return sign_in


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
