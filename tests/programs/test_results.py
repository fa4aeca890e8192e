"""Indicator progress: baseline, target, actual and per cent of each indicator in a period."""

import datetime
from decimal import Decimal

import pytest

from programs.models import (
    Activity,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MandatePeriod,
)
from programs.results import indicator_progress
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    ParticipantCountFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

APPROVED = Activity.Approval.APPROVED


@pytest.fixture
def next_period():
    return MandatePeriod.objects.create(
        start=datetime.date(2006, 6, 1), end=datetime.date(2007, 5, 31), symbol="S/2006/355"
    )


def _indicator(project, rule=Indicator.Rule.MANUAL, *, categories=(), kind="", **fields):
    indicator = Indicator.objects.create(
        project=project,
        name=fields.pop("name", f"{rule} indicator"),
        unit=fields.pop("unit", "people"),
        rule=rule,
        rule_activity_kind=kind,
        **fields,
    )
    indicator.rule_categories.set(categories)
    return indicator


def _activity(project, day=datetime.date(2005, 9, 1), **fields):
    fields.setdefault("approval", APPROVED)
    return ActivityFactory(project=project, start=day, end=day, **fields)


def _row(rows, indicator):
    (row,) = [row for row in rows if row["indicator"] == indicator]
    return row


def test_a_manual_indicator_reads_the_value_entered_for_the_period(period, next_period):
    project = ProjectFactory()
    indicator = _indicator(project, baseline=Decimal("2"), name="Laws drafted", unit="laws")
    IndicatorTarget.objects.create(indicator=indicator, period=period, target=Decimal("8"))
    IndicatorValue.objects.create(indicator=indicator, period=period, value=Decimal("6"))
    IndicatorValue.objects.create(indicator=indicator, period=next_period, value=Decimal("40"))

    row = _row(indicator_progress(period=period), indicator)

    assert row["name"] == "Laws drafted" and row["unit"] == "laws"
    assert row["project"] == project
    assert row["baseline"] == Decimal("2")
    assert row["target"] == Decimal("8")
    assert row["actual"] == Decimal("6")
    assert row["percent"] == Decimal("75.0")


def test_a_manual_indicator_without_value_or_target_has_no_actual_nor_percent(period):
    indicator = _indicator(ProjectFactory())

    row = _row(indicator_progress(period=period), indicator)

    assert row["target"] is None and row["actual"] is None and row["percent"] is None


def test_a_participants_indicator_sums_the_projects_counted_activities_in_the_period(period):
    project, other_project = ProjectFactory(), ProjectFactory()
    officials, activists = CategoryFactory(), CategoryFactory()
    indicator = _indicator(project, Indicator.Rule.PARTICIPANTS)
    IndicatorTarget.objects.create(indicator=indicator, period=period, target=Decimal("100"))
    counted = _activity(project)
    ParticipantCountFactory(activity=counted, category=officials, women=10, men=15)
    ParticipantCountFactory(activity=counted, category=activists, women=5, men=20)
    # None of these counts: a draft, a submitted one, a cancelled one, one before the period,
    # and one of another project.
    for activity in [
        _activity(project, approval=Activity.Approval.DRAFT),
        _activity(project, approval=Activity.Approval.SUBMITTED),
        _activity(project, status=Activity.Status.CANCELLED),
        _activity(project, day=datetime.date(2005, 5, 31)),
        _activity(other_project),
    ]:
        ParticipantCountFactory(activity=activity, category=officials, women=100, men=100)

    row = _row(indicator_progress(period=period), indicator)

    assert row["actual"] == Decimal("50")
    assert row["percent"] == Decimal("50.0")


def test_a_participants_indicator_counts_only_its_chosen_categories(period):
    project = ProjectFactory()
    officials, activists, educators = CategoryFactory(), CategoryFactory(), CategoryFactory()
    indicator = _indicator(project, Indicator.Rule.PARTICIPANTS, categories=[officials, activists])
    everyone = _indicator(project, Indicator.Rule.PARTICIPANTS)
    for _ in range(2):
        activity = _activity(project)
        ParticipantCountFactory(activity=activity, category=officials, women=1, men=2)
        ParticipantCountFactory(activity=activity, category=activists, women=3, men=4)
        ParticipantCountFactory(activity=activity, category=educators, women=50, men=50)

    rows = indicator_progress(period=period)

    assert _row(rows, indicator)["actual"] == Decimal("20")
    assert _row(rows, everyone)["actual"] == Decimal("220")


def test_an_activities_indicator_counts_the_projects_counted_activities_of_its_kind(period):
    project = ProjectFactory()
    meetings = _indicator(project, Indicator.Rule.ACTIVITIES, kind=Activity.Kind.MEETING)
    any_kind = _indicator(project, Indicator.Rule.ACTIVITIES)
    IndicatorTarget.objects.create(indicator=meetings, period=period, target=Decimal("4"))
    for _ in range(3):
        _activity(project, kind=Activity.Kind.MEETING)
    _activity(project, kind=Activity.Kind.SEMINAR)
    _activity(project, kind=Activity.Kind.MEETING, approval=Activity.Approval.DRAFT)
    _activity(project, kind=Activity.Kind.MEETING, status=Activity.Status.PLANNED)

    rows = indicator_progress(period=period)

    assert _row(rows, meetings)["actual"] == Decimal("3")
    assert _row(rows, meetings)["percent"] == Decimal("75.0")
    assert _row(rows, any_kind)["actual"] == Decimal("4")


def test_a_computed_indicator_with_nothing_counted_is_zero(period):
    indicator = _indicator(ProjectFactory(), Indicator.Rule.PARTICIPANTS)
    IndicatorTarget.objects.create(indicator=indicator, period=period, target=Decimal("10"))

    row = _row(indicator_progress(period=period), indicator)

    assert row["actual"] == Decimal("0") and row["percent"] == Decimal("0.0")


def test_targets_are_those_of_the_period(period, next_period):
    indicator = _indicator(ProjectFactory(), Indicator.Rule.ACTIVITIES)
    IndicatorTarget.objects.create(indicator=indicator, period=next_period, target=Decimal("9"))

    assert _row(indicator_progress(period=period), indicator)["target"] is None
    assert _row(indicator_progress(period=next_period), indicator)["target"] == Decimal("9")


def test_the_table_can_be_limited_to_some_projects(period):
    wanted, other = ProjectFactory(code="ND-2005"), ProjectFactory(code="CP-2005")
    indicator = _indicator(wanted)
    _indicator(other)

    rows = indicator_progress(period=period, projects=[wanted])

    assert [row["indicator"] for row in rows] == [indicator]
    assert indicator_progress(period=period, projects=[]) == []


def test_indicator_progress_runs_a_fixed_number_of_queries(period, django_assert_num_queries):
    categories = [CategoryFactory(), CategoryFactory()]

    def add(n):
        for _ in range(n):
            project = ProjectFactory()
            for rule in Indicator.Rule.values:
                indicator = _indicator(project, rule, categories=categories)
                IndicatorTarget.objects.create(indicator=indicator, period=period, target=10)
                if rule == Indicator.Rule.MANUAL:
                    IndicatorValue.objects.create(indicator=indicator, period=period, value=5)
            for category in categories:
                ParticipantCountFactory(activity=_activity(project), category=category)

    add(1)
    # Indicators, their categories, targets, values, participants and activities.
    with django_assert_num_queries(6):
        assert len(indicator_progress(period=period)) == 3
    add(10)
    with django_assert_num_queries(6):
        rows = indicator_progress(period=period)
    assert len(rows) == 33
    assert {row["actual"] for row in rows} == {Decimal("5"), Decimal("50"), Decimal("2")}


def test_no_indicator_costs_one_query(period, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert indicator_progress(period=period) == []
