"""The indicators' standings kept (programs/standings.py): each write that moves an
indicator's figures leaves its standing as measured afresh, and the dashboard counts and
orders the indicators from them as it did from the whole table."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from programs import standings
from programs.figures import dashboard_figures
from programs.models import (
    Activity,
    AgeBand,
    Indicator,
    IndicatorStanding,
    IndicatorTarget,
    IndicatorValue,
    MandatePeriod,
    ParticipantGroup,
    Project,
)
from programs.results import indicator_progress, needing_attention, progress_counts
from programs.services import (
    activity_approve,
    activity_delete,
    activity_return_to_draft,
    record_delete,
    record_save,
)
from programs.summary import refresh_activities
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    ParticipantCountFactory,
    ProjectFactory,
)

DAY = datetime.date(2005, 10, 4)


@pytest.fixture
def project(db):
    return ProjectFactory(start=datetime.date(2005, 1, 1), end=datetime.date(2007, 12, 31))


@pytest.fixture
def people(project, period):
    """A computed indicator counting everyone, with a target of 20 in the period."""
    indicator = Indicator.objects.create(
        project=project, name="People", unit="people", rule="participants"
    )
    IndicatorTarget.objects.create(indicator=indicator, period=period, target=Decimal("20"))
    return indicator


def _standing(indicator, period) -> tuple:
    standing = IndicatorStanding.objects.get(indicator=indicator, period=period)
    return standing.status, standing.percent, standing.waiting


def _submitted(project, centre, women, men=0, start=DAY):
    activity = ActivityFactory(
        project=project, centre=centre, start=start, end=start, approval="submitted"
    )
    ParticipantCountFactory(activity=activity, women=women, men=men)
    return activity


def test_an_approval_and_a_return_move_the_standing(people, period, project, centre, manager):
    assert _standing(people, period) == ("behind", Decimal("0.0"), False)
    activity = _submitted(project, centre, women=12, men=8)
    # A draft or a submitted activity counts nowhere: the standing did not move.
    assert _standing(people, period) == ("behind", Decimal("0.0"), False)

    activity_approve(activity=activity, acting_user=manager)
    assert _standing(people, period) == ("met", Decimal("100.0"), False)

    activity.refresh_from_db()
    activity_return_to_draft(activity=activity, acting_user=manager, reason="Numbers wrong")
    assert _standing(people, period) == ("behind", Decimal("0.0"), False)
    assert standings.differences() == []


def test_a_deleted_activity_leaves_the_standing(people, period, project, centre, manager):
    activity = _submitted(project, centre, women=30)
    activity_approve(activity=activity, acting_user=manager)
    assert _standing(people, period)[0] == "met"
    activity.refresh_from_db()
    activity_return_to_draft(activity=activity, acting_user=manager, reason="Not held")
    activity.refresh_from_db()
    activity_delete(activity=activity, acting_user=manager)
    assert _standing(people, period) == ("behind", Decimal("0.0"), False)
    assert standings.differences() == []


def test_a_write_in_bulk_is_measured_by_its_refresh(people, period, project, centre):
    activity = _submitted(project, centre, women=10)
    # Written in bulk, as the importer and the loaders write: no signal.
    Activity.objects.filter(pk=activity.pk).update(approval="approved")
    assert _standing(people, period)[1] == Decimal("0.0")
    refresh_activities([activity.pk])
    assert _standing(people, period) == ("behind", Decimal("50.0"), False)
    assert standings.differences() == []


def test_values_targets_and_the_rule_move_their_indicator(period, project, manager):
    typed = Indicator.objects.create(project=project, name="Laws drafted", unit="laws")
    assert _standing(typed, period) == ("unmeasured", None, False)

    target = record_save(
        acting_user=manager,
        record=IndicatorTarget(indicator=typed, period=period, target=Decimal("4")),
    )
    # A target and no value yet: waiting for one.
    assert _standing(typed, period) == ("unmeasured", None, True)

    value = record_save(
        acting_user=manager,
        record=IndicatorValue(indicator=typed, period=period, value=Decimal("3")),
    )
    assert _standing(typed, period) == ("behind", Decimal("75.0"), False)

    target.target = Decimal("3")
    record_save(acting_user=manager, record=target)
    assert _standing(typed, period) == ("met", Decimal("100.0"), False)

    record_delete(acting_user=manager, records=[value])
    assert _standing(typed, period) == ("unmeasured", None, True)

    # Lower is better, from a baseline of 10 down to the target of 3: 3 reached.
    record_save(
        acting_user=manager,
        record=IndicatorValue(indicator=typed, period=period, value=Decimal("3")),
    )
    typed.direction, typed.baseline = Indicator.Direction.DESCENDING, Decimal("10")
    record_save(acting_user=manager, record=typed)
    assert _standing(typed, period) == ("met", Decimal("100.0"), False)
    assert standings.differences() == []


def test_the_categories_a_rule_counts_move_its_indicator(people, period, project, centre, manager):
    activity = _submitted(project, centre, women=20)
    activity_approve(activity=activity, acting_user=manager)
    assert _standing(people, period)[0] == "met"
    # Only another category's people count now: none of these.
    people.rule_categories.set([CategoryFactory()])
    assert _standing(people, period) == ("behind", Decimal("0.0"), False)
    people.rule_categories.clear()
    assert _standing(people, period)[0] == "met"
    assert standings.differences() == []


def _cumulative(project, period) -> Indicator:
    """A computed indicator counting everyone from the project's start, 10 by the period."""
    cumulative = Indicator.objects.create(
        project=project,
        name="People since the start",
        unit="people",
        rule="participants",
        aggregation=Indicator.Aggregation.CUMULATIVE,
    )
    IndicatorTarget.objects.create(indicator=cumulative, period=period, target=Decimal("10"))
    return cumulative


def test_a_cumulative_indicator_moves_in_the_later_periods(period, project, centre, manager):
    MandatePeriod.objects.create(  # the period before, which the activity falls in
        start=datetime.date(2004, 6, 1), end=datetime.date(2005, 5, 31)
    )
    cumulative = _cumulative(project, period)
    earlier = _submitted(project, centre, women=10, start=datetime.date(2005, 2, 1))
    activity_approve(activity=earlier, acting_user=manager)
    # Counted in the earlier period, it counts in the later one's sum too.
    assert _standing(cumulative, period) == ("met", Decimal("100.0"), False)
    assert standings.differences() == []


def test_a_project_start_moved_is_measured_again(period, centre, manager):
    project = ProjectFactory(start=datetime.date(2005, 11, 1), end=datetime.date(2006, 12, 31))
    cumulative = _cumulative(project, period)
    # Held before the project's start: a cumulative indicator counts from the start.
    before = _submitted(project, centre, women=10, start=datetime.date(2005, 6, 10))
    activity_approve(activity=before, acting_user=manager)
    assert _standing(cumulative, period)[0] == "behind"
    project.start = datetime.date(2005, 6, 1)
    record_save(acting_user=manager, record=project)
    assert _standing(cumulative, period)[0] == "met"
    assert standings.differences() == []


def test_a_new_period_and_moved_dates_are_measured(people, period, project, centre, manager):
    later = MandatePeriod.objects.create(
        start=datetime.date(2006, 6, 1), end=datetime.date(2007, 5, 31)
    )
    assert _standing(people, later) == ("unmeasured", None, False)
    IndicatorTarget.objects.create(indicator=people, period=later, target=Decimal("10"))
    activity_approve(
        activity=_submitted(project, centre, women=10, start=datetime.date(2006, 7, 3)),
        acting_user=manager,
    )
    assert _standing(people, later)[0] == "met"
    # The earlier period now ends before the activity's month, then reaches over it.
    period.end = datetime.date(2006, 7, 31)
    later.start = datetime.date(2006, 8, 1)
    later.save()
    period.save()
    assert _standing(people, period) == ("behind", Decimal("50.0"), False)
    assert standings.differences() == []


def test_an_age_band_changed_is_measured_again(period, project, centre, manager):
    youth = AgeBand.objects.create(code="youth", name="Youth", min_age=15, max_age=24)
    young = Indicator.objects.create(
        project=project,
        name="Young people",
        unit="people",
        rule="participants",
        rule_age_from=15,
        rule_age_to=24,
    )
    IndicatorTarget.objects.create(indicator=young, period=period, target=Decimal("10"))
    activity = _submitted(project, centre, women=10)
    ParticipantGroup.objects.create(
        count=activity.participants.get(), sex="women", age_band=youth, number=10
    )
    activity_approve(activity=activity, acting_user=manager)
    assert _standing(young, period)[0] == "met"
    # The band renamed to the ages of 25 to 30: its people are no longer young.
    youth.min_age, youth.max_age = 25, 30
    youth.save()
    assert _standing(young, period) == ("behind", Decimal("0.0"), False)
    assert standings.differences() == []


def test_a_rolled_back_approval_leaves_the_standing_as_it_was(
    people, period, project, centre, manager
):
    activity = _submitted(project, centre, women=20)
    with pytest.raises(RuntimeError), transaction.atomic():
        activity_approve(activity=activity, acting_user=manager)
        assert _standing(people, period)[0] == "met"
        raise RuntimeError("the request failed after the approval")
    assert _standing(people, period) == ("behind", Decimal("0.0"), False)


def test_the_dashboard_reads_the_standings_as_the_table_reads(period, centre, manager):
    """Counts and order: behind first, furthest first (a zero target's unknown per cent
    after the known ones), then those waiting for a value, ties in the indicators' order."""
    # Created in this order, the projects' codes not: the table's order is by code.
    projects = [ProjectFactory(code=code, start=period.start, end=period.end) for code in "CAB"]
    # (project, target, only women): each project's activity has 5 women and 5 men.
    for n, (at, target, women) in enumerate(
        [
            (0, "20", False),  # 10 of 20: 50 %
            (1, "20", False),  # 50 % too: project A's comes before C's
            (2, "40", True),  # 5 of 40: the furthest behind
            (0, "10", False),  # met
            (1, None, False),  # no target: unmeasured
            (2, "20", True),  # 25 %
        ]
    ):
        indicator = Indicator.objects.create(
            project=projects[at],
            name=f"People {n}",
            unit="people",
            rule="participants",
            rule_sex="women" if women else "",
        )
        if target is not None:
            IndicatorTarget.objects.create(indicator=indicator, period=period, target=target)
    for at in (1, 0):  # typed, with a target and no value: waiting, in the table's order
        waiting = Indicator.objects.create(project=projects[at], name="Laws", unit="laws")
        IndicatorTarget.objects.create(indicator=waiting, period=period, target=Decimal("2"))
    # Lower is better, the target above the baseline: behind, with no per cent to read.
    unread = Indicator.objects.create(
        project=projects[0],
        name="Complaints",
        unit="complaints",
        direction=Indicator.Direction.DESCENDING,
        baseline=Decimal("1"),
    )
    IndicatorTarget.objects.create(indicator=unread, period=period, target=Decimal("2"))
    IndicatorValue.objects.create(indicator=unread, period=period, value=Decimal("9"))
    for project in projects:
        activity = _submitted(project, centre, women=5, men=5, start=datetime.date(2005, 9, 5))
        activity_approve(activity=activity, acting_user=manager)

    rows = indicator_progress(period=period, projects=Project.objects.all())
    figures = dashboard_figures(period=period, include_funding=False, include_budget=False)
    assert figures["indicator_counts"] == progress_counts(rows)
    expected = needing_attention(rows, 10)
    assert [row["indicator"].pk for row in figures["indicators"]] == [
        row["indicator"].pk for row in expected
    ]
    assert figures["indicators"] == expected
    assert [(row["project"].code, row["percent"]) for row in expected] == [
        ("B", Decimal("12.5")),
        ("B", Decimal("25.0")),
        ("A", Decimal("50.0")),
        ("C", Decimal("50.0")),
        ("C", None),
        ("A", None),
        ("C", None),
    ]
    # A limit takes the first of the same order.
    _, first = standings.needing_attention(period, Project.objects.all(), 2)
    assert [row["indicator"].pk for row in first] == [row["indicator"].pk for row in expected[:2]]


def test_the_dashboard_counts_only_the_projects_running_in_the_period(people, period):
    ended = ProjectFactory(start=datetime.date(2001, 1, 1), end=datetime.date(2003, 12, 31))
    Indicator.objects.create(project=ended, name="People", unit="people", rule="participants")
    figures = dashboard_figures(period=period, include_funding=False, include_budget=False)
    assert figures["indicator_counts"]["all"] == 1
    assert [row["indicator"] for row in figures["indicators"]] == [people]


def test_the_command_checks_and_rebuilds_the_standings(people, period):
    IndicatorStanding.objects.update(status="met")
    with pytest.raises(CommandError, match=f"indicator {people.pk} in period {period.pk}"):
        call_command("rebuild_summaries", "--check", stdout=io.StringIO())
    out = io.StringIO()
    call_command("rebuild_summaries", stdout=out)
    assert "1 indicator standings" in out.getvalue()
    assert _standing(people, period) == ("behind", Decimal("0.0"), False)


@pytest.mark.django_db(transaction=True)
def test_migrate_writes_the_standings_a_database_lacks(period):
    project = ProjectFactory()
    Indicator.objects.create(project=project, name="People", unit="people", rule="participants")
    IndicatorStanding.objects.all().delete()  # a database migrated before the table existed
    call_command("migrate", verbosity=0)
    assert IndicatorStanding.objects.count() == 1
    assert standings.differences() == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("deleted", ["indicator", "project"])
def test_deleting_an_indicator_or_its_project_deletes_its_standings(deleted, period, centre):
    """Outside a service's block too (a shell, a cascade): the values and targets deleted
    before the indicator do not measure it again on their way out."""
    project = ProjectFactory(start=period.start, end=period.end)
    indicator = Indicator.objects.create(
        project=project, name="People", unit="people", rule="participants"
    )
    IndicatorTarget.objects.create(indicator=indicator, period=period, target=Decimal("5"))
    typed = Indicator.objects.create(project=project, name="Laws", unit="laws")
    IndicatorValue.objects.create(indicator=typed, period=period, value=Decimal("1"))
    if deleted == "indicator":  # a project with activities cannot be deleted
        activity = ActivityFactory(
            project=project, centre=centre, start=DAY, end=DAY, approval="approved"
        )
        ParticipantCountFactory(activity=activity, women=3, men=3)
    assert IndicatorStanding.objects.count() == 2

    with transaction.atomic():  # committed: the deferred foreign keys are checked
        if deleted == "indicator":
            Indicator.objects.filter(project=project).delete()
        else:
            project.delete()

    assert IndicatorStanding.objects.count() == 0
    assert standings.differences() == []
