"""The mandate-renewal letter for 2005–06 states, from the demo data, the figures of S/2006/355."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from programs.mandate_report import MandateReportForm
from untop.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", "--allow-production", stdout=io.StringIO())


def _text(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_the_2005_06_letter_states_the_figures_of_s_2006_355(demo, tmp_path):
    output = tmp_path / "mandate.pdf"
    call_command(
        "build_report",
        "mandate",
        "--start",
        "2005-06-01",
        "--end",
        "2006-05-31",
        "--dated",
        "2006-05-26",
        "--signatory",
        "Kofi A. Annan",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    text = _text(output)
    assert "S/2006/355" in text
    assert "Letter dated 26 May 2006" in text
    assert "(Signed) Kofi A. Annan" in text
    assert "from the Secretary-General addressed to the President of the Security Council" in text
    assert "brought together 546 government officials" in text
    assert "for 924 community leaders" in text and "through 8 of its centres" in text
    assert (
        "certified 40 instructors, who in turn trained 1,045 Ministry of the Interior staff" in text
    )
    assert "training abroad of 30 Ministry of the Interior personnel" in text
    assert "reaching 80 participants" in text
    assert "reaching 122 participants" in text
    assert "pledged US$ 2,222,660" in text
    assert "until 1 June 2007" in text
    assert "Annex" in text
    # Aggregates only: no trainee's name reaches the letter.
    from training.models import Trainee

    assert all(t.family_name not in text for t in Trainee.objects.all()[:50])


@pytest.mark.parametrize(
    "data,message",
    [
        ({}, "Choose a mandate period, or give its first and last day."),
        ({"start": "2005-06-01", "end": "2006-05-30"}, "No mandate period runs from"),
        ({"period": "999"}, "Select a valid choice"),
    ],
)
def test_a_mandate_report_needs_a_recorded_period(demo, data, message):
    form = MandateReportForm(data)
    assert not form.is_valid()
    assert message in str(form.errors)


def test_the_command_refuses_a_period_that_does_not_exist(demo, tmp_path):
    output = tmp_path / "m.pdf"
    with pytest.raises(CommandError, match="No mandate period runs from"):
        call_command(
            "build_report",
            "mandate",
            "--start",
            "2005-01-01",
            "--end",
            "2005-12-31",
            "--output",
            str(output),
        )
    assert not output.exists()


def test_managers_ask_for_a_mandate_report_and_staff_may_not(
    demo, django_capture_on_commit_callbacks
):
    from django.test import Client

    from programs.models import MandatePeriod, User

    manager_client, staff_client = Client(), Client()
    manager_client.force_login(User.objects.get(username="manager"))
    staff_client.force_login(User.objects.get(username="staff.khujand"))
    period = MandatePeriod.objects.get(start="2005-06-01")
    page = manager_client.get(reverse("reports:new", args=["mandate"]))
    assert "1 Jun 2005 – 31 May 2006" in page.text
    with django_capture_on_commit_callbacks(execute=False):
        response = manager_client.post(
            reverse("reports:new", args=["mandate"]), {"period": period.pk}
        )
    report = Report.objects.get()
    assert response.url == reverse("reports:detail", args=[report.pk])
    assert report.title == "Mandate-renewal report, 1 Jun 2005 – 31 May 2006"
    assert report.parameters["period"] == period.pk
    assert staff_client.get(reverse("reports:new", args=["mandate"])).status_code == 403
