"""The demo data: the letter's training figures come out of the training pages and selectors."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from programs.models import MandatePeriod
from training import selectors
from training.models import BulletinIssue, Enrolment, Session, StudyVisit, Trainee

pytestmark = pytest.mark.django_db


def test_the_cascade_reproduces_the_letters_figures(demo):
    period = MandatePeriod.objects.get(start=datetime.date(2005, 6, 1))
    figures = selectors.cascade(start=period.start, end=period.end)
    assert figures.instructors == 40
    assert figures.first_generation["total"] == 40
    assert figures.second_generation["total"] == 1045
    assert figures.second_generation["sessions"] == 12
    assert len(figures.by_instructor) == 40
    assert all(instructor.reach > 0 for instructor in figures.by_instructor)
    assert sum(row["reach"] for row in figures.by_region) == 1045


def test_seminars_at_eight_centres_and_thirty_abroad(demo):
    seminars = Session.objects.filter(course__code="hr-conflict").counted()
    seminars = seminars.in_period(datetime.date(2005, 6, 1), datetime.date(2006, 5, 31))
    assert seminars.values("activity__centre").distinct().count() == 8
    (course,) = [c for c in selectors.course_list() if c.code == "hr-conflict"]
    assert course.participant_total == 924
    (visit,) = selectors.study_visit_list()
    assert visit.participant_total == 30 and visit.recorded == 30
    assert (
        BulletinIssue.objects.filter(activity__start__lte=datetime.date(2006, 5, 31)).count() == 3
    )


def test_the_demo_is_illustrative_has_certificates_and_one_duplicate(demo):
    assert not Trainee.objects.filter(is_illustrative=False).exists()
    assert StudyVisit.objects.get().is_illustrative
    completed = Enrolment.objects.filter(completed=True)
    assert completed.exists() and not completed.filter(certificate_number="").exists()
    assert len(selectors.duplicate_trainees()) == 1


def test_the_demo_loads_twice_without_change(demo):
    counts = (Trainee.objects.count(), Enrolment.objects.count(), Session.objects.count())
    call_command("load_demo", "--allow-production")
    assert (Trainee.objects.count(), Enrolment.objects.count(), Session.objects.count()) == counts


def test_a_new_user_sees_40_instructors_and_over_1000_reached(demo, client):
    client.login(username="manager", password="untop-demo-2006")
    page = client.get(reverse("training:cascade"))
    assert "Instructors certified" in page.text
    period = MandatePeriod.objects.get(start=datetime.date(2005, 6, 1))
    page = client.get(reverse("training:cascade"), {"period": period.pk})
    text = " ".join(page.text.split())
    assert "<dd>40</dd>" in text and "<dd>1,045</dd>" in text


def test_the_mandate_section_reproduces_the_letter(demo):
    from training.reports import build_mandate_section

    period = MandatePeriod.objects.get(start=datetime.date(2005, 6, 1))
    figures = build_mandate_section({"period": period.pk})
    assert figures["seminars"]["total"] == 924
    assert figures["seminars"]["centres"] == 8
    assert figures["cascade"].instructors == 40
    assert figures["cascade"].second_generation["total"] == 1045
    assert figures["abroad"]["total"] == 30
    assert figures["issues"] == 3


def test_personal_data_stay_out_of_reports_exports_and_the_dashboard(demo, client):
    import io

    from pypdf import PdfReader

    from untop.reports.registry import get_report_kind
    from untop.reports.services import report_render_pdf

    people = [
        (str(t), t.personnel_number)
        for t in Trainee.objects.filter(sessions_taught__isnull=False).distinct()[:40]
    ]
    pdf = report_render_pdf(
        kind=get_report_kind("donor"),
        parameters={"donor": "GBR", "start": "2005-06-01", "end": "2006-05-31"},
    )
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert "Training, study visits and publications" in text and "1,045" in text
    client.login(username="manager", password="untop-demo-2006")
    pages = [
        text,
        client.get(reverse("programs:dashboard")).content.decode(),
        b"".join(
            client.get(reverse("programs:activity_list"), {"export": "csv"}).streaming_content
        ).decode(),
    ]
    for name, number in people:
        for page in pages:
            assert name not in page and number not in page
