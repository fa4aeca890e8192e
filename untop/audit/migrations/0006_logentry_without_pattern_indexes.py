"""auditlog's entries without the two pattern-matching indexes PostgreSQL adds beside the
indexes of their text columns ``object_pk`` and ``cid`` (``varchar_pattern_ops``, for
``LIKE 'abc%'``).

The portal looks entries up by equality only (a record's history, a request's correlation
id, the back office's ``=object_pk`` search), which the columns' own indexes serve; every
write of the portal writes an entry, and an import writes tens of thousands, each into every
index of the table. Django names and drops these indexes itself when a later migration of
auditlog changes one of the columns (``DROP INDEX IF EXISTS``), so their absence breaks none.
"""

from django.db import migrations

COLUMNS = ("object_pk", "cid")


def _pattern_indexes(apps, schema_editor, create: bool) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    entry = apps.get_model("auditlog", "LogEntry")
    for column in COLUMNS:
        field = entry._meta.get_field(column)
        if create:
            schema_editor.execute(schema_editor._create_like_index_sql(entry, field))
        else:
            name = schema_editor._create_index_name(entry._meta.db_table, [field.column], "_like")
            schema_editor.execute(schema_editor._delete_index_sql(entry, name))


def drop(apps, schema_editor):
    _pattern_indexes(apps, schema_editor, create=False)


def create(apps, schema_editor):
    _pattern_indexes(apps, schema_editor, create=True)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_entries_to_auditlog"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(drop, create)]
