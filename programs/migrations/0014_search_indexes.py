"""Trigram indexes for the activity list's text search (PostgreSQL only).

The lists search with ``icontains``: PostgreSQL runs it as ``UPPER(column) LIKE UPPER('%…%')``,
which no B-tree index can answer. A GIN index of the trigrams of ``UPPER(column)`` (pg_trgm)
can, for any text of three characters or more, so a search no longer reads every activity.
SQLite, the embedded default, has no such index and reads the table (small there).

The pg_trgm extension is created first, here; the training and human-rights apps' search
indexes depend on this migration. Creating it needs a superuser, or (pg_trgm being a trusted
extension since PostgreSQL 13) a user with the CREATE privilege on the database; a database
where it already exists needs nothing. The indexes are built CONCURRENTLY, so the portal
keeps saving activities while they are built (hence a migration outside a transaction), and
the table is analysed so the planner knows how often a text matches.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "activity_search_trgm"


def _on_postgresql(*statements: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("programs", "0013_activity_summary")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(
            _on_postgresql(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON programs_activity "
                "USING gin (UPPER(title) gin_trgm_ops, UPPER(narrative) gin_trgm_ops)",
                "ANALYZE programs_activity",
            ),
            _on_postgresql(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}"),
        ),
    ]
