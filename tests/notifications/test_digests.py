"""The weekly digests: old drafts to their centre's staff, long-waiting submissions to the
managers, one e-mail per person, none for an empty list, none sent twice in a week."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import Activity
from programs.notifications import weekly_digests_send
from programs.tasks import weekly_digests_task
from tests.factories import ActivityFactory, user_with_role
from tests.notifications.smtp import html_of, text_of
from untop import roles
from untop.notifications.models import DigestSent, NotificationPreference

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("period")]

PORTAL = "https://portal.untop.example.org"


def _entered(centre, days_ago: int, **fields) -> Activity:
    activity = ActivityFactory(centre=centre, **fields)
    # created_at is set on insert (auto_now_add): move it back afterwards.
    Activity.objects.filter(pk=activity.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return activity


def _submitted(centre, days_ago: int, **fields) -> Activity:
    return ActivityFactory(
        centre=centre,
        approval="submitted",
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        **fields,
    )


@pytest.fixture
def khorog_staff(other_centre):
    return user_with_role(roles.PROGRAMME_STAFF, username="khorog", home_centre=other_centre)


def test_old_drafts_go_to_their_centres_staff_and_waiting_ones_to_the_managers(
    inbox, centre, other_centre, staff_user, khorog_staff, manager, hr_officer
):
    old = _entered(centre, 20, title="Seminar on tolerance")
    _entered(centre, 3, title="A fresh draft")
    _entered(other_centre, 30, title="Round table in Khorog")
    _entered(centre, 40, title="Approved long ago", approval="approved")
    waiting = _submitted(other_centre, 9, title="Youth forum in Khorog")
    _submitted(centre, 2, title="Submitted yesterday")

    assert weekly_digests_task.apply().get() == 4

    # Khujand's staff see Khujand's old drafts only; the manager (of Khujand too) gets both
    # digests; the human-rights officer, who does not enter activities, gets none.
    assert inbox.recipients() == sorted(
        [staff_user.email, khorog_staff.email, manager.email, manager.email]
    )
    staff_text = text_of(inbox.to(staff_user.email)[0])
    assert "Seminar on tolerance" in staff_text
    assert "entered 20 days ago" in staff_text
    assert PORTAL + reverse("programs:activity_detail", args=[old.pk]) in staff_text
    assert "A fresh draft" not in staff_text and "Round table in Khorog" not in staff_text
    assert "Approved long ago" not in staff_text
    subject = inbox.to(staff_user.email)[0]["Subject"]
    assert subject == "1 draft older than two weeks at Khujand"
    assert "Round table in Khorog" in text_of(inbox.to(khorog_staff.email)[0])

    waiting_digest = next(
        message
        for message in inbox.to(manager.email)
        if message["Subject"] == "1 activity waiting for approval for over a week"
    )
    html = html_of(waiting_digest)
    assert "Youth forum in Khorog" in html and "waiting 9 days" in html
    assert f'href="{PORTAL}{reverse("programs:activity_detail", args=[waiting.pk])}"' in html
    assert "Submitted yesterday" not in html


def test_a_digest_run_twice_in_a_week_sends_once(inbox, centre, staff_user):
    _entered(centre, 20)
    assert weekly_digests_send() == 1
    assert weekly_digests_send() == 0
    assert len(inbox.messages) == 1
    assert DigestSent.objects.filter(user=staff_user, kind="programs.drafts_digest").count() == 1

    # The next week it is sent again.
    next_week = timezone.now() + datetime.timedelta(days=7)
    assert weekly_digests_send(now=next_week) == 1
    assert len(inbox.messages) == 2


def test_nothing_is_sent_when_nothing_waits(inbox, centre, staff_user, manager):
    _entered(centre, 3)
    _submitted(centre, 2)
    assert weekly_digests_send() == 0
    assert inbox.messages == []
    assert not DigestSent.objects.exists()


def test_a_digest_turned_off_is_not_sent(inbox, centre, staff_user, manager):
    NotificationPreference.objects.create(
        user=staff_user, kind="programs.drafts_digest", enabled=False
    )
    _entered(centre, 20)
    assert weekly_digests_send() == 1
    assert inbox.recipients() == [manager.email]  # Khujand's manager enters activities too


def test_a_digest_that_could_not_leave_is_sent_by_the_next_run(
    inbox, smtp_server, settings, centre, staff_user
):
    _entered(centre, 20)
    settings.EMAIL_PORT = 1  # nothing listens there
    with pytest.raises(OSError):
        weekly_digests_send()
    assert not DigestSent.objects.exists()

    settings.EMAIL_PORT = smtp_server[0].port
    assert weekly_digests_send() == 1
    assert len(inbox.messages) == 1
