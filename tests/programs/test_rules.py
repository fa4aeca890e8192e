"""The office's rules (programs/rules.py) as users meet them: the findings that drifted
copies of the rules let through, each refused now with the rule's one message."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from programs.models import Activity, ParticipantCount
from programs.rules import Rule, RuleBook, counted
from programs.services import activity_approve, activity_submit, evidence_add
from tests.conftest import sign_in_as
from tests.factories import ActivityFactory, ParticipantCountFactory, user_with_role
from untop.audit.models import AuditEntry

LOCKED_DAY = datetime.date(2005, 10, 4)


@pytest.fixture
def locked(period):
    period.locked = True
    period.save()
    return period


def test_a_manager_cannot_delete_a_settled_activity_of_a_locked_period_in_the_back_office(
    period, centre, manager, client
):
    activity = ActivityFactory(
        centre=centre, start=LOCKED_DAY, end=LOCKED_DAY, approval=Activity.Approval.APPROVED
    )
    ParticipantCountFactory(activity=activity)
    period.locked = True
    period.save()
    sign_in_as(client, manager)
    before = AuditEntry.objects.count()

    page = client.get(reverse("admin:programs_activity_delete", args=[activity.pk]))
    assert "is locked: a manager can unlock it." in page.text
    client.post(reverse("admin:programs_activity_delete", args=[activity.pk]), {"post": "yes"})
    selected = client.post(
        reverse("admin:programs_activity_changelist"),
        {"action": "delete_selected", "_selected_action": [activity.pk], "post": "yes"},
    )
    assert "is locked: a manager can unlock it." in selected.text

    assert Activity.objects.filter(pk=activity.pk).exists()
    assert ParticipantCount.objects.filter(activity=activity).count() == 1
    assert AuditEntry.objects.count() == before


def test_the_change_page_of_a_locked_activity_is_read_only_and_says_why(
    period, centre, manager, client
):
    activity = ActivityFactory(centre=centre, start=LOCKED_DAY, end=LOCKED_DAY)
    period.locked = True
    period.save()
    sign_in_as(client, manager)
    page = client.get(reverse("admin:programs_activity_change", args=[activity.pk]))
    assert "The mandate period 1 Jun 2005 – 31 May 2006 is locked" in page.text
    assert 'name="title"' not in page.text  # read-only: no input to change


def test_evidence_cannot_be_added_to_an_approved_activity(staff_user, centre):
    activity = ActivityFactory(centre=centre, approval=Activity.Approval.APPROVED)
    with pytest.raises(ValidationError, match="is approved and settled"):
        evidence_add(
            activity=activity,
            acting_user=staff_user,
            file=SimpleUploadedFile("list.txt", b"names"),
            description="List",
        )
    assert not activity.evidence.exists()


def test_a_manager_does_not_approve_an_activity_they_entered(manager, centre, client):
    activity = ActivityFactory(centre=centre, created_by=manager)
    activity_submit(activity=activity, acting_user=manager)
    sign_in_as(client, manager)
    response = client.post(reverse("programs:activity_approve", args=[activity.pk]), follow=True)
    assert "You entered this activity yourself: another programme manager approves it." in (
        response.text
    )
    activity.refresh_from_db()
    assert activity.approval == Activity.Approval.SUBMITTED

    other = user_with_role("Programme manager", username="manager2", home_centre=centre)
    activity_approve(activity=activity, acting_user=other)
    activity.refresh_from_db()
    assert activity.approval == Activity.Approval.APPROVED and activity.approved_by == other


def test_an_office_with_one_manager_may_allow_self_approval(manager, centre, settings):
    settings.UNTOP_ALLOW_SELF_APPROVAL = True
    activity = ActivityFactory(centre=centre, created_by=manager)
    activity_submit(activity=activity, acting_user=manager)
    activity_approve(activity=activity, acting_user=manager)
    assert activity.approval == Activity.Approval.APPROVED


def test_the_refusal_is_in_the_reader_s_language(locked, staff_user, centre, client):
    client.force_login(staff_user)
    activity = ActivityFactory(centre=centre, start=LOCKED_DAY, end=LOCKED_DAY)
    english = str(Rule.PERIOD_LOCKED.value)
    with translation.override("ru"):
        russian = str(Rule.PERIOD_LOCKED.value)
    assert russian != english, "the rule's message has no Russian translation"
    data = {
        "project": activity.project.pk,
        "kind": "meeting",
        "title": "Changed",
        "start": LOCKED_DAY.isoformat(),
        "end": LOCKED_DAY.isoformat(),
        "centre": centre.pk,
        "status": "held",
        "participants-TOTAL_FORMS": "0",
        "participants-INITIAL_FORMS": "0",
    }
    response = client.post(
        reverse("programs:activity_edit", args=[activity.pk]),
        data,
        HTTP_ACCEPT_LANGUAGE="ru",
        follow=True,
    )
    # The edit page sends the reader back to the activity, saying why it cannot change.
    assert response.redirect_chain[-1][0] == reverse("programs:activity_detail", args=[activity.pk])
    activity.refresh_from_db()
    assert activity.title != "Changed"
    assert russian.split("%(")[0] in response.text


def test_counted_is_held_and_approved_through_any_relation(centre):
    counted_one = ActivityFactory(centre=centre, approval=Activity.Approval.APPROVED)
    ActivityFactory(centre=centre, approval=Activity.Approval.SUBMITTED)
    ActivityFactory(
        centre=centre, approval=Activity.Approval.APPROVED, status=Activity.Status.PLANNED
    )
    ParticipantCountFactory(activity=counted_one)
    assert list(Activity.objects.counted()) == [counted_one]
    counts = ParticipantCount.objects.filter(counted("activity__"))
    assert [count.activity_id for count in counts] == [counted_one.pk]


def test_the_rule_book_reads_the_locked_periods_once(locked, django_assert_num_queries):
    book = RuleBook(reading=True)
    with django_assert_num_queries(1):
        for day in range(1, 29):
            book.period(datetime.date(2005, 10, day))


def test_the_page_of_a_locked_activity_offers_no_change_and_says_why(
    period, staff_user, centre, client, django_assert_num_queries
):
    activity = ActivityFactory(centre=centre, start=LOCKED_DAY, end=LOCKED_DAY)
    day = datetime.date(2006, 10, 4)
    open_one = ActivityFactory(centre=centre, start=day, end=day)
    period.locked = True
    period.save()
    client.force_login(staff_user)
    page = client.get(reverse("programs:activity_detail", args=[activity.pk])).text
    assert "The mandate period 1 Jun 2005 – 31 May 2006 is locked" in page
    assert reverse("programs:activity_edit", args=[activity.pk]) not in page
    assert reverse("programs:evidence_upload", args=[activity.pk]) not in page
    assert reverse("programs:activity_submit", args=[activity.pk]) not in page
    # The same page of an open activity offers them all, in as many queries.
    with django_assert_num_queries(len(_queries_of(client, activity))):
        page = client.get(reverse("programs:activity_detail", args=[open_one.pk])).text
    assert reverse("programs:activity_edit", args=[open_one.pk]) in page
    assert reverse("programs:evidence_upload", args=[open_one.pk]) in page


def _queries_of(client, activity) -> list:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("programs:activity_detail", args=[activity.pk]))
    return queries.captured_queries
