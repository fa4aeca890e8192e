"""A form sent twice saves once: a double click on "Save", both clicks at the same moment,
and "Send it again" after the connection dropped once the first post had been saved."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from programs.models import Activity
from tests.conftest import sign_in_as
from tests.factories import CategoryFactory, ProjectFactory
from untop.security.models import SentForm


def _signed_in(user) -> Client:
    client = Client()
    sign_in_as(client, user)
    return client


def _add_form(client, centre) -> dict:
    """The activity form as the page gives it: its own key, filled in by the user."""
    page = client.get(reverse("programs:activity_add")).content.decode()
    [key] = re.findall(r'name="form_key" value="(\w+)"', page)
    category = CategoryFactory()
    return {
        "form_key": key,
        "project": ProjectFactory().pk,
        "kind": "seminar",
        "title": "Seminar on conflict management",
        "start": "2005-10-10",
        "end": "2005-10-11",
        "centre": centre.pk,
        "status": "held",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-0-category": category.pk,
        "participants-0-women": "12",
        "participants-0-men": "9",
    }


@pytest.mark.django_db
def test_every_form_of_a_page_has_a_key_of_its_own(staff_user, centre):
    client = _signed_in(staff_user)
    first = _add_form(client, centre)["form_key"]
    second = _add_form(client, centre)["form_key"]
    assert first != second


@pytest.mark.django_db
def test_a_double_click_saves_once_and_leads_where_the_first_click_did(staff_user, centre):
    client = _signed_in(staff_user)
    data = _add_form(client, centre)
    first = client.post(reverse("programs:activity_add"), data)
    again = client.post(reverse("programs:activity_add"), data, follow=True)

    [activity] = Activity.objects.filter(title="Seminar on conflict management")
    assert first.status_code == 302 and first["Location"] == reverse(
        "programs:activity_detail", args=[activity.pk]
    )
    assert again.redirect_chain[-1][0] == first["Location"]
    assert "This form had already been sent: it was saved once." in again.content.decode()
    assert activity.participants.get().women == 12


@pytest.mark.django_db
def test_a_form_sent_back_with_errors_can_be_sent_again_corrected(staff_user, centre):
    client = _signed_in(staff_user)
    data = _add_form(client, centre)
    refused = client.post(reverse("programs:activity_add"), data | {"end": "2005-10-01"})
    assert refused.status_code == 400
    assert not SentForm.objects.exists()
    saved = client.post(reverse("programs:activity_add"), data)
    assert saved.status_code == 302
    assert Activity.objects.filter(title="Seminar on conflict management").count() == 1


@pytest.mark.django_db
def test_send_it_again_after_a_lost_answer_does_not_save_twice(staff_user, centre):
    """The first post was saved but its answer never reached the browser (the connection
    dropped after COMMIT): the 503 page's "Send it again" posts the same form."""
    client = _signed_in(staff_user)
    data = _add_form(client, centre)
    client.post(reverse("programs:activity_add"), data)  # saved; the answer is lost
    resent = client.post(reverse("programs:activity_add"), data)
    assert resent.status_code == 302
    assert Activity.objects.filter(title="Seminar on conflict management").count() == 1


@pytest.mark.django_db
def test_another_user_s_key_is_not_theirs(staff_user, manager, centre):
    data = _add_form(_signed_in(staff_user), centre)
    _signed_in(staff_user).post(reverse("programs:activity_add"), data)
    _signed_in(manager).post(reverse("programs:activity_add"), data)
    assert Activity.objects.filter(title="Seminar on conflict management").count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two posts at the same moment")
@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_the_same_moment_save_once(staff_user, centre):
    data = _add_form(_signed_in(staff_user), centre)
    answers, start = [], threading.Barrier(2)

    def click():
        try:
            client = _signed_in(staff_user)
            start.wait()
            answers.append(client.post(reverse("programs:activity_add"), data).status_code)
        finally:
            connection.close()

    clicks = [threading.Thread(target=click) for _ in range(2)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()
    assert answers == [302, 302]
    assert Activity.objects.filter(title="Seminar on conflict management").count() == 1


def _failed_post(request):
    """The 503 page of a post whose request lost the database."""
    from django.db import OperationalError

    from untop.security.views import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        return server_error(request)


@pytest.mark.django_db
def test_the_503_page_says_an_entry_was_saved_when_its_commit_got_through(staff_user, rf):
    key = "a" * 32
    SentForm.objects.create(user=staff_user, key=key, location="/programs/activities/7/")
    request = rf.post("/programs/activities/add/", {"form_key": key, "title": "Round table"})
    request.user = staff_user
    page = _failed_post(request)
    text = page.content.decode()
    assert page.status_code == 503
    assert "Your entry was saved" in text and 'href="/programs/activities/7/"' in text
    assert "Send it again" not in text


@pytest.mark.django_db
def test_the_503_page_says_an_entry_was_not_saved_only_when_it_knows(staff_user, rf):
    from unittest import mock

    from django.db import OperationalError

    request = rf.post("/programs/activities/add/", {"form_key": "b" * 32, "title": "Round table"})
    request.user = staff_user
    text = _failed_post(request).content.decode()
    assert "your entry was not saved" in text and "Send it again" in text

    with mock.patch.object(SentForm.objects, "filter", side_effect=OperationalError("down")):
        text = _failed_post(request).content.decode()
    assert "cannot tell yet whether" in text and "it is not saved twice" in text
    assert "Send it again" in text
