"""The elections section of the donor report."""

import datetime
import io

import pytest
from pypdf import PdfReader

from elections.reports import donor_section
from tests.elections.factories import (
    BriefingFactory,
    DeliveryFactory,
    ElectionsProjectFactory,
    OutputFactory,
)
from tests.factories import CategoryFactory, ParticipantCountFactory, PledgeFactory
from untop.reports.registry import get_report_kind
from untop.reports.services import report_render_pdf

pytestmark = pytest.mark.django_db
PARAMETERS = {"donor": "EC", "start": "2006-06-01", "end": "2006-12-31"}


@pytest.fixture
def funded():
    project = ElectionsProjectFactory(code="EL-2006")
    PledgeFactory(donor__code="EC", donor__name="European Commission", project=project)
    output = OutputFactory(
        component__project=project,
        component__election__title="Presidential election of 6 November 2006",
        name="Trainers of polling-station staff trained",
        target=1200,
    )
    return project, output


def _pdf_text(parameters) -> str:
    pdf = report_render_pdf(kind=get_report_kind("donor"), parameters=parameters)
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_donor_report_says_what_the_election_project_delivered(funded):
    project, output = funded
    journalists = CategoryFactory(code="journalists", name="Journalists")
    briefing = BriefingFactory(
        ministry__partner__name="Central Commission for Elections and Referenda",
        activity__project=project,
        activity__start=datetime.date(2006, 10, 5),
        activity__end=datetime.date(2006, 10, 5),
    )
    ParticipantCountFactory(activity=briefing.activity, category=journalists, women=12, men=18)
    output.activities.add(briefing.activity)  # counts its 30 participants
    DeliveryFactory(
        output__component=output.component,
        output__name="Voter-education leaflets printed",
        output__target=150000,
        quantity=100000,
        day=datetime.date(2006, 9, 25),
    )

    text = _pdf_text(PARAMETERS)

    assert "Delivered in the period" in text
    assert "Trainers of polling-station staff trained" in text
    assert "1,200 people 30 people" in text
    assert "150,000 copies 100,000 copies" in text
    assert "Central Commission for Elections and Referenda 1 30" in text


def test_nothing_in_the_period_leaves_the_section_out(funded):
    project, output = funded
    DeliveryFactory(output__component=output.component, quantity=5, day=datetime.date(2005, 1, 1))

    assert donor_section(PARAMETERS) is None
    assert "Delivered in the period" not in _pdf_text(PARAMETERS)


def test_another_donors_projects_are_not_in_its_section(funded):
    PledgeFactory(donor__code="NOR", donor__name="Norway")
    project, output = funded
    DeliveryFactory(output__component=output.component, quantity=5, day=datetime.date(2006, 9, 1))

    assert donor_section({**PARAMETERS, "donor": "NOR"}) is None
    assert donor_section(PARAMETERS)["outputs"][0].actual == 5


def test_unapproved_briefings_are_not_reported(funded):
    project, _ = funded
    BriefingFactory(
        activity__project=project,
        activity__approval="draft",
        activity__start=datetime.date(2006, 10, 5),
        activity__end=datetime.date(2006, 10, 5),
    )

    assert donor_section(PARAMETERS) is None
