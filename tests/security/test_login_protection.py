"""Sign-in protection: lockout, two-factor sign-in, session timeouts, password again."""

from __future__ import annotations

import base64
import re

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from untop.audit.models import AuthEvent
from untop.security import sessions

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def _sign_in(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


# Lockout (django-axes)


def test_five_wrong_passwords_lock_the_account_with_a_clear_page(staff_user):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _sign_in(client, "staff", "wrong-password")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    response = _sign_in(client, "staff", "wrong-password")
    assert response.status_code == 429
    assert "Sign-in locked for a while" in response.content.decode()
    # Even the right password is refused during the cool-off.
    response = _sign_in(client, "staff")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    kinds = list(AuthEvent.objects.filter(username="staff").values_list("kind", flat=True))
    assert kinds.count(AuthEvent.Kind.FAILED) >= settings.AXES_FAILURE_LIMIT
    assert AuthEvent.Kind.LOCKED_OUT in kinds


def test_a_lockout_holds_for_one_client_address_only(staff_user):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(attacker, "staff", "wrong-password", REMOTE_ADDR="203.0.113.9")
    assert _sign_in(attacker, "staff", REMOTE_ADDR="203.0.113.9").status_code == 429
    office = Client()
    response = _sign_in(office, "staff", REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(staff_user):
    client = Client()
    for number in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "staff", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    response = _sign_in(client, "staff", HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert response.status_code == 429


@override_settings(UNTOP_TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_the_address_comes_from_the_proxy(staff_user):
    client = Client()
    _sign_in(
        client,
        "staff",
        "wrong",
        REMOTE_ADDR="10.0.0.2",  # the proxy
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7",  # forged by the client, then the proxy's
    )
    event = AuthEvent.objects.get(kind=AuthEvent.Kind.FAILED)
    assert event.ip_address == "198.51.100.7"
    assert event.user == staff_user


def test_a_successful_sign_in_and_sign_out_are_logged(staff_user):
    client = Client()
    _sign_in(client, "staff", HTTP_USER_AGENT="Firefox")
    client.post(reverse("logout"))
    events = AuthEvent.objects.filter(user=staff_user).order_by("at", "id")
    assert [e.kind for e in events] == [AuthEvent.Kind.SIGNED_IN, AuthEvent.Kind.SIGNED_OUT]
    assert events[0].ip_address == "127.0.0.1" and events[0].user_agent == "Firefox"


# Two-factor sign-in (django-otp TOTP)


def test_a_manager_without_a_totp_device_cannot_reach_the_admin(manager):
    client = Client()
    assert _sign_in(client, "manager").status_code == 302
    # The portal opens: the second factor guards the back office.
    assert client.get(reverse("programs:dashboard")).status_code == 200
    for path in ("/admin/", "/admin/programs/activity/", "/admin/programs/donor/add/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(reverse("two_factor_setup") + "?next=")
    assert client.get(response.url).status_code == 200


def test_an_administrator_without_a_device_cannot_reach_the_admin_either(administrator):
    client = Client()
    _sign_in(client, "administrator")
    response = client.get("/admin/programs/user/")
    assert response.url.startswith(reverse("two_factor_setup"))


# A wrong code makes django-otp wait before the next try; no waiting in tests.
@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_setting_up_totp_opens_the_admin_with_a_qr_code_made_here(manager):
    client = Client()
    _sign_in(client, "manager")
    setup = reverse("two_factor_setup") + "?next=/admin/"
    page = client.get(setup).content.decode()
    # The QR code is an SVG in the page itself: no image service, no other host.
    qr = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', page).group(1)
    assert b"<svg" in base64.b64decode(qr)
    assert not re.search(r'(src|href)="(https?:)?//', page)
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert secret in page

    wrong = client.post(setup, {"token": "000000", "next": "/admin/"})
    assert "That code is not right" in wrong.content.decode()
    response = client.post(setup, {"token": _code(device), "next": "/admin/"})
    # The recovery codes are shown once, then the page goes on to where the user was going.
    assert response.status_code == 302
    assert response.url == reverse("recovery_codes") + "?next=/admin/"
    assert 'href="/admin/"' in client.get(response.url).content.decode()
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuthEvent.objects.filter(user=manager, kind=AuthEvent.Kind.OTP_SET_UP).exists()


# A wrong code makes django-otp wait before the next try; no waiting in tests.
@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_with_a_device_the_code_is_asked_after_the_password(manager):
    device = _device(manager)
    client = Client()
    response = _sign_in(client, "manager")
    # Every page waits for the code, the portal's included.
    response = client.get(reverse("programs:activity_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_verify"))
    assert client.get("/admin/").url.startswith(reverse("two_factor_verify"))
    refused = client.post(reverse("two_factor_verify"), {"token": "123456"})
    assert "That code is not right" in refused.content.decode()
    response = client.post(
        reverse("two_factor_verify"), {"token": _code(device), "next": "/admin/"}
    )
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("programs:activity_list")).status_code == 200
    kinds = set(AuthEvent.objects.filter(user=manager).values_list("kind", flat=True))
    assert {AuthEvent.Kind.OTP_FAILED, AuthEvent.Kind.OTP_VERIFIED} <= kinds


def test_the_code_page_refuses_to_send_the_user_to_another_host(manager):
    device = _device(manager)
    client = Client()
    _sign_in(client, "manager")
    response = client.post(
        reverse("two_factor_verify"), {"token": _code(device), "next": "https://evil.example/"}
    )
    assert response.url == reverse("home")


def test_staff_can_turn_on_two_factor_from_their_account_page(staff_user):
    client = Client()
    _sign_in(client, "staff")
    page = client.get(reverse("account")).content.decode()
    assert "Set up an authenticator app" in page
    assert reverse("two_factor_setup") in page
    assert client.get(reverse("two_factor_setup")).status_code == 200


def test_the_admin_shows_no_ones_totp_secret(admin_client_, manager):
    device = _device(manager)
    response = admin_client_.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert response.status_code == 200
    assert device.key not in response.content.decode()
    # django-otp's key and QR code pages are not in the portal's device admin.
    for page in ("config", "qrcode"):
        response = admin_client_.get(f"/admin/otp_totp/totpdevice/{device.pk}/{page}/", follow=True)
        assert device.key not in response.content.decode()


# Session timeouts


def _age_session(client: Client, **seconds_ago: int) -> None:
    session = client.session
    now = sessions.now()
    for key, ago in seconds_ago.items():
        session[getattr(sessions, key)] = now - ago
    session.save()


def test_a_session_ends_after_the_inactivity_timeout(staff_client):
    assert staff_client.get(reverse("programs:activity_list")).status_code == 200
    _age_session(staff_client, LAST_SEEN_AT=settings.UNTOP_SESSION_IDLE_TIMEOUT + 5)
    response = staff_client.get(reverse("programs:activity_list"))
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=" + reverse("programs:activity_list")
    assert staff_client.get(reverse("programs:activity_list")).status_code == 302


def test_activity_keeps_a_session_alive_but_not_past_the_absolute_timeout(staff_client):
    _age_session(
        staff_client,
        LAST_SEEN_AT=settings.UNTOP_SESSION_IDLE_TIMEOUT - 60,
        SIGNED_IN_AT=settings.UNTOP_SESSION_IDLE_TIMEOUT - 60,
    )
    assert staff_client.get(reverse("programs:activity_list")).status_code == 200
    assert sessions.now() - staff_client.session[sessions.LAST_SEEN_AT] < 5
    _age_session(
        staff_client, LAST_SEEN_AT=10, SIGNED_IN_AT=settings.UNTOP_SESSION_ABSOLUTE_TIMEOUT + 1
    )
    assert staff_client.get(reverse("programs:activity_list")).status_code == 302


# Password again before changing the password or the e-mail address


@pytest.mark.parametrize("name", ["password_change", "email_change", "two_factor_setup"])
def test_changing_how_one_signs_in_needs_the_password_again(staff_client, staff_user, name):
    _age_session(staff_client, REAUTHENTICATED_AT=settings.UNTOP_REAUTHENTICATION_AGE + 5)
    response = staff_client.get(reverse(name))
    assert response.status_code == 302
    assert response.url == reverse("reauthenticate") + "?next=" + reverse(name)
    wrong = staff_client.post(response.url, {"password": "not-my-password"})
    assert "That is not your password." in wrong.content.decode()
    assert staff_client.get(reverse(name)).status_code == 302
    right = staff_client.post(response.url, {"password": PASSWORD, "next": reverse(name)})
    assert right.url == reverse(name)
    assert staff_client.get(reverse(name)).status_code == 200


def test_the_e_mail_change_is_logged_and_saved(staff_client, staff_user):
    response = staff_client.post(reverse("email_change"), {"email": "new@untop.example.org"})
    assert response.url == reverse("account")
    staff_user.refresh_from_db()
    assert staff_user.email == "new@untop.example.org"
    assert AuthEvent.objects.filter(user=staff_user, kind=AuthEvent.Kind.EMAIL_CHANGED).exists()


def test_a_forged_e_mail_change_without_the_password_changes_nothing(staff_client, staff_user):
    _age_session(staff_client, REAUTHENTICATED_AT=settings.UNTOP_REAUTHENTICATION_AGE + 5)
    before = staff_user.email
    staff_client.post(reverse("email_change"), {"email": "attacker@example.com"})
    staff_user.refresh_from_db()
    assert staff_user.email == before


# Password rules


@pytest.mark.parametrize(
    "password,reason",
    [
        ("short1", "too short"),
        ("1234567890123", "entirely numeric"),
        ("password1234", "too common"),
        ("staff-user-staff", "too similar"),
    ],
)
def test_djangos_password_validators_are_on(staff_user, password, reason):
    staff_user.username = "staff-user-staff"
    with pytest.raises(ValidationError) as error:
        validate_password(password, user=staff_user)
    assert reason in " ".join(error.value.messages)
