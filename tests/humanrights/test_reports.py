"""This area's section of the donor report."""

import datetime
import io

import pytest
from pypdf import PdfReader

from humanrights.reports import donor_section
from programs.models import Project
from tests.factories import ActivityFactory, DonorFactory, ParticipantCountFactory, PledgeFactory
from untop.reports.registry import get_report_kind
from untop.reports.services import report_render_pdf

from .factories import ActionFactory, MilestoneFactory

pytestmark = pytest.mark.django_db
PERIOD = {"start": "2005-06-01", "end": "2006-05-31"}


@pytest.fixture
def funded(hr_officer, centre):
    pledge = PledgeFactory(project__area=Project.Area.HUMAN_RIGHTS, project__code="HR-TB")
    activity = ActivityFactory(
        project=pledge.project,
        centre=centre,
        approval="approved",
        title="Seminar on follow-up to the CERD and ICCPR recommendations for judges",
        start=datetime.date(2006, 1, 17),
        end=datetime.date(2006, 1, 18),
    )
    ParticipantCountFactory(activity=activity, women=7, men=21)
    action = ActionFactory(
        recorded_by=hr_officer,
        taken_on=datetime.date(2006, 1, 17),
        recommendation__document__symbol="CCPR/CO/84/TJK",
        new_status="in_progress",
    )
    action.activities.add(activity)
    milestone = MilestoneFactory(achieved_on=datetime.date(2006, 4, 18))
    milestone.activities.add(activity)
    return pledge.donor


def test_the_section_counts_the_donors_activities_once(funded, django_assert_num_queries):
    with django_assert_num_queries(6):
        context = donor_section({"donor": funded.code, **PERIOD})
    assert len(context["actions"]) == 1
    assert len(context["milestones"]) == 1
    assert context["reach"] == {"women": 7, "men": 21, "total": 28, "activities": 1}


def test_nothing_for_another_donor_or_period(funded):
    other = DonorFactory()
    assert donor_section({"donor": other.code, **PERIOD}) is None
    assert donor_section({"donor": funded.code, "start": "2001-01-01", "end": "2001-12-31"}) is None


def test_the_section_is_in_the_pdf(funded, only_our_section):
    pdf = report_render_pdf(
        kind=get_report_kind("donor"), parameters={"donor": funded.code, **PERIOD}
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Human rights: UN recommendations and institution building" in text
    assert "CCPR/CO/84/TJK" in text
    assert "reaching 28 participants" in text
    assert "Conference" in text
