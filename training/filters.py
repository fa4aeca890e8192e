"""The training lists' filters and their exports' columns (see programs/filters.py).

Trainees' personal data leave the portal only in the trainee list's export, to users who may
see trainees (declared in training/portal.py); the session and course exports carry head
counts, never a name.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from programs.filters import ListFilter
from programs.models import MandatePeriod
from untop.exports import Column, ListExport

from .forms import CourseLabels
from .models import Course, Session, Trainee
from .querysets import CourseQuerySet
from .resources import TraineeResource

VIEW_TRAINEE = "training.view_trainee"


class CourseFilterField(CourseLabels, ModelChoiceField):
    """django-filter's choice of a record, its courses named in the reader's language."""


class CourseFilter(django_filters.ModelChoiceFilter):
    """A course, labelled and ordered as the session form offers them."""

    field_class = CourseFilterField


def _courses_in_reading_order(request) -> CourseQuerySet:
    # Ordered in the language of the page being built, not of the module's import.
    return Course.objects.in_reading_order()


class SessionFilter(ListFilter):
    """The session list's filter: one course, or every course."""

    course = CourseFilter(
        queryset=_courses_in_reading_order, label=_("Course"), empty_label=_("All courses")
    )

    class Meta:
        model = Session
        fields: list[str] = []


class TraineeFilter(ListFilter):
    """The trainee list's search: by name, personnel number or organisation."""

    q = django_filters.CharFilter(
        label=_("Search by name, personnel number or organisation"), method="search"
    )

    class Meta:
        model = Trainee
        fields: list[str] = []

    def search(self, trainees, name, text):
        return trainees.search(text)


class CascadeFilter(ListFilter):
    """The cascade's period: its sessions, and its instructors certified by the period's end.

    The cascade's figures are sums over the period's counted sessions (selectors.cascade),
    so its page reads the period chosen here rather than a filtered list; a bad period is
    shown on its field and the cascade of all time stays on the page.
    """

    period = django_filters.ModelChoiceFilter(
        queryset=MandatePeriod.objects.all(),
        label=_("Period"),
        empty_label=_("All periods"),
        method="in_period",
    )

    class Meta:
        model = Session
        fields: list[str] = []

    def in_period(self, sessions, name, period):
        return sessions.in_period(period.start, period.end)


#: The session list's export: its head counts, never a trainee's name.
SESSION_EXPORT = ListExport(
    stem="sessions",
    title="Sessions",
    columns=[
        Column("start", "activity__start"),
        Column("end", "activity__end"),
        Column("session", "activity__title"),
        Column("course", "course__code"),
        Column("centre", "activity__centre__code"),
        Column("approval", "activity__approval"),
        Column("participants", "participant_total"),
        Column("enrolled", "enrolled"),
        Column("attended", "attended_count"),
        Column("completed", "completed_count"),
    ],
)

#: The course list's export, with each course's counted sessions and their participants.
COURSE_EXPORT = ListExport(
    stem="courses",
    title="Courses",
    columns=[
        Column("code", "code"),
        Column("title", "title"),
        Column("topic", "topic"),
        Column("audience", "audience"),
        Column("hours", "hours"),
        Column("language", "language"),
        Column("sessions", "session_count"),
        Column("participants", "participant_total"),
    ],
)

#: The trainee list's export: the columns of the trainee import (training/resources.py), so
#: that an export can be corrected and imported again; the region by its code, as the import
#: reads it. Personal data: only for users who may see trainees.
TRAINEE_EXPORT = ListExport(
    stem="trainees",
    title="Trainees",
    columns=[
        Column(name, "region__code" if name == "region" else TraineeResource.fields[name].attribute)
        for name in TraineeResource._meta.fields
    ],
    permission=VIEW_TRAINEE,
)
