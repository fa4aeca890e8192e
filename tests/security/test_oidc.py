"""Single sign-on through a real OpenID provider (untop/security/oidc.py).

The provider is django-oidc-provider running as a process of its own
(tests/oidc_provider/). The portal side is Django's test client; the provider side is a
``requests`` session that fills in the provider's sign-in form as a browser would. Between
them the whole code flow runs: the portal's redirect with state, nonce and PKCE, the
provider's sign-in, the code back to the portal, and the portal's calls to the provider's
token, key and userinfo endpoints.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import user_with_role
from tests.oidc_provider import fixtures
from untop import roles
from untop.audit.models import AccountEvent, AuthEvent
from untop.security import oidc
from untop.security.models import SingleSignOnIdentity

pytestmark = pytest.mark.django_db
# The provider process and the portal set to use it (tests/oidc_provider/fixtures.py).
oidc_provider = fixtures.oidc_provider
single_sign_on = fixtures.single_sign_on
PROVIDER_NAME = fixtures.PROVIDER_NAME
PASSWORD = "a-long-test-password"
BUTTON = f"Sign in with {PROVIDER_NAME}"


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _sign_on(portal: Client, username: str, password: str):
    """Click the button on the portal's sign-in page, sign in at the provider, and come back
    to the portal: the portal's last answer (the callback's)."""
    page = portal.get(reverse("login"))
    start = re.search(r'href="([^"]+)"[^>]*>\s*' + re.escape(BUTTON), page.content.decode())
    assert start, "no single sign-on button on the sign-in page"
    to_provider = portal.get(start.group(1).replace("&amp;", "&"))
    assert to_provider.status_code == 302
    assert to_provider.url.startswith(oidc.endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT") + "?")

    browser = requests.Session()
    form = browser.get(to_provider.url, timeout=10)  # the provider asks who we are
    assert "Test identity provider" in form.text, form.text
    answer = browser.post(
        form.url,
        data={
            "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
            "username": username,
            "password": password,
        },
        allow_redirects=False,
        timeout=10,
    )
    for _ in range(5):  # the provider's own redirects, until it sends us back to the portal
        assert answer.status_code == 302, answer.text
        location = answer.headers["Location"]
        if location.startswith("http://testserver/"):
            return portal.get(location)
        answer = browser.get(
            requests.compat.urljoin(answer.url, location), allow_redirects=False, timeout=10
        )
    raise AssertionError("the provider never sent the browser back to the portal")


def _signed_in_user_id(portal: Client):
    return portal.session.get("_auth_user_id")


# Off unless configured


def test_without_a_provider_there_is_no_button_and_no_route(client):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "Sign in with" not in _text(page)
    with pytest.raises(NoReverseMatch):
        reverse("sso_start")
    assert client.get("/accounts/sso/start/").status_code == 404
    assert client.get("/accounts/sso/callback/?code=x&state=y").status_code == 404


# Signing in


def test_a_user_signs_in_through_the_provider_and_lands_on_the_portal_signed_in(
    single_sign_on, centre
):
    user = user_with_role(
        roles.PROGRAMME_STAFF,
        username="farrukh",
        first_name="Farrukh",
        last_name="Saidov",
        email="farrukh.saidov@untop.example.org",
        home_centre=centre,
    )
    subject = single_sign_on.user(
        "fsaidov", email="Farrukh.Saidov@untop.example.org", password="provider-pass-1"
    )
    portal = Client()

    landed = _sign_on(portal, "fsaidov", "provider-pass-1")

    assert landed.status_code == 302
    assert landed.url == reverse("home")
    assert _signed_in_user_id(portal) == str(user.pk)
    home = portal.get(landed.url, follow=True)
    assert home.status_code == 200
    assert "Farrukh Saidov" in _text(home)  # the header names the signed-in user
    identity = SingleSignOnIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (single_sign_on.issuer, subject)
    linked = AccountEvent.objects.get(account=user)
    assert linked.kind == AccountEvent.Kind.SIGN_IN_METHOD_CHANGED
    assert PROVIDER_NAME in linked.detail
    # One sign-in event, the sign-on's own (not a password sign-in's as well).
    kinds = list(AuthEvent.objects.filter(user=user).values_list("kind", flat=True))
    assert kinds == [AuthEvent.Kind.SSO_SIGNED_IN]

    # Signing out and on again uses the link: no second link, no second account event.
    portal.post(reverse("logout"))
    again = _sign_on(portal, "fsaidov", "provider-pass-1")
    assert again.status_code == 302
    assert _signed_in_user_id(portal) == str(user.pk)
    assert SingleSignOnIdentity.objects.filter(user=user).count() == 1
    assert AccountEvent.objects.filter(account=user).count() == 1


def test_the_page_asked_for_before_the_sign_in_opens_after_it(single_sign_on, staff_user):
    single_sign_on.user("staff-next", email=staff_user.email, password="provider-pass-1")
    portal = Client()
    wanted = reverse("account")
    page = portal.get(wanted, follow=True)  # sent to the sign-in page with ?next=
    assert BUTTON in _text(page)
    start = re.search(r'href="([^"]+)"[^>]*>\s*' + re.escape(BUTTON), page.content.decode())
    assert start.group(1).endswith("?next=" + wanted)
    # The button carries the page on; _sign_on starts from the plain sign-in page, so
    # follow this button by hand.
    portal.get(start.group(1).replace("&amp;", "&"))
    assert portal.session["oidc_login_next"] == wanted


# Refusals


def test_an_unverified_e_mail_address_is_refused_with_a_clear_page(single_sign_on, staff_user):
    single_sign_on.user(
        "unverified", email=staff_user.email, password="provider-pass-1", verified=False
    )
    portal = Client()

    refused = _sign_on(portal, "unverified", "provider-pass-1")

    assert refused.status_code == 403
    assert f"{PROVIDER_NAME} has not confirmed that your e-mail address is yours" in _text(refused)
    assert _signed_in_user_id(portal) is None
    assert not SingleSignOnIdentity.objects.exists()
    event = AuthEvent.objects.get(kind=AuthEvent.Kind.SSO_REFUSED)
    assert event.username == staff_user.email
    assert portal.get(reverse("home")).status_code == 302  # still signed out


def test_an_unknown_e_mail_address_is_refused_and_no_account_is_opened(single_sign_on, db):
    from programs.models import User

    accounts = User.objects.count()
    single_sign_on.user("stranger", email="stranger@elsewhere.example", password="pass-12345")
    portal = Client()

    refused = _sign_on(portal, "stranger", "pass-12345")

    assert refused.status_code == 403
    assert (
        f"No portal account has the e-mail address stranger@elsewhere.example that "
        f"{PROVIDER_NAME} gave" in _text(refused)
    )
    assert "ask an administrator to open one for you" in _text(refused)
    assert User.objects.count() == accounts
    assert _signed_in_user_id(portal) is None
    assert AuthEvent.objects.filter(
        kind=AuthEvent.Kind.SSO_REFUSED, username="stranger@elsewhere.example"
    ).exists()


def test_an_inactive_account_is_refused_even_once_linked(single_sign_on, staff_user):
    single_sign_on.user("staff-sso", email=staff_user.email, password="provider-pass-1")
    portal = Client()
    assert _sign_on(portal, "staff-sso", "provider-pass-1").status_code == 302
    portal.post(reverse("logout"))
    staff_user.is_active = False
    staff_user.save(update_fields=["is_active"])

    refused = _sign_on(portal, "staff-sso", "provider-pass-1")

    assert refused.status_code == 403
    assert "Your portal account is switched off or has expired" in _text(refused)
    assert _signed_in_user_id(portal) is None
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.SSO_REFUSED, user=staff_user).exists()


def test_an_expired_account_is_refused_by_the_password_sign_in_s_own_rule(
    single_sign_on, staff_user
):
    """The account expiry (the password backends' ``user_can_authenticate``) applies here too."""
    if not hasattr(staff_user, "expires_on"):
        pytest.skip("accounts have no expiry date in this version")
    staff_user.expires_on = datetime.date(2006, 5, 31)
    staff_user.save(update_fields=["expires_on"])
    single_sign_on.user("staff-sso", email=staff_user.email, password="provider-pass-1")
    portal = Client()

    refused = _sign_on(portal, "staff-sso", "provider-pass-1")

    assert refused.status_code == 403
    assert "Your portal account is switched off or has expired" in _text(refused)
    assert _signed_in_user_id(portal) is None
    assert not SingleSignOnIdentity.objects.exists()


def test_a_callback_the_portal_did_not_start_is_refused(single_sign_on):
    portal = Client()
    response = portal.get(reverse("sso_callback") + "?code=forged&state=forged")
    assert response.status_code == 400
    assert "did not finish. Start again from the sign-in page" in _text(response)
    assert _signed_in_user_id(portal) is None


def test_a_provider_that_cannot_be_reached_gets_a_clear_page(single_sign_on):
    with override_settings(UNTOP_OIDC_ISSUER="http://127.0.0.1:9/openid"):
        response = Client().get(reverse("sso_start"))
    assert response.status_code == 503
    assert f"{PROVIDER_NAME} cannot be reached" in _text(response)


# The link is the provider's subject, not its e-mail address


def test_the_link_survives_an_e_mail_change_and_takes_over_no_other_account(single_sign_on, centre):
    alice = user_with_role(roles.PROGRAMME_STAFF, username="alice", email="alice@untop.example.org")
    bob = user_with_role(roles.PROGRAMME_MANAGER, username="bob", email="bob@untop.example.org")
    single_sign_on.user("alice-p", email="alice@untop.example.org", password="alice-pass-1")
    portal = Client()
    assert _sign_on(portal, "alice-p", "alice-pass-1").status_code == 302
    assert _signed_in_user_id(portal) == str(alice.pk)
    portal.post(reverse("logout"))

    # At the provider, Alice's account now gives Bob's (verified) address.
    single_sign_on.user("alice-p", email="bob@untop.example.org", password="alice-pass-1")
    assert _sign_on(portal, "alice-p", "alice-pass-1").status_code == 302
    assert _signed_in_user_id(portal) == str(alice.pk)  # still Alice, never Bob
    assert not SingleSignOnIdentity.objects.filter(user=bob).exists()
    portal.post(reverse("logout"))

    # Another provider account taking Alice's address does not get her portal account.
    single_sign_on.user("mallory", email="alice@untop.example.org", password="mallory-pass-1")
    refused = _sign_on(portal, "mallory", "mallory-pass-1")
    assert refused.status_code == 403
    assert f"already signs in with another {PROVIDER_NAME} account" in _text(refused)
    assert _signed_in_user_id(portal) is None
    assert SingleSignOnIdentity.objects.filter(user=alice).count() == 1


# Passwords off for single sign-on users


def _password_sign_in(username: str) -> tuple[Client, object]:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    return client, response


def test_passwords_off_refuses_a_linked_user_s_password_and_says_what_to_use(
    single_sign_on, staff_user, manager
):
    single_sign_on.user("staff-sso", email=staff_user.email, password="provider-pass-1")
    assert _sign_on(Client(), "staff-sso", "provider-pass-1").status_code == 302

    with override_settings(UNTOP_OIDC_PASSWORDS_OFF=True):
        client, response = _password_sign_in("staff")
        assert response.status_code == 200
        assert (
            f"Your account signs in with {PROVIDER_NAME}, not with a portal password: "
            f"use the “Sign in with {PROVIDER_NAME}” button." in _text(response)
        )
        assert _signed_in_user_id(client) is None
        # A wrong password gets the usual answer: the form tells nobody who signs on.
        response = Client().post(
            reverse("login"), {"username": "staff", "password": "not-the-password"}
        )
        assert "Please enter a correct username and password" in _text(response)
        assert "not with a portal password" not in _text(response)
        # An account that is not linked still signs in with its password.
        client, response = _password_sign_in("manager")
        assert response.status_code == 302
        assert _signed_in_user_id(client) == str(manager.pk)

    # Without the setting, the linked user's password works as before.
    client, response = _password_sign_in("staff")
    assert response.status_code == 302
    assert _signed_in_user_id(client) == str(staff_user.pk)


# The second factor


def test_the_portal_s_second_factor_still_applies_after_single_sign_on(single_sign_on, manager):
    TOTPDevice.objects.create(user=manager, name="Phone", confirmed=True)
    single_sign_on.user("manager-sso", email=manager.email, password="provider-pass-1", mfa=True)
    portal = Client()

    assert _sign_on(portal, "manager-sso", "provider-pass-1").status_code == 302

    # UNTOP_OIDC_TRUSTS_MFA is off: the provider's second factor does not count.
    home = portal.get(reverse("home"))
    assert home.status_code == 302
    assert home.url.startswith(reverse("two_factor_verify"))


def test_a_trusted_provider_s_second_factor_counts_as_the_portal_s(single_sign_on, manager):
    TOTPDevice.objects.create(user=manager, name="Phone", confirmed=True)
    single_sign_on.user("manager-sso", email=manager.email, password="provider-pass-1", mfa=True)
    portal = Client()

    with override_settings(UNTOP_OIDC_TRUSTS_MFA=True):
        assert _sign_on(portal, "manager-sso", "provider-pass-1").status_code == 302
        assert portal.get(reverse("home"), follow=True).status_code == 200
        back_office = portal.get(reverse("admin:index"))
        assert back_office.status_code == 200
        assert AuthEvent.objects.filter(kind=AuthEvent.Kind.SSO_SIGNED_IN, user=manager).exists()


def test_a_trusted_provider_s_second_factor_is_a_django_otp_device_of_the_identity(
    single_sign_on, manager
):
    """The sign-on verifies the session the django-otp way, through a device of the linked
    identity; unlinking the identity ends that verification."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from untop.security.models import SingleSignOnDevice

    TOTPDevice.objects.create(user=manager, name="Phone", confirmed=True)
    single_sign_on.user("manager-sso", email=manager.email, password="provider-pass-1", mfa=True)
    portal = Client()

    with override_settings(UNTOP_OIDC_TRUSTS_MFA=True):
        assert _sign_on(portal, "manager-sso", "provider-pass-1").status_code == 302
        device = SingleSignOnDevice.objects.get(user=manager)
        assert device.identity == SingleSignOnIdentity.objects.get(user=manager)
        assert portal.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
        assert not device.verify_token("123456")  # no code typed into the portal verifies it
        assert portal.get(reverse("admin:index")).status_code == 200
        SingleSignOnIdentity.objects.filter(user=manager).delete()
        back_office = portal.get(reverse("admin:index"))
    assert back_office.status_code == 302
    assert back_office.url.startswith(reverse("two_factor_verify"))
    assert not SingleSignOnDevice.objects.exists()


def test_a_trusted_provider_must_say_it_asked_for_a_second_factor(single_sign_on, manager):
    TOTPDevice.objects.create(user=manager, name="Phone", confirmed=True)
    single_sign_on.user("manager-sso", email=manager.email, password="provider-pass-1", mfa=False)
    portal = Client()

    with override_settings(UNTOP_OIDC_TRUSTS_MFA=True):
        assert _sign_on(portal, "manager-sso", "provider-pass-1").status_code == 302
        home = portal.get(reverse("home"))
    assert home.status_code == 302
    assert home.url.startswith(reverse("two_factor_verify"))


# Configuration


def test_endpoints_set_one_by_one_need_no_discovery(single_sign_on, staff_user, monkeypatch):
    def no_discovery(issuer):
        raise AssertionError("the discovery document was read")

    monkeypatch.setattr(oidc, "discovery", no_discovery)
    single_sign_on.user("staff-sso", email=staff_user.email, password="provider-pass-1")
    base = single_sign_on.issuer
    with override_settings(
        OIDC_OP_AUTHORIZATION_ENDPOINT=f"{base}/authorize",
        OIDC_OP_TOKEN_ENDPOINT=f"{base}/token",
        OIDC_OP_USER_ENDPOINT=f"{base}/userinfo",
        OIDC_OP_JWKS_ENDPOINT=f"{base}/jwks",
    ):
        portal = Client()
        assert _sign_on(portal, "staff-sso", "provider-pass-1").status_code == 302
    assert _signed_in_user_id(portal) == str(staff_user.pk)


def test_an_id_token_from_another_issuer_is_refused(single_sign_on, staff_user, monkeypatch):
    """mozilla-django-oidc checks the token's signature, expiry and nonce; the portal also
    checks that it comes from the configured issuer."""
    single_sign_on.user("staff-sso", email=staff_user.email, password="provider-pass-1")
    discovered = oidc.discovery(single_sign_on.issuer)
    # The same provider's endpoints, but the portal expects another issuer's tokens.
    monkeypatch.setattr(oidc, "discovery", lambda issuer: discovered)
    other = "http://localhost" + urlsplit(single_sign_on.issuer).path
    with override_settings(UNTOP_OIDC_ISSUER=other):
        portal = Client()
        refused = _sign_on(portal, "staff-sso", "provider-pass-1")
    assert refused.status_code == 400
    assert _signed_in_user_id(portal) is None
    assert not SingleSignOnIdentity.objects.exists()


def test_an_administrator_unlinks_an_account_in_the_back_office(
    administrator, manager, django_capture_on_commit_callbacks
):
    """A person whose identity at the provider changed is unlinked: recorded and e-mailed."""
    from django.core import mail

    from tests.conftest import _client_for
    from untop.security.models import SingleSignOnIdentity

    identity = SingleSignOnIdentity.objects.create(
        user=manager, issuer="https://login.example.org", subject="abc-123"
    )
    client = _client_for(administrator)
    changelist = reverse("admin:security_singlesignonidentity_changelist")
    assert client.get(changelist).status_code == 200
    # The subject is not a filter: no guessing it one character at a time.
    assert client.get(changelist, {"subject__startswith": "a"}).status_code in (302, 400)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:security_singlesignonidentity_delete", args=[identity.pk]),
            {"post": "yes"},
        )
    assert response.status_code == 302
    assert not SingleSignOnIdentity.objects.exists()
    event = AccountEvent.objects.get(account=manager)
    assert event.kind == AccountEvent.Kind.SIGN_IN_METHOD_CHANGED
    assert event.actor == administrator
    assert "Unlinked" in event.detail
    assert any(manager.email in message.to for message in mail.outbox)


def test_an_administrator_unlinks_no_account_above_them(administrator, admin_user, centre):
    """Unlinking a superuser's (or another administrator's) account would, with passwords
    off, turn their password back on: refused on the page, in "delete selected" and in the
    service; a superuser may."""
    from django.core.exceptions import PermissionDenied

    from tests.conftest import _client_for

    other = user_with_role(roles.ADMINISTRATOR, username="administrator2", home_centre=centre)
    above = [
        SingleSignOnIdentity.objects.create(user=user, issuer="https://idp", subject=user.username)
        for user in (admin_user, other, administrator)
    ]
    client = _client_for(administrator)
    for identity in above:
        url = reverse("admin:security_singlesignonidentity_delete", args=[identity.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:security_singlesignonidentity_changelist")
    selected = {"action": "delete_selected", "_selected_action": [above[0].pk], "post": "yes"}
    assert client.post(changelist, selected).status_code == 403
    with pytest.raises(PermissionDenied):
        oidc.identities_unlink(identities=[above[0]], acting_user=administrator)
    assert SingleSignOnIdentity.objects.count() == 3
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.SIGN_IN_METHOD_CHANGED).exists()
    superuser = _client_for(admin_user)
    url = reverse("admin:security_singlesignonidentity_delete", args=[above[1].pk])
    assert superuser.post(url, {"post": "yes"}).status_code == 302
    assert SingleSignOnIdentity.objects.count() == 2
