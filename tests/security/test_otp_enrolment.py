"""Setting up the second factor before anyone else can: within the account's first
UNTOP_OTP_ENROLMENT_HOURS, or through a one-time link the portal e-mails (untop.security.otp)."""

from __future__ import annotations

import base64
import datetime
import re
import time
from unittest import mock
from urllib.parse import unquote

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from untop.audit.models import AccountEvent
from untop.security import otp

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
LINK = re.compile(r"https?://[^/\s]+(/accounts/two-factor/enrol/[^/\s]+/)")


def _sign_in(client: Client, username: str) -> None:
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:300]


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _age(user, *, hours: int) -> None:
    type(user).objects.filter(pk=user.pk).update(
        date_joined=timezone.now() - datetime.timedelta(hours=hours)
    )
    user.refresh_from_db()


def _send_link(user, administrator, capture) -> str:
    mail.outbox.clear()
    with capture(execute=True):
        otp.otp_enrolment_send(user=user, acting_user=administrator)
    [message] = mail.outbox
    assert message.to == [user.email]
    return LINK.search(message.body).group(1)


def test_a_manager_past_the_window_cannot_set_up_alone_and_is_told_at_sign_in(manager):
    # Before: the first visit to the back office paired whichever phone was scanned, so
    # anyone who had learnt a manager's password could enrol their own before the manager.
    _age(manager, hours=49)
    client = Client()
    _sign_in(client, "manager")
    response = client.get(reverse("programs:dashboard"))
    assert response.status_code == 302 and response.url == reverse("two_factor_link_needed")
    page = client.get(response.url).content.decode()
    assert "An administrator must send you a set-up link" in page
    # Told once; the portal's pages open, the back office does not.
    assert client.get(reverse("programs:dashboard")).status_code == 200
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url == reverse("two_factor_link_needed")
    setup = client.get(reverse("two_factor_setup"))
    assert setup.status_code == 403
    assert "An administrator must send you a set-up link" in setup.content.decode()
    assert not TOTPDevice.objects.filter(user=manager).exists()
    refused = client.post(reverse("two_factor_setup"), {"token": "123456"})
    assert refused.status_code == 403
    assert not TOTPDevice.objects.filter(user=manager).exists()


def test_within_the_window_the_manager_sets_up_on_the_first_visit(manager):
    _age(manager, hours=47)
    client = Client()
    _sign_in(client, "manager")
    response = client.get("/admin/")
    assert response.url.startswith(reverse("two_factor_setup"))
    assert client.get(response.url).status_code == 200
    account = client.get(reverse("account")).content.decode()
    assert "after that, only a set-up link from an administrator" in account


def test_programme_staff_may_turn_it_on_whenever_they_like(staff_user):
    _age(staff_user, hours=24 * 365)
    client = Client()
    _sign_in(client, "staff")
    assert client.get(reverse("programs:activity_list")).status_code == 200
    assert client.get(reverse("two_factor_setup")).status_code == 200


def test_the_e_mailed_link_sets_up_the_app_once(
    manager, administrator, django_capture_on_commit_callbacks
):
    _age(manager, hours=24 * 30)
    link = _send_link(manager, administrator, django_capture_on_commit_callbacks)
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.OTP_ENROLMENT_SENT)
    assert event.account == manager and event.actor == administrator

    client = Client()
    # The link asks for the sign-in first, and comes back to itself.
    response = client.get(link)
    assert response.status_code == 302
    assert unquote(response.url) == reverse("login") + "?next=" + link
    response = client.post(
        response.url, {"username": "manager", "password": PASSWORD, "next": link}
    )
    assert response.url == link
    page = client.get(link)
    assert page.status_code == 200
    assert "Set up two-factor sign-in" in page.content.decode()
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, {"token": _code(device), "next": "/admin/"})
    assert response.url == reverse("recovery_codes") + "?next=/admin/"
    device.refresh_from_db()
    assert device.confirmed
    added = AccountEvent.objects.get(kind=AccountEvent.Kind.OTP_ADDED)
    assert added.account == manager and added.actor == manager
    assert any("Authenticator added" in message.subject for message in mail.outbox)
    assert client.get("/admin/").status_code == 200

    # Used once: the same link no longer works, for the holder or anyone else.
    again = client.get(link)
    assert again.status_code == 404
    assert "This set-up link no longer works" in again.content.decode()


def test_a_link_expires_after_the_window(
    manager, administrator, django_capture_on_commit_callbacks
):
    _age(manager, hours=24 * 30)
    sent_at = time.time() - 49 * 3600
    with mock.patch("time.time", return_value=sent_at):
        link = _send_link(manager, administrator, django_capture_on_commit_callbacks)
    client = Client()
    _sign_in(client, "manager")
    response = client.get(link)
    assert response.status_code == 404
    assert "This set-up link no longer works" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=manager).exists()


def test_a_link_works_only_for_the_account_it_was_sent_to(
    manager, administrator, django_capture_on_commit_callbacks
):
    link = _send_link(manager, administrator, django_capture_on_commit_callbacks)
    client = Client()
    _sign_in(client, "administrator")
    response = client.get(link)
    assert response.status_code == 404
    assert not TOTPDevice.objects.filter(user=administrator).exists()


def test_a_tampered_link_does_not_work(manager, administrator, django_capture_on_commit_callbacks):
    link = _send_link(manager, administrator, django_capture_on_commit_callbacks)
    client = Client()
    _sign_in(client, "manager")
    assert client.get(link[:-3] + "x/").status_code == 404


def test_no_link_for_an_account_that_has_an_app_or_no_address(manager, administrator):
    TOTPDevice.objects.create(user=manager, name="Phone", confirmed=True)
    with pytest.raises(ValidationError, match="already has an authenticator app"):
        otp.otp_enrolment_send(user=manager, acting_user=administrator)
    manager.email = ""
    manager.save()
    with pytest.raises(ValidationError, match="no e-mail address"):
        otp.otp_enrolment_send(user=manager, acting_user=administrator)
    assert mail.outbox == []
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.OTP_ENROLMENT_SENT).exists()


def test_the_demo_note_gives_a_link_only_to_demo_users_whose_window_has_closed(
    administrator, centre
):
    from demo.security import two_factor_note as _demo_two_factor_note
    from tests.factories import user_with_role
    from untop import roles

    manager = user_with_role(roles.PROGRAMME_MANAGER, username="manager", home_centre=centre)
    admin = user_with_role(roles.ADMINISTRATOR, username="admin", home_centre=centre)
    lines: list[str] = []
    _demo_two_factor_note(lines.append)
    assert len(lines) == 1 and "/accounts/two-factor/set-up/" in lines[0]

    _age(admin, hours=24 * 400)  # made by an earlier `make run`
    lines.clear()
    _demo_two_factor_note(lines.append)
    assert len(lines) == 2 and lines[1].startswith("  admin's set-up window has closed")
    path = LINK.search(lines[1]).group(1)
    client = Client()
    _sign_in(client, "admin")
    assert client.get(path).status_code == 200
    assert manager.username not in lines[1]


def test_a_key_shown_before_is_not_the_one_paired_through_the_link(
    manager, administrator, django_capture_on_commit_callbacks
):
    # Someone with the password opened the set-up page while it was open, and saw its key.
    seen = TOTPDevice.objects.create(user=manager, name="Authenticator app", confirmed=False)
    TOTPDevice.objects.filter(pk=seen.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=50)
    )
    _age(manager, hours=50)
    link = _send_link(manager, administrator, django_capture_on_commit_callbacks)
    client = Client()
    _sign_in(client, "manager")
    page = client.get(link).content.decode()
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    assert device.pk != seen.pk and device.key != seen.key
    assert not TOTPDevice.objects.filter(pk=seen.pk).exists()
    assert base64.b32encode(seen.bin_key).decode().rstrip("=") not in page
    assert base64.b32encode(device.bin_key).decode().rstrip("=") in page


def test_the_command_sends_a_link_when_no_administrator_can(
    administrator, django_capture_on_commit_callbacks
):
    from django.core.management import CommandError, call_command

    TOTPDevice.objects.create(user=administrator, name="Lost phone", confirmed=True)
    with pytest.raises(CommandError, match="already has an authenticator app"):
        call_command("otp_enrolment_send", "administrator")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("otp_enrolment_send", "administrator", "--replace")
    assert not TOTPDevice.objects.filter(user=administrator).exists()
    assert LINK.search(mail.outbox[-1].body)
    kinds = set(AccountEvent.objects.filter(account=administrator).values_list("kind", flat=True))
    assert kinds == {AccountEvent.Kind.OTP_REMOVED, AccountEvent.Kind.OTP_ENROLMENT_SENT}
