"""Fixtures shared by the whole suite: one user per role, their centres, a client each, and
the demo data set (`demo`), loaded once per test module."""

import contextlib
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from pytest_django.fixtures import validate_django_db

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


# The demo data set, loaded once for the tests that only read it ------------------------------
#
# `load_demo` takes seconds, and many report and area tests ask for it only to read it or to
# write inside their own transaction, which is rolled back. Those tests share one load: it is
# made inside a transaction that is never committed, and each test runs in a savepoint of its
# own within it (pytest-django's TestCase wraps the test, and skips the class-level
# transaction so that a wider one may hold shared data). They run together, module by module
# in their order, so that one load serves them all. No other test sees the load: it is
# rolled back before any test that does not ask for the demo or that commits
# (transactional_db, live_server), and at the end of the session. Written here because
# pytest-django has no fixture for data shared by several tests (pytest-django issue 105).

_COMMITTING_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


class _SharedDemo:
    """The shared demo data, in its open (never committed) transaction."""

    def __init__(self):
        self.blocker = None  # pytest-django's django_db_blocker, to reach the database
        self.wanted = False  # whether the test about to run shares it
        self._transaction = None

    @property
    def loaded(self) -> bool:
        return self._transaction is not None

    def load(self) -> None:
        with self.blocker.unblock(), contextlib.ExitStack() as stack:
            stack.enter_context(transaction.atomic())
            call_command("load_demo", "--allow-production", stdout=io.StringIO())
            self._transaction = stack.pop_all()

    def discard(self) -> None:
        if self._transaction is None:
            return
        opened, self._transaction = self._transaction, None
        with self.blocker.unblock():
            transaction.set_rollback(True)
            opened.close()


_shared_demo = _SharedDemo()


def _shares_the_demo(item: pytest.Item) -> bool:
    """Whether the test asks for the demo and runs inside a transaction rolled back after it."""
    names = set(getattr(item, "fixturenames", ()))
    if "_shared_demo_load" not in names or names & _COMMITTING_FIXTURES:
        return False
    marker = item.get_closest_marker("django_db")
    return marker is None or not validate_django_db(marker)[0]


def _commits_or_needs_no_database(item: pytest.Item) -> bool:
    """Whether pytest-django runs the test after those in a rolled-back transaction: it
    commits (and its database is emptied after it), or it uses no database."""
    names = set(getattr(item, "fixturenames", ()))
    if names & _COMMITTING_FIXTURES:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transactional, reset_sequences, *_ = validate_django_db(marker)
        return bool(transactional or reset_sequences)
    return "db" not in names


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests sharing the demo run after the other tests in a rolled-back transaction and
    before those that commit (pytest-django orders them so: a committing test's database is
    emptied after it, the reference rows of the migrations with it), so that one load serves
    them all. The order of the others, and theirs among themselves, is kept."""

    def place(item: pytest.Item) -> int:
        if _shares_the_demo(item):
            return 1
        return 2 if _commits_or_needs_no_database(item) else 0

    items.sort(key=place)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before a test's fixtures: roll the shared demo back if this test must not see it, or
    load it again for a test that shares it after one that did not."""
    _shared_demo.wanted = _shares_the_demo(item)
    if _shared_demo.loaded and not _shared_demo.wanted:
        _shared_demo.discard()
    elif _shared_demo.wanted and not _shared_demo.loaded and _shared_demo.blocker is not None:
        _shared_demo.load()


@pytest.fixture(scope="session")
def _shared_demo_load(django_db_setup, django_db_blocker):
    """The shared load, made for the first test that shares it, rolled back at the end."""
    _shared_demo.blocker = django_db_blocker
    if _shared_demo.wanted:
        _shared_demo.load()
    yield
    _shared_demo.discard()
    _shared_demo.blocker = None


@pytest.fixture
def demo(_shared_demo_load, db):
    """The demo data set of `manage.py load_demo` (the office's work 2000–2007, one login per
    role). A test that commits (transactional_db, live_server) loads its own, which is
    flushed after it; the others share one load."""
    from untop.figures_cache import figures_changed

    if _shared_demo.loaded:
        # As a load of its own would: figures cached by an earlier test of the module (whose
        # writes were rolled back, the cache's version not) are not taken as current.
        figures_changed()
    else:
        call_command("load_demo", "--allow-production", stdout=io.StringIO())
