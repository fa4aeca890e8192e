"""The whole path: web request → report record → Celery worker → WeasyPrint PDF → download."""

import io
import time

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import ActivityFactory, ParticipantCountFactory, PledgeFactory
from tests.worker import celery_worker, worker_log
from untop.reports.models import Report

# Transactional, so that the worker process sees the committed rows.
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait_until_finished(report_id: int, timeout: float = 90) -> Report:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = Report.objects.get(pk=report_id)
        if report.is_finished:
            return report
        time.sleep(0.3)
    raise AssertionError(f"Report still {report.status} after {timeout}s:\n{worker_log()[-3000:]}")


def test_a_manager_gets_a_donor_report_built_by_a_real_worker(manager_client, centre):
    pledge = PledgeFactory(donor__name="Kingdom of Norway", donor__code="NOR")
    activity = ActivityFactory(
        approval="approved",
        project=pledge.project,
        centre=centre,
        title="Dialogue meeting in Khujand",
    )
    ParticipantCountFactory(activity=activity, women=17, men=25)
    ParticipantCountFactory(activity=activity, women=3, men=0)

    with celery_worker():
        response = manager_client.post(
            reverse("reports:new", args=["donor"]),
            {"donor": "NOR", "start": "2005-06-01", "end": "2006-05-31"},
        )
        assert response.status_code == 302
        report = Report.objects.get()
        assert response.url == reverse("reports:detail", args=[report.pk])
        report = _wait_until_finished(report.pk)

    assert report.status == Report.Status.DONE, report.error
    assert len(report.checksum) == 64
    download = manager_client.get(reverse("reports:download", args=[report.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Report to Kingdom of Norway" in text
    assert "Dialogue meeting in Khujand" in text
    assert "45 participants" in text
    assert "All participants 20 25 45" in text
