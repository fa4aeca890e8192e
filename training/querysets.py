"""Composable filters and sums over sessions, trainees and enrolments."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce

from programs import rules
from programs.models.geography import read_in_language
from programs.querysets import CodeOrTitleSearch, contains_text
from untop.aggregates import subquery_total

#: The trainee fields a search reads, in the order of their index (training 0006).
TRAINEE_SEARCH_FIELDS = ("family_name", "given_name", "personnel_number", "organisation", "unit")


class CourseQuerySet(CodeOrTitleSearch):
    """Courses, searched by code or title (the session form's course)."""

    def in_reading_order(self) -> CourseQuerySet:
        """Courses in the alphabetical order of the titles the reader reads (Course.local_title:
        the Russian or Tajik title in that language, else the English), for the course list
        and the course choices; the back office keeps Meta.ordering's English order. Call it
        with the reader's language active: the order is the language's."""
        return self.order_by(read_in_language("title"), "pk")


class SessionQuerySet(models.QuerySet):
    def counted(self) -> SessionQuerySet:
        """Sessions whose activity counts in figures: held and approved."""
        return self.filter(rules.counted("activity__"))

    def in_period(self, start: datetime.date, end: datetime.date) -> SessionQuerySet:
        """Sessions whose activity began within [start, end]."""
        return self.filter(activity__start__gte=start, activity__start__lte=end)

    def second_generation(self) -> SessionQuerySet:
        """Sessions taught by at least one instructor certified by the day the session
        began: the cascade's reach. A trainer certified later taught that session as a
        trainee of the cascade's first step, not as its instructor; and a certification
        recorded later leaves a locked period's figures as they were reported."""
        from .models import Session

        taught = Session.trainers.through.objects.filter(
            session_id=OuterRef("pk"),
            trainee__instructor_certified_on__lte=OuterRef("activity__start"),
        )
        return self.filter(Exists(taught))

    def first_generation(self) -> SessionQuerySet:
        """Sessions of train-the-trainer courses: where instructors are certified."""
        return self.filter(course__certifies_instructors=True)

    def with_enrolment_figures(self) -> SessionQuerySet:
        """Annotate enrolled, attended and completed counts, in SQL.

        A subquery per session rather than a join grouped over every enrolment: a page of
        sessions then reads only its own enrolments, and its count needs no grouping.
        """
        from .models import Enrolment

        def enrolments(**conditions) -> Coalesce:
            rows = Enrolment.objects.filter(session=OuterRef("pk"), **conditions)
            return subquery_total(rows, "session")

        return self.annotate(
            enrolled=enrolments(),
            attended_count=enrolments(attended=True),
            completed_count=enrolments(completed=True),
        )


class TraineeQuerySet(models.QuerySet):
    def instructors(self) -> TraineeQuerySet:
        """Trainees certified as instructors by a train-the-trainer course."""
        return self.filter(instructor_certified_on__isnull=False)

    def search(self, text: str) -> TraineeQuerySet:
        """Trainees whose name, personnel number, organisation or unit contains the text
        (any case): on PostgreSQL one trigram index of the fields joined answers it
        (training 0006)."""
        text = text.strip()
        if not text:
            return self
        return self.filter(contains_text(text, *TRAINEE_SEARCH_FIELDS))


class EnrolmentQuerySet(models.QuerySet):
    def counted(self) -> EnrolmentQuerySet:
        """Enrolments in sessions whose activity counts (held and approved)."""
        return self.filter(rules.counted("session__activity__"))

    def figures(self) -> dict:
        """Enrolled, attended, completed, certificates and mean scores, as one aggregate."""
        return self.aggregate(
            enrolled=Count("id"),
            attended=Count("id", filter=Q(attended=True)),
            completed=Count("id", filter=Q(completed=True)),
            certificates=Count("id", filter=~Q(certificate_number="")),
            pre_mean=Avg("pre_score"),
            post_mean=Avg("post_score"),
        )
