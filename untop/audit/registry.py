"""The audited models: django-auditlog's registry, filled by the apps' portal modules through
``register_audited`` under the portal's one registry rule (untop.registry).

auditlog's signals write an entry for every save and delete of a registered model: services,
the back office and the importers alike. Queryset ``update()``, ``bulk_create()`` and COPY
send no signals: code that writes audited records that way writes their entries through
untop.audit.bulk.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from auditlog.models import LogEntry
from auditlog.receivers import check_disable
from auditlog.registry import auditlog
from django.db import models
from django.db.models.signals import m2m_changed

from untop.registry import Registry


@dataclass(frozen=True)
class Audited:
    """What the trail of one model leaves out, and the many-to-many fields it follows."""

    exclude_fields: frozenset[str]
    m2m_fields: frozenset[str]


#: The audited models, each with its Audited options.
audited: Registry = Registry("audited model")


def register_audited(
    model: type[models.Model],
    *,
    exclude_fields: tuple[str, ...] = (),
    m2m_fields: tuple[str, ...] | None = None,
) -> None:
    """Keep the audit trail of this model's saves, deletes and many-to-many changes.

    ``exclude_fields`` (field names) are left out of its entries; ``m2m_fields`` are the
    many-to-many fields followed, all of the model's unless named. Registering a model
    again with the same options is harmless; with different ones, refused.
    """
    exclude = frozenset(exclude_fields)
    if m2m_fields is None:
        m2m_fields = tuple(f.name for f in model._meta.many_to_many if f.name not in exclude)
    options = Audited(exclude, frozenset(m2m_fields))
    audited.register(model, options)
    if auditlog.contains(model):
        return
    # The model's own columns only: auditlog's "created" and "deleted" entries would
    # otherwise hold its reverse relations too (a related manager's name as a value).
    auditlog.register(
        model,
        include_fields=[f.name for f in model._meta.concrete_fields if f.name not in exclude],
        exclude_fields=sorted(exclude),
    )
    for name in sorted(options.m2m_fields):
        m2m_changed.connect(
            partial(_m2m_changed, name),
            sender=model._meta.get_field(name).remote_field.through,
            weak=False,
            dispatch_uid=f"audit:{model._meta.label}:{name}",
        )


def is_audited(model: type[models.Model]) -> bool:
    return auditlog.contains(model)


def excluded_fields(model: type[models.Model]) -> frozenset[str]:
    """The fields (by name) an audited model's trail leaves out."""
    return audited[model].exclude_fields


def audited_fields(model: type[models.Model]) -> list[models.Field]:
    """The columns an audited model's entries hold, in the model's order."""
    exclude = audited[model].exclude_fields
    return [f for f in model._meta.concrete_fields if f.name not in exclude]


@check_disable
def _m2m_changed(field_name, sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """A many-to-many change, in auditlog's shape ({"type": "m2m", "operation", "objects"})
    but naming the related records by id, as the portal's trail always has.

    Hand-written rather than auditlog's m2m_fields: auditlog names the records by their str()
    (a trainee's name in the entries of a session, read by people who may not see trainees),
    reads them in one more query per change, and logs a clear() as every row of the related
    table.
    """
    if reverse:
        return
    if action == "pre_clear":
        field = getattr(instance, field_name)
        instance._audit_cleared = sorted(field.values_list("pk", flat=True))
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    ids = sorted(pk_set) if pk_set is not None else getattr(instance, "_audit_cleared", [])
    operation = "add" if action == "post_add" else "delete"
    LogEntry.objects.log_m2m_changes(ids, instance, operation, field_name)
