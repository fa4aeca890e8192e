"""The activity page's approval buttons and evidence files, with the rules of each role."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import Activity, Evidence
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_staff_submit_and_a_manager_approves_in_the_browser_flow(
    staff_client, manager_client, centre
):
    activity = ActivityFactory(centre=centre, title="Seminar in Khujand")
    page = staff_client.get(reverse("programs:activity_detail", args=[activity.pk]))
    assert "Submit for approval" in page.text and "Approve" not in page.text

    staff_client.post(reverse("programs:activity_submit", args=[activity.pk]))
    assert Activity.objects.get(pk=activity.pk).approval == "submitted"

    refused = staff_client.post(reverse("programs:activity_approve", args=[activity.pk]))
    assert refused.status_code == 403
    assert Activity.objects.get(pk=activity.pk).approval == "submitted"

    page = manager_client.get(reverse("programs:activity_detail", args=[activity.pk]))
    assert ">Approve</button>" in page.text
    done = manager_client.post(
        reverse("programs:activity_approve", args=[activity.pk]), follow=True
    )
    assert "is approved and now counts in reports" in done.text
    assert Activity.objects.get(pk=activity.pk).approval == "approved"


def test_an_approved_activity_cannot_be_edited_until_reopened(manager_client, centre):
    activity = ActivityFactory(centre=centre, approval="approved")
    response = manager_client.get(
        reverse("programs:activity_edit", args=[activity.pk]), follow=True
    )
    assert "a manager can return it to draft" in response.text
    manager_client.post(
        reverse("programs:activity_return", args=[activity.pk]), {"reason": "Dates to check."}
    )
    assert (
        manager_client.get(reverse("programs:activity_edit", args=[activity.pk])).status_code == 200
    )


def test_a_transition_that_does_not_apply_says_why(manager_client, centre):
    activity = ActivityFactory(centre=centre, approval="draft")
    response = manager_client.post(
        reverse("programs:activity_approve", args=[activity.pk]), follow=True
    )
    assert "Only a submitted activity can be approved." in response.text


def test_staff_cannot_submit_another_centres_activity(staff_client, other_centre):
    activity = ActivityFactory(centre=other_centre)
    response = staff_client.post(reverse("programs:activity_submit", args=[activity.pk]))
    assert response.status_code == 403
    assert Activity.objects.get(pk=activity.pk).approval == "draft"


def test_transitions_need_a_post(manager_client, centre):
    activity = ActivityFactory(centre=centre, approval="submitted")
    assert (
        manager_client.get(reverse("programs:activity_approve", args=[activity.pk])).status_code
        == 405
    )


def _pdf(name="agenda.pdf", size=100):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + b"x" * size, content_type="application/pdf")


def test_evidence_is_added_and_downloaded_through_a_checked_view(staff_client, client, centre):
    activity = ActivityFactory(centre=centre)
    response = staff_client.post(
        reverse("programs:evidence_upload", args=[activity.pk]),
        {"file": _pdf(), "description": "Agenda and list of participants"},
        follow=True,
    )
    assert "The file was added." in response.text
    evidence = Evidence.objects.get()
    download = staff_client.get(reverse("programs:evidence_download", args=[evidence.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4")
    anonymous = client.get(reverse("programs:evidence_download", args=[evidence.pk]))
    assert anonymous.status_code == 302
    with pytest.raises(ValueError):
        _ = evidence.file.url


@pytest.mark.parametrize(
    "upload,message",
    [
        (SimpleUploadedFile("run.exe", b"MZ"), "File extension “exe” is not allowed"),
        (_pdf(size=5 * 1024 * 1024 + 1), "larger than 5 MB"),
    ],
)
def test_bad_evidence_is_refused_with_a_message(staff_client, centre, upload, message):
    activity = ActivityFactory(centre=centre)
    response = staff_client.post(
        reverse("programs:evidence_upload", args=[activity.pk]),
        {"file": upload, "description": "x"},
        follow=True,
    )
    assert message in response.text
    assert not Evidence.objects.exists()


def test_staff_cannot_add_evidence_to_another_centres_activity(staff_client, other_centre):
    activity = ActivityFactory(centre=other_centre)
    response = staff_client.post(
        reverse("programs:evidence_upload", args=[activity.pk]),
        {"file": _pdf(), "description": "x"},
    )
    assert response.status_code == 403
    assert not Evidence.objects.exists()
