"""Where report PDFs and evidence files go: a full disk, and a bucket shared by every server."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.urls import reverse

from tests.worker import ROOT, WAITING_REPORT
from untop.reports import registry
from untop.reports.models import Report
from untop.reports.services import report_build
from untop.storage import PrivateFileSystemStorage


class FillingDisk(PrivateFileSystemStorage):
    """A disk that fills up halfway through a file, as a real one does: part of it is written."""

    def __init__(self, *args, error: int = errno.ENOSPC, **kwargs):
        super().__init__(*args, **kwargs)
        self.error = error

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.read()
        path.write_bytes(data[: len(data) // 2])
        raise OSError(self.error, os.strerror(self.error), str(path))


@pytest.fixture
def report_storage(monkeypatch):
    """Put report PDFs in the given storage for the test."""

    def use(storage):
        monkeypatch.setattr(Report._meta.get_field("file"), "storage", storage)
        return storage

    return use


@pytest.fixture
def ready_report(manager, monkeypatch, tmp_path):
    """A queued report whose build goes straight through (tests/worker.py, WAITING_REPORT)."""
    monkeypatch.setitem(registry._kinds, WAITING_REPORT.code, WAITING_REPORT)
    folder = tmp_path / "signal"
    folder.mkdir()
    (folder / "go").touch()
    return Report.objects.create(
        kind=WAITING_REPORT.code,
        parameters={"folder": str(folder)},
        title="Report that waits for the test",
        requested_by=manager,
    )


def _files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


@pytest.mark.django_db
def test_a_full_disk_fails_the_report_in_plain_words_and_leaves_no_half_file(
    ready_report, report_storage, tmp_path, manager_client
):
    disk = report_storage(FillingDisk(location=tmp_path / "reports"))

    report = report_build(report_id=ready_report.pk)

    assert report.status == Report.Status.FAILED
    assert report.error == "The disk is full: the PDF could not be stored."
    assert not report.file
    assert _files_under(Path(disk.location)) == []
    page = manager_client.get(reverse("reports:detail", args=[report.pk]))
    assert "The disk is full: the PDF could not be stored." in page.text


@pytest.mark.django_db
def test_another_storage_error_is_named(ready_report, report_storage, tmp_path):
    disk = report_storage(FillingDisk(location=tmp_path / "reports", error=errno.EACCES))
    report = report_build(report_id=ready_report.pk)
    assert report.status == Report.Status.FAILED
    assert report.error == "The PDF could not be stored: Permission denied."
    assert _files_under(Path(disk.location)) == []


@pytest.mark.django_db
def test_a_file_left_by_a_dead_worker_is_replaced_not_kept_beside(
    ready_report, report_storage, tmp_path
):
    disk = report_storage(PrivateFileSystemStorage(location=tmp_path / "reports"))
    first = report_build(report_id=ready_report.pk)
    # As if the worker had died after storing the PDF, before marking the report done.
    Report.objects.filter(pk=first.pk).update(status=Report.Status.QUEUED, file="")

    again = report_build(report_id=first.pk)

    assert again.status == Report.Status.DONE
    assert again.file.name == first.file.name
    assert _files_under(Path(disk.location)) == [Path(disk.path(first.file.name))]


@pytest.mark.django_db
def test_the_download_reads_the_file_through_the_storage_not_a_local_path(
    manager, manager_client, report_storage
):
    """As with a bucket: the file is not on the local disk, and the view still sends it."""
    report_storage(InMemoryStorage())
    report = Report.objects.create(
        kind="donor",
        parameters={},
        title="Donor report",
        requested_by=manager,
        status=Report.Status.DONE,
    )
    report.file.save("donor-1.pdf", ContentFile(b"%PDF-1.7 in a bucket"), save=True)

    response = manager_client.get(reverse("reports:download", args=[report.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 in a bucket"


# --- shared storage by configuration ------------------------------------------------------

_DESCRIBE_STORAGES = """
import json
from django.core.files.storage import storages

described = {}
for alias in ("default", "reports"):
    storage = storages[alias]
    entry = {"class": f"{type(storage).__module__}.{type(storage).__name__}"}
    for name in ("bucket_name", "endpoint_url", "region_name", "access_key", "secret_key",
                 "default_acl", "querystring_auth", "location", "file_overwrite"):
        entry[name] = getattr(storage, name, None)
    try:
        storage.url("2006/05/donor-1.pdf")
    except ValueError as refused:
        entry["url"] = "refused: " + str(refused)
    described[alias] = entry
print(json.dumps(described, default=str))
"""


def _storages_with(**environ: str) -> dict:
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "untop.settings",
        "DJANGO_SECRET_KEY": "x" * 50,
        "UNTOP_VAR_DIR": os.environ["UNTOP_VAR_DIR"],
        **environ,
    }
    done = subprocess.run(
        [sys.executable, "-c", _DESCRIBE_STORAGES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_bucket_in_the_environment_makes_reports_and_evidence_shared_and_private():
    described = _storages_with(
        UNTOP_REPORTS_S3_BUCKET="untop-files",
        UNTOP_REPORTS_S3_ENDPOINT_URL="https://s3.example.org",
        UNTOP_REPORTS_S3_REGION="eu-central-1",
        AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY="secret-example",
    )
    for alias, location in (("reports", "reports"), ("default", "")):
        storage = described[alias]
        assert storage["class"] == "untop.storage.PrivateS3Storage", alias
        assert storage["bucket_name"] == "untop-files"
        assert storage["endpoint_url"] == "https://s3.example.org"
        assert storage["region_name"] == "eu-central-1"
        assert storage["access_key"] == "AKIDEXAMPLE"
        assert storage["secret_key"] == "secret-example"
        assert storage["default_acl"] == "private"
        assert storage["location"] == location
        assert storage["file_overwrite"] is False
        assert storage["url"].startswith("refused: Report files have no public address")


def test_without_a_bucket_files_stay_on_the_private_disk():
    described = _storages_with()
    for alias in ("reports", "default"):
        assert described[alias]["class"] == "untop.storage.PrivateFileSystemStorage"
        assert described[alias]["url"].startswith("refused:")


def test_boto3_is_imported_only_when_a_bucket_is_configured():
    """Without S3, starting the portal and serving a page loads no AWS library."""
    import subprocess
    import sys

    code = (
        "import sys, django; django.setup(); "
        "from django.test import Client; Client().get('/accounts/login/'); "
        "import untop.storage; "
        "print(sorted(m for m in ('boto3', 'botocore') if m in sys.modules))"
    )
    env = {
        key: value
        for key, value in __import__("os").environ.items()
        if not key.startswith("UNTOP_REPORTS_S3")
    }
    env["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
