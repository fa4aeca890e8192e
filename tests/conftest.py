"""Fixtures shared by the whole suite: one user per role, their centres, a client each."""

import datetime

import pytest
from django.test import Client

from programs.models import MandatePeriod
from tests.factories import CentreFactory, user_with_role
from untop import roles


@pytest.fixture
def period(db):
    """The 2005–06 mandate period, the one the letter S/2006/355 reports on."""
    return MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), symbol="S/2006/355"
    )


@pytest.fixture
def centre(db):
    return CentreFactory(name="Khujand", code="khujand")


@pytest.fixture
def other_centre(db):
    return CentreFactory(name="Khorog", code="khorog")


@pytest.fixture
def staff_user(centre):
    return user_with_role(roles.PROGRAMME_STAFF, username="staff", home_centre=centre)


@pytest.fixture
def manager(centre):
    return user_with_role(roles.PROGRAMME_MANAGER, username="manager", home_centre=centre)


@pytest.fixture
def hr_officer(centre):
    return user_with_role(roles.HUMAN_RIGHTS_OFFICER, username="hr", home_centre=centre)


@pytest.fixture
def administrator(centre):
    return user_with_role(roles.ADMINISTRATOR, username="administrator", home_centre=centre)


def verified_login(client: Client, user, *, device=None):
    """Sign the user in as both sign-in steps would: the password (``force_login``), then the
    second factor, stored the django-otp way (``DEVICE_ID_SESSION_KEY``, as
    ``django_otp.login()`` does after a right code), so that ``request.user.is_verified()``.

    The device is the user's confirmed authenticator app, made if they have none. Tests of
    the second factor itself sign in through the pages instead
    (tests/security/test_login_protection.py, test_otp_enrolment.py, test_recovery_codes.py).
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    if device is None:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def sign_in_as(client: Client, user) -> None:
    """Sign the user in, past the second factor when they must give one (managers,
    administrators, superusers: untop.security.sessions.needs_two_factor); programme staff
    and human-rights officers, who need none, are signed in without an authenticator app."""
    from untop.security.sessions import needs_two_factor

    if needs_two_factor(user):
        verified_login(client, user)
    else:
        client.force_login(user)


def _client_for(user) -> Client:
    client = Client()
    sign_in_as(client, user)
    return client


@pytest.fixture
def staff_client(staff_user):
    return _client_for(staff_user)


@pytest.fixture
def manager_client(manager):
    return _client_for(manager)


@pytest.fixture
def admin_client_(administrator):
    return _client_for(administrator)


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's superuser client, past the second factor as a superuser must be."""
    return _client_for(admin_user)


@pytest.fixture(autouse=True)
def _each_test_starts_in_english():
    """A request in Russian or Tajik leaves its language active in the test's thread (the
    locale middleware activates a language per request and does not reset it): messages
    built outside a request, as an import's, would follow it into the next test."""
    from django.utils import translation

    yield
    translation.activate("en")
