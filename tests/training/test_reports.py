"""The donor report's training section: aggregates only, and only when there is something."""

import datetime
import io

import pytest
from pypdf import PdfReader

from programs.models import Activity
from tests.factories import ParticipantCountFactory, PledgeFactory
from training.reports import build_donor_section
from untop.reports.registry import get_report_kind
from untop.reports.services import report_render_pdf

from .factories import (
    BulletinIssueFactory,
    CourseFactory,
    EnrolmentFactory,
    InstructorFactory,
    SessionFactory,
    StudyVisitFactory,
)

pytestmark = pytest.mark.django_db

PARAMETERS = {"start": "2005-06-01", "end": "2006-05-31"}


@pytest.fixture
def funded():
    """A donor's police project with a cascade, a visit abroad and a bulletin issue."""
    pledge = PledgeFactory(donor__code="GBR", donor__name="United Kingdom")
    project = pledge.project
    tot = SessionFactory(
        activity__project=project,
        course=CourseFactory(title="Train-the-trainer course", certifies_instructors=True),
        participants=(4, 36),
    )
    instructor = InstructorFactory(family_name="Secretname")
    EnrolmentFactory(
        session=tot, trainee=instructor, attended=True, completed=True, pre_score=50, post_score=90
    )
    SessionFactory(
        activity__project=project,
        course=CourseFactory(title="Cascade course"),
        trainers=[instructor],
        participants=(58, 987),
    )
    visit = StudyVisitFactory(activity__project=project)
    ParticipantCountFactory(activity=visit.activity, women=2, men=28)
    BulletinIssueFactory(activity__project=project, number=1, print_run=1500)
    return pledge.donor


def _pdf_text(donor) -> str:
    pdf = report_render_pdf(
        kind=get_report_kind("donor"), parameters={"donor": donor.code, **PARAMETERS}
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def test_the_donor_report_shows_the_cascade_abroad_and_bulletin_figures(funded):
    text = _pdf_text(funded)
    assert "Training, study visits and publications" in text
    assert "Cascade course" in text
    assert "1,045" in text  # staff reached by the instructor's sessions
    assert "Instructors certified" in text
    assert "Civilian policing and peacekeeping" in text
    assert "1,500" in text  # the bulletin's print run


def test_the_donor_report_names_no_trainee(funded):
    assert "Secretname" not in _pdf_text(funded)
    context = build_donor_section({"donor": funded.code, **PARAMETERS})
    assert "Secretname" not in repr(context)


def test_the_section_follows_the_recorded_figures(funded):
    context = build_donor_section({"donor": funded.code, **PARAMETERS})
    assert context["totals"]["total"] == 40 + 1045
    assert context["second_generation"]["total"] == 1045
    assert context["instructors_certified"] == 1
    assert context["enrolments"]["enrolled"] == 1
    assert context["visit_participants"] == 30
    # A session returned to draft no longer counts.
    Activity.objects.filter(title__startswith="Cascade").update(approval="draft")
    again = build_donor_section({"donor": funded.code, **PARAMETERS})
    assert again["second_generation"]["total"] == 0


def test_no_section_for_another_donor_or_period(funded):
    other = PledgeFactory(donor__code="CHE").donor
    assert build_donor_section({"donor": other.code, **PARAMETERS}) is None
    later = {"donor": funded.code, "start": "2007-01-01", "end": "2007-05-31"}
    assert build_donor_section(later) is None
    assert "Training, study visits" not in _pdf_text(other)
    assert datetime.date.fromisoformat(PARAMETERS["end"]).year == 2006


def test_the_mandate_section_gives_the_letters_sentences(funded, django_assert_num_queries):
    from django.template.loader import render_to_string

    from training.reports import MANDATE_SECTION, build_mandate_section

    seminar = SessionFactory(
        course=CourseFactory(topic="conflict_management"), participants=(300, 624)
    )
    assert seminar.activity.centre_id
    context = build_mandate_section(PARAMETERS)
    html = " ".join(
        render_to_string(
            MANDATE_SECTION.template_name, {"title": "T", "prose": "rounded", **context}
        ).split()
    )
    assert "for over 900" in html and "through one of its centres" in html
    assert "certified one instructor, who in turn trained over 1,000 Ministry" in html
    assert "training abroad of 30" in html
    assert "one issue of the Ministry of the Interior bulletin" in html
    assert "Secretname" not in html
    assert build_mandate_section({"start": "2001-01-01", "end": "2001-12-31"}) is None
