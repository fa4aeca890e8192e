# ruff: noqa: E501  (tables: one line per model)
"""Makers: one record of each model the rules reach, at a place; and the back office's
models and actions no rule reaches, with the reason."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from programs.models import (
    Activity,
    BudgetLine,
    BudgetRevision,
    Contribution,
    Expenditure,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
)
from tests.factories import (
    DonorFactory,
    ParticipantCountFactory,
    PledgeFactory,
    ProjectFactory,
)

from .core import Place


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


def _participant_group(p: Place):
    from programs.models import ParticipantGroup

    count = ParticipantCountFactory(activity=p.activity(), women=1, men=0)
    return ParticipantGroup.objects.create(count=count, sex="women", disability="no", number=1)


MAKERS: dict[str, Callable[[Place], Any]] = {
    "programs.activity": lambda p: p.activity(),
    "programs.participantcount": lambda p: ParticipantCountFactory(activity=p.activity()),
    "programs.participantgroup": _participant_group,
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
    "programs.budgetrevision": lambda p: _budget_revision(p),
    "programs.budgetline": lambda p: _budget_revision(p).lines.get(),
    "programs.expenditure": lambda p: Expenditure.objects.create(
        project=ProjectFactory(), category="travel", spent_on=p.day, amount=Decimal("10.00")
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


def _budget_revision(p: Place):
    """A project's budget revision dated at the place, with one line (written directly: the
    service would refuse a date in a locked period)."""
    project = ProjectFactory()
    revision = BudgetRevision.objects.create(
        project=project, number=1, made_on=p.day, currency="USD", total=10, total_usd=10
    )
    BudgetLine.objects.create(
        revision=revision, year=p.day.year, category="travel", amount=10, rate=1, amount_usd=10
    )
    return revision


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
    "audit.accountevent": "read-only for everyone",
    "security.singlesignonidentity": "a user's link to the sign-on provider, not programme data",
    "imports.importjob": "a job's record; the rows it imports are checked by the importer",
    "reports.report": "read-only in the back office; a report reads, never writes, the data",
    "reports.signatory": "who signs letters, by date: not programme data",
    "programs.user": "accounts: the administrators' issue, not a dated record",
    "programs.region": "reference data, not dated",
    "programs.district": "reference data, not dated",
    "programs.centre": "reference data, not dated",
    "programs.mandateperiod": "the lock itself: a manager locks and unlocks here",
    "programs.partner": "reference data, not dated",
    "programs.donor": "a donor is not dated; its pledges and contributions are",
    "programs.exchangerate": (
        "a rate is not a record of a mandate period: what it converted keeps the rate used"
    ),
    "programs.project": "a project spans periods; its activities and money are dated",
    "programs.participantcategory": "reference data, not dated",
    "programs.ageband": "reference data, not dated",
    "programs.sdgtarget": "reference data, not dated",
    "programs.outcome": "a project's results chain spans periods; its indicators' values and "
    "targets are dated",
    "programs.output": "a project's results chain spans periods; its indicators' values and "
    "targets are dated",
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
