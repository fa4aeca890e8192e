"""The audit trail moves to django-auditlog: every AuditEntry row becomes a LogEntry row (who,
what, which record, the changes, when), then the portal's table goes and AuditEntry remains
as the back office's view of auditlog's entries (a proxy, keeping its permissions)."""

from django.db import migrations

ACTIONS = {"create": 0, "update": 1, "delete": 2}
BATCH = 2000


def _fields(apps, content_type) -> tuple[dict[str, str], set[str]]:
    """The model's field names by attname, and its many-to-many field names."""
    try:
        model = apps.get_model(content_type.app_label, content_type.model)
    except LookupError:
        return {}, set()
    names = {f.attname: f.name for f in model._meta.concrete_fields}
    return names, {f.name for f in model._meta.many_to_many}


def _changes(changes: dict, names: dict[str, str], m2m: set[str]) -> dict:
    """The portal's changes ({attname: [before, after]}) in auditlog's shape ({name: ...},
    a many-to-many change as {"type": "m2m", "operation", "objects"})."""
    moved = {}
    for key, (before, after) in changes.items():
        if key in m2m:
            ids = after if before is None else before
            moved[key] = {
                "type": "m2m",
                "operation": "add" if before is None else "delete",
                "objects": [str(i) for i in ids] if isinstance(ids, list) else [str(ids)],
            }
        else:
            moved[names.get(key, key)] = [before, after]
    return moved


def move_entries(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    fields = {}
    batch = []
    entries = AuditEntry.objects.select_related("content_type", "actor").order_by("id")
    for entry in entries.iterator(chunk_size=BATCH):
        if entry.content_type_id not in fields:
            fields[entry.content_type_id] = _fields(apps, entry.content_type)
        names, m2m = fields[entry.content_type_id]
        batch.append(
            LogEntry(
                content_type_id=entry.content_type_id,
                object_pk=entry.object_id,
                object_id=int(entry.object_id) if entry.object_id.isdigit() else None,
                object_repr=entry.object_repr,
                action=ACTIONS[entry.action],
                changes=_changes(entry.changes, names, m2m),
                changes_text="",
                actor_id=entry.actor_id,
                actor_email=entry.actor.email if entry.actor_id else None,
                timestamp=entry.at,
            )
        )
        if len(batch) == BATCH:
            LogEntry.objects.bulk_create(batch)
            batch = []
    LogEntry.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_verbose_names"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # Going back leaves the entries in auditlog's table and the portal's table empty.
        migrations.RunPython(move_entries, migrations.RunPython.noop),
        migrations.DeleteModel(name="AuditEntry"),
        migrations.CreateModel(
            name="AuditEntry",
            fields=[],
            options={
                "verbose_name": "audit entry",
                "verbose_name_plural": "audit entries",
                "ordering": ["-timestamp", "-id"],
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("auditlog.logentry",),
        ),
    ]
