"""An evidence file sent while the server's disk is full: a plain message, no partial file
left on disk, no record of it in the database."""

from __future__ import annotations

import errno
import os
from html import unescape
from unittest import mock

import pytest
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import Evidence
from tests.conftest import sign_in_as
from tests.factories import ActivityFactory
from untop.storage import PrivateFileSystemStorage

pytestmark = pytest.mark.django_db

DISK_FULL = "The server's disk is full: the file was not saved; tell the administrator."


class _NoRoomLeft(File):
    """An upload whose bytes cannot be written: what a full disk does to the write."""

    def chunks(self, chunk_size=None):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class DiskFullStorage(PrivateFileSystemStorage):
    """The private files' storage on a disk with no room left: Django's own code opens the
    file, then the write fails (and, by itself, leaves the empty file behind)."""

    def _save(self, name, content):
        return super()._save(name, _NoRoomLeft(content.file, content.name))


def _files_under(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()]


def _upload(client, activity):
    return client.post(
        reverse("programs:evidence_upload", args=[activity.pk]),
        {
            "file": SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda", "application/pdf"),
            "description": "Agenda and list of participants",
        },
        follow=True,
    )


def test_an_upload_on_a_full_disk_says_so_and_leaves_no_file(staff_client, centre, tmp_path):
    activity = ActivityFactory(centre=centre)
    field = Evidence._meta.get_field("file")
    with mock.patch.object(field, "storage", DiskFullStorage(location=tmp_path)):
        response = _upload(staff_client, activity)
    assert response.status_code == 200
    page = unescape(response.text)
    assert DISK_FULL in page
    assert "The file was added." not in page
    assert _files_under(tmp_path) == []
    assert not Evidence.objects.exists()


def test_an_upload_refused_by_the_rules_leaves_no_file(staff_client, centre, tmp_path):
    activity = ActivityFactory(centre=centre, approval="approved")
    field = Evidence._meta.get_field("file")
    with mock.patch.object(field, "storage", PrivateFileSystemStorage(location=tmp_path)):
        response = _upload(staff_client, activity)
    assert "The file was not added" in unescape(response.text)
    assert _files_under(tmp_path) == []
    assert not Evidence.objects.exists()


def test_an_upload_with_room_is_kept(staff_client, centre, tmp_path):
    activity = ActivityFactory(centre=centre)
    field = Evidence._meta.get_field("file")
    with mock.patch.object(field, "storage", PrivateFileSystemStorage(location=tmp_path)):
        response = _upload(staff_client, activity)
        assert "The file was added." in response.text
        evidence = Evidence.objects.get()
        assert evidence.file.name.startswith("evidence/")
        assert [path.read_bytes() for path in _files_under(tmp_path)] == [b"%PDF-1.4 agenda"]


def test_an_import_sent_on_a_full_disk_says_so_and_leaves_nothing(staff_client, tmp_path):
    from untop.imports.models import ImportJob

    field = ImportJob._meta.get_field("file")
    with mock.patch.object(field, "storage", DiskFullStorage(location=tmp_path)):
        response = staff_client.post(
            reverse("imports:index"),
            {
                "kind": "activities",
                "file": SimpleUploadedFile("sheet.csv", b"title,start\nSeminar,2006-03-01\n"),
            },
        )
    assert response.status_code == 400
    assert DISK_FULL in unescape(response.text)
    assert _files_under(tmp_path) == []
    assert not ImportJob.objects.exists()


def test_any_other_upload_on_a_full_disk_gets_a_plain_page_not_a_500(manager, tmp_path):
    """The back office's file fields (a course's curriculum) write through the model: the
    full disk reaches the error handler, which names it; nothing is saved."""
    from django.test import Client

    from tests.training.factories import CourseFactory
    from training.models import Course

    course = CourseFactory()
    client = Client(raise_request_exception=False)
    sign_in_as(client, manager)
    url = reverse("admin:training_course_change", args=[course.pk])
    from tests.admin_checks import browser_post_data

    data = browser_post_data(client.get(url).text)
    data["curriculum"] = SimpleUploadedFile("curriculum.pdf", b"%PDF-1.4 curriculum")
    field = Course._meta.get_field("curriculum")
    with mock.patch.object(field, "storage", DiskFullStorage(location=tmp_path)):
        response = client.post(url, data)
    assert response.status_code == 507
    assert "The server's disk is full" in unescape(response.text)
    assert "Nothing of this entry was saved" in response.text
    assert _files_under(tmp_path) == []  # no partial file
    course.refresh_from_db()
    assert not course.curriculum
