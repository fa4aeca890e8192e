"""The tracker, a recommendation's page and the milestones: who may open them, in fixed queries."""

import datetime

import pytest
from django.urls import reverse

from humanrights.models import Recommendation
from programs.models import Project
from tests.factories import ActivityFactory, ParticipantCountFactory

from .factories import (
    ActionFactory,
    MechanismFactory,
    MilestoneFactory,
    RecommendationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def _tracker_data(n: int, user) -> None:
    ccpr = MechanismFactory(code="CCPR")
    cerd = MechanismFactory(code="CERD", name="CERD")
    theme = ThemeFactory(name="Women")
    for i in range(n):
        recommendation = RecommendationFactory(
            document__mechanism=ccpr if i % 2 else cerd, follow_up_due=datetime.date(2006, 7, 18)
        )
        recommendation.themes.add(theme)
        activity = ActivityFactory(approval="approved")
        ParticipantCountFactory(activity=activity)
        ActionFactory(recommendation=recommendation, recorded_by=user).activities.add(activity)


@pytest.mark.parametrize("n", [2, 8])
def test_the_tracker_runs_a_fixed_number_of_queries(
    client, hr_officer, django_assert_num_queries, n
):
    _tracker_data(n, hr_officer)
    client.force_login(hr_officer)
    # The page's rows are not counted apart (their number is the figures' total), nor are
    # the overdue follow-ups (the progress counts them); the progress (overall, by mechanism
    # and overdue) and the reach are one query each.
    with django_assert_num_queries(15):
        response = client.get(reverse("humanrights:tracker"))
    assert response.status_code == 200
    assert response.context["progress"]["overall"]["total"] == n
    assert response.context["reach"]["total"] == 25 * n


@pytest.mark.parametrize(
    "who,status",
    [("staff_client", 200), ("manager_client", 200), ("admin_client_", 403)],
)
def test_who_opens_the_tracker(request, who, status):
    client = request.getfixturevalue(who)
    assert client.get(reverse("humanrights:tracker")).status_code == status
    assert client.get(reverse("humanrights:milestones")).status_code == status


def test_the_tracker_filters_and_exports(manager_client, hr_officer):
    _tracker_data(4, hr_officer)
    ccpr = MechanismFactory(code="CCPR")
    response = manager_client.get(reverse("humanrights:tracker"), {"mechanism": ccpr.pk})
    assert response.context["progress"]["overall"]["total"] == 2
    response = manager_client.get(reverse("humanrights:tracker"), {"status": "implemented"})
    assert response.context["page"].paginator.count == 0
    bad = manager_client.get(reverse("humanrights:tracker"), {"mechanism": 99999})
    assert bad.status_code == 200
    assert "Select a valid choice" in bad.content.decode()
    csv = manager_client.get(
        reverse("humanrights:tracker"), {"mechanism": ccpr.pk, "export": "csv"}
    )
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().count("\n") == 3


def test_overdue_follow_ups_are_listed(manager_client):
    RecommendationFactory(paragraph="6", follow_up_due=datetime.date(2006, 7, 18))
    RecommendationFactory(
        paragraph="7", follow_up_due=datetime.date(2006, 7, 18), status="implemented"
    )
    RecommendationFactory(paragraph="8", follow_up_due=datetime.date(2999, 1, 1))
    RecommendationFactory(paragraph="9", follow_up_due=None)
    response = manager_client.get(reverse("humanrights:tracker"))
    assert [r.paragraph for r in response.context["overdue"]] == ["6"]
    # The tile, the list and the rows' flags follow the one rule (humanrights.querysets).
    assert response.context["overdue_count"] == 1
    flagged = [row.paragraph for row in response.context["page"].object_list if row.is_overdue]
    assert flagged == ["6"]
    assert response.text.count('<span class="hr-overdue-flag">overdue</span>') == 1
    # Filtered, the count is the filter's.
    implemented = manager_client.get(reverse("humanrights:tracker"), {"status": "implemented"})
    assert implemented.context["overdue_count"] == 0


@pytest.mark.parametrize("n", [1, 5])
def test_a_recommendation_page_runs_a_fixed_number_of_queries(
    client, hr_officer, django_assert_num_queries, n
):
    recommendation = RecommendationFactory()
    for _ in range(n):
        action = ActionFactory(recommendation=recommendation, recorded_by=hr_officer)
        action.activities.add(ActivityFactory(), ActivityFactory())
    client.force_login(hr_officer)
    with django_assert_num_queries(14):
        response = client.get(reverse("humanrights:recommendation", args=[recommendation.pk]))
    assert response.status_code == 200
    assert len(response.context["actions"]) == n


def test_an_officer_records_an_action_and_the_tracker_moves(client, hr_officer, centre):
    """The issue's "done when": a CCPR recommendation, an action linked to an activity."""
    recommendation = RecommendationFactory(document__mechanism=MechanismFactory(code="CCPR"))
    project = ActivityFactory.build().project
    activity = ActivityFactory(
        project__area=Project.Area.HUMAN_RIGHTS, approval="approved", centre=centre
    )
    ParticipantCountFactory(activity=activity, women=30, men=92)
    client.force_login(hr_officer)
    before = client.get(reverse("humanrights:tracker")).context["progress"]["overall"]
    assert before["not_started"] == 1
    page = client.get(reverse("humanrights:recommendation", args=[recommendation.pk]))
    assert activity.pk in [a.pk for a in page.context["form"].fields["activities"].queryset]
    response = client.post(
        reverse("humanrights:recommendation", args=[recommendation.pk]),
        {
            "taken_on": "2005-11-08",
            "description": "Seminar for parliamentarians",
            "taken_by": "Parliament",
            "evidence": "",
            "activities": [activity.pk],
            "new_status": "in_progress",
        },
    )
    assert response.status_code == 302
    after = client.get(reverse("humanrights:tracker")).context
    assert after["progress"]["overall"]["in_progress"] == 1
    assert after["progress"]["overall"]["share_acted_on"] == 100
    assert after["reach"]["total"] == 122
    detail = client.get(reverse("humanrights:recommendation", args=[recommendation.pk]))
    assert activity.title in detail.content.decode()
    assert project is not None


def test_a_bad_action_shows_clear_messages_and_saves_nothing(client, hr_officer):
    recommendation = RecommendationFactory()
    client.force_login(hr_officer)
    response = client.post(
        reverse("humanrights:recommendation", args=[recommendation.pk]),
        {"taken_on": "2099-01-01", "description": "x", "taken_by": "y", "new_status": ""},
    )
    assert response.status_code == 400
    assert "not in the future" in response.content.decode()
    assert not recommendation.actions.exists()
    response = client.post(reverse("humanrights:recommendation", args=[recommendation.pk]), {})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_a_manager_reads_but_does_not_record(manager_client):
    recommendation = RecommendationFactory()
    page = manager_client.get(reverse("humanrights:recommendation", args=[recommendation.pk]))
    assert page.status_code == 200
    assert page.context["form"] is None
    response = manager_client.post(
        reverse("humanrights:recommendation", args=[recommendation.pk]), {"taken_on": "2006-01-01"}
    )
    assert response.status_code == 403
    assert Recommendation.objects.get().actions.count() == 0


def test_a_missing_recommendation_is_a_404(manager_client):
    assert manager_client.get(reverse("humanrights:recommendation", args=[999])).status_code == 404


@pytest.mark.parametrize("n", [1, 4])
def test_the_milestones_page_runs_a_fixed_number_of_queries(
    manager_client, django_assert_num_queries, n
):
    from tests.factories import RegionFactory

    for i in range(n):
        milestone = MilestoneFactory(
            track="curriculum",
            stage="introduced",
            region=RegionFactory(code=f"TJ-A{i}", name_en=f"Region {i}"),
        )
        milestone.activities.add(ActivityFactory())
    # ..., and the menu's count of approvals waiting (cached once read)
    with django_assert_num_queries(8):
        response = manager_client.get(reverse("humanrights:milestones"))
    assert response.status_code == 200
    curriculum = [t for t in response.context["tracks"] if t["code"] == "curriculum"][0]
    assert len(curriculum["milestones"]) == n


@pytest.mark.parametrize("n", [1, 6])
def test_the_note_pages_run_a_fixed_number_of_queries(
    client, hr_officer, django_assert_num_queries, n
):
    from humanrights.models import NoteLog

    from .factories import NoteFactory

    notes = [NoteFactory(author=hr_officer) for _ in range(n)]
    client.force_login(hr_officer)
    # The list writes one "listed" log row per note shown, in a single insert.
    with django_assert_num_queries(9):
        assert client.get(reverse("humanrights:note_list")).status_code == 200
    assert NoteLog.objects.filter(action="listed", user=hr_officer).count() == n
    # The permissions, read by the list, come from the cache from now on.
    with django_assert_num_queries(8):
        assert client.get(reverse("humanrights:note_detail", args=[notes[0].pk])).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(reverse("humanrights:note_log")).status_code == 200


def test_an_officer_writes_edits_and_shares_a_note(client, hr_officer, manager):
    from humanrights.models import MonitoringNote, NoteShare
    from tests.factories import RegionFactory

    client.force_login(hr_officer)
    bad = client.post(reverse("humanrights:note_add"), {"topic": "x"})
    assert bad.status_code == 400
    assert not MonitoringNote.objects.exists()
    data = {
        "observed_on": "2006-03-14",
        "region": RegionFactory().pk,
        "topic": "Access to detainees",
        "summary": "Refused.",
        "sensitivity": "confidential",
    }
    response = client.post(reverse("humanrights:note_add"), data)
    note = MonitoringNote.objects.get()
    assert response.url == reverse("humanrights:note_detail", args=[note.pk])
    client.post(reverse("humanrights:note_edit", args=[note.pk]), {**data, "advice": "Advised."})
    assert MonitoringNote.objects.get().advice == "Advised."
    client.post(reverse("humanrights:note_share", args=[note.pk]), {"user": manager.pk})
    assert NoteShare.objects.filter(note=note, user=manager).exists()
    found = client.get(reverse("humanrights:note_list"), {"q": "detainees"})
    assert "Access to detainees" in found.content.decode()
    assert (
        client.get(reverse("humanrights:note_list"), {"q": "nothing"})
        .context["page"]
        .paginator.count
        == 0
    )


def test_two_officers_editing_one_note_see_both_versions(hr_officer):
    from django.test import Client

    from humanrights.models import MonitoringNote
    from tests.admin_checks import browser_post_data
    from tests.factories import RegionFactory

    note = MonitoringNote.objects.create(
        author=hr_officer,
        observed_on=datetime.date(2006, 3, 14),
        region=RegionFactory(),
        topic="Access to detainees",
        summary="Refused.",
        sensitivity="confidential",
    )
    url = reverse("humanrights:note_edit", args=[note.pk])
    first, second = Client(), Client()
    first.force_login(hr_officer)
    second.force_login(hr_officer)
    theirs = browser_post_data(first.get(url).text)
    mine = browser_post_data(second.get(url).text)
    theirs["summary"] = ["Refused twice; the prosecutor was told."]
    assert first.post(url, theirs).status_code == 302

    mine["advice"] = ["Raise it with the Ombudsman."]
    mine["summary"] = ["Refused again."]
    refused = second.post(url, mine)
    assert refused.status_code == 400
    assert "Someone saved this record after you opened it" in refused.text
    assert "Refused twice; the prosecutor was told." in refused.text
    note.refresh_from_db()
    assert (note.summary, note.advice) == ("Refused twice; the prosecutor was told.", "")

    merged = browser_post_data(refused.text)
    merged["take_theirs"] = ["summary"]
    assert second.post(url, merged).status_code == 302
    note.refresh_from_db()
    assert (note.summary, note.advice) == (
        "Refused twice; the prosecutor was told.",
        "Raise it with the Ombudsman.",
    )


def test_the_trackers_chart_is_drawn_in_the_portals_chart_theme(hr_officer, client):
    _tracker_data(3, hr_officer)  # two CERD recommendations, one CCPR
    client.force_login(hr_officer)

    response = client.get(reverse("humanrights:tracker"))

    chart = response.context["chart_data"]
    assert chart["labels"] == ["CERD", "CCPR"]  # the most recommendations first
    assert chart["axis"] == "Recommendations"
    assert chart["locale"] == {"decimal": ".", "thousands": ",", "money": "US$ %(amount)s"}
    assert [status["code"] for status in chart["statuses"]] == list(Recommendation.Status.values)
    page = response.text
    assert page.index("js/chart-theme.js") < page.index("js/humanrights.js")
