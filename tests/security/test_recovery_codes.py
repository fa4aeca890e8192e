"""Recovery codes: ten one-time codes shown once at set-up, good on the code page instead of
the app's code, made anew from the account page after the password again."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from untop.audit.models import AccountEvent, AuthEvent
from untop.security import otp, sessions

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
CODE = re.compile(r"<li><code>([a-z2-7]{8})</code></li>")


def _sign_in(client: Client, username: str):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_ten_codes_are_shown_once_when_the_app_is_set_up(manager):
    client = Client()
    _sign_in(client, "manager")
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"token": _code(device)})
    assert response.url.startswith(reverse("recovery_codes"))
    shown = CODE.findall(client.get(response.url).content.decode())
    assert len(shown) == 10 == len(set(shown))
    assert set(shown) == set(
        StaticToken.objects.filter(device__user=manager).values_list("token", flat=True)
    )
    assert AccountEvent.objects.filter(
        kind=AccountEvent.Kind.RECOVERY_CODES_MADE, account=manager
    ).exists()
    # Never again: not on a reload, not on the account page.
    again = client.get(reverse("recovery_codes")).content.decode()
    assert CODE.findall(again) == []
    assert "were shown once" in again
    account = client.get(reverse("account")).content.decode()
    assert not any(code in account for code in shown)
    assert "10 left" in account


# A wrong code makes django-otp wait before the next try; no waiting in tests.
@override_settings(OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)
def test_a_recovery_code_stands_in_for_the_app_once(manager, django_capture_on_commit_callbacks):
    TOTPDevice.objects.create(user=manager, name="Phone", confirmed=True)
    codes = otp.recovery_codes_make(user=manager, acting_user=manager)
    client = Client()
    _sign_in(client, "manager")
    assert client.get("/admin/").url.startswith(reverse("two_factor_verify"))
    page = client.get(reverse("two_factor_verify")).content.decode()
    assert "recovery codes instead" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("two_factor_verify"), {"token": codes[0].upper(), "next": "/admin/"}
        )
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    used = AccountEvent.objects.get(kind=AccountEvent.Kind.RECOVERY_CODE_USED)
    assert used.account == manager and used.detail == "9 left"
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert "Recovery code used" in mail.outbox[0].subject
    assert AuthEvent.objects.filter(user=manager, kind=AuthEvent.Kind.OTP_VERIFIED).exists()

    # The same code a second time is refused.
    client.post(reverse("logout"))
    _sign_in(client, "manager")
    refused = client.post(reverse("two_factor_verify"), {"token": codes[0]})
    assert "That code is not right" in refused.content.decode()
    assert client.get("/admin/").url.startswith(reverse("two_factor_verify"))


def test_new_codes_need_the_password_again_and_replace_the_old_ones(
    manager, manager_client, django_capture_on_commit_callbacks
):
    TOTPDevice.objects.create(user=manager, name="Phone", confirmed=True)
    old = otp.recovery_codes_make(user=manager, acting_user=manager)
    account = manager_client.get(reverse("account")).content.decode()
    assert reverse("recovery_codes_new") in account

    session = manager_client.session
    session[sessions.REAUTHENTICATED_AT] = sessions.now() - settings.UNTOP_REAUTHENTICATION_AGE - 5
    session.save()
    response = manager_client.post(reverse("recovery_codes_new"))
    assert response.url.startswith(reverse("reauthenticate"))
    assert set(old) == set(StaticToken.objects.values_list("token", flat=True))

    manager_client.post(response.url, {"password": PASSWORD})
    assert manager_client.get(reverse("recovery_codes_new")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(reverse("recovery_codes_new"))
    new = CODE.findall(manager_client.get(response.url).content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(new) == set(StaticToken.objects.values_list("token", flat=True))
    assert AccountEvent.objects.filter(kind=AccountEvent.Kind.RECOVERY_CODES_MADE).count() == 2
    assert any("Recovery codes made" in message.subject for message in mail.outbox)


def test_without_an_app_there_are_no_recovery_codes_to_make(staff_client):
    assert staff_client.post(reverse("recovery_codes_new")).url == reverse("account")
    assert not StaticToken.objects.exists()
