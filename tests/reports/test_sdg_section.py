"""The donor report says which SDG targets the donor's projects serve: each target, in the
UN's order, with the outcomes that serve it and the indicators of their outputs."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from programs.models import Indicator, IndicatorTarget, Outcome, Output, SdgTarget
from programs.reports import DONOR_REPORT
from programs.selectors import donor_report_figures
from tests.factories import DonorFactory, PledgeFactory, ProjectFactory
from untop.reports.services import report_render_files

pytestmark = pytest.mark.django_db

START, END = datetime.date(2005, 6, 1), datetime.date(2006, 5, 31)


@pytest.fixture
def donor(period):
    donor = DonorFactory(code="NOR", name="Norway (illustrative)")
    project = ProjectFactory(code="DLG-05")
    PledgeFactory(donor=donor, project=project)
    outcome = Outcome.objects.create(
        project=project, code="1", statement="Parties settle disputes by dialogue"
    )
    outcome.sdg_targets.set(SdgTarget.objects.filter(code__in=["16.7", "5.5", "16.10"]))
    output = Output.objects.create(outcome=outcome, code="1.1", statement="Dialogue forums")
    indicator = Indicator.objects.create(
        project=project, output=output, name="Forums held", unit="forums"
    )
    IndicatorTarget.objects.create(indicator=indicator, period=period, target=12)
    # Another donor's project serves 16.1: not in this report.
    other = Outcome.objects.create(project=ProjectFactory(), code="1", statement="Elsewhere")
    other.sdg_targets.set(SdgTarget.objects.filter(code="16.1"))
    return donor


def test_the_targets_come_in_the_un_order_with_their_outcomes_and_indicators(donor):
    figures = donor_report_figures(donor=donor, start=START, end=END)
    entries = figures["sdg_targets"]
    assert [entry["target"].code for entry in entries] == ["5.5", "16.7", "16.10"]
    [item] = entries[1]["outcomes"]
    assert item["outcome"].statement == "Parties settle disputes by dialogue"
    assert [(row["name"], row["target"]) for row in item["indicators"]] == [("Forums held", 12)]


def test_the_pdf_names_each_target_and_what_serves_it(donor):
    parameters = {"donor": donor.code, "start": START.isoformat(), "end": END.isoformat()}
    files = report_render_files(kind=DONOR_REPORT, parameters=parameters | {"language": "en"})
    pdf = PdfReader(io.BytesIO(files.pdf))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Sustainable Development Goal targets served" in text
    assert "Target 16.7:" in text and "Target 16.1:" not in text
    assert "DLG-05 outcome 1: Parties settle disputes by dialogue" in text
    assert "Forums held: not entered (target 12)" in text
