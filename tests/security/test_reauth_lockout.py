"""The password-again step (/accounts/password/confirm/) counts wrong passwords toward
django-axes' lockout, as the sign-in form does, and logs them."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from untop.audit.models import AuthEvent

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def _signed_in(username: str, **extra) -> Client:
    client = Client(**extra)
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_wrong_passwords_again_lock_out_like_wrong_sign_ins(staff_user):
    # Before: the page tried passwords without limit, so a borrowed session could guess the
    # password there, then change the e-mail address and take the account.
    client = _signed_in("staff")
    confirm = reverse("reauthenticate")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(confirm, {"password": "not-my-password"})
        assert response.status_code == 200
        assert "That is not your password." in response.content.decode()
    response = client.post(confirm, {"password": "not-my-password"})
    assert response.status_code == 429
    assert "Sign-in locked for a while" in response.content.decode()
    # The right password is refused too, now, and the page says why.
    response = client.post(confirm, {"password": PASSWORD, "next": reverse("email_change")})
    assert response.status_code == 429
    assert "Sign-in locked for a while" in response.content.decode()
    assert client.get(confirm).status_code == 429
    kinds = list(AuthEvent.objects.filter(user=staff_user).values_list("kind", flat=True))
    assert kinds.count(AuthEvent.Kind.REAUTH_FAILED) == settings.AXES_FAILURE_LIMIT
    assert AuthEvent.Kind.LOCKED_OUT in kinds
    assert AuthEvent.Kind.REAUTHENTICATED not in kinds
    # The same user name from the same address cannot sign in either.
    response = Client().post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert response.status_code == 429


def test_wrong_passwords_again_and_failed_sign_ins_add_up(staff_user):
    client = _signed_in("staff")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("reauthenticate"), {"password": "wrong-password"})
    # One more wrong password, on the sign-in form this time, reaches the limit.
    response = Client().post(reverse("login"), {"username": "staff", "password": "wrong"})
    assert response.status_code == 429


def test_a_right_password_again_is_not_counted(staff_user):
    client = _signed_in("staff")
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        response = client.post(reverse("reauthenticate"), {"password": PASSWORD})
        assert response.status_code == 302
    assert not AuthEvent.objects.filter(kind=AuthEvent.Kind.REAUTH_FAILED).exists()
