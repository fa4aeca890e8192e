"""Audit entries for records written in bulk, in the shape auditlog's signals write.

``bulk_create``, ``bulk_update`` and COPY send no signals (untop/audit/registry.py says so):
code that writes audited records that way (the importers, a service updating many rows)
writes their entries through these functions, naming the acting user of auditlog's context
(untop.audit.context).

Callers speak of fields by attname (``centre_id``), as they write the columns; the entries
name them as auditlog does (``centre``), with the values as its signals keep them.
"""

from __future__ import annotations

import datetime
import decimal
import json
import uuid

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.diff import get_field_value, is_primitive
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.encoding import smart_str

from .context import current_actor
from .registry import audited_fields, is_audited

BATCH = 2000


_PLAIN = frozenset({str, int, float, bool, type(None)})
_AS_TEXT = frozenset({datetime.date, datetime.datetime, decimal.Decimal, uuid.UUID})


def _kept(value):
    # As auditlog stores a value with AUDITLOG_STORE_JSON_CHANGES (its model_instance_diff);
    # the plain types first, then those it keeps as their text, without its checks: an
    # import asks this of every cell.
    cls = value.__class__
    if cls in _PLAIN:
        return value
    if cls in _AS_TEXT:
        return str(value)
    return value if is_primitive(value) else smart_str(value)


def audit_values(instance: models.Model) -> dict | None:
    """The values the audit trail keeps for this record, by attname, or None if its model
    is not audited."""
    model = type(instance)
    if not is_audited(model):
        return None
    return {
        field.attname: _kept(get_field_value(instance, field, use_json_for_changes=True))
        for field in audited_fields(model)
    }


def audit_created(instances: list[models.Model]) -> None:
    """One "created" entry per record, as the signals would write it."""
    if not instances or not is_audited(type(instances[0])):
        return
    names = _names(type(instances[0]))
    _audit(
        instances,
        LogEntry.Action.CREATE,
        lambda obj: {
            names[attname]: [None, value]
            for attname, value in audit_values(obj).items()
            if value is not None
        },
    )


def audit_changed(changes: list[tuple[models.Model, dict[str, list]]]) -> None:
    """One "changed" entry per record, with the [before, after] of each changed field (the
    ``changed_fields`` of its ``audit_values`` before and after)."""
    if not changes or not is_audited(type(changes[0][0])):
        return
    names = _names(type(changes[0][0]))
    by_instance = {id(obj): change for obj, change in changes}
    _audit(
        [obj for obj, _ in changes],
        LogEntry.Action.UPDATE,
        lambda obj: {names.get(k, k): list(v) for k, v in by_instance[id(obj)].items()},
    )


def changed_fields(before: dict, after: dict) -> dict[str, list]:
    """The fields (by attname) whose values differ, each with its [before, after]."""
    return {name: [before[name], value] for name, value in after.items() if before[name] != value}


def _audit(instances, action, changes_of) -> None:
    context = _context()
    content_type = ContentType.objects.get_for_model(type(instances[0]))
    LogEntry.objects.bulk_create(
        (
            LogEntry(
                action=action,
                content_type=content_type,
                object_pk=str(obj.pk),
                object_id=obj.pk if isinstance(obj.pk, int) else None,
                object_repr=smart_str(obj),
                changes=changes_of(obj),
                **context,
            )
            for obj in instances
        ),
        batch_size=BATCH,
    )


def created_entry_rows(model: type[models.Model], records: list[dict], label):
    """The "created" entries of records written by COPY, as (table model, columns, rows) for
    a COPY of their own; None when there is nothing to write. ``records`` are the plain
    values by attname, ``label(record)`` their str()."""
    if not records or not is_audited(model):
        return None
    context = _context()
    content_type = ContentType.objects.get_for_model(model)
    columns = [
        "timestamp",
        "action",
        "content_type",
        "object_pk",
        "object_id",
        "object_repr",
        "changes",
        "changes_text",
        *context,
    ]
    # What every entry shares, worked out once; an import writes tens of thousands.
    shared_head = (str(timezone.now()), int(LogEntry.Action.CREATE), content_type.pk)
    shared_tail = (
        "",
        *(value.pk if isinstance(value, models.Model) else value for value in context.values()),
    )
    changes = _created_changes(model)
    rows = (
        (
            *shared_head,
            str(record["id"]),
            record["id"],
            label(record),
            changes(record),
            *shared_tail,
        )
        for record in records
    )
    return LogEntry, columns, rows


_text = json.encoder.encode_basestring  # json.dumps of a str, ensure_ascii=False
_dumps = json.JSONEncoder(ensure_ascii=False).encode


def _created_changes(model: type[models.Model]):
    """``changes(record)``: the JSON text of a "created" entry's changes, {name: [null,
    value]} for each field set, as ``json.dumps`` would write it. Written piece by piece
    with the encoder's own string escaping: building a dict per record and encoding it
    took a third of an import's time."""
    parts = [(attname, f"{_text(name)}: [null, ") for attname, name in _names(model).items()]

    def value_text(value) -> str:
        cls = value.__class__
        if cls is str:
            return _text(value)
        if cls is int:
            return int.__repr__(value)
        if cls is bool:
            return "true" if value else "false"
        return _dumps(_kept(value))

    def changes(record: dict) -> str:
        get = record.get
        return (
            "{"
            + ", ".join(
                f"{prefix}{value_text(value)}]"
                for attname, prefix in parts
                if (value := get(attname)) is not None
            )
            + "}"
        )

    return changes


def _names(model: type[models.Model]) -> dict[str, str]:
    """Each audited field's name by its attname."""
    return {field.attname: field.name for field in audited_fields(model)}


def _context() -> dict:
    """What auditlog's signals add to an entry from its context: who acted, from where,
    under which correlation id."""
    context = auditlog_value.get(None) or {}
    actor = current_actor()
    return {
        "actor": actor,
        "actor_email": getattr(actor, "email", None) if actor else None,
        "remote_addr": context.get("remote_addr"),
        "remote_port": context.get("remote_port"),
        "cid": get_cid(),
    }
