"""Reads of the training app: lists, the cascade and the report figures, summed in SQL.

Reach is counted from the activities' participant counts (held and approved), never from the
trainee records: not every person trained has a personal record, and the activity is where a
head count is kept once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower

from programs.models import ParticipantCount
from programs.rules import counted
from untop.aggregates import subquery_total
from untop.figures_cache import cached_figures

from .models import BulletinIssue, Course, Enrolment, Session, StudyVisit, Trainee


def _participants_of(activity_ref: str) -> Subquery:
    """A subquery: the participants of the activity named by an outer reference."""
    rows = ParticipantCount.objects.filter(activity_id=OuterRef(activity_ref))
    return subquery_total(rows, "activity_id", Sum(F("women") + F("men")))


def course_figures() -> dict[int, tuple[int, int]]:
    """Each course's counted sessions and their participants, all time, by course id: two
    queries grouped by course, kept in the figures cache until the data changes (every
    session of the office's history is summed; a sum per course in a subquery per course
    read the held and approved activities once per course)."""

    def sum_per_course() -> dict[int, tuple[int, int]]:
        sessions = Session.objects.counted().order_by().values_list("course")
        participants = (
            ParticipantCount.objects.filter(
                counted("activity__"), activity__training_session__isnull=False
            )
            .order_by()
            .values_list("activity__training_session__course")
        )
        people = dict(participants.annotate(total=Sum(F("women") + F("men"))))
        return {
            course: (number, people.get(course, 0))
            for course, number in sessions.annotate(number=Count("pk"))
        }

    return cached_figures("training:courses", sum_per_course)


def with_course_figures(courses) -> list[Course]:
    """The courses (e.g. one page of them), each with its counted sessions
    (``session_count``) and their participants (``participant_total``) from `course_figures`:
    no query when they are cached."""
    figures = course_figures()
    courses = list(courses)
    for course in courses:
        course.session_count, course.participant_total = figures.get(course.pk, (0, 0))
    return courses


def course_list() -> QuerySet[Course]:
    """The courses with the figures of `with_course_figures`, as a queryset (the list's
    export reads one), the figures written into its SQL: one query when they are cached."""
    figures = course_figures()

    def per_course(index: int) -> Case:
        return Case(
            *(When(pk=course, then=Value(sums[index])) for course, sums in figures.items()),
            default=Value(0),
            output_field=IntegerField(),
        )

    return Course.objects.annotate(
        session_count=per_course(0), participant_total=per_course(1)
    ).order_by("title")


def session_list(*, course: Course | None = None) -> QuerySet[Session]:
    """Sessions with their activity, course, participants and enrolment figures."""
    sessions = Session.objects.select_related(
        "activity__centre", "activity__project", "course"
    ).with_enrolment_figures()
    if course is not None:
        sessions = sessions.filter(course=course)
    return sessions.annotate(participant_total=_participants_of("activity_id")).order_by(
        "-activity__start", "-id"
    )


def session_enrolments(session: Session) -> QuerySet[Enrolment]:
    return session.enrolments.select_related("trainee__region").order_by(
        "trainee__family_name", "trainee__given_name", "id"
    )


def trainee_history(trainee: Trainee) -> dict[str, Any]:
    """A trainee's enrolments, the sessions they taught and their study visits."""
    return {
        "enrolments": trainee.enrolments.select_related(
            "session__activity__centre", "session__course"
        ).order_by("-session__activity__start"),
        "taught": trainee.sessions_taught.select_related("activity__centre", "course")
        .annotate(participant_total=_participants_of("activity_id"))
        .order_by("-activity__start"),
        "visits": trainee.study_visits.select_related("activity").order_by("-activity__start"),
    }


def duplicate_trainee_keys() -> QuerySet:
    """The names and dates of birth (lower-cased: ``family``, ``given``, ``born``) that more
    than one record shares (``n``), in that order: one row per group of possible duplicates,
    read from the trainees' name index (trainee_name_born) a page at a time."""
    return (
        Trainee.objects.filter(date_of_birth__isnull=False)
        .values(family=Lower("family_name"), given=Lower("given_name"), born=F("date_of_birth"))
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("family", "given", "born")
    )


def duplicate_trainees(keys: Iterable[dict[str, Any]] | None = None) -> list[list[Trainee]]:
    """Groups of records that look like one person: same name and date of birth. Those of
    ``keys`` (rows of `duplicate_trainee_keys`: a page of them), else every group.

    (Two records cannot share a personnel number: the database refuses it on entry.)
    """
    keys = list(duplicate_trainee_keys() if keys is None else keys)
    if not keys:
        return []
    condition = Q()
    for key in keys:
        condition |= Q(family=key["family"], given=key["given"], date_of_birth=key["born"])
    rows = (
        Trainee.objects.annotate(family=Lower("family_name"), given=Lower("given_name"))
        .filter(condition)
        .select_related("region")
        .annotate(enrolment_count=Count("enrolments"))
        .order_by("family", "given", "date_of_birth", "id")
    )
    groups: dict[tuple, list[Trainee]] = {}
    for trainee in rows:
        groups.setdefault((trainee.family, trainee.given, trainee.date_of_birth), []).append(
            trainee
        )
    return list(groups.values())


@dataclass
class Cascade:
    """The train-the-trainer cascade: who was certified and whom their sessions reached."""

    first_generation: dict[str, int]
    instructors: int
    second_generation: dict[str, int]
    second_generation_recorded: int
    by_instructor: list[Trainee] = field(default_factory=list)
    by_region: list[dict[str, Any]] = field(default_factory=list)


def cascade(
    *, start: datetime.date | None = None, end: datetime.date | None = None, names: bool = True
) -> Cascade:
    """The cascade in a period (all time when no dates), in a fixed number of queries.

    First generation: counted sessions of train-the-trainer courses. Second generation:
    counted sessions taught by at least one certified instructor; its reach is the sum of
    those activities' participant counts (each session once, however many instructors).
    Per instructor, a session counts in each of its instructors' rows. Instructors are
    those certified by the end of the period.
    """
    sessions = Session.objects.counted()
    if start and end:
        sessions = sessions.in_period(start, end)
    first = sessions.first_generation()
    # The second generation's sessions, read once: as a subquery in each sum below,
    # PostgreSQL took it for a handful of rows and joined every session before filtering.
    # (The instructors' rows keep it as a subquery, which each row's lookups serve.)
    second = sessions.second_generation()
    second_ids = list(second.values_list("pk", flat=True))
    first_totals = ParticipantCount.objects.filter(
        activity__training_session__in=first.values("pk")
    ).totals()
    first_totals["sessions"] = first.count()
    second_totals = ParticipantCount.objects.filter(
        activity__training_session__in=second_ids
    ).totals()
    second_totals["sessions"] = len(second_ids)
    recorded = Enrolment.objects.filter(session__in=second_ids, attended=True).count()

    by_region = list(
        ParticipantCount.objects.filter(activity__training_session__in=second_ids)
        .values(region=F("activity__centre__region__name_en"))
        .annotate(
            reach=Sum(F("women") + F("men")),
            sessions=Count("activity", distinct=True),
            women_reached=Sum("women"),
        )
        .order_by("region")
    )
    instructors = Trainee.objects.instructors()
    if end:
        instructors = instructors.filter(instructor_certified_on__lte=end)
    per_region = dict(instructors.values_list("region__name_en").annotate(n=Count("id")).order_by())
    for row in by_region:
        row["instructors"] = per_region.get(row["region"], 0)

    by_instructor: list[Trainee] = []
    if names:
        # Subqueries grouped to one row: without their default ordering, which PostgreSQL
        # would otherwise require in the GROUP BY.
        taught = second.filter(trainers=OuterRef("pk")).order_by()
        reach = (
            ParticipantCount.objects.filter(
                activity__training_session__in=second.values("pk"),
                activity__training_session__trainers=OuterRef("pk"),
            )
            .order_by()
            .annotate(group=Value(1))
            .values("group")
            .annotate(total=Sum(F("women") + F("men")))
            .values("total")
        )
        by_instructor = list(
            instructors.select_related("region")
            .annotate(
                session_count=Coalesce(
                    Subquery(
                        taught.annotate(group=Value(1))
                        .values("group")
                        .annotate(n=Count("pk"))
                        .values("n"),
                        output_field=IntegerField(),
                    ),
                    0,
                ),
                reach=Coalesce(Subquery(reach, output_field=IntegerField()), 0),
            )
            .order_by("-reach", "family_name", "given_name")
        )
    return Cascade(
        first_generation=first_totals,
        instructors=instructors.count(),
        second_generation=second_totals,
        second_generation_recorded=recorded,
        by_instructor=by_instructor,
        by_region=by_region,
    )


def study_visit_list() -> QuerySet[StudyVisit]:
    return StudyVisit.objects.select_related("activity__project").annotate(
        participant_total=_participants_of("activity_id"),
        recorded=Count("participants"),
    )


def bulletin_issue_list() -> QuerySet[BulletinIssue]:
    return BulletinIssue.objects.select_related("activity").order_by("number")


def donor_training_figures(*, projects, start: datetime.date, end: datetime.date) -> dict:
    """Aggregates only (no names) of the training a donor's projects paid for in a period."""
    sessions = (
        Session.objects.counted().in_period(start, end).filter(activity__project__in=projects)
    )
    by_course = list(
        ParticipantCount.objects.filter(activity__training_session__in=sessions.values("pk"))
        .values(
            course=F("activity__training_session__course__title"),
            course_ru=F("activity__training_session__course__title_ru"),
            course_tg=F("activity__training_session__course__title_tg"),
        )
        .annotate(
            sessions=Count("activity", distinct=True),
            women_count=Sum("women"),
            men_count=Sum("men"),
            total=Sum(F("women") + F("men")),
        )
        .order_by("-total", "course")
    )
    totals = ParticipantCount.objects.filter(
        activity__training_session__in=sessions.values("pk")
    ).totals()
    enrolments = Enrolment.objects.filter(session__in=sessions.values("pk")).figures()
    second = sessions.second_generation()
    reach = ParticipantCount.objects.filter(
        activity__training_session__in=second.values("pk")
    ).totals()
    certified = (
        Trainee.objects.instructors()
        .filter(
            enrolments__completed=True,
            enrolments__session__in=sessions.first_generation().values("pk"),
        )
        .distinct()
        .count()
    )
    visits = (
        StudyVisit.objects.filter(counted("activity__"), activity__project__in=projects)
        .filter(activity__start__gte=start, activity__start__lte=end)
        .select_related("activity")
        .annotate(participant_total=_participants_of("activity_id"))
        .order_by("activity__start")
    )
    visits = list(visits)
    issues = list(
        BulletinIssue.objects.filter(counted("activity__"), activity__project__in=projects)
        .filter(activity__start__gte=start, activity__start__lte=end)
        .select_related("activity")
        .order_by("number")
    )
    return {
        "by_course": by_course,
        "totals": totals,
        "enrolments": enrolments,
        "instructors_certified": certified,
        "second_generation": reach,
        "second_generation_sessions": second.count(),
        "visits": visits,
        "visit_participants": sum(visit.participant_total for visit in visits),
        "issues": issues,
        "print_run": sum(issue.print_run for issue in issues),
    }


def mandate_training_figures(*, start: datetime.date, end: datetime.date) -> dict:
    """The period's training figures as the mandate letter gives them: aggregates only."""
    sessions = Session.objects.counted().in_period(start, end)
    seminars = sessions.filter(
        course__topic__in=[Course.Topic.HUMAN_RIGHTS, Course.Topic.CONFLICT_MANAGEMENT]
    )
    seminar_counts = ParticipantCount.objects.filter(
        activity__training_session__in=seminars.values("pk")
    )
    seminar_totals = seminar_counts.totals()
    seminar_totals["centres"] = seminars.values("activity__centre").distinct().count()
    visits = StudyVisit.objects.filter(
        counted("activity__"), activity__start__gte=start, activity__start__lte=end
    )
    abroad = ParticipantCount.objects.filter(activity__study_visit__in=visits.values("pk"))
    return {
        "start": start,
        "end": end,
        "seminars": seminar_totals,
        "seminar_categories": list(seminar_counts.by_category()),
        "cascade": cascade(start=start, end=end, names=False),
        "abroad": abroad.totals(),
        "issues": BulletinIssue.objects.filter(
            counted("activity__"), activity__start__gte=start, activity__start__lte=end
        ).count(),
    }
