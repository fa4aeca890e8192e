"""The model rules of training records: clear messages, and the database's own guards."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from programs.models import Activity
from tests.factories import ActivityFactory
from training.models import BulletinIssue, Enrolment, Session, StudyVisit, Trainee

from .factories import (
    BulletinIssueFactory,
    CourseFactory,
    EnrolmentFactory,
    SessionFactory,
    StudyVisitFactory,
    TraineeFactory,
)

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_completed_enrolment_needs_attendance():
    enrolment = EnrolmentFactory.build(
        session=SessionFactory(), trainee=TraineeFactory(), attended=False, completed=True
    )
    with pytest.raises(ValidationError) as error:
        enrolment.full_clean()
    assert "did not attend cannot complete" in _messages(error.value)


@pytest.mark.parametrize("field", ["pre_score", "post_score"])
def test_scores_are_out_of_100(field):
    enrolment = EnrolmentFactory.build(
        session=SessionFactory(), trainee=TraineeFactory(), attended=True, **{field: 101}
    )
    with pytest.raises(ValidationError) as error:
        enrolment.full_clean()
    assert "out of 100" in _messages(error.value)
    assert field in error.value.message_dict


def test_the_database_refuses_completion_without_attendance_and_scores_over_100():
    enrolment = EnrolmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.filter(pk=enrolment.pk).update(completed=True, attended=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.filter(pk=enrolment.pk).update(post_score=150)


def test_attendance_waits_until_the_session_is_held():
    session = SessionFactory(activity__status=Activity.Status.PLANNED)
    enrolment = EnrolmentFactory.build(session=session, trainee=TraineeFactory(), attended=True)
    with pytest.raises(ValidationError) as error:
        enrolment.full_clean()
    assert "once the session has been held" in _messages(error.value)


def test_a_trainee_is_enrolled_once_per_session():
    enrolment = EnrolmentFactory()
    again = Enrolment(session=enrolment.session, trainee=enrolment.trainee)
    with pytest.raises(ValidationError) as error:
        again.full_clean()
    assert "already enrolled" in _messages(error.value)


def test_a_personnel_number_belongs_to_one_trainee_whatever_its_spelling():
    TraineeFactory(personnel_number="MVD-0042")
    duplicate = TraineeFactory.build(personnel_number=" mvd-0042 ")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Another trainee already has this personnel number" in _messages(error.value)


def test_trainees_without_personnel_numbers_do_not_clash():
    TraineeFactory(personnel_number="")
    other = TraineeFactory.build(personnel_number="")
    other.full_clean()
    other.save()
    assert Trainee.objects.filter(personnel_number="").count() == 2


def test_a_session_is_a_training_or_seminar_activity():
    meeting = ActivityFactory(kind=Activity.Kind.MEETING)
    session = Session(activity=meeting, course=CourseFactory())
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "training or a seminar" in _messages(error.value)


def test_an_activity_holds_one_session():
    session = SessionFactory()
    again = Session(activity=session.activity, course=CourseFactory())
    with pytest.raises(ValidationError):
        again.full_clean()


def test_a_course_lasts_at_least_an_hour():
    course = CourseFactory.build(hours=0)
    with pytest.raises(ValidationError) as error:
        course.full_clean()
    assert "at least one hour" in _messages(error.value)


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "International policing standards"),
        ("ru", "Международные стандарты работы полиции"),
        ("tg", "International policing standards"),  # no Tajik title: the English one
    ],
)
def test_a_course_is_named_in_the_readers_language_else_in_english(language, title):
    course = CourseFactory.build(
        title="International policing standards",
        title_ru="Международные стандарты работы полиции",
        title_tg="",
    )
    with translation.override(language):
        assert course.local_title == title
        # As a project's: the back office and the audit trail name it as registered.
        assert str(course) == "International policing standards"


def test_a_bulletin_cannot_distribute_more_than_it_printed():
    issue = BulletinIssueFactory.build(
        activity=BulletinIssueFactory().activity, number=99, print_run=100, copies_distributed=101
    )
    with pytest.raises(ValidationError) as error:
        issue.full_clean()
    assert "More copies cannot be distributed than were printed" in _messages(error.value)


def test_a_bulletin_issue_is_a_publication_and_numbered_from_one():
    issue = BulletinIssue(activity=ActivityFactory(), number=0, print_run=10)
    with pytest.raises(ValidationError) as error:
        issue.full_clean()
    assert "publication activity" in _messages(error.value)
    assert "numbered from 1" in _messages(error.value)


def test_a_study_visit_has_a_two_letter_host_country_and_is_a_training():
    visit = StudyVisitFactory.build(activity=ActivityFactory(), host_country="Austria")
    with pytest.raises(ValidationError) as error:
        visit.full_clean()
    assert "two-letter country code" in _messages(error.value)
    assert "must be a training activity" in _messages(error.value)
    assert str(StudyVisitFactory()).startswith("Civilian policing")
    assert StudyVisit.objects.count() == 1


def test_certification_comes_after_birth():
    trainee = TraineeFactory.build(
        date_of_birth=datetime.date(1970, 1, 1), instructor_certified_on=datetime.date(1969, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        trainee.full_clean()
    assert "after birth" in _messages(error.value)
