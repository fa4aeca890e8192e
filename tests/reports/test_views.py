"""The report pages: who may ask for reports and download them, and what bad input gets."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import DonorFactory
from untop.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_report(manager):
    report = Report.objects.create(
        kind="donor",
        parameters={},
        title="Donor report",
        requested_by=manager,
        status=Report.Status.DONE,
        progress=100,
    )
    report.file.save("donor-test.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return report


def test_a_request_is_saved_as_queued_and_sent_to_a_worker_after_commit(
    manager_client, manager, django_capture_on_commit_callbacks, monkeypatch
):
    DonorFactory(code="NOR", name="Norway")
    sent = []
    monkeypatch.setattr(
        "untop.reports.tasks.report_build_task.delay", lambda report_id: sent.append(report_id)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = manager_client.post(
            reverse("reports:new", args=["donor"]),
            {"donor": "NOR", "start": "2005-06-01", "end": "2006-05-31"},
        )
        assert sent == []  # nothing goes to the broker before the record is committed
    report = Report.objects.get()
    assert report.status == Report.Status.QUEUED
    assert report.requested_by == manager
    assert report.parameters == {
        "donor": "NOR",
        "start": "2005-06-01",
        "end": "2006-05-31",
        "language": "en",
    }
    assert response.url == reverse("reports:detail", args=[report.pk])
    for callback in callbacks:
        callback()
    assert sent == [report.pk]


@pytest.mark.parametrize(
    "data,message",
    [
        ({"donor": "XXX", "start": "2005-06-01", "end": "2006-05-31"}, "no donor with that code"),
        (
            {"donor": "NOR", "start": "2006-06-01", "end": "2005-05-31"},
            "end date comes before the start date",
        ),
        (
            {"donor": "NOR", "start": "not a date", "end": "2006-05-31"},
            "Start: “not a date” is not a date.",
        ),
        ({"start": "2005-06-01", "end": "2006-05-31"}, "This field is required"),
    ],
)
def test_bad_report_requests_get_a_message_and_queue_nothing(manager_client, data, message):
    DonorFactory(code="NOR")
    response = manager_client.post(reverse("reports:new", args=["donor"]), data)
    assert response.status_code == 200
    assert message in response.text
    assert not Report.objects.exists()


def test_an_unknown_kind_of_report_is_not_found(manager_client):
    assert manager_client.get(reverse("reports:new", args=["horoscope"])).status_code == 404


def test_staff_may_not_ask_for_or_download_reports(staff_client, done_report):
    assert staff_client.get(reverse("reports:list")).status_code == 403
    assert staff_client.get(reverse("reports:new", args=["donor"])).status_code == 403
    assert (
        staff_client.get(reverse("jobs:status", args=["report", done_report.pk])).status_code == 403
    )
    response = staff_client.get(reverse("reports:download", args=[done_report.pk]))
    assert response.status_code == 403
    assert b"%PDF" not in response.content


def test_managers_download_a_finished_report(manager_client, done_report):
    response = manager_client.get(reverse("reports:download", args=[done_report.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"


def test_report_files_have_no_public_address(done_report):
    with pytest.raises(ValueError):
        _ = done_report.file.url


def test_the_status_answers_for_the_progress_bar(manager_client, manager):
    report = Report.objects.create(
        kind="donor",
        title="t",
        requested_by=manager,
        status=Report.Status.FAILED,
        step="Failed",
        error="DoesNotExist: Donor matching query does not exist.",
    )
    data = manager_client.get(reverse("jobs:status", args=["report", report.pk])).json()
    assert data["status"] == "failed"
    assert "Donor matching query" in data["error"]
    assert data["download_url"] == ""
    assert manager_client.get(reverse("reports:download", args=[report.pk])).status_code == 404


def test_the_report_list_runs_a_fixed_number_of_queries(
    manager_client, manager, django_assert_num_queries
):
    Report.objects.create(kind="donor", title="Report number 0", requested_by=manager)
    manager_client.get(reverse("reports:list"))  # the menu's count and permissions, cached
    with django_assert_num_queries(4) as few:
        manager_client.get(reverse("reports:list"))
    for n in range(1, 6):
        Report.objects.create(kind="donor", title=f"Report number {n}", requested_by=manager)
    with django_assert_num_queries(len(few.captured_queries)):
        response = manager_client.get(reverse("reports:list"))
    assert all(f"Report number {n}" in response.text for n in range(6))


def test_a_failed_report_is_tried_again_with_the_same_parameters(
    manager_client, manager, django_capture_on_commit_callbacks, monkeypatch
):
    failed = Report.objects.create(
        kind="donor",
        title="Donor report",
        requested_by=manager,
        status=Report.Status.FAILED,
        parameters={"donor": "NOR", "start": "2005-06-01", "end": "2006-05-31"},
        error="OSError: No space left on device",
    )
    sent = []
    monkeypatch.setattr(
        "untop.reports.tasks.report_build_task.delay", lambda report_id: sent.append(report_id)
    )
    page = manager_client.get(reverse("reports:detail", args=[failed.pk]))
    assert "Build again" in page.text and "No space left on device" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(reverse("reports:again", args=[failed.pk]))
    again = Report.objects.exclude(pk=failed.pk).get()
    assert response.url == reverse("reports:detail", args=[again.pk])
    assert again.status == Report.Status.QUEUED
    assert again.parameters == failed.parameters
    assert sent == [again.pk]
    assert Report.objects.get(pk=failed.pk).status == Report.Status.FAILED  # history kept


def test_a_report_still_being_built_is_not_queued_twice(manager_client, manager):
    running = Report.objects.create(
        kind="donor", title="t", requested_by=manager, status=Report.Status.RUNNING
    )
    response = manager_client.post(reverse("reports:again", args=[running.pk]))
    assert response.url == reverse("reports:detail", args=[running.pk])
    assert Report.objects.count() == 1


def test_building_again_needs_a_post_and_the_managers_role(manager_client, staff_client, manager):
    done = Report.objects.create(
        kind="donor", title="t", requested_by=manager, status=Report.Status.DONE
    )
    assert manager_client.get(reverse("reports:again", args=[done.pk])).status_code == 405
    assert staff_client.post(reverse("reports:again", args=[done.pk])).status_code == 403
    assert Report.objects.count() == 1
