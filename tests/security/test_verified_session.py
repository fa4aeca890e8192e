"""The second factor kept the django-otp way: the code step stores its device in the session
(``django_otp.login``), ``OTPMiddleware`` answers ``request.user.is_verified()``, and the back
office's admin site opens only to a verified session. Each test signs in through the pages."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from untop.security import otp

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def _sign_in(client: Client, username: str):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:300]
    return response


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _verified(client: Client, username: str, device: TOTPDevice) -> None:
    _sign_in(client, username)
    response = client.post(reverse("two_factor_verify"), {"token": _code(device), "next": "/x/"})
    assert response.status_code == 302 and response.url == "/x/"


# A wrong code makes django-otp wait before the next try; no waiting in tests.
@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_the_code_step_stores_django_otps_device_and_no_key_of_the_portals_own(manager):
    device = TOTPDevice.objects.create(user=manager, name="Phone", confirmed=True)
    client = Client()
    _sign_in(client, "manager")
    assert DEVICE_ID_SESSION_KEY not in client.session
    _verified(client, "manager", device)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    session_keys = [key for key, _value in client.session.items()]
    assert not [key for key in session_keys if "otp" in key and key.startswith("untop")]
    assert client.get("/admin/").status_code == 200


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_signing_in_again_asks_for_the_code_again(manager):
    device = TOTPDevice.objects.create(user=manager, name="Phone", confirmed=True)
    client = Client()
    _verified(client, "manager", device)
    # The same user's password again, in the same browser: Django keeps the session, the
    # portal does not keep its verification.
    _sign_in(client, "manager")
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get("/admin/").url.startswith(reverse("two_factor_verify"))


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_the_code_page_of_a_verified_session_goes_on_to_where_the_user_was_going(manager):
    device = TOTPDevice.objects.create(user=manager, name="Phone", confirmed=True)
    client = Client()
    _verified(client, "manager", device)
    response = client.get(reverse("two_factor_verify") + "?next=/admin/")
    assert response.status_code == 302 and response.url == "/admin/"


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_a_device_deleted_in_the_back_office_no_longer_verifies_its_sessions(
    manager, admin_client_
):
    device = TOTPDevice.objects.create(user=manager, name="Lost phone", confirmed=True)
    client = Client()
    _verified(client, "manager", device)
    assert client.get("/admin/").status_code == 200
    deleted = admin_client_.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 302
    # The manager's account is new: the back office sends them to set up a new app.
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_setup"))
    assert DEVICE_ID_SESSION_KEY not in client.session


@override_settings(OTP_STATIC_THROTTLE_FACTOR=0)
def test_new_recovery_codes_keep_a_session_verified_by_a_recovery_code(manager):
    TOTPDevice.objects.create(user=manager, name="Phone", confirmed=True)
    codes = otp.recovery_codes_make(user=manager, acting_user=manager)
    client = Client()
    _sign_in(client, "manager")
    response = client.post(reverse("two_factor_verify"), {"token": codes[0], "next": "/admin/"})
    assert response.url == "/admin/"
    static = StaticDevice.objects.get(user=manager)
    assert client.session[DEVICE_ID_SESSION_KEY] == static.persistent_id
    # The password was given a moment ago, at the sign-in: new codes are made at once.
    made = client.post(reverse("recovery_codes_new"))
    assert made.status_code == 302 and made.url == reverse("recovery_codes")
    assert not static.token_set.filter(token=codes[1]).exists()
    assert client.get("/admin/").status_code == 200


def test_the_back_office_admits_staff_only_once_verified(manager, staff_user):
    request = RequestFactory().get("/admin/")
    request.user = manager
    manager.is_verified = lambda: False
    assert admin.site.has_permission(request) is False
    manager.is_verified = lambda: True
    assert admin.site.has_permission(request) is True
    # Verified or not, a user who is not staff never opens it.
    request.user = staff_user
    staff_user.is_verified = lambda: True
    assert admin.site.has_permission(request) is False
