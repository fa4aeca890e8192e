"""Password-reset requests are limited per e-mail address and per client address, without
telling anyone whether an account exists; the password pages record their changes."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from untop.audit.models import AccountEvent, AuthEvent

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
RESET = reverse("password_reset")
DONE = reverse("password_reset_done")


def _ask(email: str, address: str = "192.0.2.1"):
    return Client(REMOTE_ADDR=address).post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_links_to_one_address_stop_after_the_limit_with_the_same_answer(staff_user):
    # Before: every request sent a link, so anyone could fill a mailbox with reset links.
    limit = settings.UNTOP_RESET_LIMIT_PER_ACCOUNT
    for number in range(limit):
        response = _ask(staff_user.email, address=f"198.51.100.{number}")
        assert response.status_code == 302 and response.url == DONE
    assert len(mail.outbox) == limit
    throttled = _ask(staff_user.email, address="198.51.100.99")
    assert throttled.status_code == 302 and throttled.url == DONE
    assert "If an account uses that address" in Client().get(throttled.url).content.decode()
    assert len(mail.outbox) == limit  # nothing more sent
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.RESET_REQUESTED).count() == limit
    event = AuthEvent.objects.get(kind=AuthEvent.Kind.RESET_THROTTLED)
    assert event.user == staff_user and event.ip_address == "198.51.100.99"
    sent = AccountEvent.objects.filter(kind=AccountEvent.Kind.PASSWORD_RESET_SENT)
    assert sent.count() == limit and {e.account for e in sent} == {staff_user}


def test_the_limit_counts_the_address_whatever_its_case(staff_user):
    for _ in range(settings.UNTOP_RESET_LIMIT_PER_ACCOUNT):
        _ask(staff_user.email.upper())
    _ask(staff_user.email)
    assert len(mail.outbox) == settings.UNTOP_RESET_LIMIT_PER_ACCOUNT


def test_one_client_address_asking_for_many_accounts_is_stopped(staff_user, manager):
    limit = settings.UNTOP_RESET_LIMIT_PER_ADDRESS
    for number in range(limit - 1):
        _ask(f"nobody{number}@example.org", address="203.0.113.5")
    assert mail.outbox == []  # unknown addresses: nothing sent, the same answer
    response = _ask(manager.email, address="203.0.113.5")
    assert response.url == DONE and len(mail.outbox) == 1
    response = _ask(staff_user.email, address="203.0.113.5")
    assert response.status_code == 302 and response.url == DONE
    assert len(mail.outbox) == 1
    assert AuthEvent.objects.filter(
        kind=AuthEvent.Kind.RESET_THROTTLED, ip_address="203.0.113.5"
    ).exists()
    # Another client address still gets its link.
    _ask(staff_user.email, address="203.0.113.6")
    assert len(mail.outbox) == 2


def test_an_unknown_address_gets_the_answer_a_known_one_gets(staff_user):
    known = _ask(staff_user.email)
    unknown = _ask("nobody@example.org")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert [m.to for m in mail.outbox] == [[staff_user.email]]
    assert AccountEvent.objects.filter(kind=AccountEvent.Kind.PASSWORD_RESET_SENT).count() == 1


def test_choosing_a_password_from_the_link_is_recorded(
    staff_user, django_capture_on_commit_callbacks
):
    _ask(staff_user.email)
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    client = Client()
    form = client.get(link.group(1), follow=True)
    new = "another-long-password-2006"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
        )
    assert response.url == reverse("password_reset_complete")
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.PASSWORD_SET)
    assert event.account == staff_user and event.actor == staff_user
    assert "Password set" in mail.outbox[-1].subject


def test_changing_ones_own_password_is_recorded_and_the_holder_told(
    staff_client, staff_user, django_capture_on_commit_callbacks
):
    new = "another-long-password-2006"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("password_change"),
            {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        )
    assert response.url == reverse("password_change_done")
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.PASSWORD_CHANGED)
    assert event.account == staff_user and event.actor == staff_user
    assert [m.to for m in mail.outbox] == [[staff_user.email]]
    assert "Password changed" in mail.outbox[0].subject
