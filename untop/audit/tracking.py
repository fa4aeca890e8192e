"""Signal handlers that write an AuditEntry for every save and delete of a tracked model.

Signals catch every path that goes through model instances: services, the admin, imports.
Queryset ``update()`` and ``bulk_create()`` send no signals: the portal's services do not use
them on tracked models, and code that must (a bulk import) writes its own entries.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from untop.registry import Registry

from .context import current_actor
from .models import AuditEntry

#: The audited models, each with the fields its trail leaves out.
_tracked: Registry = Registry("audited model")


def _plain(value):
    if isinstance(value, datetime.date | datetime.datetime | Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    return value


def _values(instance: models.Model, exclude: set[str]) -> dict:
    return {
        field.attname: _plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.attname not in exclude and field.name not in exclude
    }


def _write(instance: models.Model, action: str, changes: dict) -> None:
    AuditEntry.objects.create(
        actor=current_actor(),
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=changes,
    )


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None or instance._state.adding:
        instance._audit_before = None
        return
    exclude = _tracked[sender]
    fields = [f.attname for f in sender._meta.concrete_fields if f.attname not in exclude]
    instance._audit_before = sender._base_manager.filter(pk=instance.pk).values(*fields).first()


def _after_save(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    after = _values(instance, _tracked[sender])
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        _write(instance, AuditEntry.Action.CREATE, {k: [None, v] for k, v in after.items()})
        return
    changes = {
        name: [_plain(before[name]), value]
        for name, value in after.items()
        if _plain(before[name]) != value
    }
    if changes:
        _write(instance, AuditEntry.Action.UPDATE, changes)


def _after_delete(sender, instance, **kwargs) -> None:
    before = _values(instance, _tracked[sender])
    _write(instance, AuditEntry.Action.DELETE, {k: [v, None] for k, v in before.items()})


def _m2m_changed(sender, instance, action, model, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "post_clear"} or type(instance) not in _tracked:
        return
    field = next(
        (f.name for f in type(instance)._meta.many_to_many if f.remote_field.through is sender),
        sender._meta.model_name,
    )
    ids = sorted(pk_set or [])
    change = [None, ids] if action == "post_add" else [ids or "all", None]
    _write(instance, AuditEntry.Action.UPDATE, {field: change})


def track(model: type[models.Model], exclude: tuple[str, ...] = ()) -> None:
    """Keep an audit trail of this model's saves, deletes and many-to-many changes."""
    _tracked.register(model, frozenset(exclude))
    uid = f"audit:{model._meta.label}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid + ":pre")
    post_save.connect(_after_save, sender=model, dispatch_uid=uid + ":post")
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + ":delete")
    for field in model._meta.many_to_many:
        m2m_changed.connect(
            _m2m_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}"
        )


def is_tracked(model: type[models.Model]) -> bool:
    return model in _tracked


def excluded_fields(model: type[models.Model]) -> frozenset[str]:
    """The fields a tracked model's trail leaves out."""
    return _tracked[model]


def values(instance: models.Model) -> dict:
    """The values the trail keeps of a tracked record, as its entries show them."""
    return _values(instance, _tracked[type(instance)])
