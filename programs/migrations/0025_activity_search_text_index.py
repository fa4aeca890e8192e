"""One trigram index for the activity search: the title and narrative joined (PostgreSQL only).

The search looks for its text in the title or the narrative (``ActivityQuerySet.search``),
written as one condition on the two fields joined by a separator no search contains
(``programs.querysets.SearchText``). This index of the joined text's trigrams, upper-cased
as Django's ``icontains`` compares them, answers it in one index scan, and its statistics
(gathered by ANALYZE for an expression index) tell the planner how many activities a text
finds, so that a word found in a third of them is no longer taken for a rare one. It
replaces the index of the two fields (programs 0014), which the planner had to combine.
The expression must stay the one SearchText writes, or the planner will not use it.
"""

from django.db import migrations

INDEX = "activity_search_text_trgm"
FORMER = "activity_search_trgm"


def _on_postgresql(*statements: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("programs", "0024_activity_indexes_not_repeated")]

    operations = [
        migrations.RunPython(
            _on_postgresql(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON programs_activity "
                "USING gin (UPPER((title || chr(31) || narrative)::text) gin_trgm_ops)",
                f"DROP INDEX CONCURRENTLY IF EXISTS {FORMER}",
                "ANALYZE programs_activity",
            ),
            _on_postgresql(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {FORMER} ON programs_activity "
                "USING gin (UPPER(title) gin_trgm_ops, UPPER(narrative) gin_trgm_ops)",
                f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}",
            ),
        ),
    ]
