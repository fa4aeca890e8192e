"""Figures of the elections pages: outputs from activities, schedule, regularity, countdown."""

import datetime

import pytest

from elections.models import Output
from elections.selectors import (
    briefing_regularity,
    calendar_year,
    countdown,
    election_list,
    election_overview,
    ministry_calendar,
    ministry_years,
)
from tests.elections.factories import (
    BriefingFactory,
    DeliveryFactory,
    ElectionFactory,
    MilestoneFactory,
    MinistryFactory,
    OutputFactory,
    PlannedBriefingFactory,
    RecommendationFactory,
)
from tests.factories import ActivityFactory, CategoryFactory, ParticipantCountFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2006, 11, 6)


@pytest.mark.parametrize(
    "today,text",
    [
        (datetime.date(2006, 10, 27), "10 days to election day"),
        (datetime.date(2006, 11, 5), "1 day to election day"),
        (DAY, "Election day is today"),
        (datetime.date(2006, 11, 7), "Held 1 day ago"),
        (datetime.date(2026, 11, 28), "Held 7,327 days ago"),
    ],
)
def test_the_countdown_counts_to_or_from_election_day(today, text):
    assert countdown(DAY, today) == text


def _training(output, *, women, men, category, **fields):
    fields.setdefault("approval", "approved")
    if "start" in fields:
        fields["end"] = fields["start"]
    activity = ActivityFactory(**fields)
    ParticipantCountFactory(activity=activity, category=category, women=women, men=men)
    output.activities.add(activity)
    return activity


def test_people_trained_come_from_held_and_approved_activities_in_the_categories():
    poll_workers, officials = CategoryFactory(code="poll-workers"), CategoryFactory()
    output = OutputFactory(target=300)
    output.categories.add(poll_workers)
    counted = _training(output, women=40, men=60, category=poll_workers)
    ParticipantCountFactory(activity=counted, category=officials, women=5, men=5)
    _training(output, women=10, men=10, category=poll_workers, approval="draft")
    _training(output, women=10, men=10, category=poll_workers, status="planned")
    ParticipantCountFactory(category=poll_workers, women=99, men=99)  # not linked

    assert Output.objects.with_actuals().get().actual == 100


def test_without_categories_every_participant_counts():
    output = OutputFactory()
    activity = _training(output, women=3, men=4, category=CategoryFactory())
    ParticipantCountFactory(activity=activity, category=CategoryFactory(), women=1, men=2)

    assert Output.objects.with_actuals().get().actual == 10


def test_actuals_within_a_period_count_activities_begun_and_items_delivered_in_it():
    category = CategoryFactory()
    people = OutputFactory()
    _training(people, women=1, men=1, category=category, start=datetime.date(2006, 5, 1))
    _training(people, women=2, men=2, category=category, start=datetime.date(2006, 9, 1))
    items = DeliveryFactory(day=datetime.date(2006, 9, 1), quantity=500).output
    DeliveryFactory(output=items, day=datetime.date(2006, 4, 1), quantity=100)

    actuals = dict(
        Output.objects.with_actuals(
            datetime.date(2006, 6, 1), datetime.date(2006, 12, 31)
        ).values_list("pk", "actual")
    )

    assert actuals == {people.pk: 4, items.pk: 500}
    assert dict(Output.objects.with_actuals().values_list("pk", "actual")) == {
        people.pk: 6,
        items.pk: 600,
    }


def test_milestones_are_on_time_late_overdue_or_to_come():
    election = ElectionFactory(election_day=DAY)
    planned = DAY - datetime.timedelta(20)
    on_time = MilestoneFactory(election=election, planned=planned, actual=planned)
    late = MilestoneFactory(
        election=election, planned=planned, actual=planned + datetime.timedelta(2)
    )
    overdue = MilestoneFactory(election=election, planned=planned)
    due = MilestoneFactory(election=election, planned=DAY - datetime.timedelta(1))
    today = DAY - datetime.timedelta(5)

    schedule = dict(election.milestones.with_schedule(today).values_list("pk", "schedule"))

    assert schedule == {
        on_time.pk: "on_time",
        late.pk: "late",
        overdue.pk: "overdue",
        due.pk: "due",
    }


def _election_with(n: int, **fields):
    election = ElectionFactory(**fields)
    category = CategoryFactory()
    for i in range(n):
        MilestoneFactory(election=election, actual=DAY - datetime.timedelta(30) if i else None)
        output = OutputFactory(component__election=election)
        output.categories.add(category)
        _training(output, women=1, men=2, category=category)
        RecommendationFactory(mission__election=election, follow_up="implemented" if i else "open")
    return election


@pytest.mark.parametrize("n", [1, 4])
def test_the_election_overview_runs_a_fixed_number_of_queries(n, django_assert_num_queries):
    election = _election_with(n, election_day=DAY)

    # milestones, outputs, their activities, recommendations, missions without any
    with django_assert_num_queries(5):
        overview = election_overview(election, DAY + datetime.timedelta(1))
        assert len(overview["outputs"]) == n

    assert overview["countdown"] == "Held 1 day ago"
    assert [o.actual for o in overview["outputs"]] == [3] * n
    assert sum(count for _, count in overview["follow_up"]) == n
    assert len(overview["missions"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_the_election_list_counts_progress_in_one_query(n, django_assert_num_queries):
    for _ in range(n):
        _election_with(2)

    with django_assert_num_queries(1):
        rows = list(election_list())

    assert [(e.milestone_count, e.milestones_done) for e in rows] == [(2, 1)] * n
    assert [(e.recommendation_count, e.recommendations_implemented) for e in rows] == [(2, 1)] * n


@pytest.mark.parametrize("n", [1, 4])
def test_regularity_is_briefings_held_against_planned(n, django_assert_num_queries):
    journalists = CategoryFactory(code="journalists")
    for _ in range(n):
        ministry = MinistryFactory()
        for _ in range(4):
            PlannedBriefingFactory(ministry=ministry)
        for approval in ("approved", "approved", "approved", "draft"):
            briefing = BriefingFactory(ministry=ministry, activity__approval=approval)
            ParticipantCountFactory(
                activity=briefing.activity, category=journalists, women=5, men=7
            )
            ParticipantCountFactory(activity=briefing.activity, women=1, men=1)

    with django_assert_num_queries(1):
        rows = briefing_regularity(datetime.date(2000, 1, 1), datetime.date(2030, 1, 1))

    assert [(r.planned, r.held, r.journalists, r.regularity) for r in rows] == [(4, 3, 36, 75)] * n


def test_regularity_leaves_out_ministries_with_nothing_in_the_period():
    PlannedBriefingFactory(day=datetime.date(2006, 1, 5))

    assert briefing_regularity(datetime.date(2006, 2, 1), datetime.date(2006, 3, 1)) == []


def test_the_ministry_calendar_puts_planned_and_held_briefings_side_by_side():
    ministry = MinistryFactory()
    PlannedBriefingFactory(ministry=ministry, day=datetime.date(2006, 2, 1))
    PlannedBriefingFactory(ministry=ministry, day=datetime.date(2006, 3, 1))
    BriefingFactory(ministry=ministry)  # held on 1 February

    PlannedBriefingFactory(ministry=ministry, day=datetime.date(2005, 12, 28))  # another year

    days = ministry_calendar(ministry, 2006)

    assert [(d.day.month, bool(d.planned), bool(d.briefing)) for d in days] == [
        (2, True, True),
        (3, True, False),
    ]
    assert [d.day for d in ministry_calendar(ministry, 2005)] == [datetime.date(2005, 12, 28)]


def test_a_ministry_calendar_names_the_years_planned_or_held_once_each():
    ministry = MinistryFactory()
    PlannedBriefingFactory(ministry=ministry, day=datetime.date(2004, 3, 1))
    PlannedBriefingFactory(ministry=ministry, day=datetime.date(2006, 2, 1))
    BriefingFactory(ministry=ministry)  # 2006 too
    BriefingFactory(
        ministry=ministry,
        activity__start=datetime.date(2007, 5, 2),
        activity__end=datetime.date(2007, 5, 2),
    )
    PlannedBriefingFactory(day=datetime.date(2001, 1, 1))  # another ministry's

    assert ministry_years(ministry) == [2004, 2006, 2007]
    assert ministry_years(MinistryFactory()) == []


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2006, 7, 1), 2006),  # this year
        (datetime.date(2005, 7, 1), 2004),  # none this year: the last one before
        (datetime.date(2003, 7, 1), 2004),  # planned ahead only: the first
        (datetime.date(2010, 7, 1), 2007),
    ],
)
def test_a_ministry_calendar_opens_on_this_year_or_the_last_before_it(today, expected):
    assert calendar_year([2004, 2006, 2007], today) == expected
    assert calendar_year([], today) is None
