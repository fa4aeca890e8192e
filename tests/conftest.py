"""Fixtures shared by the whole suite: one user per role, their centres, a client each."""

import datetime

import pytest
from django.test import Client

from programs import roles
from programs.models import MandatePeriod
from tests.factories import CentreFactory, user_with_role


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


@pytest.fixture(autouse=True, scope="session")
def _force_login_includes_the_second_factor():
    """`force_login` stands for a finished sign-in, the two-factor step included.

    Tests of the two-factor step itself sign in through the login form instead
    (tests/security/test_login_protection.py).
    """
    from django.test.client import ClientMixin

    from untop.security import sessions

    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        session.pop(sessions.OTP_PENDING, None)
        session[sessions.OTP_VERIFIED] = user.pk
        session.save()

    ClientMixin.force_login = force_login
    yield
    ClientMixin.force_login = original


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
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


@pytest.fixture(autouse=True)
def _each_test_starts_in_english():
    """A request in Russian or Tajik leaves its language active in the test's thread (the
    locale middleware activates a language per request and does not reset it): messages
    built outside a request, as an import's, would follow it into the next test."""
    from django.utils import translation

    yield
    translation.activate("en")
