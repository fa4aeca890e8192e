"""The trail on django-auditlog: entries written in bulk look like the signals' own, the acting
user is named as the services say, many-to-many changes name records by id, and each model is
registered once."""

import json
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from programs.models import Donor, Pledge
from tests.factories import CentreFactory, DonorFactory, PledgeFactory, ProjectFactory
from tests.training.factories import SessionFactory, TraineeFactory
from untop.audit.bulk import (
    audit_changed,
    audit_created,
    audit_values,
    changed_fields,
    created_entry_rows,
)
from untop.audit.context import acting_as, current_actor
from untop.audit.registry import register_audited
from untop.registry import AlreadyRegistered

pytestmark = pytest.mark.django_db


def _entries(model, **lookups):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), **lookups)


def test_bulk_entries_have_the_shape_of_the_signals_entries(manager):
    with acting_as(manager):
        saved = PledgeFactory(amount=Decimal("1000.00"), currency="USD")
    by_signal = _entries(Pledge).get(object_id=saved.pk)
    in_bulk = Pledge(**{f.attname: getattr(saved, f.attname) for f in Pledge._meta.concrete_fields})
    in_bulk.pk = saved.pk + 1000
    with acting_as(manager):
        audit_created([in_bulk])
    by_bulk = _entries(Pledge).get(object_id=in_bulk.pk)

    assert by_bulk.action == by_signal.action == LogEntry.Action.CREATE
    assert (by_bulk.actor, by_bulk.actor_email) == (manager, by_signal.actor_email)
    assert by_bulk.object_pk == str(in_bulk.pk)
    expected = {**by_signal.changes, "id": [None, in_bulk.pk]}
    assert by_bulk.changes == expected
    assert by_bulk.changes["donor"] == [None, saved.donor_id]  # by name, as auditlog names it
    assert by_bulk.changes["amount_usd"] == [None, "1000.00"]


def test_bulk_changes_name_fields_as_auditlog_does(manager):
    pledge = PledgeFactory()
    other = DonorFactory()
    before = audit_values(pledge)
    pledge.donor = other
    change = changed_fields(before, audit_values(pledge))
    assert change == {"donor_id": [before["donor_id"], other.pk]}
    with acting_as(manager):
        audit_changed([(pledge, change)])
    entry = _entries(Pledge).get(object_id=pledge.pk, action=LogEntry.Action.UPDATE)
    assert entry.changes == {"donor": [before["donor_id"], other.pk]}
    assert entry.actor == manager


def test_a_model_not_audited_has_no_values_and_no_entries():
    from untop.audit.models import AuthEvent

    event = AuthEvent(kind=AuthEvent.Kind.FAILED, username="x")
    assert audit_values(event) is None
    assert created_entry_rows(AuthEvent, [{"id": 1}], str) is None
    audit_created([event])
    assert not LogEntry.objects.exists()


def test_copy_rows_are_logentry_columns_in_the_signals_shape(manager):
    donor = DonorFactory()
    record = {"id": 41, "code": "CH", "name": "Switzerland", "kind": "government"}
    with acting_as(manager):
        model, columns, rows = created_entry_rows(Donor, [record], lambda r: r["name"])
    (row,) = list(rows)
    assert model is LogEntry
    values = dict(zip(columns, row, strict=True))
    assert values["actor"] == manager.pk
    assert values["action"] == LogEntry.Action.CREATE
    assert values["content_type"] == ContentType.objects.get_for_model(Donor).pk
    assert (values["object_pk"], values["object_id"], values["object_repr"]) == (
        "41",
        41,
        "Switzerland",
    )
    assert json.loads(values["changes"]) == {
        "id": [None, 41],
        "code": [None, "CH"],
        "name": [None, "Switzerland"],
        "kind": [None, "government"],
    }
    # Every column is one of LogEntry's.
    assert all(LogEntry._meta.get_field(column) for column in columns)
    assert donor.pk != 41


def test_copy_entries_keep_the_values_the_signals_keep(manager):
    """Quotes, line breaks, Cyrillic, dates, money and yes/no come out of the entries of a
    COPY as the signals' own entry of the same record has them."""
    donor = DonorFactory(name='Fund "Ḥaqiqat"\nДушанбе \\ 2006', code="FH")
    pledge = PledgeFactory(donor=donor, amount=Decimal("1234.50"))
    signals = _entries(Pledge, object_id=pledge.pk, action=LogEntry.Action.CREATE).get()
    for instance, model, entry in (
        (donor, Donor, _entries(Donor, object_id=donor.pk).get()),
        (pledge, Pledge, signals),
    ):
        record = audit_values(instance)
        _, columns, rows = created_entry_rows(model, [record], str)
        (row,) = list(rows)
        written = json.loads(dict(zip(columns, row, strict=True))["changes"])
        assert written == entry.changes, model


def test_the_acting_user_of_a_service_inside_a_request_and_back(manager, staff_user):
    with acting_as(manager):
        first = DonorFactory()
        with acting_as(staff_user):
            second = DonorFactory()
            assert current_actor() == staff_user
        third = DonorFactory()
        assert current_actor() == manager
    fourth = DonorFactory()
    assert current_actor() is None
    actors = {
        donor.pk: _entries(Donor).get(object_id=donor.pk).actor
        for donor in (first, second, third, fourth)
    }
    assert actors == {first.pk: manager, second.pk: staff_user, third.pk: manager, fourth.pk: None}


def test_many_to_many_changes_name_the_records_by_id_not_by_name(manager):
    session = SessionFactory()
    trainee = TraineeFactory(family_name="Nazarov-personal")
    with acting_as(manager):
        session.trainers.add(trainee)
        session.trainers.remove(trainee)
        session.trainers.add(trainee)
        session.trainers.clear()
    entries = list(
        _entries(type(session), object_id=session.pk, action=LogEntry.Action.UPDATE).order_by("id")
    )
    assert [entry.changes for entry in entries] == [
        {"trainers": {"type": "m2m", "operation": operation, "objects": [str(trainee.pk)]}}
        for operation in ("add", "delete", "add", "delete")
    ]
    assert {entry.actor for entry in entries} == {manager}
    assert "Nazarov-personal" not in json.dumps([entry.changes for entry in entries])


def test_a_project_follows_its_centres(manager):
    project = ProjectFactory()
    centre = CentreFactory()
    with acting_as(manager):
        project.centres.add(centre)
    entry = _entries(type(project), object_id=project.pk, action=LogEntry.Action.UPDATE).get()
    assert entry.changes == {
        "centres": {"type": "m2m", "operation": "add", "objects": [str(centre.pk)]}
    }


def test_a_model_is_registered_once_with_one_set_of_options():
    register_audited(Pledge, exclude_fields=("updated_at",))  # as programs declares it
    with pytest.raises(AlreadyRegistered, match="audited model"):
        register_audited(Pledge, exclude_fields=("updated_at", "amount"))


def test_the_signed_in_user_is_not_left_acting_after_the_response(manager_client):
    assert manager_client.get("/").status_code in (200, 302)
    assert current_actor() is None
    donor = DonorFactory()
    assert _entries(Donor).get(object_id=donor.pk).actor is None
