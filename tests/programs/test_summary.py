"""The summary rows the figures read (programs/summary.py): the same figures as the sums over
the activities, kept right by every write, rebuilt and checked by a command."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from programs import dialogue, summary
from programs.dialogue import dialogue_figures
from programs.figures import (
    counted_activities_in,
    dashboard_figures,
    participant_totals_of,
    participants_by_area,
    participants_by_centre,
    participants_by_region,
)
from programs.mandate_report import activities_by_project
from programs.models import (
    Activity,
    ActivitySummary,
    MandatePeriod,
    ParticipantCategory,
    ParticipantCount,
    ParticipantSummary,
    Project,
)
from programs.results import indicator_progress
from programs.services import (
    activity_approve,
    activity_create,
    activity_return_to_draft,
    activity_submit,
    activity_update,
    record_save,
)
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    ParticipantCountFactory,
    ProjectFactory,
    user_with_role,
)
from untop import roles

pytestmark = pytest.mark.django_db

DAY = datetime.date(2005, 10, 4)


def _source(period: MandatePeriod):
    """The counted activities of the period as a plain queryset: summed from the activities."""
    return Activity.objects.counted().in_period(period.start, period.end)


def _assert_right() -> None:
    """The summary agrees with the activities (the command's check)."""
    assert summary.differences() == []


def _fields(project, centre, day=DAY, **more):
    return {
        "project": project,
        "kind": "seminar",
        "title": "Seminar on tolerance",
        "start": day,
        "end": day,
        "centre": centre,
        "status": "held",
    } | more


@pytest.fixture
def other_manager(centre):
    return user_with_role(roles.PROGRAMME_MANAGER, username="manager2", home_centre=centre)


# The figures: the same from the summary as from the activities -----------------------------


@pytest.mark.usefixtures("demo")
class TestOnTheDemoData:
    def test_the_loaded_summary_agrees_with_the_activities(self):
        assert ActivitySummary.objects.exists() and ParticipantSummary.objects.exists()
        _assert_right()

    def test_every_period_has_the_same_figures_as_the_sums_over_its_activities(self):
        periods = list(MandatePeriod.objects.order_by("start"))
        assert len(periods) == 7
        for period in periods:
            kept, source = counted_activities_in(period), _source(period)
            assert summary.whole_months(period.start, period.end), period
            assert participant_totals_of(kept) == participant_totals_of(source), period
            assert participants_by_area(kept) == participants_by_area(source), period
            assert participants_by_centre(kept) == participants_by_centre(source), period
            assert participants_by_region(kept) == participants_by_region(source), period

    def test_the_2005_06_figures_are_the_letters(self):
        period = MandatePeriod.objects.get(start=datetime.date(2005, 6, 1))
        by_centre = participants_by_centre(counted_activities_in(period))
        # S/2006/355: seminars at all eight centres.
        assert len([row for row in by_centre if row["activities_n"]]) == 8
        assert (
            sum(row["total"] for row in by_centre)
            == (participant_totals_of(_source(period))["total"])
        )

    def test_indicators_and_the_letters_paragraphs_per_project_are_the_sums_too(self, monkeypatch):
        periods = list(MandatePeriod.objects.order_by("start"))
        areas = [code for code, _ in Project.Area.choices]

        def figures():
            return [
                (
                    [
                        (row["indicator"].pk, row["actual"])
                        for row in indicator_progress(period=period)
                    ],
                    [activities_by_project(period, area) for area in areas],
                )
                for period in periods
            ]

        kept = figures()
        for name in (
            "people_by_project_and_category",
            "activities_by_project_and_kind",
            "projects_in",
        ):
            monkeypatch.setattr(summary, name, lambda *args: None)
        assert kept == figures()
        assert any(actual for indicators, _ in kept for _, actual in indicators)

    def test_the_dialogue_page_has_the_same_figures_as_the_sums_over_the_meetings(
        self, monkeypatch
    ):
        periods = list(MandatePeriod.objects.order_by("start"))
        kept = [dialogue_figures(periods=periods)] + [
            dialogue_figures(period=period) for period in periods
        ]
        # Buckets that are not whole months are summed from the meetings themselves.
        monkeypatch.setattr(dialogue, "whole_months", lambda start, end: False)
        summed = [dialogue_figures(periods=periods)] + [
            dialogue_figures(period=period) for period in periods
        ]
        assert kept == summed
        assert kept[0]["totals"]["meetings"] > 0


def test_a_period_not_of_whole_months_is_summed_from_the_activities(centre, manager):
    category = CategoryFactory()
    period = MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 15), end=datetime.date(2006, 6, 14)
    )
    inside = ActivityFactory(centre=centre, start=DAY, end=DAY, approval="approved")
    ParticipantCountFactory(activity=inside, category=category, women=2, men=3)
    # The same month as the period's first day, but before it: not the period's.
    early = datetime.date(2005, 6, 3)
    before = ActivityFactory(centre=centre, start=early, end=early, approval="approved")
    ParticipantCountFactory(activity=before, category=category, women=10, men=10)
    figures = dashboard_figures(period=period, include_funding=False)
    assert figures["totals"] == {"activities": 1, "women": 2, "men": 3, "total": 5}


# Every write keeps it right ------------------------------------------------------------------


def test_only_approved_activities_reach_the_summary_through_the_services(
    period, centre, staff_user, manager, other_manager
):
    category = CategoryFactory()
    project = ProjectFactory()
    rows = [{"category": category, "women": 4, "men": 6}]
    activity = activity_create(
        acting_user=staff_user, fields=_fields(project, centre), participants=rows
    )
    activity_submit(activity=activity, acting_user=staff_user)
    assert not ActivitySummary.objects.exists()
    assert not ParticipantSummary.objects.exists()

    activity_approve(activity=activity, acting_user=manager)
    figures = dashboard_figures(period=period, include_funding=False)
    assert figures["totals"] == {"activities": 1, "women": 4, "men": 6, "total": 10}
    row = ActivitySummary.objects.get()
    assert (row.month, row.centre, row.area, row.kind) == (
        datetime.date(2005, 10, 1),
        centre,
        project.area,
        "seminar",
    )
    assert ParticipantSummary.objects.get().category == category
    _assert_right()

    activity_return_to_draft(activity=activity, acting_user=manager, reason="Wrong date")
    assert not ActivitySummary.objects.exists()
    _assert_right()

    # Moved to another month and approved again: the old month is empty, the new one counts.
    later = datetime.date(2006, 2, 20)
    activity_update(
        activity=activity,
        acting_user=staff_user,
        fields={"start": later, "end": later},
        participants=[{"category": category, "women": 5, "men": 6}],
    )
    activity_submit(activity=activity, acting_user=staff_user)
    activity_approve(activity=activity, acting_user=other_manager)
    assert list(ActivitySummary.objects.values_list("month", "women", "men")) == [
        (datetime.date(2006, 2, 1), 5, 6)
    ]
    _assert_right()

    # Deleted as it stands (the back office's cascade, a shell): its figures go with it.
    activity.delete()
    assert not ActivitySummary.objects.exists()
    assert not ParticipantSummary.objects.exists()
    _assert_right()


def test_participant_rows_saved_and_deleted_one_by_one_keep_it_right(centre):
    # As the back office's cascades and a shell write them: one save or delete at a time.
    category, other = CategoryFactory(), CategoryFactory()
    activity = ActivityFactory(centre=centre, start=DAY, end=DAY, approval="approved")
    count = ParticipantCountFactory(activity=activity, category=category, women=1, men=2)
    ParticipantCountFactory(activity=activity, category=other, women=3, men=0)
    assert ActivitySummary.objects.get().women == 4
    count.women = 7
    count.save()
    assert ActivitySummary.objects.get().women == 10
    ParticipantCount.objects.filter(category=other).delete()
    assert (ActivitySummary.objects.get().women, ActivitySummary.objects.get().men) == (7, 2)
    assert list(ParticipantSummary.objects.values_list("category", "women")) == [(category.pk, 7)]
    _assert_right()


def test_a_project_moved_to_another_area_moves_its_figures(centre, manager):
    project = ProjectFactory(area=Project.Area.CONFLICT_PREVENTION)
    activity = ActivityFactory(project=project, centre=centre, start=DAY, end=DAY)
    activity.approval = "approved"
    activity.save()
    ParticipantCountFactory(activity=activity, women=1, men=1)
    project.area = Project.Area.HUMAN_RIGHTS
    record_save(acting_user=manager, record=project)
    assert set(ActivitySummary.objects.values_list("area", flat=True)) == {"human_rights"}
    assert set(ParticipantSummary.objects.values_list("area", flat=True)) == {"human_rights"}
    _assert_right()


def test_a_write_in_bulk_is_summed_by_refresh_activities(centre):
    category = CategoryFactory()
    activities = Activity.objects.bulk_create(
        ActivityFactory.build(
            centre=centre,
            start=datetime.date(2005, 6 + n, 1),
            end=datetime.date(2005, 6 + n, 1),
            approval="approved",
            project=ProjectFactory(),
            created_by=user_with_role(roles.PROGRAMME_STAFF, username=f"bulk{n}"),
        )
        for n in range(3)
    )
    ParticipantCount.objects.bulk_create(
        ParticipantCount(activity=activity, category=category, women=1, men=1)
        for activity in activities
    )
    assert summary.differences()  # the bulk writes sent no signal
    summary.refresh_activities(activity.pk for activity in activities)
    assert ActivitySummary.objects.count() == 3
    _assert_right()


# The command ----------------------------------------------------------------------------------


def test_the_command_names_the_months_that_differ_and_sums_them_again(centre):
    activity = ActivityFactory(centre=centre, start=DAY, end=DAY, approval="approved")
    ParticipantCountFactory(activity=activity, women=2, men=2)
    ActivitySummary.objects.update(women=99)
    with pytest.raises(CommandError, match="activities 2005-10"):
        call_command("rebuild_summaries", "--check", stdout=io.StringIO())
    out = io.StringIO()
    call_command("rebuild_summaries", stdout=out)
    assert "1 activity rows, 1 participant rows" in out.getvalue()
    out = io.StringIO()
    call_command("rebuild_summaries", "--check", stdout=out)
    assert "agree with the data" in out.getvalue()
    assert ActivitySummary.objects.get().women == 2


def test_many_keys_are_summed_again_by_whole_months(centre):
    category = ParticipantCategory.objects.create(code="c", name="C")
    for n in range(summary.MANY_KEYS + 5):
        day = datetime.date(2001 + n // 12, n % 12 + 1, 2)
        activity = ActivityFactory(centre=centre, start=day, end=day, approval="approved")
        ParticipantCountFactory(activity=activity, category=category, women=n, men=1)
    ActivitySummary.objects.update(women=0)
    summary.refresh(summary.keys_of(Activity.objects.all()) | {(datetime.date(2001, 1, 1), "", "")})
    _assert_right()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's advisory locks")
def test_a_refresh_takes_the_months_lock(centre):
    with connection.cursor() as cursor:
        summary.refresh({(datetime.date(2005, 10, 1), "conflict", "seminar")})
        cursor.execute(
            # This connection's locks: the server's list holds those of the suite's other
            # processes too.
            "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND classid = %s"
            " AND pid = pg_backend_pid()",
            [summary.LOCK_CLASS],
        )
        assert [row[0] for row in cursor.fetchall()] == [2005 * 12 + 10]
