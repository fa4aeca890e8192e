"""The import page: blank templates, a file sent and imported by a worker with progress, and
each import visible only to the person who sent it."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from programs.models import Activity
from tests.worker import celery_worker, worker_log
from untop.audit.models import AuditEntry
from untop.imports.models import ImportJob
from untop.imports.services import import_job_run

from .conftest import corpus, database_counts


def _send(client, name: str, kind: str = "activities"):
    return client.post(
        reverse("imports:index"),
        {"kind": kind, "file": SimpleUploadedFile(name, corpus(name))},
    )


def test_a_sent_file_is_queued_then_imported_with_its_progress(
    staff_client, staff_user, sheet_records, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _send(staff_client, "signin_sheets_cp1251.csv")
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("imports:job", args=[job.pk])
    assert len(callbacks) == 1  # the task is sent once the upload has committed
    status = staff_client.get(reverse("jobs:status", args=["import", job.pk])).json()
    assert (status["status"], status["progress"]) == ("queued", 0)

    stored = job.file.name
    assert job.file.storage.exists(stored)

    import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert not job.file and not job.file.storage.exists(stored)  # the upload is not kept
    status = staff_client.get(reverse("jobs:status", args=["import", job.pk])).json()
    assert status["status"] == "done"
    assert status["progress"] == 100
    assert status["step"] == "3 rows read: added 2, changed 0."
    assert status["created"] == 2
    assert Activity.objects.filter(created_by=staff_user).count() == 2
    assert AuditEntry.objects.filter(actor=staff_user, content_type__model="activity").count() == 2
    page = staff_client.get(reverse("imports:job", args=[job.pk]))
    assert "signin_sheets_cp1251.csv" in page.content.decode()


def test_a_failed_import_lists_the_rows_and_changes_nothing(
    staff_client, sheet_records, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        _send(staff_client, "one_bad_row.csv")
    job = ImportJob.objects.get()
    before = database_counts()

    import_job_run(job_id=job.pk)

    status = staff_client.get(reverse("jobs:status", args=["import", job.pk])).json()
    assert status["status"] == "failed"
    assert status["step"] == "Nothing was imported"
    assert status["errors"] == ["Row 5, column “men”: “twelve” is not a whole number."]
    assert database_counts() == before


def test_an_import_is_seen_only_by_its_sender(
    staff_client, manager_client, sheet_records, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        _send(staff_client, "signin_sheets_cp1251.csv")
    job = ImportJob.objects.get()
    assert manager_client.get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert manager_client.get(reverse("jobs:status", args=["import", job.pk])).status_code == 404


def test_one_may_only_send_the_kinds_one_may_import(staff_client, sheet_records):
    response = _send(staff_client, "signin_sheets_cp1251.csv", kind="donors")
    assert response.status_code == 400
    assert not ImportJob.objects.exists()
    page = staff_client.get(reverse("imports:index")).content.decode()
    assert "Activities with participants" in page
    assert "Donors" not in page


def test_an_oversized_file_is_refused_at_the_door(settings, staff_client, sheet_records):
    settings.UNTOP_IMPORT_MAX_BYTES = 100
    response = _send(staff_client, "signin_sheets_cp1251.csv")
    assert response.status_code == 400
    assert "the largest file the portal takes is" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_blank_template_describes_each_column_on_a_second_sheet(staff_client):
    response = staff_client.get(reverse("imports:template", args=["activities", "xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames[1] == "Columns"
    header = next(workbook.worksheets[0].iter_rows(values_only=True))
    assert header[:5] == ("project", "centre", "type", "title", "start")
    rows = workbook["Columns"].iter_rows(min_row=2, values_only=True)
    described = {row[0]: row for row in rows if row}
    assert described["start"][1] == "required"
    assert described["women"][1] == "optional"
    assert "14.03.2006" in described["start"][2]
    csv = staff_client.get(reverse("imports:template", args=["activities", "csv"]))
    assert csv.content.decode("utf-8-sig").startswith("project,centre,type,title,start,end")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_imports_a_sent_file(staff_client, staff_user, sheet_records):
    with celery_worker():
        _send(staff_client, "signin_sheets_utf8_bom.csv")
        job = ImportJob.objects.get()
        deadline = time.monotonic() + 90
        while not job.is_finished and time.monotonic() < deadline:
            time.sleep(0.3)
            job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, f"{job.errors}\n{worker_log()[-2000:]}"
    assert Activity.objects.filter(created_by=staff_user).count() == 2
