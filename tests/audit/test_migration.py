"""The move to django-auditlog keeps every entry of the portal's own trail: who, what, which
record, the changes (in auditlog's shape) and when."""

import datetime
import importlib

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from programs.models import Pledge, Project
from tests.factories import UserFactory

BEFORE = ("audit", "0004_verbose_names")
move = importlib.import_module("untop.audit.migrations.0005_entries_to_auditlog")


@pytest.fixture
def old_trail(transactional_db):
    """The portal's AuditEntry table as it was before the move, with the models around it."""
    loader = MigrationLoader(connection)
    leaves = [node for node in loader.graph.leaf_nodes() if node[0] != "audit"]
    apps = loader.project_state([*leaves, BEFORE]).apps
    model = apps.get_model("audit", "AuditEntry")
    with connection.schema_editor() as editor:
        editor.create_model(model)
    yield apps, model
    with connection.schema_editor() as editor:
        editor.delete_model(model)


def test_every_entry_moves_to_auditlog_in_its_shape(old_trail):
    apps, OldEntry = old_trail
    user = UserFactory(email="editor@untop.example")
    pledge = ContentType.objects.get_for_model(Pledge)
    project = ContentType.objects.get_for_model(Project)
    at = datetime.datetime(2025, 3, 4, 10, 30, tzinfo=datetime.UTC)
    OldEntry.objects.create(
        actor_id=user.pk,
        action="create",
        content_type_id=pledge.pk,
        object_id="17",
        object_repr="Norway: 1,000.00",
        changes={"donor_id": [None, 5], "amount_usd": [None, "1000.00"]},
    )
    OldEntry.objects.create(
        action="update",
        content_type_id=project.pk,
        object_id="3",
        object_repr="Dialogue",
        changes={"centres": [None, [1, 2]]},
    )
    OldEntry.objects.create(
        action="delete",
        content_type_id=project.pk,
        object_id="3",
        object_repr="Dialogue",
        changes={"partners": ["all", None]},
    )
    OldEntry.objects.update(at=at)

    with connection.schema_editor() as editor:
        move.move_entries(apps, editor)

    created, changed, deleted = LogEntry.objects.filter(timestamp=at).order_by("id")
    assert (created.action, changed.action, deleted.action) == (
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
        LogEntry.Action.DELETE,
    )
    assert (created.actor, created.actor_email) == (user, "editor@untop.example")
    assert changed.actor is None
    assert (created.content_type, created.object_pk, created.object_id) == (pledge, "17", 17)
    assert created.object_repr == "Norway: 1,000.00"
    assert created.timestamp == at
    # Fields by name, as auditlog's signals write them; many-to-many in auditlog's shape.
    assert created.changes == {"donor": [None, 5], "amount_usd": [None, "1000.00"]}
    assert changed.changes == {
        "centres": {"type": "m2m", "operation": "add", "objects": ["1", "2"]}
    }
    assert deleted.changes == {
        "partners": {"type": "m2m", "operation": "delete", "objects": ["all"]}
    }
