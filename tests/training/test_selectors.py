"""Reads: figures summed in SQL, in the same number of queries whatever the data's size."""

import datetime

import pytest

from programs.models import Activity, MandatePeriod
from tests.factories import ParticipantCountFactory, PledgeFactory
from training import selectors
from training.models import Course

from .factories import (
    BulletinIssueFactory,
    CourseFactory,
    EnrolmentFactory,
    InstructorFactory,
    SessionFactory,
    StudyVisitFactory,
    TraineeFactory,
)

pytestmark = pytest.mark.django_db


def _cascade_data(size: int, *, project=None) -> None:
    """A train-the-trainer session of `size` instructors, each teaching a cascade course."""
    tot = CourseFactory(certifies_instructors=True)
    extra = {"activity__project": project} if project else {}
    first = SessionFactory(course=tot, participants=(1, size - 1), **extra)
    cascade = CourseFactory()
    for _ in range(size):
        instructor = InstructorFactory()
        EnrolmentFactory(session=first, trainee=instructor, attended=True, completed=True)
        session = SessionFactory(
            course=cascade, trainers=[instructor], participants=(5, 75), **extra
        )
        EnrolmentFactory(session=session, attended=True, pre_score=40, post_score=80)


def test_the_cascade_counts_generations_from_the_activities_head_counts():
    _cascade_data(3)
    # Not counted: a draft session taught by an instructor, and one taught by nobody certified.
    draft = SessionFactory(
        activity__approval=Activity.Approval.DRAFT,
        trainers=[InstructorFactory()],
        participants=(10, 10),
    )
    SessionFactory(participants=(50, 50))

    figures = selectors.cascade()

    assert figures.instructors == 4  # certified, whether or not they have taught yet
    assert figures.first_generation == {"women": 1, "men": 2, "total": 3, "sessions": 1}
    assert figures.second_generation == {"women": 15, "men": 225, "total": 240, "sessions": 3}
    assert figures.second_generation_recorded == 3
    assert [t.reach for t in figures.by_instructor] == [80, 80, 80, 0]
    assert [t.session_count for t in figures.by_instructor] == [1, 1, 1, 0]
    assert figures.by_region == [
        {"region": "Sughd", "reach": 240, "sessions": 3, "women_reached": 15, "instructors": 0}
    ]
    assert draft.pk


def test_a_session_with_two_instructors_counts_once_in_the_total_and_in_each_row():
    a, b = InstructorFactory(), InstructorFactory()
    SessionFactory(trainers=[a, b], participants=(10, 70))
    figures = selectors.cascade()
    assert figures.second_generation["total"] == 80
    assert [t.reach for t in figures.by_instructor] == [80, 80]


def test_a_trainer_certified_after_a_session_taught_it_before_the_cascade():
    """A session counts in the second generation when an instructor certified by the day
    it began taught it; one taught before the certification does not, so a later
    certification leaves an earlier period's figure as it was."""
    trainer = InstructorFactory(instructor_certified_on=datetime.date(2006, 3, 1))
    for day, participants in (
        (datetime.date(2005, 9, 1), (10, 10)),  # before the certification
        (datetime.date(2006, 3, 1), (2, 3)),  # the day of it
        (datetime.date(2006, 4, 1), (5, 5)),
    ):
        SessionFactory(
            trainers=[trainer],
            participants=participants,
            activity__start=day,
            activity__end=day,
        )
    figures = selectors.cascade()
    assert figures.second_generation == {"women": 7, "men": 8, "total": 15, "sessions": 2}
    before = selectors.cascade(start=datetime.date(2005, 6, 1), end=datetime.date(2006, 2, 28))
    assert before.second_generation["sessions"] == 0


def test_the_cascade_of_a_period_and_without_names():
    _cascade_data(2)
    SessionFactory(
        trainers=[InstructorFactory()],
        participants=(0, 30),
        activity__start=datetime.date(2006, 9, 1),
        activity__end=datetime.date(2006, 9, 2),
    )
    figures = selectors.cascade(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), names=False
    )
    assert figures.second_generation["total"] == 160
    assert figures.by_instructor == []


@pytest.mark.parametrize("names,queries", [(True, 9), (False, 8)])
def test_the_cascade_runs_a_fixed_number_of_queries(names, queries, django_assert_num_queries):
    _cascade_data(2)
    with django_assert_num_queries(queries):
        selectors.cascade(names=names)
    _cascade_data(6)
    with django_assert_num_queries(queries):
        figures = selectors.cascade(names=names)
    assert figures.instructors == 8


def test_course_and_session_lists_sum_in_sql(django_assert_num_queries):
    course = CourseFactory()
    session = SessionFactory(course=course, participants=(4, 6))
    ParticipantCountFactory(activity=session.activity, women=1, men=1)
    EnrolmentFactory(session=session, attended=True, completed=True)
    EnrolmentFactory(session=session, attended=True)
    EnrolmentFactory(session=session)
    SessionFactory(course=course, activity__approval=Activity.Approval.DRAFT, participants=(9, 9))

    # Sessions and participants grouped by course, then the courses; the sums are cached
    # until the data changes.
    with django_assert_num_queries(3):
        (row,) = list(selectors.course_list())
    with django_assert_num_queries(1):
        (again,) = list(selectors.course_list())
    # The draft session counts in neither figure: counted = held and approved.
    assert (row.session_count, row.participant_total) == (1, 12)
    assert (again.session_count, again.participant_total) == (1, 12)
    SessionFactory(course=course, participants=(2, 3))
    (changed,) = list(selectors.course_list())
    assert (changed.session_count, changed.participant_total) == (2, 17)
    with django_assert_num_queries(1):
        shown = {
            course.pk: course for course in selectors.with_course_figures(Course.objects.all())
        }
    assert (shown[course.pk].session_count, shown[course.pk].participant_total) == (2, 17)
    assert list(
        selectors.course_list()
        .filter(pk=CourseFactory().pk)
        .values_list("session_count", "participant_total")
    ) == [(0, 0)]
    with django_assert_num_queries(1):
        rows = list(selectors.session_list(course=course))
    mine = next(s for s in rows if s.pk == session.pk)
    assert (mine.participant_total, mine.enrolled, mine.attended_count, mine.completed_count) == (
        12,
        3,
        2,
        1,
    )


def test_duplicates_are_found_by_name_and_date_of_birth(django_assert_num_queries):
    born = datetime.date(1975, 3, 8)
    a = TraineeFactory(family_name="Nazarov", given_name="Umed", date_of_birth=born)
    b = TraineeFactory(family_name="NAZAROV", given_name="umed", date_of_birth=born)
    TraineeFactory(
        family_name="Nazarov", given_name="Umed", date_of_birth=datetime.date(1980, 1, 1)
    )
    TraineeFactory(family_name="Nazarov", given_name="Umed")
    with django_assert_num_queries(2):
        groups = selectors.duplicate_trainees()
    assert [[t.pk for t in group] for group in groups] == [[a.pk, b.pk]]


def test_no_duplicates_in_one_query(django_assert_num_queries):
    TraineeFactory()
    with django_assert_num_queries(1):
        assert selectors.duplicate_trainees() == []


def test_donor_figures_cover_only_the_donors_projects_and_period(django_assert_num_queries):
    pledge = PledgeFactory(project__code="PR-2005")
    _cascade_data(2, project=pledge.project)
    _cascade_data(2)  # another donor's
    visit = StudyVisitFactory(activity__project=pledge.project)
    ParticipantCountFactory(activity=visit.activity, women=2, men=28)
    BulletinIssueFactory(activity__project=pledge.project, print_run=2000)
    period = MandatePeriod(start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31))
    projects = pledge.donor.pledges.values("project")

    with django_assert_num_queries(8):
        figures = selectors.donor_training_figures(
            projects=projects, start=period.start, end=period.end
        )
    assert figures["totals"]["total"] == 2 + 160
    assert figures["second_generation"]["total"] == 160
    assert figures["instructors_certified"] == 2
    assert figures["enrolments"]["enrolled"] == 4
    assert figures["enrolments"]["certificates"] == 0
    assert figures["visit_participants"] == 30
    assert figures["print_run"] == 2000


def test_a_period_counts_only_the_instructors_certified_by_its_end():
    InstructorFactory(instructor_certified_on=datetime.date(2005, 10, 21))
    before = selectors.cascade(start=datetime.date(2004, 6, 1), end=datetime.date(2005, 5, 31))
    during = selectors.cascade(start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31))
    assert (before.instructors, len(before.by_instructor)) == (0, 0)
    assert (during.instructors, len(during.by_instructor)) == (1, 1)
