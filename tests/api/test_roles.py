"""What each endpoint answers each role calling with a token (the session's answers are in
the role × route matrix, tests/untop/access_matrix.py), and tokens that no longer work."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import token_client, token_for
from tests.factories import (
    ActivityFactory,
    ContributionFactory,
    ParticipantCountFactory,
    PledgeFactory,
)
from tests.humanrights.factories import ActionFactory
from untop.api.models import ApiToken

ROLES = ("staff", "manager", "hr", "administrator")
# endpoint: the answer of its list for staff, manager, hr officer, administrator
EXPECTED = {
    "project": (200, 200, 200, 200),
    "activity": (200, 200, 200, 403),
    "indicator": (200, 200, 200, 200),
    "donor": (403, 200, 403, 403),
    "pledge": (403, 200, 403, 403),
    "contribution": (403, 200, 403, 403),
    "recommendation": (200, 200, 200, 403),
}


@pytest.fixture
def records(centre, staff_user):
    from programs.models import Indicator

    activity = ActivityFactory(centre=centre, created_by=staff_user)
    ParticipantCountFactory(activity=activity, women=7, men=9)
    pledge = PledgeFactory(project=activity.project)
    contribution = ContributionFactory(pledge=pledge)
    indicator = Indicator.objects.create(project=activity.project, name="People trained")
    action = ActionFactory()
    return {
        "project": activity.project,
        "activity": activity,
        "indicator": indicator,
        "donor": pledge.donor,
        "pledge": pledge,
        "contribution": contribution,
        "recommendation": action.recommendation,
    }


@pytest.fixture
def users(staff_user, manager, hr_officer, administrator):
    return dict(zip(ROLES, (staff_user, manager, hr_officer, administrator), strict=True))


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
def test_each_role_with_a_token_gets_what_the_portal_gives_it(endpoint, records, users):
    got = {}
    for role in ROLES:
        client = token_client(token_for(users[role]))
        listed = client.get(reverse(f"api:{endpoint}-list"))
        detail = client.get(reverse(f"api:{endpoint}-detail", args=[records[endpoint].pk]))
        got[role] = (listed.status_code, detail.status_code)
        if listed.status_code == 200:
            assert [row["id"] for row in listed.json()["results"]] == [records[endpoint].pk]
            assert detail.json()["id"] == records[endpoint].pk
    wanted = {
        role: (answer, answer) for role, answer in zip(ROLES, EXPECTED[endpoint], strict=True)
    }
    assert got == wanted


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
def test_no_token_and_a_wrong_token_are_told_to_authenticate(endpoint, records):
    from django.test import Client

    path = reverse(f"api:{endpoint}-list")
    for client in (Client(), token_client("untop_" + "0" * 64)):
        response = client.get(path)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
def test_a_record_the_caller_may_not_read_is_not_found_and_so_is_one_that_does_not_exist(
    records, staff_user
):
    client = token_client(token_for(staff_user))
    assert client.get(reverse("api:activity-detail", args=[999_999])).status_code == 404
    assert client.get(reverse("api:project-detail", args=["x"])).status_code == 404


@pytest.mark.django_db
def test_the_token_of_a_user_made_inactive_stops_working(records, staff_user):
    client = token_client(token_for(staff_user))
    path = reverse("api:activity-list")
    assert client.get(path).status_code == 200
    type(staff_user).objects.filter(pk=staff_user.pk).update(is_active=False)
    response = client.get(path)
    assert response.status_code == 401
    assert "inactive" in response.json()["detail"]


@pytest.mark.django_db
def test_a_revoked_token_stops_working(records, staff_user):
    from untop.api.services import api_token_revoke

    client = token_client(token_for(staff_user))
    path = reverse("api:activity-list")
    assert client.get(path).status_code == 200
    api_token_revoke(token=ApiToken.objects.get(user=staff_user), acting_user=staff_user)
    assert client.get(path).status_code == 401


@pytest.mark.django_db
def test_an_expired_token_stops_working_and_is_deleted(records, staff_user):
    client = token_client(token_for(staff_user, valid_days=30))
    path = reverse("api:activity-list")
    assert client.get(path).status_code == 200
    ApiToken.objects.filter(user=staff_user).update(
        expiry=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(path).status_code == 401
    assert not ApiToken.objects.filter(user=staff_user).exists()


@pytest.mark.django_db
def test_a_token_records_when_it_was_last_used(records, staff_user):
    client = token_client(token_for(staff_user))
    assert ApiToken.objects.get(user=staff_user).last_used is None
    before = timezone.now()
    client.get(reverse("api:project-list"))
    assert ApiToken.objects.get(user=staff_user).last_used >= before


@pytest.mark.django_db
def test_the_api_answers_no_write(records, manager):
    client = token_client(token_for(manager))
    path = reverse("api:activity-detail", args=[records["activity"].pk])
    assert client.post(reverse("api:activity-list"), {}).status_code == 405
    assert client.delete(path).status_code == 405
    assert client.put(path, {}).status_code == 405
