"""The tracker's reach by project: the projects that reached most people, the rest in one row,
the totals each activity once."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from humanrights.models import Recommendation
from humanrights.selectors import (
    REACH_PROJECTS_SHOWN,
    overdue_follow_ups,
    recommendations_reach,
)
from programs.models import Activity, Project
from tests.factories import ActivityFactory, ParticipantCountFactory, ProjectFactory
from tests.humanrights.factories import ActionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def _reached(projects: int) -> Recommendation:
    recommendation = RecommendationFactory()
    action = ActionFactory(recommendation=recommendation)
    for number in range(1, projects + 1):
        project = ProjectFactory(code=f"HR-{number:02}")
        activity = ActivityFactory(project=project, approval=Activity.Approval.APPROVED)
        ParticipantCountFactory(activity=activity, women=number, men=1)
        action.activities.add(activity)
    return recommendation


def test_the_projects_that_reached_most_come_first_and_the_rest_make_one_row():
    _reached(REACH_PROJECTS_SHOWN + 3)

    reach = recommendations_reach(Recommendation.objects.all())

    shown = [row["activity__project__code"] for row in reach["by_project"]]
    assert shown == [f"HR-{n:02}" for n in range(REACH_PROJECTS_SHOWN + 3, 3, -1)]
    # The three smallest: 1 + 2 + 3 women, one man each.
    assert reach["other_projects"] == {
        "activities": 3,
        "women_count": 6,
        "men_count": 3,
        "total": 9,
    }
    assert reach["activities"] == REACH_PROJECTS_SHOWN + 3


def test_with_few_projects_every_one_is_named(manager_client):
    _reached(3)

    reach = recommendations_reach(Recommendation.objects.all())
    page = manager_client.get(reverse("humanrights:tracker")).text

    assert [row["activity__project__code"] for row in reach["by_project"]] == [
        "HR-03",
        "HR-02",
        "HR-01",
    ]
    assert reach["other_projects"] is None
    assert "The other projects" not in page


def test_activities_that_recorded_no_one_count_in_the_other_projects_row(manager_client):
    recommendation = _reached(2)
    # A training held and approved, its sign-in sheet not yet entered.
    silent = ActivityFactory(
        project=ProjectFactory(code="HR-99"), approval=Activity.Approval.APPROVED
    )
    recommendation.actions.get().activities.add(silent)

    reach = recommendations_reach(Recommendation.objects.all())
    page = manager_client.get(reverse("humanrights:tracker")).text

    assert [row["activity__project__code"] for row in reach["by_project"]] == ["HR-02", "HR-01"]
    assert reach["other_projects"] == {
        "activities": 1,
        "women_count": 0,
        "men_count": 0,
        "total": 0,
    }
    assert reach["activities"] == 3 and reach["total"] == 5
    assert "The other projects" in page


def test_the_tracker_shows_the_other_projects_row(manager_client):
    _reached(REACH_PROJECTS_SHOWN + 2)

    page = manager_client.get(reverse("humanrights:tracker")).text

    assert "The other projects" in page and "HR-03" in page and "HR-01 " not in page


def test_the_reach_names_each_project_in_the_readers_language(manager_client):
    _reached(2)
    Project.objects.filter(code="HR-01").update(
        title="Ombudsman support", title_ru="Поддержка омбудсмена", title_tg=""
    )
    Project.objects.filter(code="HR-02").update(title="Treaty reporting")
    url = reverse("humanrights:tracker")

    def reading(language: str) -> str:
        manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return manager_client.get(url).text

    # English first: the figures then come from the cache, kept once for every language.
    assert "HR-01 Ombudsman support" in reading("en")
    russian = reading("ru")
    assert "HR-01 Поддержка омбудсмена" in russian and "Ombudsman support" not in russian
    assert "HR-02 Treaty reporting" in russian  # no Russian title: the English one
    assert "HR-01 Ombudsman support" in reading("tg")


def test_postgresql_reads_the_longest_overdue_from_the_open_follow_ups_index():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the plan of PostgreSQL")
    rows = overdue_follow_ups(Recommendation.objects.all(), today=datetime.date(2007, 1, 1))
    sql, params = rows[:20].query.sql_with_params()
    with connection.cursor() as cursor:
        # A few rows: the planner would read the table; without that, the index it may use.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "recommendation_open_follow_up" in plan
