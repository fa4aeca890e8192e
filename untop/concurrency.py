"""Two people editing one record: the state a form was opened at, checked when it is saved.

A form carries a fingerprint of the record's saved values, taken when the form was opened.
Saving compares it with the values saved now, holding the record's row lock (PostgreSQL's
SELECT … FOR UPDATE), so that a save made since refuses this one instead of being silently
undone. The fingerprint covers only the fields the form writes: a change elsewhere in the
record does not stop the user.

A fingerprint instead of a version column, because the back office edits every model and
most have no version of their own; where a model keeps a version (activities), its services
check that as well. Django, django-concurrency and django-reversion were looked at: Django has
no optimistic locking, django-concurrency adds a version column and a trigger or field to each
model and raises on every save path (imports and commands included, which here take row locks
and the rules instead), and django-reversion keeps history, not a save-time check.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction

# The hidden field every versioned form carries.
OPENED_FIELD = "opened_state"
# The checkboxes of the merge page: the fields where the user takes the saved value.
TAKE_THEIRS_FIELD = "take_theirs"


def editable_fields(model: type[models.Model], names: Iterable[str]) -> list[str]:
    """The names among `names` that are concrete or many-to-many fields of `model`."""
    fields = []
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field: not part of the record
            continue
        if field.concrete or field.many_to_many:
            fields.append(name)
    return fields


def state_of(record: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields` as held by `record` (many-to-many as sorted keys)."""
    state: dict[str, Any] = {}
    for name in fields:
        field = record._meta.get_field(name)
        if field.many_to_many:
            state[name] = (
                sorted(getattr(record, name).values_list("pk", flat=True)) if record.pk else []
            )
        else:
            state[name] = getattr(record, field.attname)
    return state


def fingerprint(state: Mapping[str, Any]) -> str:
    """A short stable digest of a record's state."""
    text = json.dumps(sorted(state.items()), default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass
class EditedMeanwhile(Exception):
    """The record was saved by someone else after this form was opened: nothing was saved."""

    record: models.Model
    theirs: dict[str, Any]

    def __str__(self) -> str:
        return f"{self.record._meta.label} {self.record.pk} was saved meanwhile"


def ensure_unchanged(record: models.Model, *, opened: str | None, fields: Iterable[str]) -> None:
    """Refuse (EditedMeanwhile) when the saved values of `fields` are no longer those the
    form was opened at. Locks the record's row until the transaction ends, so nobody saves
    it between this check and the caller's save."""
    if not opened or record.pk is None:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ensure_unchanged needs a transaction: the row lock must hold.")
    fields = list(fields)
    saved = type(record)._base_manager.select_for_update().filter(pk=record.pk).first()
    if saved is None:
        return  # deleted meanwhile: the save itself says so
    theirs = state_of(saved, fields)
    if fingerprint(theirs) != opened:
        raise EditedMeanwhile(record=saved, theirs=theirs)
