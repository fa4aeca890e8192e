"""`manage.py build_report`: the same donor report from the command line."""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from tests.factories import ActivityFactory, ParticipantCountFactory, PledgeFactory

pytestmark = pytest.mark.django_db


def test_build_report_writes_the_donor_pdf(tmp_path):
    pledge = PledgeFactory(donor__code="CHE", donor__name="Switzerland")
    activity = ActivityFactory(
        project=pledge.project, title="Seminar at the Garm centre", approval="approved"
    )
    ParticipantCountFactory(activity=activity, women=40, men=60)
    output = tmp_path / "che.pdf"

    call_command(
        "build_report",
        "donor",
        "--donor",
        "CHE",
        "--start",
        "2005-06-01",
        "--end",
        "2006-05-31",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(output).pages).split())
    assert "Report to Switzerland" in text
    assert "Seminar at the Garm centre" in text
    assert "100 participants" in text


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["donor", "--donor", "NONE", "--start", "2005-06-01", "--end", "2006-05-31"],
            "--donor: There is no donor with that code.",
        ),
        (
            ["donor", "--donor", "CHE", "--start", "2006-06-01", "--end", "2005-05-31"],
            "--end: The end date comes before the start date: correct one of them.",
        ),
        (
            ["donor", "--donor", "CHE", "--start", "31/13/2006", "--end", "2006-05-31"],
            "--start: Start: “31/13/2006” is not a date.",
        ),
        (["budget", "--start", "2005-06-01", "--end", "2006-05-31"], "Unknown kind of report"),
    ],
)
def test_bad_arguments_get_a_clear_message_and_write_nothing(tmp_path, args, message):
    PledgeFactory(donor__code="CHE")
    output = tmp_path / "out.pdf"
    with pytest.raises(CommandError, match=message):
        call_command("build_report", *args, "--output", str(output))
    assert not output.exists()
