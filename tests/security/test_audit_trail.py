"""The audit trail holds for admin bulk actions, shows only what the reader may see, and
nobody, superusers included, can add, change or delete its records."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from programs.models import Pledge
from tests.conftest import sign_in_as
from tests.factories import PledgeFactory, UserFactory
from tests.training.factories import TraineeFactory
from training.models import Trainee
from untop.audit.models import AuditEntry, AuthEvent

pytestmark = pytest.mark.django_db


def test_a_bulk_delete_in_the_admin_keeps_who_and_the_values_before(manager_client, manager):
    pledges = [PledgeFactory(amount_usd=1000 + n) for n in range(3)]
    response = manager_client.post(
        reverse("admin:programs_pledge_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [p.pk for p in pledges],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Pledge.objects.exists()
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Pledge), action=AuditEntry.Action.DELETE
    )
    assert sorted(int(e.object_id) for e in entries) == sorted(p.pk for p in pledges)
    assert {e.actor for e in entries} == {manager}
    assert sorted(e.changes["amount_usd"][0] for e in entries) == ["1000.00", "1001.00", "1002.00"]


@pytest.fixture
def superuser_client():
    client = Client()
    sign_in_as(client, UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize("model", [AuditEntry, AuthEvent], ids=["audit entry", "sign-in event"])
def test_nobody_can_add_change_or_delete_audit_records(superuser_client, model, staff_user):
    PledgeFactory()
    AuthEvent.objects.create(kind=AuthEvent.Kind.FAILED, username="x")
    record = model.objects.first()
    info = (model._meta.app_label, model._meta.model_name)
    change = reverse("admin:{}_{}_change".format(*info), args=[record.pk])
    page = superuser_client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert superuser_client.post(change, {"object_repr": "forged"}).status_code == 403
    assert superuser_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 403
    delete = reverse("admin:{}_{}_delete".format(*info), args=[record.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    changelist = superuser_client.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert "delete_selected" not in changelist.content.decode()
    bulk = superuser_client.post(
        reverse("admin:{}_{}_changelist".format(*info)),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert model.objects.filter(pk=record.pk).exists()


def test_the_trail_shows_no_trainee_data_to_an_administrator(admin_client_, manager_client):
    TraineeFactory(family_name="Nazarov-personal")
    trail = reverse("admin:audit_auditentry_changelist")
    assert "Nazarov-personal" in manager_client.get(trail).content.decode()
    page = admin_client_.get(trail)
    assert page.status_code == 200
    assert "Nazarov-personal" not in page.content.decode()
    entry = AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(Trainee))
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    assert admin_client_.get(change).status_code in (302, 404)
    history = reverse("admin:training_trainee_history", args=[Trainee.objects.get().pk])
    assert admin_client_.get(history).status_code == 403


def test_auditlogs_own_list_of_every_entry_is_not_in_the_back_office(superuser_client):
    from auditlog.models import LogEntry
    from django.contrib import admin

    PledgeFactory()
    assert not admin.site.is_registered(LogEntry)
    assert superuser_client.get("/admin/auditlog/logentry/").status_code == 404
