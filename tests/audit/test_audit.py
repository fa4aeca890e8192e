"""The audit trail: every change through the admin is kept, and nobody can edit the trail."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from programs.models import Donor
from tests.conftest import sign_in_as
from tests.factories import DonorFactory, UserFactory
from untop.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def superuser_client(superuser):
    client = Client()
    sign_in_as(client, superuser)
    return client


def _entries(donor):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Donor), object_id=str(donor.pk)
    )


def test_a_change_in_the_admin_keeps_who_when_and_what(manager_client, manager):
    donor = DonorFactory(name="Kingdom of Norway", code="NOR", kind="government", country="NO")
    response = manager_client.post(
        reverse("admin:programs_donor_change", args=[donor.pk]),
        {
            "code": "NOR",
            "name": "Norway",
            "kind": "government",
            "country": "NO",
            "pledges-TOTAL_FORMS": "0",
            "pledges-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    entry = _entries(donor).get(action=AuditEntry.Action.UPDATE)
    assert entry.actor == manager
    assert entry.changes == {"name": ["Kingdom of Norway", "Norway"]}


def test_a_deletion_in_the_admin_is_kept_with_the_values_before(superuser_client, superuser):
    donor = DonorFactory(name="Short-lived donor")
    response = superuser_client.post(
        reverse("admin:programs_donor_delete", args=[donor.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    entry = _entries(donor).get(action=AuditEntry.Action.DELETE)
    assert entry.actor == superuser
    assert entry.changes["name"] == ["Short-lived donor", None]


def test_the_trail_cannot_be_edited_or_deleted_even_by_a_superuser(superuser_client):
    DonorFactory()
    entry = AuditEntry.objects.first()
    change = superuser_client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.text
    assert (
        superuser_client.post(
            reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_history_button_opens_the_records_trail(superuser_client):
    donor = DonorFactory(name="Traced donor")
    other = DonorFactory(name="Other donor")
    response = superuser_client.get(
        reverse("admin:programs_donor_history", args=[donor.pk]), follow=True
    )
    assert response.status_code == 200
    assert "Traced donor" in response.text
    assert "Other donor" not in response.text
    assert other.pk != donor.pk


def test_staff_cannot_read_the_trail(staff_client):
    assert staff_client.get(reverse("admin:audit_auditentry_changelist")).status_code == 302


def test_the_trail_changelist_runs_a_fixed_number_of_queries(
    superuser_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    DonorFactory()
    url = reverse("admin:audit_auditentry_changelist")
    with CaptureQueriesContext(connection) as few:
        superuser_client.get(url)
    for _ in range(10):
        DonorFactory()
    with django_assert_num_queries(len(few.captured_queries)):
        superuser_client.get(url)
