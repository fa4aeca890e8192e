"""The matrix's parts: places, cases and the world the cases act in."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from programs.models import (
    Activity,
    MandatePeriod,
    Project,
)
from programs.rules import Rule
from tests.conftest import sign_in_as
from tests.factories import (
    ActivityFactory,
    ProjectFactory,
)

LOCKED_DAY = datetime.date(2005, 10, 4)  # inside 2005–06, which the world locks
OPEN_DAY = datetime.date(2006, 10, 4)  # inside 2006–07, open


@dataclass
class Place:
    """Where a maker puts its record: a day, and the activity approval and centre of the
    activities it makes."""

    day: datetime.date
    centre: Any
    approval: str = Activity.Approval.DRAFT
    project: Project | None = None

    def activity(self, kind: str = Activity.Kind.MEETING, **kwargs) -> Activity:
        if self.project is None:
            self.project = ProjectFactory(
                start=datetime.date(2005, 1, 1), end=datetime.date(2007, 12, 31)
            )
        values = {
            "kind": kind,
            "start": self.day,
            "end": self.day,
            "centre": self.centre,
            "approval": self.approval,
            "project": self.project,
        } | kwargs
        return ActivityFactory(**values)

    @property
    def period(self) -> MandatePeriod:
        period = MandatePeriod.objects.containing(self.day).first()
        if period is None:
            period = MandatePeriod.objects.create(
                start=datetime.date(self.day.year, 6, 1)
                if self.day.month >= 6
                else datetime.date(self.day.year - 1, 6, 1),
                end=datetime.date(self.day.year + 1, 5, 31)
                if self.day.month >= 6
                else datetime.date(self.day.year, 5, 31),
            )
        return period


# -- importers, services and portal routes ---------------------------------------------
@dataclass
class Case:
    """A write the path must refuse under ``rule``: ``act(world)`` attempts it (and raises,
    or returns the response, as the path answers)."""

    rule: Rule
    act: Callable[[Any], Any]
    note: str = ""


@dataclass
class Exempt:
    """A path no rule reaches, and why."""

    reason: str


@dataclass
class Entry:
    cases: list[Case] = field(default_factory=list)


class World:
    """The users and places the cases act in: the Khujand centre (staff's), the Khorog
    centre (another), the 2005–06 period, locked once the cases' records are made."""

    def __init__(self, *, period, centre, other_centre, staff, manager, hr):
        self.period, self.centre, self.other_centre = period, centre, other_centre
        self.staff, self.manager, self.hr = staff, manager, hr
        MandatePeriod.objects.filter(pk=period.pk).update(locked=True)

    def make(self, label: str, *, rule: Rule, centre=None):
        """A record of the model placed where ``rule`` protects it: inside the locked
        period, at another centre, or on an approved activity."""
        centre = centre or (self.other_centre if rule is Rule.CENTRE_SCOPE else self.centre)
        if rule is Rule.PERIOD_LOCKED:
            place = Place(LOCKED_DAY, centre)
        elif rule is Rule.SETTLED:
            place = Place(OPEN_DAY, centre, approval=Activity.Approval.APPROVED)
        else:
            place = Place(OPEN_DAY, centre)
        MandatePeriod.objects.filter(pk=self.period.pk).update(locked=False)
        from .makers import MAKERS

        record = MAKERS[label](place)
        MandatePeriod.objects.filter(pk=self.period.pk).update(locked=True)
        return record

    def project(self, **kwargs) -> Project:
        values = {"start": datetime.date(2005, 1, 1), "end": datetime.date(2007, 12, 31)}
        return ProjectFactory(**(values | kwargs))

    def activity_fields(self, **kwargs) -> dict:
        return {
            "project": self.project(),
            "kind": Activity.Kind.SEMINAR,
            "title": "Seminar on tolerance",
            "start": OPEN_DAY,
            "end": OPEN_DAY,
            "centre": self.centre,
            "status": Activity.Status.HELD,
        } | kwargs

    def submitted(self, rule: Rule, **kwargs) -> Activity:
        activity = self.make("programs.activity", rule=rule)
        Activity.objects.filter(pk=activity.pk).update(approval="submitted", **kwargs)
        activity.refresh_from_db()
        return activity


# -- importers: key → cases (each attempt raises ImportInvalid naming the rule) ---------------
def import_attempt(key: str, user, headers: list[str], rows: list[list[str]]):
    from untop.imports.engine import get_importer, run_import
    from untop.imports.reading import Table

    importer = get_importer(key)(acting_user=user)
    return lambda: run_import(importer, Table(headers=headers, rows=rows), acting_user=user)


# -- portal routes: URL name → cases (each attempt returns the final response) -------------
@dataclass
class Refusal:
    """What a refused post answers: the status, and whether the page shows the rule's
    message (a form that offers only allowed choices refuses a forged one with its own)."""

    status: int
    shows_rule: bool = True


def _client(w, role: str):
    from django.test import Client

    client = Client()
    sign_in_as(client, getattr(w, role))
    return client


def post_attempt(
    role: str, url: str, data: Callable | None = None, *, record: str | None = None, rule=None
):
    """A case's attempt: as ``role``, post ``data(w, record)`` to ``url`` (reversed with the
    record's pk when ``record`` names a maker), following redirects."""
    from django.urls import reverse

    def act(w):
        if callable(record):
            made = record(w, rule)
        else:
            made = w.make(record, rule=rule) if record else None
        target = reverse(url, args=[made.pk]) if made is not None else reverse(url)
        payload = data(w, made) if data else {}
        client = _client(w, role)
        return lambda: client.post(target, payload, follow=True)

    return act


def route_case(
    rule: Rule, role: str, url: str, data=None, *, record=None, answer=200, shows_rule=True
):
    case = Case(rule, post_attempt(role, url, data, record=record, rule=rule))
    case.refusal = Refusal(answer, shows_rule)
    return case
