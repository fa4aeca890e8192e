"""The account page's API tokens: made (shown once), sent twice and made once, listed to their
owner only, revoked by their owner only, each change in the audit trail."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.api.conftest import token_client, token_for
from tests.conftest import sign_in_as
from untop.api.models import ApiToken
from untop.api.services import TOKENS_PER_USER, api_token_create, api_token_revoke


@pytest.fixture
def staff_client(staff_user):
    client = Client()
    sign_in_as(client, staff_user)
    return client


def _make(client, name="Dashboard feed", key="a" * 32, valid_days="90"):
    return client.post(
        reverse("api_token_create"), {"name": name, "valid_days": valid_days, "form_key": key}
    )


@pytest.mark.django_db
def test_a_token_made_on_the_account_page_is_shown_once_and_works(staff_client, staff_user):
    response = _make(staff_client)
    assert response.status_code == 302
    page = staff_client.get(response.url)
    token = page.context["new_token"]["token"] if "new_token" in page.context else None
    assert token and token.startswith("untop_")
    assert token in page.text
    assert "Dashboard feed" in page.text
    # Shown once: the page again no longer has it, and the database never had it.
    assert token not in staff_client.get(reverse("account")).text
    row = ApiToken.objects.get(user=staff_user)
    assert token not in (row.digest, row.token_key) and row.digest != token
    assert row.expiry is not None
    assert token_client(token).get(reverse("api:project-list")).status_code == 200


@pytest.mark.django_db
def test_the_form_sent_twice_makes_one_token(staff_client, staff_user):
    first = _make(staff_client, key="b" * 32)
    second = _make(staff_client, key="b" * 32)
    assert first.status_code == second.status_code == 302
    assert ApiToken.objects.filter(user=staff_user).count() == 1
    _make(staff_client, key="c" * 32)
    assert ApiToken.objects.filter(user=staff_user).count() == 2


@pytest.mark.django_db
def test_a_token_without_a_name_is_refused_with_the_reason(staff_client, staff_user):
    response = _make(staff_client, name="  ")
    page = staff_client.get(response.url)
    assert not ApiToken.objects.exists()
    assert "This field is required." in page.text


@pytest.mark.django_db
def test_each_user_sees_and_revokes_only_their_own_tokens(staff_client, staff_user, manager):
    token_for(staff_user, name="Mine")
    token_for(manager, name="The manager's")
    page = staff_client.get(reverse("account"))
    assert "Mine" in page.text and "The manager&#x27;s" not in page.text
    theirs = ApiToken.objects.get(user=manager)
    response = staff_client.post(
        reverse("api_token_revoke"), {"token": theirs.digest, "form_key": "d" * 32}
    )
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=theirs, acting_user=staff_user)


@pytest.mark.django_db
def test_revoking_on_the_account_page_stops_the_token(staff_client, staff_user):
    token = token_for(staff_user, name="Old script")
    mine = ApiToken.objects.get(user=staff_user)
    response = staff_client.post(
        reverse("api_token_revoke"), {"token": mine.digest, "form_key": "e" * 32}
    )
    assert response.status_code == 302
    assert "is revoked" in staff_client.get(response.url).text
    assert not ApiToken.objects.exists()
    assert token_client(token).get(reverse("api:project-list")).status_code == 401


@pytest.mark.django_db
def test_making_and_revoking_are_in_the_audit_trail_without_the_token(staff_user):
    row, token = api_token_create(acting_user=staff_user, name="Feed", valid_days=None)
    digest = row.digest
    api_token_revoke(token=row, acting_user=staff_user)
    entries = LogEntry.objects.filter(object_repr="Feed").order_by("pk")
    assert [(e.action, e.actor_id) for e in entries] == [
        (LogEntry.Action.CREATE, staff_user.pk),
        (LogEntry.Action.DELETE, staff_user.pk),
    ]
    for entry in entries:
        text = str(entry.changes)
        assert token not in text and digest not in text and token[:15] not in text


@pytest.mark.django_db
def test_a_closed_account_makes_no_token_and_a_user_holds_a_limited_number(staff_user):
    for i in range(TOKENS_PER_USER):
        token_for(staff_user, name=f"Script {i}")
    with pytest.raises(ValidationError):
        token_for(staff_user, name="One too many")
    staff_user.is_active = False
    with pytest.raises(PermissionDenied):
        token_for(staff_user, name="Closed")


@pytest.mark.django_db
def test_the_account_page_costs_the_same_with_more_tokens(
    staff_client, staff_user, django_assert_num_queries
):
    staff_client.get(reverse("account"))
    counts = []
    for _ in range(2):
        for i in range(3):
            token_for(staff_user, name=f"Script {len(counts)}-{i}")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(reverse("account")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_a_token_stops_working_when_its_account_expires_and_again_when_extended(staff_user):
    import datetime

    from django.utils import timezone

    token = token_for(staff_user, name="Nightly feed")
    url = reverse("api:project-list")
    staff_user.expires_on = timezone.localdate() - datetime.timedelta(days=1)
    staff_user.save()
    response = token_client(token).get(url)
    assert response.status_code == 401
    assert response.json()["detail"] == "This account has expired."
    # The expiry moved on (a contract extended): the token works again.
    staff_user.expires_on = timezone.localdate()
    staff_user.save()
    assert token_client(token).get(url).status_code == 200
