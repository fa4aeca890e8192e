"""The programs app's write paths: its services, importers and pages."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from functools import partial

from django.core.files.uploadedfile import SimpleUploadedFile

from programs.rules import Rule
from tests.factories import (
    CategoryFactory,
    DonorFactory,
)

from .core import LOCKED_DAY, OPEN_DAY, Case, Entry, Exempt, import_attempt, route_case


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

    def budget_in_locked_period(w):
        project = w.project()
        return lambda: s.budget_revise(
            project=project,
            acting_user=w.manager,
            made_on=LOCKED_DAY,
            reason="",
            lines=[s.LineInput(LOCKED_DAY.year, "travel", Decimal("100"))],
            based_on=None,
        )

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
        "programs.activity_return_to_draft": Entry(
            [submitted_locked(partial(s.activity_return_to_draft, reason="Dates to check."))]
        ),
        # Each activity goes through activity_approve (above); a refusal is returned per
        # activity, not raised: the approval queue's page cases below show it.
        "programs.activities_approve": Exempt("approves each through activity_approve"),
        "programs.comment_add": Exempt(
            "a comment changes no figure: settled activities and locked periods take them"
        ),
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
        "programs.budget_revise": Entry([Case(Rule.PERIOD_LOCKED, budget_in_locked_period)]),
        "programs.user_invite": Exempt("accounts: no dated record"),
    }


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
        return import_attempt("activities", w.staff, ACTIVITY_HEADERS, [_activity_row(w, **values)])

    return act


def _money_import(key: str, headers: list[str], row) -> Callable:
    def act(w):
        return import_attempt(key, w.manager, headers, [row(w)])

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
                        ["project", "category", "spent_on", "amount", "currency", "description"],
                        lambda w: [
                            w.project().code,
                            "travel",
                            LOCKED_DAY.isoformat(),
                            "100.00",
                            "USD",
                            "Fuel",
                        ],
                    ),
                ),
            ]
        ),
        "budget-lines": Entry(
            [
                Case(
                    Rule.PERIOD_LOCKED,
                    _money_import(
                        "budget-lines",
                        ["project", "made_on", "reason", "year", "category", "amount"],
                        lambda w: [
                            w.project().code,
                            LOCKED_DAY.isoformat(),
                            "",
                            str(LOCKED_DAY.year),
                            "travel",
                            "100.00",
                        ],
                    ),
                ),
            ]
        ),
        "exchange-rates": Exempt(
            "a rate is not a record of a mandate period: what it converted keeps the rate used"
        ),
        "regions": Exempt("reference data, not dated"),
        "districts": Exempt("reference data, not dated"),
        "centres": Exempt("reference data, not dated"),
        "categories": Exempt("reference data, not dated"),
        "donors": Exempt("a donor is not dated; its pledges and contributions are"),
        "invitations": Exempt(
            "accounts, not dated: the ceiling of programs/accounts.py refuses its rows "
            "(tests/programs/test_accounts.py)"
        ),
    }


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


def _sync_entry(w, activity=None, **overrides) -> dict:
    """An offline outbox entry as the device sends it: the form's fields and its own key."""
    import uuid

    data = _activity_form(w, activity, **overrides) | {"offline_key": uuid.uuid4().hex}
    if activity is not None:
        data |= {"activity": activity.pk, "version": activity.version}
    return data


def _sync_edit(w, rule: Rule) -> dict:
    """An offline edit of an activity placed where ``rule`` protects it."""
    return _sync_entry(w, w.make("programs.activity", rule=rule), title="Changed")


def _programs_routes() -> dict[str, Entry | Exempt]:
    add = "programs:activity_add"
    edit = "programs:activity_edit"
    upload = "programs:evidence_upload"
    act = "programs.activity"
    sync = "programs:offline_sync"

    def evidence(w, activity):
        return {"description": "List", "file": SimpleUploadedFile("list.txt", b"names")}

    def submitted(w, rule):
        return w.submitted(rule)

    def own(w, rule):
        return w.submitted(rule, created_by=w.manager)

    def transition(name, rule, role="staff"):
        return route_case(rule, role, f"programs:activity_{name}", record=act)

    def new_activity(route, post):
        """The rules a new activity meets, sent to ``route`` by ``post(w, **fields)`` (the
        activity form, the offline outbox's sync)."""

        def case(rule, fields, **options):
            return route_case(
                rule, "staff", route, lambda w, _: post(w, **fields(w)), answer=400, **options
            )

        return [
            case(Rule.PERIOD_LOCKED, lambda w: {"start": LOCKED_DAY, "end": LOCKED_DAY}),
            case(Rule.DATES_IN_ORDER, lambda w: {"end": OPEN_DAY - datetime.timedelta(1)}),
            case(
                Rule.PROJECT_DATES,
                lambda w: {"project": w.project(start=datetime.date(2007, 1, 1))},
            ),
            case(Rule.CENTRE_SCOPE, lambda w: {"centre": w.other_centre}, shows_rule=False),
            case(
                Rule.PROJECT_CLOSED,
                lambda w: {"project": w.project(status="closed")},
                shows_rule=False,
            ),
        ]

    return {
        add: Entry(new_activity(add, _activity_form)),
        edit: Entry(
            [
                route_case(
                    Rule.PERIOD_LOCKED,
                    "staff",
                    edit,
                    lambda w, a: _activity_form(w, a, title="Changed"),
                    record=act,
                ),
                route_case(
                    Rule.CENTRE_SCOPE,
                    "staff",
                    edit,
                    lambda w, a: _activity_form(w, a, title="Changed"),
                    record=act,
                    answer=403,
                ),
                route_case(
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
                route_case(Rule.PERIOD_LOCKED, "staff", upload, evidence, record=act),
                route_case(Rule.SETTLED, "staff", upload, evidence, record=act),
                route_case(Rule.CENTRE_SCOPE, "staff", upload, evidence, record=act, answer=403),
            ]
        ),
        "programs:approvals": Entry(
            [
                route_case(
                    Rule.PERIOD_LOCKED,
                    "manager",
                    "programs:approvals",
                    lambda w, _: {"activity": [w.submitted(Rule.PERIOD_LOCKED).pk]},
                ),
                route_case(
                    Rule.OWN_APPROVAL,
                    "manager",
                    "programs:approvals",
                    lambda w, _: {
                        "activity": [w.submitted(Rule.OWN_APPROVAL, created_by=w.manager).pk]
                    },
                ),
            ]
        ),
        # The offline outbox's sync (programs/offline.py): the activity form's own form and
        # services, for new activities and edits alike.
        sync: Entry(
            [
                *new_activity(sync, _sync_entry),
                route_case(
                    Rule.PERIOD_LOCKED,
                    "staff",
                    sync,
                    lambda w, _: _sync_edit(w, Rule.PERIOD_LOCKED),
                    answer=400,
                ),
                route_case(
                    Rule.CENTRE_SCOPE,
                    "staff",
                    sync,
                    lambda w, _: _sync_edit(w, Rule.CENTRE_SCOPE),
                    answer=403,
                ),
                route_case(
                    Rule.SETTLED,
                    "manager",
                    sync,
                    lambda w, _: _sync_edit(w, Rule.SETTLED),
                    answer=400,
                ),
            ]
        ),
        "programs:comment_post": Exempt(
            "a comment changes no figure: settled activities and locked periods take them"
        ),
        "programs:activity_submit": Entry(
            [
                transition("submit", Rule.PERIOD_LOCKED),
                route_case(
                    Rule.CENTRE_SCOPE, "staff", "programs:activity_submit", record=act, answer=403
                ),
            ]
        ),
        "programs:activity_approve": Entry(
            [
                route_case(
                    Rule.PERIOD_LOCKED, "manager", "programs:activity_approve", record=submitted
                ),
                route_case(Rule.OWN_APPROVAL, "manager", "programs:activity_approve", record=own),
            ]
        ),
        "programs:activity_return": Entry(
            [
                route_case(
                    Rule.PERIOD_LOCKED,
                    "manager",
                    "programs:activity_return",
                    lambda w, _: {"reason": "Dates to check."},
                    record=submitted,
                ),
            ]
        ),
        # The revision form of a project's budget (programs.services.budget_revise): a
        # revision dated in a locked period is refused on its date.
        "programs:project_budget": Entry(
            [
                route_case(
                    Rule.PERIOD_LOCKED,
                    "manager",
                    "programs:project_budget",
                    _budget_form,
                    record=lambda w, _rule: w.project(),
                    answer=400,
                ),
            ]
        ),
    }


def _budget_form(w, project) -> dict:
    """A project's first budget, dated inside the locked period."""
    return {
        "made_on": LOCKED_DAY.isoformat(),
        "reason": "",
        "based_on": "",
        "line-2005-travel": "100",
    }
