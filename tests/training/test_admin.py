"""The back office for training: every page opens, searches, adds and changes, fixed queries."""

import datetime

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests.admin_checks import assert_admin_pages_open, assert_changelist_queries_fixed
from tests.conftest import sign_in_as
from tests.factories import UserFactory
from training.models import Course

from .factories import (
    BulletinIssueFactory,
    DraftSessionFactory,
    EnrolmentFactory,
    InstructorFactory,
    SessionFactory,
    StudyVisitFactory,
)

pytestmark = pytest.mark.django_db

MODEL_ADMINS = sorted(
    model._meta.model_name for model in admin.site._registry if model._meta.app_label == "training"
)


@pytest.fixture
def superuser_client():
    client = Client()
    sign_in_as(client, UserFactory(is_superuser=True, is_staff=True))
    return client


def _records():
    session = SessionFactory(trainers=[InstructorFactory()])
    EnrolmentFactory(session=session, attended=True, completed=True)
    StudyVisitFactory().participants.add(InstructorFactory())
    BulletinIssueFactory()


def test_every_training_model_has_an_admin():
    assert MODEL_ADMINS == [
        "bulletinissue",
        "course",
        "enrolment",
        "session",
        "studyvisit",
        "trainee",
    ]


@pytest.mark.parametrize("model_name", MODEL_ADMINS)
def test_every_admin_page_opens(superuser_client, model_name):
    _records()
    assert_admin_pages_open(superuser_client, "training", model_name, search="Rahimov")


@pytest.mark.parametrize("model_name", MODEL_ADMINS)
def test_changelists_run_a_fixed_number_of_queries(
    superuser_client, model_name, django_assert_num_queries
):
    _records()
    assert_changelist_queries_fixed(
        superuser_client,
        "training",
        model_name,
        add_records=lambda: [_records() for _ in range(4)],
        django_assert_num_queries=django_assert_num_queries,
    )


def test_a_course_added_in_the_admin_is_credited_to_the_user(superuser_client):
    response = superuser_client.post(
        reverse("admin:training_course_add"),
        {
            "code": "pko",
            "title": "Civilian policing and peacekeeping",
            "topic": "peacekeeping",
            "audience": "Interior Ministry staff",
            "hours": "80",
            "language": "en",
        },
    )
    assert response.status_code == 302
    course = Course.objects.get(code="pko")
    from untop.audit.models import AuditEntry

    entry = AuditEntry.objects.get(
        content_type__model="course", object_id=str(course.pk), action=AuditEntry.Action.CREATE
    )
    assert entry.actor.is_superuser


def test_an_out_of_range_score_is_refused_in_the_admin(superuser_client):
    enrolment = EnrolmentFactory(session=DraftSessionFactory())
    response = superuser_client.post(
        reverse("admin:training_enrolment_change", args=[enrolment.pk]),
        {
            "session": enrolment.session_id,
            "trainee": enrolment.trainee_id,
            "attended": "on",
            "pre_score": "120",
        },
    )
    assert response.status_code == 200
    assert "A score is out of 100" in response.text


def test_the_human_rights_officer_has_no_training_back_office(hr_officer):
    client = Client()
    client.force_login(hr_officer)
    assert client.get(reverse("admin:training_trainee_changelist")).status_code in (302, 403)


def test_a_completion_entered_in_the_admin_issues_the_certificate(superuser_client):
    enrolment = EnrolmentFactory(session=DraftSessionFactory(course__certifies_instructors=True))
    response = superuser_client.post(
        reverse("admin:training_enrolment_change", args=[enrolment.pk]),
        {
            "session": enrolment.session_id,
            "trainee": enrolment.trainee_id,
            "attended": "on",
            "completed": "on",
            "pre_score": "40",
            "post_score": "90",
        },
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.certificate_number
    assert enrolment.trainee.instructor_certified_on == enrolment.session.activity.end


@pytest.mark.django_db
def test_the_sessions_are_filtered_by_year_of_their_activity(superuser_client):
    day, later = datetime.date(2005, 10, 3), datetime.date(2006, 3, 14)
    early = SessionFactory(activity__start=day, activity__end=day)
    late = SessionFactory(activity__start=later, activity__end=later)
    url = reverse("admin:training_session_changelist")

    page = superuser_client.get(url)
    in_2005 = superuser_client.get(url, {"activity_start_year": "2005"})

    assert ">2006</a>" in page.text and ">2005</a>" in page.text
    assert list(in_2005.context["cl"].result_list) == [early]
    assert set(page.context["cl"].result_list) == {early, late}
