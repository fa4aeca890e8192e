"""Daily approval work: the managers' queue and badge, returns with a reason, comments, and
saving and submitting in one step."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.figures import WAITING_COUNTED_UP_TO
from programs.models import Activity, ActivityComment, MandatePeriod
from tests.factories import ActivityFactory, CentreFactory, ParticipantCountFactory
from untop.figures_cache import figures_changed

pytestmark = pytest.mark.django_db


def _submitted(centre, days_ago: int, **fields) -> Activity:
    return ActivityFactory(
        centre=centre,
        approval="submitted",
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        **fields,
    )


def test_the_queue_lists_submitted_activities_by_centre_with_their_waiting_time(
    manager_client, centre, other_centre
):
    old = _submitted(centre, 9, title="Seminar on tolerance")
    _submitted(other_centre, 2, title="Round table in Khorog")
    ActivityFactory(centre=centre, title="A draft", approval="draft")
    ActivityFactory(centre=centre, title="Already approved", approval="approved")
    ParticipantCountFactory(activity=old, women=12, men=30)

    page = manager_client.get(reverse("programs:approvals"))

    text = page.text
    assert "2 activities are waiting for approval." in text
    assert "Seminar on tolerance" in text and "Round table in Khorog" in text
    assert "A draft" not in text and "Already approved" not in text
    assert "9 days" in text and "2 days" in text
    # By centre, in the centres' order: Khorog's group comes before Khujand's.
    assert text.index("Round table in Khorog") < text.index("Seminar on tolerance")
    assert ">42<" in text  # the seminar's participants


def test_the_menu_shows_how_many_wait_to_managers_only(manager_client, staff_client, centre):
    _submitted(centre, 1)
    _submitted(centre, 3)
    page = manager_client.get(reverse("programs:activity_list"))
    assert 'Approvals <span class="badge">2' in page.text
    assert "Approvals" not in staff_client.get(reverse("programs:activity_list")).text
    # Approving one changes the count at once.
    manager_client.post(
        reverse("programs:approvals"),
        {"activity": [Activity.objects.filter(approval="submitted").first().pk]},
    )
    assert (
        'Approvals <span class="badge">1' in manager_client.get(reverse("programs:dashboard")).text
    )


def test_past_a_thousand_waiting_the_menu_and_dashboard_stop_counting(manager_client, centre):
    first = _submitted(centre, 1)
    copies = []
    for n in range(WAITING_COUNTED_UP_TO):
        copy = Activity.objects.get(pk=first.pk)
        copy.pk, copy.title = None, f"Seminar {n}"
        copies.append(copy)
    Activity.objects.bulk_create(copies)  # 1,001 wait
    figures_changed()  # bulk_create sends no signal

    page = manager_client.get(reverse("programs:dashboard")).text

    assert 'Approvals <span class="badge">1,000+' in page
    assert "More than 1,000 activities are waiting for approval." in page
    # The queue itself counts every one.
    queue = manager_client.get(reverse("programs:approvals")).text
    assert "1,001 activities are waiting for approval." in queue
    # One approved: exactly a thousand wait, counted and written in full.
    Activity.objects.filter(pk=first.pk).update(approval="approved")
    figures_changed()
    page = manager_client.get(reverse("programs:dashboard")).text
    assert 'Approvals <span class="badge">1,000<' in page
    assert "1,000 activities are waiting for approval." in page
    assert "More than" not in page


def test_a_manager_approves_several_at_once(manager_client, centre, other_centre):
    first, second, third = (_submitted(c, 4) for c in (centre, other_centre, centre))

    response = manager_client.post(
        reverse("programs:approvals"), {"activity": [first.pk, second.pk]}, follow=True
    )

    assert "2 activities approved: they now count in reports." in response.text
    states = dict(Activity.objects.values_list("pk", "approval"))
    assert states == {first.pk: "approved", second.pk: "approved", third.pk: "submitted"}
    assert Activity.objects.get(pk=first.pk).approved_by.username == "manager"


def test_a_refused_approval_in_the_batch_is_named_and_the_rest_go_through(
    manager_client, manager, centre
):
    mine = _submitted(centre, 4, title="Entered by the manager", created_by=manager)
    theirs = _submitted(centre, 4, title="Entered by staff")
    queue = manager_client.get(reverse("programs:approvals")).text
    # No tick box for one's own entry: the row says why.
    assert f'value="{mine.pk}"' not in queue and f'value="{theirs.pk}"' in queue
    assert "You entered this activity yourself: another programme manager approves it." in queue

    response = manager_client.post(
        reverse("programs:approvals"), {"activity": [mine.pk, theirs.pk]}, follow=True
    )

    assert "1 activity approved" in response.text
    assert "“Entered by the manager” was not approved:" in response.text
    assert Activity.objects.get(pk=mine.pk).approval == "submitted"
    assert Activity.objects.get(pk=theirs.pk).approval == "approved"


def test_approving_what_another_manager_approved_meanwhile_says_so(manager_client, centre):
    activity = _submitted(centre, 1)
    Activity.objects.filter(pk=activity.pk).update(approval="approved")
    response = manager_client.post(
        reverse("programs:approvals"), {"activity": [activity.pk]}, follow=True
    )
    assert "1 ticked activity was no longer waiting" in response.text


def test_approving_nothing_ticked_says_what_to_do(manager_client):
    response = manager_client.post(reverse("programs:approvals"), {}, follow=True)
    assert "Tick the activities to approve first." in response.text


def test_the_queue_is_the_managers(staff_client):
    assert staff_client.get(reverse("programs:approvals")).status_code == 403
    assert staff_client.post(reverse("programs:approvals"), {}).status_code == 403


def test_a_return_needs_a_reason_which_the_centre_sees_until_it_is_submitted_again(
    manager_client, staff_client, centre
):
    activity = _submitted(centre, 3, title="Police training in Garm")
    url = reverse("programs:activity_return", args=[activity.pk])

    refused = manager_client.post(url, {"reason": "  "}, follow=True)
    assert "Give the reason for the return" in refused.text
    assert Activity.objects.get(pk=activity.pk).approval == "submitted"

    manager_client.post(url, {"reason": "The sign-in sheet lists 31 men, not 13."})
    activity.refresh_from_db()
    assert activity.approval == "draft"
    assert activity.return_reason == "The sign-in sheet lists 31 men, not 13."

    start = staff_client.get(reverse("programs:dashboard")).text
    assert "Returned to your centre for changes" in start
    assert "Police training in Garm" in start and "lists 31 men, not 13." in start
    detail = staff_client.get(reverse("programs:activity_detail", args=[activity.pk])).text
    assert "Returned for changes on" in detail and "lists 31 men, not 13." in detail
    # The thread keeps the return with who made it.
    assert "manager returned it on" in detail

    staff_client.post(reverse("programs:activity_submit", args=[activity.pk]))
    assert "Returned to your centre" not in staff_client.get(reverse("programs:dashboard")).text
    detail = staff_client.get(reverse("programs:activity_detail", args=[activity.pk])).text
    assert "Returned for changes on" not in detail
    assert "lists 31 men, not 13." in detail  # still in the comments


def test_the_queue_returns_with_a_reason_and_comes_back_to_the_queue(manager_client, centre):
    activity = _submitted(centre, 3)
    queue = reverse("programs:approvals")
    response = manager_client.post(
        reverse("programs:activity_return", args=[activity.pk]),
        {"reason": "Add the district.", "next": queue},
    )
    assert response.status_code == 302 and response.url == queue
    assert Activity.objects.get(pk=activity.pk).approval == "draft"
    # An outside address is not followed.
    other = _submitted(centre, 3)
    response = manager_client.post(
        reverse("programs:activity_return", args=[other.pk]),
        {"reason": "Add the district.", "next": "https://example.org/"},
    )
    assert response.url == reverse("programs:activity_detail", args=[other.pk])


def test_comments_form_a_thread_with_author_and_time(staff_client, manager_client, centre):
    activity = ActivityFactory(centre=centre, approval="approved")
    url = reverse("programs:comment_post", args=[activity.pk])

    staff_client.post(url, {"text": "The photographs follow next week."})
    manager_client.post(url, {"text": "Thank you."})
    empty = staff_client.post(url, {"text": "   "}, follow=True)

    assert "The comment was not added: Write the comment first." in empty.text
    page = staff_client.get(reverse("programs:activity_detail", args=[activity.pk])).text
    assert page.index("The photographs follow next week.") < page.index("Thank you.")
    assert "staff on" in page and "manager on" in page
    assert list(ActivityComment.objects.values_list("author__username", flat=True)) == [
        "staff",
        "manager",
    ]


def test_the_human_rights_officer_reads_but_does_not_comment(hr_officer, centre):
    from tests.conftest import _client_for

    client = _client_for(hr_officer)
    activity = ActivityFactory(centre=centre)
    assert (
        "Add a comment"
        not in client.get(reverse("programs:activity_detail", args=[activity.pk])).text
    )
    response = client.post(reverse("programs:comment_post", args=[activity.pk]), {"text": "x"})
    assert response.status_code == 403 and not ActivityComment.objects.exists()


def _new_activity_form(centre, project, **extra):
    return {
        "project": project.pk,
        "kind": "meeting",
        "title": "Seminar on the new election law",
        "start": "2006-03-01",
        "end": "2006-03-01",
        "centre": centre.pk,
        "status": "held",
        "narrative": "",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-category": "",
        "participants-0-women": "",
        "participants-0-men": "",
        **extra,
    }


def test_staff_save_and_submit_in_one_step(staff_client, centre):
    from tests.factories import ProjectFactory

    project = ProjectFactory(start=datetime.date(2005, 1, 1), end=datetime.date(2007, 12, 31))
    form = staff_client.get(reverse("programs:activity_add")).text
    assert "Save and submit for approval" in form

    response = staff_client.post(
        reverse("programs:activity_add"),
        _new_activity_form(centre, project, save_and_submit="1"),
        follow=True,
    )

    assert "was saved and sent to the managers" in response.text
    activity = Activity.objects.get(title="Seminar on the new election law")
    assert activity.approval == "submitted" and activity.submitted_at is not None


def test_a_refused_submission_saves_nothing(staff_client, centre):
    from tests.factories import ProjectFactory

    project = ProjectFactory(start=datetime.date(2005, 1, 1), end=datetime.date(2007, 12, 31))
    MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), locked=True
    )
    response = staff_client.post(
        reverse("programs:activity_add"), _new_activity_form(centre, project, save_and_submit="1")
    )
    assert response.status_code == 400
    assert "is locked" in response.text
    assert not Activity.objects.exists()


def test_the_queue_runs_a_fixed_number_of_queries(
    manager_client, centre, django_assert_num_queries
):
    for number in range(3):
        _submitted(CentreFactory(), number)
    manager_client.get(reverse("programs:approvals"))  # the menu's count, cached from now on
    # The session, user and second factor, the refusal rules' locked periods; the page's ids
    # and its activities. The centres' counts and the menu's are cached until the data changes.
    with django_assert_num_queries(6):
        manager_client.get(reverse("programs:approvals"))
    for number in range(12):
        _submitted(CentreFactory(), number)
    figures_changed()
    with django_assert_num_queries(8):  # the counts, per centre and the menu's, read again
        page = manager_client.get(reverse("programs:approvals"))
    with django_assert_num_queries(6):
        manager_client.get(reverse("programs:approvals"))
    assert len(page.context["rows"]) == 15


def test_the_queue_s_pages_follow_the_centres_then_the_oldest_submission(
    manager_client, monkeypatch
):
    """Each centre on a page is read in its own order (programs.views.approvals.queue_page):
    the pages together list every waiting activity once, by centre name, the oldest
    submission first, a centre carried over from one page to the next."""
    monkeypatch.setattr("programs.views.approvals.QUEUE_PER_PAGE", 3)
    garm, kulob, dushanbe = (CentreFactory(name=name) for name in ("Garm", "Kulob", "Dushanbe"))
    for days in (4, 9, 1, 6):
        _submitted(garm, days, title=f"Garm, {days} days")
    for days in (3, 5):
        _submitted(kulob, days, title=f"Kulob, {days} days")
    _submitted(dushanbe, 2, title="Dushanbe, 2 days")
    ActivityFactory(centre=garm, title="Garm's draft", approval="draft")
    url = reverse("programs:approvals")

    pages = [manager_client.get(url, {"page": number}) for number in (1, 2, 3)]

    assert [[row["activity"].title for row in page.context["rows"]] for page in pages] == [
        ["Dushanbe, 2 days", "Garm, 9 days", "Garm, 6 days"],
        ["Garm, 4 days", "Garm, 1 days", "Kulob, 5 days"],
        ["Kulob, 3 days"],
    ]
    first = pages[0].text
    assert "7 activities are waiting for approval." in first
    assert "Page 1 of 3" in first
    # Each centre's heading counts all that wait there, not only those on the page.
    assert 'Garm <span class="help">(4 waiting)</span>' in first
    assert 'Kulob <span class="help">(2 waiting)</span>' in pages[1].text
