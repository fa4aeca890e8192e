"""The database stops answering during a request: a clear 503 page, and the entry can be
sent again from it (or with the browser's back button) and is saved once."""

from __future__ import annotations

import re
from html import unescape
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.forms.models import ModelChoiceIterator
from django.test import Client
from django.urls import reverse

from programs.models import Activity
from programs.views import activities as activity_views
from tests.conftest import sign_in_as
from tests.factories import CategoryFactory, ProjectFactory
from untop.choices import CachedRecordChoices

PASSWORD = "a-long-test-password"


def _signed_in_client(user) -> Client:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    sign_in_as(client, user)
    return client


def _activity_form(client: Client, centre) -> dict:
    page = client.get(reverse("programs:activity_add")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    category = CategoryFactory(code="officials", name="Government officials")
    return {
        "csrfmiddlewaretoken": token,
        "project": ProjectFactory().pk,
        "kind": "seminar",
        "title": "Seminar during the restart",
        "start": "2005-10-10",
        "end": "2005-10-11",
        "centre": centre.pk,
        "status": "held",
        "narrative": "Typed once, not lost",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-category": category.pk,
        "participants-0-women": "12",
        "participants-0-men": "9",
    }


def _resend_form(page: str) -> tuple[str, dict]:
    """What the 503 page's "Send it again" button posts, as a browser would."""
    action = re.search(r'<form method="post" action="([^"]+)"', page).group(1)
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', page):
        fields.setdefault(unescape(name), []).append(unescape(value))
    return unescape(action), fields


def _assert_clear_503(response) -> str:
    assert response.status_code == 503
    page = response.content.decode()
    assert "The database is not answering" in page
    assert "your entry was not saved" in page
    assert "no-store" in response.headers["Cache-Control"]
    return page


@pytest.mark.django_db
def test_a_database_error_gives_a_503_page_that_sends_the_entry_again(staff_user, centre):
    client = _signed_in_client(staff_user)
    data = _activity_form(client, centre)
    lost = OperationalError("server closed the connection unexpectedly")
    with mock.patch.object(activity_views, "activity_create", side_effect=lost):
        response = client.post(reverse("programs:activity_add"), data)
    page = _assert_clear_503(response)
    assert not Activity.objects.exists()
    assert "Typed once, not lost" in page

    action, fields = _resend_form(page)
    assert action == reverse("programs:activity_add")
    response = client.post(action, fields)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.title == "Seminar during the restart"
    assert activity.narrative == "Typed once, not lost"
    assert activity.participants.get().women == 12


@pytest.mark.django_db
def test_the_503_page_never_writes_a_password_back(staff_user):
    client = Client(raise_request_exception=False)
    with mock.patch("django.contrib.auth.forms.authenticate", side_effect=OperationalError("gone")):
        response = client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    page = _assert_clear_503(response)
    assert PASSWORD not in page
    assert "Send it again" not in page


@pytest.mark.django_db
def test_other_errors_keep_the_plain_500_page(staff_user):
    client = Client(raise_request_exception=False)
    client.force_login(staff_user)
    with mock.patch("programs.views.activities.KeysetPaginator", side_effect=RuntimeError("a bug")):
        response = client.get(reverse("programs:activity_list"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


ON_POSTGRESQL = connection.vendor == "postgresql"


@pytest.mark.skipif(not ON_POSTGRESQL, reason="terminates a real PostgreSQL connection")
@pytest.mark.django_db(transaction=True)
def test_postgresql_restarting_mid_request_loses_no_entry(staff_user, centre):
    client = _signed_in_client(staff_user)
    data = _activity_form(client, centre)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend_pid,) = cursor.fetchone()
    # What a database restart does to the portal's open connection, from another one.
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
    finally:
        other.close()

    page = _assert_clear_503(client.post(reverse("programs:activity_add"), data))
    assert not Activity.objects.exists()
    action, fields = _resend_form(page)
    response = client.post(action, fields)
    assert response.status_code == 302
    assert Activity.objects.get().title == "Seminar during the restart"


# A database fault raised while a template renders a select's choices. Django wraps the
# driver's errors in its own only where it runs a query itself: a cursor closed on a lost
# connection (while the first error is being handled) raises the driver's own InterfaceError,
# whose context is Django's OperationalError; the 500 handler used to see only the former.


def _choices_failing_with(fault: BaseException):
    def choices(self):
        yield ("", "---------")
        raise fault

    return choices


def _failing_cleanup(self):
    yield ("", "---------")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    finally:
        raise connection.Database.InterfaceError("cursor already closed")


@pytest.mark.parametrize(
    "choices",
    [
        pytest.param(_failing_cleanup, id="driver error while handling Django's"),
        pytest.param(
            _choices_failing_with(connection.Database.OperationalError("terminating connection")),
            id="driver OperationalError",
        ),
        pytest.param(
            _choices_failing_with(InterfaceError("connection already closed")),
            id="InterfaceError",
        ),
    ],
)
@pytest.mark.parametrize("url", ["programs:activity_add", "programs:activity_list"])
@pytest.mark.django_db
def test_a_database_fault_in_a_selects_choices_gives_the_503_page(staff_user, url, choices):
    client = Client(raise_request_exception=False)
    client.force_login(staff_user)
    # The lists' filters read their records' choices through untop.choices.
    with (
        mock.patch.object(ModelChoiceIterator, "__iter__", choices),
        mock.patch.object(CachedRecordChoices, "__iter__", choices),
    ):
        response = client.get(reverse(url))
    page = _assert_clear_503(response)
    assert "Something went wrong" not in page


@pytest.mark.django_db
def test_an_error_raised_from_a_database_fault_gives_the_503_page(staff_user):
    client = Client(raise_request_exception=False)
    client.force_login(staff_user)

    def broken(*args, **kwargs):
        try:
            raise OperationalError("the database system is shutting down")
        except OperationalError as error:
            raise RuntimeError("the page could not be built") from error

    with mock.patch("programs.views.activities.KeysetPaginator", side_effect=broken):
        response = client.get(reverse("programs:activity_list"))
    _assert_clear_503(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "error", "status", "heading"),
    [
        ("ru", OperationalError("server closed the connection"), 503, "База данных не отвечает"),
        ("tg", RuntimeError("a fault of the portal's own"), 500, "Чизе нодуруст шуд"),
    ],
)
def test_an_error_page_declares_the_language_it_is_written_in(
    staff_user, centre, language, error, status, heading
):
    from django.conf import settings

    client = _signed_in_client(staff_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    data = _activity_form(client, centre)
    with mock.patch.object(activity_views, "activity_create", side_effect=error):
        response = client.post(reverse("programs:activity_add"), data)
    assert response.status_code == status
    page = response.content.decode()
    assert f'<html lang="{language}">' in page  # a screen reader reads it in that language
    assert heading in page
