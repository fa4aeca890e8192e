"""The back office looks like the portal: its brand bar and stylesheet, readable section names,
the users under "Accounts", money and dates written as the portal writes them."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from programs.models import ExchangeRate
from tests.conftest import sign_in_as
from tests.factories import PledgeFactory, UserFactory
from untop.admin_site import PortalAdminSite

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    sign_in_as(client, user)
    return client


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, is_staff=True)


def _sections(html: str) -> list[str]:
    """The index's section titles, in the order shown."""
    return re.findall(r'<caption>\s*<a href="[^"]*" class="section"[^>]*>([^<]+)</a>', html)


def _section(html: str, app_label: str) -> str:
    """The HTML of one section of the index (its models' rows)."""
    match = re.search(rf'<div class="app-{app_label} module.*?</table>', html, re.S)
    assert match, f"no section app-{app_label}"
    return match.group(0)


def test_the_index_names_every_section_in_words(superuser):
    page = _client(superuser).get(reverse("admin:index"))

    sections = _sections(page.text)
    assert "Sign-in lockouts" in sections
    assert "Authenticator apps" in sections
    for raw in ("AXES", "Axes", "OTP_TOTP", "Otp_Totp", "Authentication and Authorization"):
        assert raw not in sections
    assert ">Axes<" not in page.text and ">Otp_Totp<" not in page.text


def test_the_renamed_apps_keep_their_labels():
    # Their migrations, permissions and admin URL names hang on the label.
    for label, name in [
        ("admin", "django.contrib.admin"),
        ("auth", "django.contrib.auth"),
        ("axes", "axes"),
        ("otp_totp", "django_otp.plugins.otp_totp"),
        ("otp_static", "django_otp.plugins.otp_static"),
    ]:
        assert apps.get_app_config(label).name == name
    assert str(apps.get_app_config("otp_static").verbose_name) == "Recovery codes"
    assert isinstance(admin.site, PortalAdminSite)
    assert reverse("admin:programs_user_changelist") == "/admin/programs/user/"
    assert reverse("admin:auth_group_changelist") == "/admin/auth/group/"


def test_administrators_find_users_and_roles_in_accounts_first(admin_client_):
    page = admin_client_.get(reverse("admin:index"))

    assert _sections(page.text)[0] == "Accounts"
    accounts = _section(page.text, "auth")
    assert reverse("admin:programs_user_changelist") in accounts
    assert reverse("admin:auth_group_changelist") in accounts
    assert accounts.index(">Users<") < accounts.index(">Groups<")
    # Not at the bottom of "Programmes" any more, there or on the app's own page.
    assert reverse("admin:programs_user_changelist") not in _section(page.text, "programs")
    programmes = admin_client_.get(reverse("admin:app_list", args=["programs"]))
    assert reverse("admin:programs_user_changelist") not in programmes.text
    accounts_page = admin_client_.get(reverse("admin:app_list", args=["auth"]))
    assert reverse("admin:programs_user_changelist") in accounts_page.text


def test_the_users_breadcrumbs_lead_to_accounts(superuser):
    client = _client(superuser)
    other = UserFactory()
    accounts = reverse("admin:app_list", args=["auth"])
    for url in (
        reverse("admin:programs_user_changelist"),
        reverse("admin:programs_user_change", args=[other.pk]),
        reverse("admin:programs_user_delete", args=[other.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        crumbs = re.search(r'<div class="breadcrumbs">.*?</div>', page.text, re.S)
        assert f'<a href="{accounts}">Accounts</a>' in crumbs.group(0), url
        assert "Programmes" not in crumbs.group(0), url


def test_the_header_is_the_portals_brand_bar_with_its_stylesheet(superuser):
    page = _client(superuser).get(reverse("admin:index")).text

    assert '<link rel="stylesheet" href="/static/vendor/noto-sans/noto-sans.css">' in page
    assert '<link rel="stylesheet" href="/static/css/admin.css">' in page
    assert finders.find("css/admin.css")
    header = re.search(r'<header id="header">.*?</header>', page, re.S).group(0)
    # The portal's brand, leading back to the portal; the portal's menu and account links.
    assert (
        '<a class="brand" href="/"><span class="brand-mark" aria-hidden="true">UN</span>' in header
    )
    assert "UNTOP programme portal" in header
    assert "UNTOP back office" in header
    assert f'href="{reverse("account")}"' in header
    assert 'class="language-form"' in header
    # Django's structure stays: the skip link to the content and the breadcrumbs.
    assert '<a href="#content-start" class="skip-to-content-link">' in page
    # The portal has no dark theme: neither has the back office.
    assert "dark_mode.css" not in page
    assert "theme-toggle" not in page


def test_amounts_are_grouped_and_right_aligned_in_the_pledge_list(superuser):
    ExchangeRate.objects.create(currency="EUR", month=datetime.date(2007, 5, 1), rate="0.9")
    PledgeFactory(
        amount=Decimal("2000000.00"),
        currency="EUR",
        amount_usd=None,  # worked out at the month's rate: 2,222,222.22
        pledged_on=datetime.date(2007, 5, 24),
    )
    page = _client(superuser).get(reverse("admin:programs_pledge_changelist")).text

    assert (
        '<td class="field-money_amount"><span class="num">2,000,000.00&nbsp;EUR</span></td>' in page
    )
    assert '<td class="field-money_usd"><span class="num">2,222,222.22</span></td>' in page
    assert 'class="sortable column-money_usd' in page
    css = Path(finders.find("css/admin.css")).read_text(encoding="utf-8")
    rule = re.search(r'#result_list td\[class\*="field-money_"\][^{]*\{([^}]*)\}', css, re.S)
    assert rule and "text-align: right" in rule.group(1)
    assert '#result_list th[class*="column-money_"]' in css


def test_dates_read_as_the_office_writes_them(superuser):
    PledgeFactory(pledged_on=datetime.date(2007, 5, 24))
    client = _client(superuser)

    page = client.get(reverse("admin:programs_pledge_changelist")).text
    assert '<td class="field-pledged_on nowrap">24 May 2007</td>' in page

    superuser.language = "ru"
    superuser.save(update_fields=["language"])
    page = client.get(reverse("admin:programs_pledge_changelist")).text
    assert '<td class="field-pledged_on nowrap">24 мая 2007 г.</td>' in page
    # Money in Russian too: non-breaking spaces between thousands, a decimal comma.
    assert '<span class="num">100\xa0000,00</span>' in page
