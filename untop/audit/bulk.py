"""Audit entries for records written in bulk, in the shape the signals write.

``bulk_create``, ``bulk_update`` and COPY send no signals (tracking.py says so): code that
writes tracked records that way (the importers, a service updating many rows) writes their
entries through these functions, naming the acting user of the audit context.
"""

from __future__ import annotations

import json

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from . import tracking
from .context import current_actor
from .models import AuditEntry

BATCH = 2000


def audit_values(instance: models.Model) -> dict | None:
    """The values the audit trail keeps for this record, or None if its model is not tracked."""
    model = type(instance)
    if not tracking.is_tracked(model):
        return None
    return tracking.values(instance)


def audit_created(instances: list[models.Model]) -> None:
    """One "created" entry per record, as the signals would write it."""
    _audit(
        instances,
        AuditEntry.Action.CREATE,
        lambda obj: {k: [None, v] for k, v in (audit_values(obj) or {}).items()},
    )


def audit_changed(changes: list[tuple[models.Model, dict[str, list]]]) -> None:
    """One "changed" entry per record, with the [before, after] of each changed field."""
    by_instance = {id(obj): change for obj, change in changes}
    _audit(
        [obj for obj, _ in changes],
        AuditEntry.Action.UPDATE,
        lambda obj: by_instance[id(obj)],
    )


def _audit(instances, action, changes_of) -> None:
    if not instances or not tracking.is_tracked(type(instances[0])):
        return
    actor = current_actor()
    content_type = ContentType.objects.get_for_model(type(instances[0]))
    AuditEntry.objects.bulk_create(
        (
            AuditEntry(
                actor=actor,
                action=action,
                content_type=content_type,
                object_id=str(obj.pk),
                object_repr=str(obj)[:300],
                changes=changes_of(obj),
            )
            for obj in instances
        ),
        batch_size=BATCH,
    )


def changed_fields(before: dict, after: dict) -> dict[str, list]:
    return {name: [before[name], value] for name, value in after.items() if before[name] != value}


def created_entry_rows(model: type[models.Model], records: list[dict], label):
    """The "created" entries of records written by COPY, as (table model, columns, rows) for
    a COPY of their own; None when there is nothing to write. ``records`` are the plain
    values by attname, ``label(record)`` their str()."""
    if not records or not tracking.is_tracked(model):
        return None
    exclude = tracking.excluded_fields(model)
    actor = current_actor()
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    columns = ["at", "actor", "action", "content_type", "object_id", "object_repr", "changes"]
    rows = (
        (
            now,
            actor.pk if actor else None,
            AuditEntry.Action.CREATE,
            content_type.pk,
            str(record["id"]),
            label(record)[:300],
            dumps({k: [None, v] for k, v in record.items() if k not in exclude}),
        )
        for record in records
    )
    return AuditEntry, columns, rows
