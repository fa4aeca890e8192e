"""Two people at once, on PostgreSQL: an approval and a change, two approvals, a lock and the
writes into its period happen one after the other, never over each other.

Each test holds one write open in a thread (its own database connection) while the test
makes the other; SQLite runs one write transaction at a time, so these races are
PostgreSQL's (CI runs the suite on it).
"""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from programs.models import Activity, MandatePeriod
from programs.rules import Rule, RuleBroken
from programs.services import (
    activity_approve,
    activity_create,
    activity_submit,
    activity_update,
    record_save,
)
from tests.factories import ActivityFactory, CategoryFactory, ProjectFactory, user_with_role
from untop.imports.engine import ImportInvalid, get_importer, run_import
from untop.imports.reading import Table

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="races of PostgreSQL's concurrent writes"
    ),
    pytest.mark.django_db(transaction=True),
]

HOLD = 1.0  # seconds the first write stays open
DAY = datetime.date(2005, 10, 4)  # inside the 2005–06 period of the `period` fixture
OPEN_DAY = datetime.date(2006, 10, 4)  # in no period


class Held(threading.Thread):
    """Runs ``write`` in a transaction of its own connection and keeps it open for HOLD
    seconds after it has run, as a slow request would."""

    def __init__(self, write):
        super().__init__()
        self.write, self.done, self.error = write, threading.Event(), None

    def run(self):
        try:
            with transaction.atomic():
                self.write()
                self.done.set()
                time.sleep(HOLD)
        except Exception as error:  # noqa: BLE001 - reported to the test
            self.error = error
            self.done.set()
        finally:
            connection.close()

    def __enter__(self):
        self.start()
        assert self.done.wait(10), "the first write did not run"
        assert self.error is None, self.error
        return self

    def __exit__(self, *exc):
        self.join()
        assert self.error is None, self.error


def _fields(project, centre, **kwargs):
    return {
        "project": project,
        "kind": "seminar",
        "title": "Seminar on tolerance",
        "start": DAY,
        "end": DAY,
        "centre": centre,
        "status": "held",
    } | kwargs


def test_a_lock_waits_for_a_write_in_flight_into_its_period(period, centre, staff_user, manager):
    project = ProjectFactory()
    with Held(
        lambda: activity_create(
            acting_user=staff_user, fields=_fields(project, centre), participants=[]
        )
    ):
        started = time.monotonic()
        period.locked = True
        record_save(acting_user=manager, record=period)
        waited = time.monotonic() - started
    # The lock committed after the write: the activity is in, and nothing comes after it.
    assert waited > HOLD * 0.5, f"the lock did not wait for the write ({waited:.2f} s)"
    assert Activity.objects.filter(title="Seminar on tolerance").count() == 1


def test_a_write_after_a_lock_in_flight_is_refused(period, centre, staff_user, manager):
    project = ProjectFactory()

    def lock():
        period.locked = True
        record_save(acting_user=manager, record=period)

    with Held(lock), pytest.raises(RuleBroken) as refused:
        activity_create(acting_user=staff_user, fields=_fields(project, centre), participants=[])
    assert refused.value.rule is Rule.PERIOD_LOCKED
    assert not Activity.objects.filter(title="Seminar on tolerance").exists()


def test_an_import_checked_before_a_lock_commits_nothing_into_it(
    period, centre, staff_user, manager
):
    project = ProjectFactory(code="DLG-2006")
    CategoryFactory(code="educators")
    headers = ["project", "centre", "type", "title", "start", "category", "women", "men"]
    rows = [
        ["DLG-2006", centre.code, "seminar", f"Seminar {n}", "04.10.2005", "educators", "3", "4"]
        for n in range(50)
    ]
    importer = get_importer("activities")(acting_user=staff_user)

    def lock():
        MandatePeriod.objects.filter(pk=period.pk).update(locked=True)

    with Held(lock), pytest.raises(ImportInvalid) as invalid:
        run_import(importer, Table(headers=headers, rows=rows), acting_user=staff_user)
    assert "is locked" in invalid.value.errors[0].message
    assert not Activity.objects.filter(project=project).exists()


def test_a_change_saved_while_a_manager_approves_does_not_undo_the_approval(
    centre, staff_user, manager
):
    activity = ActivityFactory(
        centre=centre, start=datetime.date(2006, 10, 4), end=datetime.date(2006, 10, 4)
    )
    activity_submit(activity=activity, acting_user=staff_user)
    stale = Activity.objects.get(pk=activity.pk)  # the staff's form, opened before the approval

    with (
        Held(
            lambda: activity_approve(
                activity=Activity.objects.get(pk=activity.pk), acting_user=manager
            )
        ),
        pytest.raises(RuleBroken) as refused,
    ):
        activity_update(
            activity=stale, acting_user=staff_user, fields={"title": "Changed"}, participants=None
        )
    assert refused.value.rule is Rule.SETTLED
    activity.refresh_from_db()
    assert activity.approval == "approved" and activity.approved_by == manager
    assert activity.title != "Changed"


def test_an_approval_after_a_change_in_flight_keeps_the_change(centre, staff_user, manager):
    activity = ActivityFactory(
        centre=centre, start=datetime.date(2006, 10, 4), end=datetime.date(2006, 10, 4)
    )
    activity_submit(activity=activity, acting_user=staff_user)
    opened = Activity.objects.get(pk=activity.pk)  # the manager's page, opened before the change

    with Held(
        lambda: activity_update(
            activity=Activity.objects.get(pk=activity.pk),
            acting_user=staff_user,
            fields={"title": "Changed"},
            participants=None,
        )
    ):
        activity_approve(activity=opened, acting_user=manager)
    activity.refresh_from_db()
    assert activity.title == "Changed"
    assert activity.approval == "approved" and activity.approved_by == manager


def test_two_managers_approving_at_once_approve_once(centre, staff_user, manager):
    other = user_with_role("Programme manager", username="manager2", home_centre=centre)
    activity = ActivityFactory(
        centre=centre, start=datetime.date(2006, 10, 4), end=datetime.date(2006, 10, 4)
    )
    activity_submit(activity=activity, acting_user=staff_user)
    opened = Activity.objects.get(pk=activity.pk)

    with (
        Held(
            lambda: activity_approve(
                activity=Activity.objects.get(pk=activity.pk), acting_user=manager
            )
        ),
        pytest.raises(ValidationError, match="Only a submitted activity can be approved"),
    ):
        activity_approve(activity=opened, acting_user=other)
    activity.refresh_from_db()
    assert activity.approved_by == manager


def test_two_budget_revisions_at_once_make_one(manager):
    """Both managers opened revision 1; the second, arriving while the first is in flight,
    waits for it and is refused naming it, so neither overwrites the other."""
    from decimal import Decimal

    from programs.budgets import BudgetRevisedMeanwhile, LineInput, budget_revise
    from programs.models import BudgetRevision

    project = ProjectFactory(start=datetime.date(2006, 6, 1), end=datetime.date(2007, 5, 31))

    def revise(amount, based_on, reason=""):
        return budget_revise(
            project=project,
            acting_user=manager,
            made_on=datetime.date(2006, 6, 1),
            reason=reason,
            lines=[LineInput(2006, "events", Decimal(amount))],
            based_on=based_on,
        )

    revise("1000", None)
    with (
        Held(lambda: revise("2000", 1, "More seminars")),
        pytest.raises(BudgetRevisedMeanwhile) as refused,
    ):
        revise("3000", 1, "More travel")
    assert "Revision 2 of this budget was entered meanwhile" in str(refused.value)
    current = BudgetRevision.objects.get(project=project, is_current=True)
    assert (current.number, current.total) == (2, Decimal("2000"))
