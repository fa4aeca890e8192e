# ruff: noqa: E501  (the tables below are one line per write path)
"""Which rule each write path keeps: the rule × write-path matrix that
tests/untop/test_rule_matrix.py walks.

The rules are programs/rules.py's. The write paths are found, not listed by hand:

- the back office: every registered model. A model the rules reach (``governed``) has a
  maker below that makes one of its records at a ``Place``: a day inside the locked
  2005–06 mandate period, or an approved activity of an open period. The walker then tries
  every operation the programme manager may do there (add, change, delete, "delete
  selected", each action) and expects the rule's refusal. A model no rule reaches is in
  UNGOVERNED with the reason;
- every importer of the import registry: a case per rule, or a reason in UNGOVERNED_IMPORTS;
- every public service (a function of an app's services.py taking ``acting_user``): its
  cases, or the reason no rule reaches it, in SERVICES;
- every portal URL: its write cases in ROUTES, or listed in READ_ONLY_ROUTES.

A model, importer, service or URL without an entry fails the test: add its line here.
Programme staff never reach the back office (the role × route matrix), so the centre rule
is proved on the portal's pages, the services and the importers.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from programs.models import (
    Activity,
    Contribution,
    Expenditure,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MandatePeriod,
    Project,
)
from programs.rules import Rule
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    DonorFactory,
    ParticipantCountFactory,
    PledgeFactory,
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


# -- makers: one record of each governed model at a place -----------------------------------
def _evidence(p: Place):
    from programs.models import Evidence
    from tests.factories import UserFactory

    return Evidence.objects.create(
        activity=p.activity(),
        file=SimpleUploadedFile("agenda.txt", b"agenda"),
        description="Agenda",
        uploaded_by=UserFactory(),
    )


def _indicator(p: Place) -> Indicator:
    return Indicator.objects.create(project=ProjectFactory(), name="Seminars held", unit="seminars")


def _session(p: Place):
    from tests.training.factories import SessionFactory

    return SessionFactory(activity=p.activity(Activity.Kind.TRAINING))


def _enrolment(p: Place):
    from tests.training.factories import EnrolmentFactory

    return EnrolmentFactory(session=_session(p))


def _study_visit(p: Place):
    from tests.training.factories import StudyVisitFactory

    return StudyVisitFactory(activity=p.activity(Activity.Kind.TRAINING))


def _bulletin(p: Place):
    from tests.training.factories import BulletinIssueFactory

    return BulletinIssueFactory(activity=p.activity(Activity.Kind.PUBLICATION))


def _briefing(p: Place):
    from tests.elections.factories import BriefingFactory

    return BriefingFactory(activity=p.activity(Activity.Kind.BRIEFING))


def _planned_briefing(p: Place):
    from tests.elections.factories import PlannedBriefingFactory

    return PlannedBriefingFactory(day=p.day)


def _election_milestone(p: Place):
    from tests.elections.factories import MilestoneFactory

    return MilestoneFactory(planned=p.day, actual=p.day)


def _mission(p: Place):
    from tests.elections.factories import MissionFactory

    return MissionFactory(start=p.day, end=p.day + datetime.timedelta(5))


def _delivery(p: Place):
    from tests.elections.factories import DeliveryFactory

    return DeliveryFactory(day=p.day, activity=p.activity())


def _action(p: Place):
    from tests.humanrights.factories import ActionFactory, DocumentFactory, RecommendationFactory

    document = DocumentFactory(issued_on=datetime.date(2004, 1, 1))
    return ActionFactory(recommendation=RecommendationFactory(document=document), taken_on=p.day)


def _status_change(p: Place):
    from humanrights.models import StatusChange

    action = _action(p)
    return StatusChange.objects.create(
        recommendation=action.recommendation,
        action=action,
        from_status="not_started",
        to_status="in_progress",
        changed_on=p.day,
        changed_by=action.recorded_by,
    )


def _hr_milestone(p: Place):
    from tests.humanrights.factories import MilestoneFactory

    return MilestoneFactory(planned_on=p.day, achieved_on=p.day)


MAKERS: dict[str, Callable[[Place], Any]] = {
    "programs.activity": lambda p: p.activity(),
    "programs.participantcount": lambda p: ParticipantCountFactory(activity=p.activity()),
    "programs.evidence": _evidence,
    "programs.indicatorvalue": lambda p: IndicatorValue.objects.create(
        indicator=_indicator(p), period=p.period, value=Decimal("3")
    ),
    "programs.indicatortarget": lambda p: IndicatorTarget.objects.create(
        indicator=_indicator(p), period=p.period, target=Decimal("5")
    ),
    "programs.pledge": lambda p: PledgeFactory(pledged_on=p.day),
    "programs.contribution": lambda p: Contribution.objects.create(
        donor=DonorFactory(),
        received_on=p.day,
        amount=Decimal("10.00"),
        amount_usd=Decimal("10.00"),
    ),
    "programs.expenditure": lambda p: Expenditure.objects.create(
        project=ProjectFactory(), category="travel", spent_on=p.day, amount_usd=Decimal("10.00")
    ),
    "training.session": _session,
    "training.enrolment": _enrolment,
    "training.studyvisit": _study_visit,
    "training.bulletinissue": _bulletin,
    "elections.briefing": _briefing,
    "elections.plannedbriefing": _planned_briefing,
    "elections.milestone": _election_milestone,
    "elections.needsassessmentmission": _mission,
    "elections.delivery": _delivery,
    "humanrights.implementationaction": _action,
    "humanrights.statuschange": _status_change,
    "humanrights.milestone": _hr_milestone,
}

# The back office's actions on governed models, and what each does to a protected record:
# "refused", or "way out" where the action is the one the rule's message names (a manager
# returns an approved activity to draft; a locked period still refuses it).
ACTIONS: dict[tuple[str, str], str] = {
    ("programs.activity", "approve"): "refused",
    ("programs.activity", "return_to_draft"): "way out",
}

# Back-office models no rule reaches, and why.
UNGOVERNED: dict[str, str] = {
    "auth.group": "roles: no date, no centre",
    "axes.accessattempt": "sign-in protection, not programme data",
    "axes.accesslog": "sign-in protection, not programme data",
    "axes.accessfailurelog": "sign-in protection, not programme data",
    "otp_totp.totpdevice": "a user's authenticator, not programme data",
    "audit.auditentry": "read-only for everyone",
    "audit.authevent": "read-only for everyone",
    "imports.importjob": "a job's record; the rows it imports are checked by the importer",
    "reports.report": "read-only in the back office; a report reads, never writes, the data",
    "programs.user": "accounts: the administrators' issue, not a dated record",
    "programs.region": "reference data, not dated",
    "programs.district": "reference data, not dated",
    "programs.centre": "reference data, not dated",
    "programs.mandateperiod": "the lock itself: a manager locks and unlocks here",
    "programs.partner": "reference data, not dated",
    "programs.donor": "a donor is not dated; its pledges and contributions are",
    "programs.project": "a project spans periods; its activities and money are dated",
    "programs.participantcategory": "reference data, not dated",
    "programs.indicator": "an indicator spans periods; its values and targets are dated (inlines, checked)",
    "elections.election": "an election spans periods; its milestones, missions and briefings are dated",
    "elections.recommendation": "a mission's recommendation is followed up over years; the mission is dated",
    "elections.component": "an assistance component spans periods; its deliveries are dated",
    "elections.output": "an output spans periods; its deliveries are dated",
    "elections.ministry": "reference data, not dated",
    "training.course": "a course spans periods; its sessions are dated",
    "training.trainee": "a person, not a dated record; their enrolments are dated",
    "humanrights.mechanism": "reference data, not dated",
    "humanrights.document": "a treaty body's document: outside the office's figures",
    "humanrights.theme": "reference data, not dated",
    "humanrights.affectedgroup": "reference data, not dated",
    "humanrights.recommendation": "followed up over years; its actions and status changes are dated",
    "humanrights.monitoringnote": "confidential notes: the officers' own, outside every figure",
    "humanrights.notelog": "read-only for everyone",
}


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


def _programs_services() -> dict[str, Entry | Exempt]:
    from programs import services as s

    def create(**fields):
        def act(w):
            values = w.activity_fields(**fields)
            return lambda: s.activity_create(acting_user=w.staff, fields=values, participants=[])

        return act

    def on(label: str, rule: Rule, attempt, user="staff"):
        def act(w):
            record = w.make(label, rule=rule)
            return lambda: attempt(record, getattr(w, user))

        return Case(rule, act)

    def update(activity, user):
        return s.activity_update(
            activity=activity, acting_user=user, fields={"title": "Changed"}, participants=None
        )

    def evidence(activity, user):
        return s.evidence_add(
            activity=activity,
            acting_user=user,
            file=SimpleUploadedFile("list.txt", b"names"),
            description="List",
        )

    def pledge_save(pledge, user):
        pledge.amount = Decimal("1.00")
        return s.record_save(acting_user=user, record=pledge)

    def count_save(count, user):
        count.women += 1
        return s.record_save(acting_user=user, record=count)

    def own_approval(w):
        activity = w.submitted(Rule.OWN_APPROVAL, created_by=w.manager)
        return lambda: s.activity_approve(activity=activity, acting_user=w.manager)

    def move_out(w):
        activity = w.make("programs.activity", rule=Rule.PERIOD_LOCKED)
        return lambda: s.activity_update(
            activity=activity,
            acting_user=w.staff,
            fields={"start": OPEN_DAY, "end": OPEN_DAY},
            participants=None,
        )

    def closed(w):
        return create(project=w.project(status="closed"))(w)

    def outside_project(w):
        return create(project=w.project(start=datetime.date(2007, 1, 1)))(w)

    def submitted_locked(service):
        def act(w):
            activity = w.submitted(Rule.PERIOD_LOCKED)
            return lambda: service(activity=activity, acting_user=w.manager)

        return Case(Rule.PERIOD_LOCKED, act)

    return {
        "programs.activity_create": Entry(
            [
                Case(Rule.PERIOD_LOCKED, create(start=LOCKED_DAY, end=LOCKED_DAY)),
                Case(Rule.CENTRE_SCOPE, lambda w: create(centre=w.other_centre)(w)),
                Case(Rule.PROJECT_CLOSED, closed),
                Case(Rule.PROJECT_DATES, outside_project),
                Case(Rule.DATES_IN_ORDER, create(end=OPEN_DAY - datetime.timedelta(1))),
            ]
        ),
        "programs.activity_update": Entry(
            [
                on("programs.activity", Rule.PERIOD_LOCKED, update),
                Case(Rule.PERIOD_LOCKED, move_out, "moved out of the locked period"),
                on("programs.activity", Rule.CENTRE_SCOPE, update),
                on("programs.activity", Rule.SETTLED, update, user="manager"),
            ]
        ),
        "programs.activity_delete": Entry(
            [
                on(
                    "programs.activity",
                    Rule.PERIOD_LOCKED,
                    lambda a, u: s.activity_delete(activity=a, acting_user=u),
                    user="manager",
                ),
                on(
                    "programs.activity",
                    Rule.SETTLED,
                    lambda a, u: s.activity_delete(activity=a, acting_user=u),
                    user="manager",
                ),
            ]
        ),
        "programs.activity_submit": Entry(
            [
                on(
                    "programs.activity",
                    Rule.PERIOD_LOCKED,
                    lambda a, u: s.activity_submit(activity=a, acting_user=u),
                ),
                on(
                    "programs.activity",
                    Rule.CENTRE_SCOPE,
                    lambda a, u: s.activity_submit(activity=a, acting_user=u),
                ),
            ]
        ),
        "programs.activity_approve": Entry(
            [
                submitted_locked(s.activity_approve),
                Case(Rule.OWN_APPROVAL, own_approval),
            ]
        ),
        "programs.activity_return_to_draft": Entry([submitted_locked(s.activity_return_to_draft)]),
        "programs.evidence_add": Entry(
            [
                on("programs.activity", Rule.PERIOD_LOCKED, evidence),
                on("programs.activity", Rule.CENTRE_SCOPE, evidence),
                on("programs.activity", Rule.SETTLED, evidence),
            ]
        ),
        "programs.record_save": Entry(
            [
                on("programs.pledge", Rule.PERIOD_LOCKED, pledge_save, user="manager"),
                on("programs.participantcount", Rule.SETTLED, count_save, user="manager"),
                on("programs.participantcount", Rule.CENTRE_SCOPE, count_save),
            ]
        ),
        "programs.record_delete": Entry(
            [
                on(
                    "programs.expenditure",
                    Rule.PERIOD_LOCKED,
                    lambda r, u: s.record_delete(acting_user=u, records=[r]),
                    user="manager",
                ),
                on(
                    "programs.activity",
                    Rule.SETTLED,
                    lambda r, u: s.record_delete(acting_user=u, records=[r]),
                    user="manager",
                ),
            ]
        ),
        "programs.user_invite": Exempt("accounts: no dated record"),
    }


def services() -> dict[str, Entry | Exempt]:
    """Every public service, by "app.function"."""
    return _programs_services() | _area_services()


def _area_services() -> dict[str, Entry | Exempt]:
    return _elections_services() | _humanrights_services() | _training_services()


def _elections_services() -> dict[str, Entry | Exempt]:
    from elections import services as s
    from tests.elections.factories import MinistryFactory

    def briefing(rule: Rule, **overrides):
        def act(w):
            CategoryFactory(code="journalists")
            values = {
                "acting_user": w.staff,
                "ministry": MinistryFactory(),
                "project": w.project(),
                "centre": w.centre,
                "day": OPEN_DAY,
                "topic": "Elections law",
                "journalists_women": 3,
                "journalists_men": 4,
            }
            values |= {k: (v(w) if callable(v) else v) for k, v in overrides.items()}
            return lambda: s.briefing_record(**values)

        return Case(rule, act)

    def actual(day):
        def act(w):
            milestone = w.make("elections.milestone", rule=Rule.PERIOD_LOCKED)
            return lambda: s.milestone_record_actual(
                milestone=milestone, acting_user=w.manager, actual=day
            )

        return Case(Rule.PERIOD_LOCKED, act)

    return {
        "elections.briefing_record": Entry(
            [
                briefing(Rule.PERIOD_LOCKED, day=LOCKED_DAY),
                briefing(Rule.CENTRE_SCOPE, centre=lambda w: w.other_centre),
                briefing(Rule.PROJECT_CLOSED, project=lambda w: w.project(status="closed")),
                briefing(
                    Rule.PROJECT_DATES, project=lambda w: w.project(start=datetime.date(2007, 1, 1))
                ),
            ]
        ),
        "elections.milestone_record_actual": Entry([actual(OPEN_DAY), actual(None)]),
        "elections.recommendation_follow_up": Exempt("a mission's recommendation is not dated"),
    }


def _humanrights_services() -> dict[str, Entry | Exempt]:
    from humanrights import services as s
    from tests.humanrights.factories import DocumentFactory, RecommendationFactory

    def record(w):
        document = DocumentFactory(issued_on=datetime.date(2004, 1, 1))
        recommendation = RecommendationFactory(document=document)
        fields = {"taken_on": LOCKED_DAY, "description": "Round table", "taken_by": "Parliament"}
        return lambda: s.action_record(
            recommendation=recommendation, acting_user=w.hr, fields=fields
        )

    def update(w):
        action = w.make("humanrights.implementationaction", rule=Rule.PERIOD_LOCKED)
        return lambda: s.action_update(
            action=action, acting_user=w.hr, fields={"description": "Changed"}
        )

    def status(w):
        action = w.make("humanrights.implementationaction", rule=Rule.PERIOD_LOCKED)
        action.new_status = "implemented"
        return lambda: s.apply_status(action=action, acting_user=w.hr)

    notes = "confidential monitoring notes: the officers' own, outside every figure and period"
    return {
        "humanrights.action_record": Entry([Case(Rule.PERIOD_LOCKED, record)]),
        "humanrights.action_update": Entry([Case(Rule.PERIOD_LOCKED, update)]),
        "humanrights.apply_status": Entry([Case(Rule.PERIOD_LOCKED, status)]),
        "humanrights.note_create": Exempt(notes),
        "humanrights.note_update": Exempt(notes),
        "humanrights.note_delete": Exempt(notes),
        "humanrights.note_share": Exempt(notes),
        "humanrights.note_unshare": Exempt(notes),
    }


def _training_services() -> dict[str, Entry | Exempt]:
    from tests.training.factories import CourseFactory, TraineeFactory
    from training import services as s

    def on(label: str, rule: Rule, attempt, user="staff"):
        def act(w):
            record = w.make(label, rule=rule)
            w.trainee = TraineeFactory()
            return lambda: attempt(record, getattr(w, user), w)

        return Case(rule, act)

    def enrol(session, user, w):
        return s.enrolment_add(session=session, trainee=w.trainee, acting_user=user)

    def results(enrolment, user, w):
        values = {"attended": True, "completed": True, "pre_score": 40, "post_score": 80}
        return s.session_record_results(
            session=enrolment.session, acting_user=user, results={enrolment.pk: values}
        )

    def trainers(session, user, w):
        return s.session_set_trainers(
            session=session, acting_user=user, trainers=[], other_trainers="Police adviser"
        )

    def settle(enrolment, user, w):
        enrolment.attended = enrolment.completed = True
        return s.enrolment_settle(enrolment=enrolment, acting_user=user)

    def create(rule: Rule):
        def act(w):
            activity = w.make("programs.activity", rule=rule)
            Activity.objects.filter(pk=activity.pk).update(kind=Activity.Kind.TRAINING)
            activity.refresh_from_db()
            course = CourseFactory()
            return lambda: s.session_create(activity=activity, course=course, acting_user=w.staff)

        return Case(rule, act)

    def merge(enrolment, user, w):
        return s.trainee_merge(keep=w.trainee, duplicate=enrolment.trainee, acting_user=user)

    session, enrolment = "training.session", "training.enrolment"
    return {
        "training.session_create": Entry(
            [create(rule) for rule in (Rule.PERIOD_LOCKED, Rule.CENTRE_SCOPE, Rule.SETTLED)]
        ),
        "training.session_set_trainers": Entry(
            [
                on(session, rule, trainers)
                for rule in (Rule.PERIOD_LOCKED, Rule.CENTRE_SCOPE, Rule.SETTLED)
            ]
        ),
        "training.enrolment_add": Entry(
            [
                on(session, rule, enrol)
                for rule in (Rule.PERIOD_LOCKED, Rule.CENTRE_SCOPE, Rule.SETTLED)
            ]
        ),
        "training.session_record_results": Entry(
            [
                on(enrolment, rule, results)
                for rule in (Rule.PERIOD_LOCKED, Rule.CENTRE_SCOPE, Rule.SETTLED)
            ]
        ),
        "training.enrolment_settle": Entry(
            [
                on(enrolment, rule, settle, user="manager")
                for rule in (Rule.PERIOD_LOCKED, Rule.SETTLED)
            ]
        ),
        "training.enrolments_settle": Exempt(
            "settles certificates of enrolments its caller (the import, the back office) has just saved through the rules"
        ),
        "training.trainee_merge": Entry(
            [
                on(enrolment, rule, merge, user="manager")
                for rule in (Rule.PERIOD_LOCKED, Rule.SETTLED)
            ]
        ),
        "training.trainee_save": Exempt("a person's record, not dated; their enrolments are"),
    }


# -- importers: key → cases (each attempt raises ImportInvalid naming the rule) ---------------
def _run_import(key: str, user, headers: list[str], rows: list[list[str]]):
    from untop.imports.engine import get_importer, run_import
    from untop.imports.reading import Table

    importer = get_importer(key)(acting_user=user)
    return lambda: run_import(importer, Table(headers=headers, rows=rows), acting_user=user)


ACTIVITY_HEADERS = [
    "project",
    "centre",
    "type",
    "title",
    "start",
    "end",
    "category",
    "women",
    "men",
]


def _activity_row(w, *, project=None, centre=None, start=OPEN_DAY, end=None) -> list[str]:
    project = project or w.project()
    CategoryFactory(code="educators")
    return [
        project.code,
        (centre or w.centre).code,
        "seminar",
        "Seminar on tolerance",
        start.isoformat(),
        (end or start).isoformat(),
        "educators",
        "4",
        "5",
    ]


def _activity_import(**row):
    def act(w):
        values = {k: (v(w) if callable(v) else v) for k, v in row.items()}
        return _run_import("activities", w.staff, ACTIVITY_HEADERS, [_activity_row(w, **values)])

    return act


def _money_import(key: str, headers: list[str], row) -> Callable:
    def act(w):
        return _run_import(key, w.manager, headers, [row(w)])

    return act


def _donor_code(w) -> str:
    return DonorFactory().code


def _programs_importers() -> dict[str, Entry | Exempt]:
    return {
        "activities": Entry(
            [
                Case(Rule.PERIOD_LOCKED, _activity_import(start=LOCKED_DAY)),
                Case(Rule.CENTRE_SCOPE, _activity_import(centre=lambda w: w.other_centre)),
                Case(
                    Rule.PROJECT_CLOSED,
                    _activity_import(project=lambda w: w.project(status="closed")),
                ),
                Case(
                    Rule.PROJECT_DATES,
                    _activity_import(project=lambda w: w.project(start=datetime.date(2007, 1, 1))),
                ),
                Case(Rule.DATES_IN_ORDER, _activity_import(end=OPEN_DAY - datetime.timedelta(1))),
            ]
        ),
        "pledges": Entry(
            [
                Case(
                    Rule.PERIOD_LOCKED,
                    _money_import(
                        "pledges",
                        ["donor", "project", "pledged_on", "amount", "currency", "amount_usd"],
                        lambda w: [
                            _donor_code(w),
                            w.project().code,
                            LOCKED_DAY.isoformat(),
                            "100.00",
                            "USD",
                            "100.00",
                        ],
                    ),
                ),
            ]
        ),
        "contributions": Entry(
            [
                Case(
                    Rule.PERIOD_LOCKED,
                    _money_import(
                        "contributions",
                        ["donor", "received_on", "amount", "currency", "amount_usd"],
                        lambda w: [
                            _donor_code(w),
                            LOCKED_DAY.isoformat(),
                            "100.00",
                            "USD",
                            "100.00",
                        ],
                    ),
                ),
            ]
        ),
        "expenditure": Entry(
            [
                Case(
                    Rule.PERIOD_LOCKED,
                    _money_import(
                        "expenditure",
                        ["project", "category", "spent_on", "amount_usd", "description"],
                        lambda w: [
                            w.project().code,
                            "travel",
                            LOCKED_DAY.isoformat(),
                            "100.00",
                            "Fuel",
                        ],
                    ),
                ),
            ]
        ),
        "regions": Exempt("reference data, not dated"),
        "districts": Exempt("reference data, not dated"),
        "centres": Exempt("reference data, not dated"),
        "categories": Exempt("reference data, not dated"),
        "donors": Exempt("a donor is not dated; its pledges and contributions are"),
    }


def importers() -> dict[str, Entry | Exempt]:
    """Every importer of the registry, by key."""
    return _programs_importers() | _area_importers()


def _area_importers() -> dict[str, Entry | Exempt]:
    return {
        "mission-recommendations": Exempt("a mission's recommendation is not dated"),
        "recommendations": Exempt(
            "a treaty body's recommendation is followed up over years; its actions are dated"
        ),
    } | _training_importers()


def _training_importers() -> dict[str, Entry | Exempt]:
    def enrolments(rule: Rule):
        def act(w):
            from tests.training.factories import TraineeFactory

            session = w.make("training.session", rule=rule)
            trainee = TraineeFactory(personnel_number="MVD-0001")
            row = [
                session.course.code,
                session.activity.start.isoformat(),
                session.activity.centre.code,
                trainee.personnel_number,
                "yes",
                "yes",
                "80",
            ]
            headers = [
                "course",
                "session_start",
                "centre",
                "personnel_number",
                "attended",
                "completed",
                "post_score",
            ]
            return _run_import("enrolments", w.staff, headers, [row])

        return Case(rule, act)

    return {
        "enrolments": Entry(
            [enrolments(rule) for rule in (Rule.PERIOD_LOCKED, Rule.CENTRE_SCOPE, Rule.SETTLED)]
        ),
        "trainees": Exempt("a person's record, not dated; their enrolments are"),
    }


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
    client.force_login(getattr(w, role))
    return client


def _activity_form(w, activity=None, **overrides) -> dict:
    values = (
        w.activity_fields()
        if activity is None
        else {
            "project": activity.project,
            "kind": activity.kind,
            "title": activity.title,
            "start": activity.start,
            "end": activity.end,
            "centre": activity.centre,
            "status": activity.status,
        }
    )
    values |= overrides
    data = {k: getattr(v, "pk", v) for k, v in values.items()}
    data = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}
    return data | {
        "participants-TOTAL_FORMS": "0",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
    }


def _post(
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


def _route_case(
    rule: Rule, role: str, url: str, data=None, *, record=None, answer=200, shows_rule=True
):
    case = Case(rule, _post(role, url, data, record=record, rule=rule))
    case.refusal = Refusal(answer, shows_rule)
    return case


def _programs_routes() -> dict[str, Entry | Exempt]:
    add = "programs:activity_add"
    edit = "programs:activity_edit"
    upload = "programs:evidence_upload"
    act = "programs.activity"

    def evidence(w, activity):
        return {"description": "List", "file": SimpleUploadedFile("list.txt", b"names")}

    def submitted(w, rule):
        return w.submitted(rule)

    def own(w, rule):
        return w.submitted(rule, created_by=w.manager)

    def transition(name, rule, role="staff"):
        return _route_case(rule, role, f"programs:activity_{name}", record=act)

    return {
        add: Entry(
            [
                _route_case(
                    Rule.PERIOD_LOCKED,
                    "staff",
                    add,
                    lambda w, _: _activity_form(w, start=LOCKED_DAY, end=LOCKED_DAY),
                    answer=400,
                ),
                _route_case(
                    Rule.DATES_IN_ORDER,
                    "staff",
                    add,
                    lambda w, _: _activity_form(w, end=OPEN_DAY - datetime.timedelta(1)),
                    answer=400,
                ),
                _route_case(
                    Rule.PROJECT_DATES,
                    "staff",
                    add,
                    lambda w, _: _activity_form(
                        w, project=w.project(start=datetime.date(2007, 1, 1))
                    ),
                    answer=400,
                ),
                _route_case(
                    Rule.CENTRE_SCOPE,
                    "staff",
                    add,
                    lambda w, _: _activity_form(w, centre=w.other_centre),
                    answer=400,
                    shows_rule=False,
                ),
                _route_case(
                    Rule.PROJECT_CLOSED,
                    "staff",
                    add,
                    lambda w, _: _activity_form(w, project=w.project(status="closed")),
                    answer=400,
                    shows_rule=False,
                ),
            ]
        ),
        edit: Entry(
            [
                _route_case(
                    Rule.PERIOD_LOCKED,
                    "staff",
                    edit,
                    lambda w, a: _activity_form(w, a, title="Changed"),
                    record=act,
                    answer=400,
                ),
                _route_case(
                    Rule.CENTRE_SCOPE,
                    "staff",
                    edit,
                    lambda w, a: _activity_form(w, a, title="Changed"),
                    record=act,
                    answer=403,
                ),
                _route_case(
                    Rule.SETTLED,
                    "manager",
                    edit,
                    lambda w, a: _activity_form(w, a, title="Changed"),
                    record=act,
                ),
            ]
        ),
        upload: Entry(
            [
                _route_case(Rule.PERIOD_LOCKED, "staff", upload, evidence, record=act),
                _route_case(Rule.SETTLED, "staff", upload, evidence, record=act),
                _route_case(Rule.CENTRE_SCOPE, "staff", upload, evidence, record=act, answer=403),
            ]
        ),
        "programs:activity_submit": Entry(
            [
                transition("submit", Rule.PERIOD_LOCKED),
                _route_case(
                    Rule.CENTRE_SCOPE, "staff", "programs:activity_submit", record=act, answer=403
                ),
            ]
        ),
        "programs:activity_approve": Entry(
            [
                _route_case(
                    Rule.PERIOD_LOCKED, "manager", "programs:activity_approve", record=submitted
                ),
                _route_case(Rule.OWN_APPROVAL, "manager", "programs:activity_approve", record=own),
            ]
        ),
        "programs:activity_return": Entry(
            [
                _route_case(
                    Rule.PERIOD_LOCKED, "manager", "programs:activity_return", record=submitted
                ),
            ]
        ),
    }


def routes() -> dict[str, Entry | Exempt]:
    """Every portal URL that writes, by name; READ_ONLY_ROUTES are the others."""
    return (
        _programs_routes()
        | _area_routes()
        | {name: Exempt(why) for name, why in OTHER_WRITES.items()}
    )


def _area_routes() -> dict[str, Entry | Exempt]:
    return _elections_routes() | _humanrights_routes() | _training_routes()


def _elections_routes() -> dict[str, Entry | Exempt]:
    from tests.elections.factories import MinistryFactory

    add = "elections:briefing_add"

    def briefing(**overrides):
        def data(w, _):
            CategoryFactory(code="journalists")
            values = {
                "ministry": MinistryFactory().pk,
                "project": w.project(area="elections").pk,
                "centre": w.centre.pk,
                "day": OPEN_DAY.isoformat(),
                "topic": "Elections law",
                "journalists_women": 3,
                "journalists_men": 4,
            }
            return values | {k: (v(w) if callable(v) else v) for k, v in overrides.items()}

        return data

    def actual(w, milestone):
        return {"actual": OPEN_DAY.isoformat()}

    return {
        add: Entry(
            [
                _route_case(
                    Rule.PERIOD_LOCKED,
                    "staff",
                    add,
                    briefing(day=LOCKED_DAY.isoformat()),
                    answer=400,
                ),
                _route_case(
                    Rule.CENTRE_SCOPE,
                    "staff",
                    add,
                    briefing(centre=lambda w: w.other_centre.pk),
                    answer=400,
                    shows_rule=False,
                ),
                _route_case(
                    Rule.PROJECT_CLOSED,
                    "staff",
                    add,
                    briefing(project=lambda w: w.project(area="elections", status="closed").pk),
                    answer=400,
                ),
            ]
        ),
        "elections:milestone_actual": Entry(
            [
                _route_case(
                    Rule.PERIOD_LOCKED,
                    "manager",
                    "elections:milestone_actual",
                    actual,
                    record="elections.milestone",
                ),
            ]
        ),
        "elections:recommendation_follow_up": Exempt("a mission's recommendation is not dated"),
    }


def _humanrights_routes() -> dict[str, Entry | Exempt]:
    from tests.humanrights.factories import DocumentFactory, RecommendationFactory

    page = "humanrights:recommendation"

    def recommendation(w, rule):
        return RecommendationFactory(document=DocumentFactory(issued_on=datetime.date(2004, 1, 1)))

    def action(w, _):
        return {
            "taken_on": LOCKED_DAY.isoformat(),
            "description": "Round table",
            "taken_by": "Parliament",
        }

    notes = "confidential monitoring notes: the officers' own, outside every figure and period"
    return {
        page: Entry(
            [_route_case(Rule.PERIOD_LOCKED, "hr", page, action, record=recommendation, answer=400)]
        ),
        "humanrights:note_add": Exempt(notes),
        "humanrights:note_edit": Exempt(notes),
        "humanrights:note_share": Exempt(notes),
    }


def _training_routes() -> dict[str, Entry | Exempt]:
    from tests.training.factories import CourseFactory, TraineeFactory

    def enrol(w, session):
        return {"trainee": TraineeFactory().pk}

    def results(w, session):
        from tests.training.factories import EnrolmentFactory

        MandatePeriod.objects.filter(pk=w.period.pk).update(locked=False)
        enrolment = EnrolmentFactory(session=session)
        MandatePeriod.objects.filter(pk=w.period.pk).update(locked=True)
        return {
            "results-TOTAL_FORMS": "1",
            "results-INITIAL_FORMS": "1",
            "results-0-enrolment": enrolment.pk,
            "results-0-attended": "on",
            "results-0-completed": "on",
            "results-0-post_score": "80",
        }

    def training_activity(w, rule):
        activity = w.make("programs.activity", rule=rule)
        Activity.objects.filter(pk=activity.pk).update(kind=Activity.Kind.TRAINING)
        return activity

    def add(rule: Rule, answer=400, shows_rule=True):
        def act(w):
            activity = training_activity(w, rule)
            data = {"activity": activity.pk, "course": CourseFactory().pk}
            return _post("staff", "training:session_add", lambda w, _: data)(w)

        case = Case(rule, act)
        case.refusal = Refusal(answer, shows_rule)
        return case

    session = "training.session"
    return {
        "training:session_enrol": Entry(
            [
                _route_case(
                    Rule.PERIOD_LOCKED,
                    "staff",
                    "training:session_enrol",
                    enrol,
                    record=session,
                    answer=400,
                ),
                _route_case(
                    Rule.SETTLED,
                    "staff",
                    "training:session_enrol",
                    enrol,
                    record=session,
                    answer=400,
                ),
                _route_case(
                    Rule.CENTRE_SCOPE,
                    "staff",
                    "training:session_enrol",
                    enrol,
                    record=session,
                    answer=403,
                ),
            ]
        ),
        "training:session_results": Entry(
            [
                _route_case(
                    Rule.PERIOD_LOCKED,
                    "staff",
                    "training:session_results",
                    results,
                    record=session,
                    answer=400,
                ),
                _route_case(
                    Rule.SETTLED,
                    "staff",
                    "training:session_results",
                    results,
                    record=session,
                    answer=400,
                ),
                _route_case(
                    Rule.CENTRE_SCOPE,
                    "staff",
                    "training:session_results",
                    results,
                    record=session,
                    answer=403,
                ),
            ]
        ),
        # The form offers only the user's own draft activities; a forged one is refused by it.
        "training:session_add": Entry(
            [
                add(Rule.PERIOD_LOCKED, shows_rule=False),
                add(Rule.SETTLED, shows_rule=False),
                add(Rule.CENTRE_SCOPE, shows_rule=False),
            ]
        ),
        "training:trainee_add": Exempt("a person's record, not dated"),
        "training:trainee_edit": Exempt("a person's record, not dated"),
        "training:trainee_duplicates": Exempt("merges through trainee_merge (its cases above)"),
    }


# Portal URLs that write, but nothing a rule reaches.
OTHER_WRITES: dict[str, str] = {
    "logout": "a session",
    "password_change": "an account",
    "password_reset": "an account",
    "password_reset_confirm": "an account",
    "two_factor_setup": "an account",
    "two_factor_verify": "a session",
    "reauthenticate": "a session",
    "email_change": "an account",
    "language_set": "a user's language",
    "login": "a session",
    "reports:new": "a report reads the data, never writes it",
    "reports:again": "a report reads the data, never writes it",
    "reports:narrative": "a report's words, not its figures",
    "imports:index": "an import: its rows go through the importer (see importers())",
}

# Portal URLs that only read.
READ_ONLY_ROUTES: set[str] = {
    "home",
    "password_change_done",
    "password_reset_done",
    "password_reset_complete",
    "account",
    "health",
    "favicon",
    "programs:dashboard",
    "programs:dialogue",
    "programs:activity_list",
    "elections:election_list",
    "elections:election_detail",
    "elections:briefing_list",
    "elections:ministry_calendar",
    "humanrights:tracker",
    "humanrights:milestones",
    "humanrights:note_list",
    "humanrights:note_detail",
    "humanrights:note_log",
    "training:session_list",
    "training:session_detail",
    "training:course_list",
    "training:curriculum",
    "training:trainee_list",
    "training:trainee_detail",
    "training:cascade",
    "training:study_visit_list",
    "training:bulletin_list",
    "training:certificate",
    "programs:activity_detail",
    "programs:evidence_download",
    "reports:list",
    "reports:detail",
    "reports:status",
    "reports:download",
    "reports:preview",
    "imports:template",
    "imports:job",
    "imports:job_status",
}


# Management commands that write, and why no rule stops them.
COMMANDS: dict[str, str] = {
    "load_demo": (
        "loads the demo data set, its locked periods included: it sets the state the rules "
        "then guard, and saves a record only when a value differs, so a second run changes nothing"
    ),
    "generate_synthetic": "fills the benchmark's own database with generated data",
    "build_report": "reads the data; writes only the report's file",
}
