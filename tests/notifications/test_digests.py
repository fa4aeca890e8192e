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

    assert weekly_digests_task.apply().get() == 3

    # Khujand's staff see Khujand's old drafts only; the manager (of Khujand too) gets both
    # digests in one e-mail; the human-rights officer, who does not enter activities, none.
    assert inbox.recipients() == sorted([staff_user.email, khorog_staff.email, manager.email])
    staff_text = text_of(inbox.to(staff_user.email)[0])
    assert "Seminar on tolerance" in staff_text
    assert "entered 20 days ago" in staff_text
    assert PORTAL + reverse("programs:activity_detail", args=[old.pk]) in staff_text
    assert "A fresh draft" not in staff_text and "Round table in Khorog" not in staff_text
    assert "Approved long ago" not in staff_text
    subject = inbox.to(staff_user.email)[0]["Subject"]
    assert subject == "1 draft older than two weeks at Khujand"
    assert "Round table in Khorog" in text_of(inbox.to(khorog_staff.email)[0])

    [both] = inbox.to(manager.email)
    assert both["Subject"] == (
        "Weekly digest: 1 draft older than two weeks at Khujand; "
        "1 activity waiting for approval for over a week"
    )
    html = html_of(both)
    assert "Seminar on tolerance" in html
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


def test_a_person_with_both_digests_gets_one_e_mail_with_both_parts(
    inbox, centre, other_centre, manager
):
    """The manager of Khujand enters its activities too: its old drafts and the submissions
    waiting come in one e-mail, each part under its heading, one greeting and one footer."""
    manager.first_name, manager.last_name = "Elena", "Petrova"
    manager.save()
    _entered(centre, 20, title="Seminar on tolerance")
    _submitted(other_centre, 9, title="Youth forum in Khorog")

    assert weekly_digests_send() == 1

    [message] = inbox.to(manager.email)
    text = text_of(message)
    assert text.count("Dear Elena Petrova,") == 1
    drafts, waiting = text.index("OLD DRAFTS"), text.index("WAITING FOR APPROVAL")
    assert drafts < text.index("Seminar on tolerance") < waiting
    assert waiting < text.index("Youth forum in Khorog")
    assert text.count("To stop it, turn it off on your account page") == 1
    html = html_of(message)
    assert ">Old drafts</h2>" in html and ">Waiting for approval</h2>" in html
    assert html.count("<html") == 1
    sent = DigestSent.objects.filter(user=manager).values_list("kind", flat=True)
    assert sorted(sent) == ["programs.drafts_digest", "programs.waiting_digest"]

    # Run again the same week: nothing more.
    assert weekly_digests_send() == 0
    assert len(inbox.messages) == 1


def test_a_part_already_sent_this_week_is_not_repeated_in_the_combined_e_mail(
    inbox, centre, other_centre, manager
):
    """A manager whose drafts digest left earlier in the week (before a submission waited a
    week) gets only the waiting part on the next run, under its own subject."""
    _entered(centre, 20, title="Seminar on tolerance")
    assert weekly_digests_send() == 1
    assert inbox.to(manager.email)[0]["Subject"] == "1 draft older than two weeks at Khujand"

    _submitted(other_centre, 9, title="Youth forum in Khorog")
    assert weekly_digests_send() == 1
    second = inbox.to(manager.email)[1]
    assert second["Subject"] == "1 activity waiting for approval for over a week"
    assert "Seminar on tolerance" not in text_of(second)
    assert "Youth forum in Khorog" in text_of(second)


def test_the_combined_digest_is_in_the_person_s_language(inbox, centre, other_centre, manager):
    manager.language = "ru"
    manager.save()
    _entered(centre, 20, title="Seminar on tolerance")
    _submitted(other_centre, 9, title="Youth forum in Khorog")

    assert weekly_digests_send() == 1

    [message] = inbox.to(manager.email)
    assert message["Content-Language"] == "ru"
    text = text_of(message)
    assert "Seminar on tolerance" in text and "Youth forum in Khorog" in text
    for english in ("OLD DRAFTS", "WAITING FOR APPROVAL", "Dear ", "entered 20 days ago"):
        assert english not in text


def test_the_digest_and_the_quality_page_call_the_same_drafts_old(inbox, centre, staff_user):
    """programs.rules.stale_since: a draft entered 15 days ago is old, one entered 14 days
    ago is not yet, for the Monday digest and the data-quality page alike."""
    from programs.quality import quality

    today = timezone.localdate()
    noon = datetime.time(12)
    for title, days in (("Fifteen days old", 15), ("Fourteen days old", 14)):
        draft = ActivityFactory(centre=centre, title=title)
        entered = datetime.datetime.combine(today - datetime.timedelta(days=days), noon)
        Activity.objects.filter(pk=draft.pk).update(created_at=timezone.make_aware(entered))

    assert weekly_digests_send() == 1
    digest = text_of(inbox.to(staff_user.email)[0])
    assert "Fifteen days old" in digest and "Fourteen days old" not in digest
    start = Activity.objects.order_by("start").values_list("start", flat=True)[0]
    page = quality(start, start + datetime.timedelta(days=365), today=today)
    assert [a.title for a in page.stale_drafts] == ["Fifteen days old"]
    assert page.stale_count == 1
