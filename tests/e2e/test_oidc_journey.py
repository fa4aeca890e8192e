"""Single sign-on in a real browser: the portal's sign-in page, the provider's, and back.

The provider is the test OpenID provider (django-oidc-provider) running as a process of its
own on 127.0.0.1 (tests/oidc_provider/); the portal is pytest-django's live server on
localhost, so the two keep their cookies apart as two sites would.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import user_with_role
from tests.oidc_provider import fixtures
from untop import roles
from untop.audit.models import AuthEvent
from untop.security.models import SingleSignOnIdentity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The provider process and the portal set to use it (tests/oidc_provider/fixtures.py).
oidc_provider = fixtures.oidc_provider
single_sign_on = fixtures.single_sign_on


def test_a_user_signs_in_with_the_provider_and_lands_on_the_portal_signed_in(
    page: Page, page_record, live_server, single_sign_on, centre
):
    user = user_with_role(
        roles.PROGRAMME_STAFF,
        username="malika.r",
        first_name="Malika",
        last_name="Rahimova",
        email="malika.rahimova@untop.example.org",
        home_centre=centre,
    )
    single_sign_on.user(
        "mrahimova", email="malika.rahimova@untop.example.org", password="provider-pass-1"
    )
    single_sign_on.allow_redirect_uri(f"{live_server.url}/accounts/sso/callback/")

    page.goto(f"{live_server.url}/accounts/login/")
    assert axe_violations(page) == []
    screenshot(page, "oidc-sign-in-page")
    page.get_by_role("link", name="Sign in with Test provider").click()

    page.wait_for_url(re.compile(re.escape(single_sign_on.url) + r"/login/"))
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_label("Provider user name").fill("mrahimova")
    page.get_by_label("Provider password").fill("provider-pass-1")
    page.get_by_role("button", name="Sign in at the provider").click()

    page.wait_for_url(lambda url: url.startswith(live_server.url) and "/accounts/" not in url)
    expect(page.locator(".user-name")).to_contain_text("Malika Rahimova")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert SingleSignOnIdentity.objects.filter(user=user).exists()
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.SSO_SIGNED_IN, user=user).exists()

    screenshot(page, "oidc-signed-in")
    foreign = [
        url
        for url in page_record.requests
        if not url.startswith((live_server.url + "/", single_sign_on.url + "/"))
    ]
    assert foreign == [], f"requests to neither the portal nor the provider: {foreign}"
    page_record.assert_clean()
