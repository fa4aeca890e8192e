"""The mandate-renewal letter for 2005–06 states, from the demo data, the figures of S/2006/355."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from programs.mandate_report import MandateReportForm
from tests.conftest import sign_in_as
from untop.reports.models import Report

pytestmark = pytest.mark.django_db


def _text(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def _build(output, *options) -> str:
    call_command(
        "build_report",
        "mandate",
        "--start",
        "2005-06-01",
        "--end",
        "2006-05-31",
        *options,
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    return _text(output)


def test_the_2005_06_letter_states_the_figures_of_s_2006_355(demo, tmp_path):
    """The final letter as the Secretariat issued it: its masthead and dates, the holder of
    the office on its date as signatory, rounded figures in the prose and words for counts
    under ten; exact figures in the annex."""
    text = _build(
        tmp_path / "final.pdf",
        "--final",
        "--dated",
        "2006-05-26",
        "--distributed",
        "2006-05-31",
        "--original",
        "fr",
    )
    assert text.startswith("United Nations S/2006/355 Security Council")
    assert "Draft" not in text
    assert "Distr.: General 31 May 2006 English Original: French" in text
    assert "Letter dated 26 May 2006" in text
    assert "(Signed) Kofi A. Annan" in text  # proposed from the signatories on 26 May 2006
    assert "from the Secretary-General addressed to the President of the Security Council" in text
    assert "brought together over 500 government officials" in text
    assert "in six meetings across five regions" in text
    assert "for over 900 community leaders" in text and "through eight of its centres" in text
    assert (
        "certified 40 instructors, who in turn trained over 1,000 Ministry of the Interior staff"
        in text
    )
    assert "training abroad of 30 Ministry of the Interior personnel" in text
    assert "through a conference with 80 participants" in text
    assert "four seminars with over 100 participants" in text
    assert "pledged over US$ 2 million" in text
    assert "until 1 June 2007" in text
    assert "Page 1 of" in text
    # The exact figures are the annex's; a final carries its provenance once, at its top.
    annex = text[text.index("Annex") :]
    assert "546" in annex and "924" in annex and "1,045" in annex and "2,297,660.00" in annex
    assert text.count("Figures as recorded in the UNTOP portal") == 1
    assert text.count("All donors") == 1
    # Aggregates only: no trainee's name reaches the letter.
    from training.models import Trainee

    assert all(t.family_name not in text for t in Trainee.objects.all()[:50])


def test_a_draft_says_so_and_may_state_exact_figures(demo, tmp_path):
    text = _build(tmp_path / "draft.pdf", "--prose", "exact")
    assert "Draft · S/2006/355" in text  # the running head of every page
    # Proposed from the period: dated five days before its end, distributed on its last day.
    assert "Distr.: General 31 May 2006" in text and "Letter dated 26 May 2006" in text
    assert "brought together 546 government officials" in text
    assert "for 924 community leaders" in text
    assert "pledged US$ 2,222,660" in text
    # Every page of a draft says when its figures were read.
    assert text.count("Figures as recorded in the UNTOP portal") >= 3


def test_a_final_letter_needs_its_dates(demo, tmp_path):
    with pytest.raises(CommandError) as refused:
        _build(tmp_path / "x.pdf", "--final")
    message = str(refused.value)
    assert "--dated: A final letter needs this (proposed for this period: 26 May 2006)" in message
    assert "--distributed: A final letter needs this (proposed for this period: 31 May 2006)" in (
        message
    )
    assert not (tmp_path / "x.pdf").exists()


def test_the_signatory_follows_the_letters_date(demo, tmp_path):
    text = _build(
        tmp_path / "2007.pdf", "--final", "--dated", "2007-01-15", "--distributed", "2007-01-20"
    )
    assert "(Signed) Ban Ki-moon" in text


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
    sign_in_as(manager_client, User.objects.get(username="manager"))
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
    assert (
        report.title
        == "S/2006/355: mandate-renewal letter, 1 Jun 2005 – 31 May 2006, English, draft"
    )
    assert report.parameters["period"] == period.pk
    assert staff_client.get(reverse("reports:new", args=["mandate"])).status_code == 403
