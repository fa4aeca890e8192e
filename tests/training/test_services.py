"""Writes: sessions, enrolments, bulk results with certificates, trainees and merging."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from programs.models import Activity
from training.models import Enrolment, Trainee
from training.services import (
    enrolment_add,
    session_create,
    session_record_results,
    session_set_trainers,
    trainee_merge,
    trainee_save,
)
from untop.audit.models import AuditEntry

from .factories import (
    CourseFactory,
    DraftSessionFactory,
    EnrolmentFactory,
    InstructorFactory,
    SessionFactory,
    StudyVisitFactory,
    TraineeFactory,
    TrainingActivityFactory,
)

pytestmark = pytest.mark.django_db


def test_staff_hold_a_course_as_their_centres_activity(staff_user, centre):
    activity = TrainingActivityFactory(centre=centre, approval=Activity.Approval.DRAFT)
    instructor = InstructorFactory()
    session = session_create(
        activity=activity,
        course=CourseFactory(),
        trainers=[instructor],
        other_trainers="UNTOP adviser",
        acting_user=staff_user,
    )
    assert list(session.trainers.all()) == [instructor]
    entry = AuditEntry.objects.filter(
        object_id=str(session.pk), action=AuditEntry.Action.CREATE
    ).first()
    assert entry is not None and entry.actor == staff_user


def test_staff_cannot_make_sessions_of_another_centres_activity(staff_user, other_centre):
    activity = TrainingActivityFactory(centre=other_centre, approval=Activity.Approval.DRAFT)
    with pytest.raises(PermissionDenied):
        session_create(activity=activity, course=CourseFactory(), acting_user=staff_user)


def test_trainers_must_be_certified_before_the_session(manager):
    activity = TrainingActivityFactory(approval=Activity.Approval.DRAFT)
    with pytest.raises(ValidationError, match="not a certified instructor"):
        session_create(
            activity=activity,
            course=CourseFactory(),
            trainers=[TraineeFactory()],
            acting_user=manager,
        )
    late = InstructorFactory(instructor_certified_on=datetime.date(2006, 1, 1))
    with pytest.raises(ValidationError, match="after the session began"):
        session_create(
            activity=activity, course=CourseFactory(), trainers=[late], acting_user=manager
        )
    session = SessionFactory(activity=activity)
    with pytest.raises(ValidationError, match="after the session began"):
        session_set_trainers(session=session, trainers=[late], acting_user=manager)


def test_completion_issues_a_certificate_and_a_train_the_trainer_course_certifies(manager):
    session = DraftSessionFactory(course__certifies_instructors=True)
    done, absent = EnrolmentFactory(session=session), EnrolmentFactory(session=session)

    session_record_results(
        session=session,
        acting_user=manager,
        results={
            done.pk: {"attended": True, "completed": True, "pre_score": 40, "post_score": 85},
            absent.pk: {"attended": False, "completed": False},
        },
    )

    done.refresh_from_db()
    assert done.certificate_number.startswith(f"UNTOP/TR/2005/{session.pk:04d}-")
    assert done.certificate_issued_on is not None
    assert done.trainee.instructor_certified_on == session.activity.end
    absent.refresh_from_db()
    assert absent.certificate_number == "" and absent.trainee.instructor_certified_on is None


def test_withdrawing_a_completion_withdraws_the_certificate_and_the_certification(manager):
    session = DraftSessionFactory(course__certifies_instructors=True)
    enrolment = EnrolmentFactory(session=session)
    results = {enrolment.pk: {"attended": True, "completed": True}}
    session_record_results(session=session, acting_user=manager, results=results)
    results = {enrolment.pk: {"attended": True, "completed": False}}
    session_record_results(session=session, acting_user=manager, results=results)
    enrolment.refresh_from_db()
    assert enrolment.certificate_number == ""
    assert enrolment.trainee.instructor_certified_on is None


def test_one_bad_row_saves_nothing(manager):
    session = DraftSessionFactory()
    good, bad = EnrolmentFactory(session=session), EnrolmentFactory(session=session)
    with pytest.raises(ValidationError, match="cannot complete"):
        session_record_results(
            session=session,
            acting_user=manager,
            results={
                good.pk: {"attended": True, "completed": True},
                bad.pk: {"attended": False, "completed": True},
            },
        )
    good.refresh_from_db()
    assert not good.attended and good.certificate_number == ""


def test_results_of_another_sessions_enrolment_are_refused(manager):
    session, stranger = DraftSessionFactory(), EnrolmentFactory(session=DraftSessionFactory())
    with pytest.raises(ValidationError, match="do not belong"):
        session_record_results(
            session=session, acting_user=manager, results={stranger.pk: {"attended": True}}
        )


def test_staff_record_only_their_own_centres_sessions(staff_user, centre, other_centre):
    theirs = DraftSessionFactory(activity__centre=centre)
    enrolment_add(session=theirs, trainee=TraineeFactory(), acting_user=staff_user)
    elsewhere = DraftSessionFactory(activity__centre=other_centre)
    with pytest.raises(PermissionDenied):
        enrolment_add(session=elsewhere, trainee=TraineeFactory(), acting_user=staff_user)


def test_the_human_rights_officer_records_no_trainee(hr_officer):
    with pytest.raises(PermissionDenied):
        trainee_save(acting_user=hr_officer, fields={"family_name": "Karimov"})


def test_trainee_save_normalises_the_personnel_number(staff_user):
    trainee = trainee_save(
        acting_user=staff_user,
        fields={
            "family_name": " Karimov ",
            "given_name": "Firuz",
            "sex": "M",
            "organisation": "Ministry of the Interior",
            "personnel_number": " mvd-7 ",
        },
    )
    assert (trainee.family_name, trainee.personnel_number) == ("Karimov", "MVD-7")


def test_merging_moves_enrolments_teaching_and_visits_to_the_kept_record(manager):
    born = datetime.date(1970, 5, 5)
    keep = TraineeFactory(family_name="Saidov", date_of_birth=born)
    duplicate = InstructorFactory(family_name="Saidov", date_of_birth=born, unit="Academy")
    shared = DraftSessionFactory()
    EnrolmentFactory(session=shared, trainee=keep)
    EnrolmentFactory(session=shared, trainee=duplicate)
    other = EnrolmentFactory(trainee=duplicate, session=DraftSessionFactory())
    taught = DraftSessionFactory(trainers=[duplicate])
    visit = StudyVisitFactory(activity__approval=Activity.Approval.DRAFT)
    visit.participants.add(duplicate)

    kept = trainee_merge(keep=keep, duplicate=duplicate, acting_user=manager)

    assert not Trainee.objects.filter(pk=duplicate.pk).exists()
    assert set(kept.enrolments.values_list("pk", flat=True)) == set(
        Enrolment.objects.filter(trainee=keep).values_list("pk", flat=True)
    )
    assert kept.enrolments.count() == 2 and other.session in [
        e.session for e in kept.enrolments.all()
    ]
    assert list(taught.trainers.all()) == [keep]
    assert list(visit.participants.all()) == [keep]
    assert kept.unit == "Academy" and kept.instructor_certified_on == datetime.date(2005, 6, 1)
    assert kept.personnel_number == duplicate.personnel_number


def test_only_managers_merge_and_never_a_record_into_itself(staff_user, manager):
    a, b = TraineeFactory(), TraineeFactory()
    with pytest.raises(PermissionDenied):
        trainee_merge(keep=a, duplicate=b, acting_user=staff_user)
    with pytest.raises(ValidationError, match="two different records"):
        trainee_merge(keep=a, duplicate=a, acting_user=manager)


def test_a_locked_periods_training_records_no_longer_change(manager, period):
    session = SessionFactory()
    enrolment = EnrolmentFactory(session=session)
    period.locked = True
    period.save()
    with pytest.raises(ValidationError, match="is locked"):
        session_record_results(
            session=session, acting_user=manager, results={enrolment.pk: {"attended": True}}
        )
    with pytest.raises(ValidationError, match="is locked"):
        enrolment_add(session=session, trainee=TraineeFactory(), acting_user=manager)
