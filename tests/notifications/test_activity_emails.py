"""The e-mails of the approval work, sent through a real SMTP server and read back from it:
a submission to the managers, an approval and a return (with its reason) to the author."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from programs import services
from programs.models import Activity
from programs.tasks import activity_approved_task, activity_submitted_task
from tests.factories import ActivityFactory, user_with_role
from tests.notifications.smtp import html_of, text_of
from untop import roles
from untop.notifications.models import NotificationPreference

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("period", "eager_tasks")]

PORTAL = "https://portal.untop.example.org"


@pytest.fixture
def author(centre):
    return user_with_role(
        roles.PROGRAMME_STAFF,
        username="dilnoza",
        first_name="Dilnoza",
        last_name="Karimova",
        email="dilnoza@untop.example.org",
        home_centre=centre,
    )


@pytest.fixture
def second_manager(centre):
    return user_with_role(
        roles.PROGRAMME_MANAGER, username="farrukh", email="farrukh@untop.example.org"
    )


@pytest.fixture
def draft(author, centre):
    return ActivityFactory(
        centre=centre, created_by=author, title="Round table on water sharing in Isfara"
    )


def _submit(draft, user, capture):
    with capture(execute=True):
        services.activity_submit(activity=draft, acting_user=user)


def test_a_submission_reaches_every_manager_but_not_its_author(
    inbox, django_capture_on_commit_callbacks, draft, author, manager, second_manager, centre
):
    user_with_role(roles.PROGRAMME_MANAGER, username="left", is_active=False)
    user_with_role(roles.PROGRAMME_MANAGER, username="no-address", email="")
    user_with_role(roles.HUMAN_RIGHTS_OFFICER, username="hr-officer")

    _submit(draft, author, django_capture_on_commit_callbacks)

    assert inbox.recipients() == sorted([manager.email, second_manager.email])
    message = inbox.to(manager.email)[0]
    assert message["Subject"] == "Submitted for approval: Round table on water sharing in Isfara"
    assert message["Content-Language"] == "en"
    text = text_of(message)
    assert "Dilnoza Karimova of Khujand has submitted an activity for your approval" in text
    activity_url = PORTAL + reverse("programs:activity_detail", args=[draft.pk])
    assert activity_url in text
    assert f"{PORTAL}{reverse('programs:approvals')}" in text
    html = html_of(message)
    assert f'href="{activity_url}"' in html
    assert '<html lang="en">' in html


def test_the_manager_who_submits_is_not_told_of_their_own_submission(
    inbox, django_capture_on_commit_callbacks, draft, manager, second_manager
):
    _submit(draft, manager, django_capture_on_commit_callbacks)
    assert inbox.recipients() == [second_manager.email]


def test_an_approval_reaches_the_author(
    inbox, django_capture_on_commit_callbacks, draft, author, manager
):
    Activity.objects.filter(pk=draft.pk).update(approval="submitted")
    draft.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        services.activity_approve(activity=draft, acting_user=manager)

    assert inbox.recipients() == [author.email]
    message = inbox.messages[0]
    assert message["Subject"] == "Approved: Round table on water sharing in Isfara"
    assert "has approved your activity: it now counts in reports" in text_of(message)


def test_a_return_reaches_the_author_with_the_reason(
    inbox, django_capture_on_commit_callbacks, draft, author, manager
):
    Activity.objects.filter(pk=draft.pk).update(approval="submitted")
    draft.refresh_from_db()
    reason = "The participants' list counts the facilitators twice.\nPlease check the men."

    with django_capture_on_commit_callbacks(execute=True):
        services.activity_return_to_draft(activity=draft, acting_user=manager, reason=reason)

    assert inbox.recipients() == [author.email]
    message = inbox.messages[0]
    assert message["Subject"] == "Returned to draft: Round table on water sharing in Isfara"
    assert reason in text_of(message)
    assert PORTAL + reverse("programs:activity_edit", args=[draft.pk]) in text_of(message)
    assert "counts the facilitators twice.<br>Please check the men." in html_of(message)


def test_whoever_turned_a_kind_off_receives_nothing_of_it(
    inbox, django_capture_on_commit_callbacks, draft, author, manager, second_manager
):
    NotificationPreference.objects.create(
        user=second_manager, kind="programs.activity_submitted", enabled=False
    )
    NotificationPreference.objects.create(
        user=author, kind="programs.activity_approved", enabled=False
    )
    _submit(draft, author, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_approve(activity=draft, acting_user=manager)

    # The manager who kept it on was told of the submission; the author was told nothing.
    assert inbox.recipients() == [manager.email]


def test_a_russian_speaker_receives_it_in_russian(
    inbox, django_capture_on_commit_callbacks, draft, author, manager
):
    """The subject's own words are new (translated later): the language is shown switched
    by the Content-Language header, the HTML's lang and the labels already translated."""
    author.language = "ru"
    author.save(update_fields=["language"])
    Activity.objects.filter(pk=draft.pk).update(approval="submitted")
    draft.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        services.activity_approve(activity=draft, acting_user=manager)

    message = inbox.messages[0]
    assert message["Content-Language"] == "ru"
    assert "Round table on water sharing in Isfara" in message["Subject"]
    text = text_of(message)
    assert "Центр: Khujand" in text and "Вид:" in text and "Даты:" in text
    assert "Centre:" not in text
    assert '<html lang="ru">' in html_of(message)
    # The managers' own e-mails stay in their language.
    assert manager.language == ""


def test_a_rolled_back_submission_sends_nothing(
    inbox, django_capture_on_commit_callbacks, draft, author, manager
):
    class Undone(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as queued,
        pytest.raises(Undone),
        transaction.atomic(),
    ):
        services.activity_submit(activity=draft, acting_user=author)
        raise Undone

    assert queued == []
    assert inbox.messages == []
    draft.refresh_from_db()
    assert draft.approval == Activity.Approval.DRAFT


def test_a_task_sends_nothing_once_the_activity_has_moved_on(inbox, draft, author, manager):
    # Submitted, then approved before the task ran: the managers need not hear of it.
    Activity.objects.filter(pk=draft.pk).update(approval="approved")
    assert activity_submitted_task.apply(args=[draft.pk, author.pk]).get() == 0
    # Approved, then returned before the task ran: no "approved" e-mail.
    Activity.objects.filter(pk=draft.pk).update(approval="draft")
    assert activity_approved_task.apply(args=[draft.pk]).get() == 0
    # A deleted activity.
    assert activity_approved_task.apply(args=[draft.pk + 1000]).get() == 0
    assert inbox.messages == []


def test_a_return_then_a_second_return_tells_the_author_once_per_reason(
    inbox, django_capture_on_commit_callbacks, draft, author, manager
):
    """The first return's e-mail, queued after the second return committed, is not sent:
    the author is told the latest reason only."""
    from programs.tasks import activity_returned_task

    Activity.objects.filter(pk=draft.pk).update(approval="submitted")
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False) as first:
        services.activity_return_to_draft(activity=draft, acting_user=manager, reason="Dates?")
    Activity.objects.filter(pk=draft.pk).update(approval="submitted")
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_return_to_draft(activity=draft, acting_user=manager, reason="Place?")
    first_comment = draft.comments.order_by("pk").first()
    assert len(first) == 1
    assert activity_returned_task.apply(args=[first_comment.pk]).get() == 0

    assert len(inbox.messages) == 1
    assert "Place?" in text_of(inbox.messages[0])
