"""The one status endpoint of background jobs (untop/job_views.py): /jobs/<kind>/<pk>/status/.

Each kind answers each role as its pages do: a report to those who may request reports, an
import to the person who sent it. The answer is the same for every kind, plus the kind's own
fields, in the same number of queries.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from tests.conftest import sign_in_as
from tests.factories import UserFactory
from untop.imports.models import ImportJob
from untop.reports.models import Report

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "staff", "manager", "hr", "administrator")


def _status_url(kind: str, pk: int) -> str:
    return reverse("jobs:status", args=[kind, pk])


@pytest.fixture
def report(manager):
    return Report.objects.create(
        kind="donor",
        parameters={"donor": "NOR", "start": "2005-06-01", "end": "2006-05-31", "language": "en"},
        title="Donor report",
        requested_by=manager,
        step="Waiting for a worker",
    )


@pytest.fixture
def import_job(staff_user):
    return ImportJob.objects.create(
        importer="activities", original_name="signin.csv", requested_by=staff_user
    )


@pytest.fixture
def clients(staff_user, manager, hr_officer, administrator):
    signed_in = {"anonymous": Client()}
    for role, user in (
        ("staff", staff_user),
        ("manager", manager),
        ("hr", hr_officer),
        ("administrator", administrator),
    ):
        signed_in[role] = Client()
        sign_in_as(signed_in[role], user)
    return signed_in


def _answers(clients, url: str) -> dict:
    answers = {}
    for role in ROLES:
        response = clients[role].get(url)
        if response.status_code == 302 and response.url.startswith(reverse("login") + "?next="):
            answers[role] = "login"
        else:
            answers[role] = response.status_code
    return answers


def test_a_report_is_followed_by_those_who_may_request_reports(clients, report):
    assert _answers(clients, _status_url("report", report.pk)) == {
        "anonymous": "login",
        "staff": 403,
        "manager": 200,
        "hr": 403,
        "administrator": 403,
    }


def test_an_import_is_followed_by_its_sender_only(clients, import_job):
    assert _answers(clients, _status_url("import", import_job.pk)) == {
        "anonymous": "login",
        "staff": 200,
        "manager": 404,
        "hr": 404,
        "administrator": 404,
    }


def test_another_staff_members_import_is_not_found(clients, staff_user, centre, import_job):
    colleague = UserFactory(role=staff_user.groups.get().name, home_centre=centre)
    client = Client()
    sign_in_as(client, colleague)
    assert client.get(_status_url("import", import_job.pk)).status_code == 404
    assert clients["staff"].get(_status_url("import", import_job.pk)).status_code == 200


def test_the_kind_in_the_address_names_the_job(clients, report):
    # The report's number asked for as an import is no job of the manager's.
    assert not ImportJob.objects.filter(pk=report.pk).exists()
    assert clients["manager"].get(_status_url("report", report.pk)).status_code == 200
    assert clients["manager"].get(_status_url("import", report.pk)).status_code == 404


def test_an_unknown_kind_of_job_is_not_found(clients, report):
    for role in ("staff", "manager", "administrator"):
        assert clients[role].get(_status_url("horoscope", report.pk)).status_code == 404


def test_a_queued_report_answers_every_jobs_fields(clients, report):
    response = clients["manager"].get(_status_url("report", report.pk))
    assert response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {
        "kind": "report",
        "id": report.pk,
        "status": "queued",
        "status_label": "Queued",
        "progress": 0,
        "step": "Waiting for a worker",
        "error": "",
        "finished": False,
        "download_url": "",
        "downloads": [],
    }


def test_a_done_report_answers_its_download_links_in_every_format(clients, report):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DONE, progress=100)
    report.refresh_from_db()
    report.file.save("donor.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    report.word_file.save("donor.docx", ContentFile(b"x" * 2048), save=True)

    data = clients["manager"].get(_status_url("report", report.pk)).json()

    assert (data["status"], data["progress"], data["finished"]) == ("done", 100, True)
    assert data["download_url"] == reverse("reports:download", args=[report.pk])
    # The donor report has no spreadsheet yet: only the formats it has are offered.
    assert [(d["format"], d["label"], d["size"]) for d in data["downloads"]] == [
        ("pdf", "PDF", "13 bytes"),
        ("docx", "Word", "2 KB"),
    ]
    assert data["downloads"][1]["url"] == reverse(
        "reports:download_format", args=[report.pk, "docx"]
    )
    # Named for what it is, as the page's links are.
    assert data["downloads"][1]["file_name"] == "donor-NOR-2005-06-en.docx"


def test_a_failed_report_says_why(clients, report):
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.FAILED, step="Failed", error="The donor was deleted."
    )
    data = clients["manager"].get(_status_url("report", report.pk)).json()
    assert (data["status"], data["finished"], data["error"]) == (
        "failed",
        True,
        "The donor was deleted.",
    )
    assert data["downloads"] == [] and data["download_url"] == ""


def test_an_import_answers_its_counts_and_its_problems_row_by_row(clients, import_job):
    ImportJob.objects.filter(pk=import_job.pk).update(
        status=ImportJob.Status.FAILED,
        progress=40,
        step="Nothing was imported",
        created=0,
        updated=0,
        errors=[[5, "men", "“twelve” is not a whole number."], [7, "", "A row is missing."]],
    )
    data = clients["staff"].get(_status_url("import", import_job.pk)).json()
    assert data == {
        "kind": "import",
        "id": import_job.pk,
        "status": "failed",
        "status_label": "Failed",
        "progress": 40,
        "step": "Nothing was imported",
        "error": "",
        "finished": True,
        "created": 0,
        "updated": 0,
        "errors": [
            "Row 5, column “men”: “twelve” is not a whole number.",
            "Row 7: A row is missing.",
        ],
    }


def test_the_status_and_step_are_in_the_readers_language(manager, report):
    manager.language = "ru"
    manager.save(update_fields=["language"])
    client = Client()
    sign_in_as(client, manager)
    data = client.get(_status_url("report", report.pk)).json()
    assert (data["status_label"], data["step"]) == ("В очереди", "Ожидает обработчика")


@pytest.mark.parametrize("kind", ["report", "import"])
def test_every_kind_answers_in_the_same_number_of_queries(
    clients, report, import_job, kind, django_assert_num_queries
):
    # The session, the user, their second factor, their permissions (two), and the job.
    job, client = (
        (report, clients["manager"]) if kind == "report" else (import_job, clients["staff"])
    )
    with django_assert_num_queries(6):
        response = client.get(_status_url(kind, job.pk))
    assert response.status_code == 200


def test_a_done_report_reads_its_file_sizes_without_a_query(
    clients, report, django_assert_num_queries
):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DONE, progress=100)
    report.refresh_from_db()
    report.file.save("donor.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    with django_assert_num_queries(6):
        data = clients["manager"].get(_status_url("report", report.pk)).json()
    assert data["downloads"][0]["size"] == "13 bytes"
