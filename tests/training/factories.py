"""factory_boy factories for the training records."""

import datetime

import factory

from programs.models import Activity
from tests.factories import ActivityFactory, ParticipantCountFactory
from training.models import BulletinIssue, Course, Enrolment, Session, StudyVisit, Trainee


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    code = factory.Sequence(lambda n: f"course-{n}")
    title = factory.Sequence(lambda n: f"Course {n}")
    topic = Course.Topic.POLICING_STANDARDS
    audience = "Ministry of the Interior staff"
    hours = 30
    language = Course.Language.RUSSIAN


class TrainingActivityFactory(ActivityFactory):
    kind = Activity.Kind.TRAINING
    title = factory.Sequence(lambda n: f"Cascade course {n}")
    approval = Activity.Approval.APPROVED


class SessionFactory(factory.django.DjangoModelFactory):
    """A session of an approved activity: it counts in figures, and the rules keep it (and
    its enrolments) as it is. DraftSessionFactory makes one that still changes."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    activity = factory.SubFactory(TrainingActivityFactory)
    course = factory.SubFactory(CourseFactory)

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        """participants=(women, men) adds a head count to the session's activity."""
        if create and extracted:
            women, men = extracted
            ParticipantCountFactory(activity=self.activity, women=women, men=men)

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if create and extracted:
            self.trainers.set(extracted)


class DraftSessionFactory(SessionFactory):
    """A session of a draft activity: its trainers and enrolments' results still change."""

    activity = factory.SubFactory(TrainingActivityFactory, approval=Activity.Approval.DRAFT)


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainee

    family_name = factory.Sequence(lambda n: f"Rahimov{n}")
    given_name = "Rustam"
    sex = Trainee.Sex.MALE
    organisation = "Ministry of the Interior"
    position = "Police Captain"


class InstructorFactory(TraineeFactory):
    instructor_certified_on = datetime.date(2005, 6, 1)
    personnel_number = factory.Sequence(lambda n: f"MVD-{n:04d}")


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(SessionFactory)
    trainee = factory.SubFactory(TraineeFactory)


class StudyVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyVisit

    activity = factory.SubFactory(TrainingActivityFactory, title="Study visit to Vienna")
    host_country = "AT"
    host_institution = "Austrian Study Centre for Peace and Conflict Resolution"
    subject = "Civilian policing and peacekeeping"


class BulletinIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BulletinIssue

    activity = factory.SubFactory(
        ActivityFactory,
        kind=Activity.Kind.PUBLICATION,
        title=factory.Sequence(lambda n: f"Bulletin issue {n}"),
        approval=Activity.Approval.APPROVED,
    )
    number = factory.Sequence(lambda n: n + 1)
    print_run = 1500
    copies_distributed = 1400
