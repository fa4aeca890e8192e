"""The back office of the human-rights area: every admin page opens, searches, adds, changes."""

import datetime

import pytest
from django.contrib import admin
from django.test import Client

from humanrights.models import (
    AffectedGroup,
    ImplementationAction,
    Mechanism,
    MonitoringNote,
    NoteLog,
    NoteShare,
    Recommendation,
    StatusChange,
)
from tests.conftest import sign_in_as
from tests.factories import ActivityFactory, RegionFactory

from .factories import (
    ActionFactory,
    MilestoneFactory,
    NoteFactory,
    RecommendationFactory,
    ThemeFactory,
    make_officer_superuser,
)

pytestmark = pytest.mark.django_db

MODEL_ADMINS = sorted(
    model._meta.model_name
    for model in admin.site._registry
    if model._meta.app_label == "humanrights"
)


@pytest.fixture
def officer_admin(centre):
    return make_officer_superuser(username="hr-admin", home_centre=centre)


@pytest.fixture
def client_(officer_admin):
    client = Client()
    sign_in_as(client, officer_admin)
    return client


@pytest.fixture
def records(officer_admin):
    recommendation = RecommendationFactory()
    recommendation.themes.add(ThemeFactory(name="Women"))
    recommendation.affected_groups.add(AffectedGroup.objects.create(name="Minorities"))
    ActionFactory(recommendation=recommendation, recorded_by=officer_admin)
    MilestoneFactory()
    note = NoteFactory(author=officer_admin)
    NoteLog.objects.create(note=note, note_number=note.pk, user=officer_admin, action="read")
    return recommendation


def test_every_model_has_an_admin():
    assert MODEL_ADMINS == [
        "affectedgroup",
        "document",
        "implementationaction",
        "mechanism",
        "milestone",
        "monitoringnote",
        "notelog",
        "recommendation",
        "theme",
    ]


@pytest.mark.parametrize("model", MODEL_ADMINS)
def test_changelist_and_search_open_in_fixed_queries(
    client_, records, model, django_assert_max_num_queries
):
    url = f"/admin/humanrights/{model}/"
    with django_assert_max_num_queries(12):
        assert client_.get(url).status_code == 200
    assert client_.get(url, {"q": "women"}).status_code == 200


@pytest.mark.parametrize("model", MODEL_ADMINS)
def test_the_add_and_change_pages_open(client_, records, model):
    model_class = next(
        m
        for m in admin.site._registry
        if m._meta.model_name == model and m._meta.app_label == "humanrights"
    )
    obj = model_class.objects.first()
    response = client_.get(f"/admin/humanrights/{model}/{obj.pk}/change/")
    assert response.status_code == 200
    add = client_.get(f"/admin/humanrights/{model}/add/")
    assert add.status_code == (403 if model == "notelog" else 200)


@pytest.mark.parametrize("n", [2, 10])
def test_the_recommendation_changelist_has_no_per_row_queries(
    client_, officer_admin, n, django_assert_num_queries
):
    for _ in range(n):
        ActionFactory(recorded_by=officer_admin)
    # One count of the list's rows: a large table's, not counted again for "N total".
    with django_assert_num_queries(10):
        assert client_.get("/admin/humanrights/recommendation/").status_code == 200


def test_an_action_added_in_the_admin_moves_the_status(client_, officer_admin):
    recommendation = RecommendationFactory()
    activity = ActivityFactory()
    response = client_.post(
        "/admin/humanrights/implementationaction/add/",
        {
            "recommendation": recommendation.pk,
            "taken_on": "2005-11-08",
            "description": "Seminar",
            "taken_by": "Parliament",
            "evidence": "",
            "activities": [activity.pk],
            "new_status": "in_progress",
        },
    )
    assert response.status_code == 302
    action = ImplementationAction.objects.get()
    assert action.recorded_by == officer_admin
    assert Recommendation.objects.get().status == "in_progress"
    assert StatusChange.objects.get().action == action


def test_a_mechanism_is_added(client_):
    response = client_.post(
        "/admin/humanrights/mechanism/add/",
        {"code": "CAT", "name": "Committee against Torture", "kind": "treaty_body"},
    )
    assert response.status_code == 302
    assert Mechanism.objects.filter(code="CAT").exists()


def test_a_note_added_and_shared_in_the_admin_is_logged(client_, officer_admin, manager):
    region = RegionFactory()
    response = client_.post(
        "/admin/humanrights/monitoringnote/add/",
        {
            "observed_on": "2006-03-14",
            "region": region.pk,
            "topic": "Access",
            "summary": "Refused.",
            "sources": "",
            "sensitivity": "confidential",
            "advice": "",
            "shares-TOTAL_FORMS": "1",
            "shares-INITIAL_FORMS": "0",
            "shares-MIN_NUM_FORMS": "0",
            "shares-MAX_NUM_FORMS": "1000",
            "shares-0-user": manager.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    note = MonitoringNote.objects.get()
    assert note.author == officer_admin
    assert NoteShare.objects.get().shared_by == officer_admin
    assert list(NoteLog.objects.order_by("id").values_list("action", flat=True)) == [
        "created",
        "shared",
    ]


def test_a_notes_history_is_its_own_log(client_):
    note = NoteFactory()
    response = client_.get(f"/admin/humanrights/monitoringnote/{note.pk}/history/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/humanrights/notelog/")


def test_a_recommendation_status_is_not_edited_by_hand(client_, records):
    response = client_.get(f"/admin/humanrights/recommendation/{records.pk}/change/")
    assert b'name="status"' not in response.content
    assert records.follow_up_due == datetime.date(2006, 7, 18)
