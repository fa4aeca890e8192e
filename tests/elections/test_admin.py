"""The elections back office: every page opens, searches, adds and changes, in fixed queries."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from elections.models import Milestone, Output
from tests.admin_checks import assert_admin_pages_open, assert_changelist_queries_fixed
from tests.conftest import sign_in_as
from tests.elections.factories import (
    BriefingFactory,
    DeliveryFactory,
    ElectionFactory,
    MilestoneFactory,
    OutputFactory,
    PlannedBriefingFactory,
    RecommendationFactory,
)
from tests.factories import ActivityFactory, ParticipantCountFactory, UserFactory
from untop.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

MODEL_ADMINS = sorted(
    model._meta.model_name for model in admin.site._registry if model._meta.app_label == "elections"
)


def _records():
    election = ElectionFactory(title="Presidential election of 6 November 2006")
    MilestoneFactory(election=election)
    RecommendationFactory(mission__election=election)
    output = OutputFactory(component__election=election)
    activity = ActivityFactory(approval="approved")
    ParticipantCountFactory(activity=activity)
    output.activities.add(activity)
    DeliveryFactory(output__component=output.component)
    BriefingFactory(ministry=PlannedBriefingFactory().ministry)


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def superuser_client(superuser):
    client = Client()
    sign_in_as(client, superuser)
    return client


def test_every_model_has_an_admin():
    assert len(MODEL_ADMINS) == len(list(apps.get_app_config("elections").get_models())) == 10


@pytest.mark.parametrize("model_name", MODEL_ADMINS)
def test_every_admin_page_opens(superuser_client, model_name):
    _records()
    assert_admin_pages_open(superuser_client, "elections", model_name, search="Ministry")


@pytest.mark.parametrize("model_name", MODEL_ADMINS)
def test_changelists_run_a_fixed_number_of_queries(
    superuser_client, model_name, django_assert_num_queries
):
    _records()
    assert_changelist_queries_fixed(
        superuser_client,
        "elections",
        model_name,
        add_records=lambda: [_records() for _ in range(3)],
        django_assert_num_queries=django_assert_num_queries,
    )


def test_the_output_list_shows_the_actual_from_the_activities(superuser_client):
    _records()

    response = superuser_client.get(reverse("admin:elections_output_changelist"))

    actuals = [row.actual for row in response.context["cl"].result_list]
    assert sorted(actuals) == [25, 1000] or sorted(actuals) == [0, 25, 1000]


def test_a_milestone_after_election_day_is_refused_in_the_admin(superuser_client, superuser):
    election = ElectionFactory(election_day=datetime.date(2006, 11, 6))

    response = superuser_client.post(
        reverse("admin:elections_milestone_add"),
        {
            "election": election.pk,
            "stage": "registration",
            "title": "Registration of candidates",
            "planned": "2006-11-10",
        },
    )

    assert response.status_code == 200
    assert "Registration of candidates must come before election day" in response.text
    assert not Milestone.objects.exists()


def test_an_output_added_in_the_admin_is_credited_to_the_user(superuser_client, superuser):
    component = OutputFactory().component

    response = superuser_client.post(
        reverse("admin:elections_output_add"),
        {
            "component": component.pk,
            "name": "Poll workers trained",
            "measure": "people",
            "unit": "people",
            "target": "13000",
            "order": "1",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    output = Output.objects.get(name="Poll workers trained")
    entry = AuditEntry.objects.get(content_type__model="output", object_id=str(output.pk))
    assert entry.actor == superuser


def test_a_negative_target_is_refused_in_the_admin(superuser_client):
    component = OutputFactory().component

    response = superuser_client.post(
        reverse("admin:elections_output_add"),
        {
            "component": component.pk,
            "name": "Poll workers trained",
            "measure": "people",
            "unit": "people",
            "target": "-1",
            "order": "1",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )

    assert (
        "A count cannot be negative." in response.text
        or "greater than or equal to 0" in response.text
    )
    assert not Output.objects.filter(name="Poll workers trained").exists()
