"""One trigram index for the trainee search: the searched fields joined (PostgreSQL only).

The search looks for its text in the family and given names, the personnel number, the
organisation and the unit (``TraineeQuerySet.search``), written as one condition on the
fields joined by a separator no search contains (``programs.querysets.SearchText``; see
programs 0025). With the five fields indexed apart (training 0005) the planner priced five
index scans above reading every trainee, and read them all; this index of the joined text
is one scan, with statistics of its own. The expression must stay the one SearchText
writes, or the planner will not use it.
"""

from django.db import migrations

INDEX = "trainee_search_text_trgm"
FORMER = "trainee_search_trgm"


def _on_postgresql(*statements: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("training", "0005_trainee_search_index")]

    operations = [
        migrations.RunPython(
            _on_postgresql(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON training_trainee USING gin "
                "(UPPER((family_name || chr(31) || given_name || chr(31) || personnel_number "
                "|| chr(31) || organisation || chr(31) || unit)::text) gin_trgm_ops)",
                f"DROP INDEX CONCURRENTLY IF EXISTS {FORMER}",
                "ANALYZE training_trainee",
            ),
            _on_postgresql(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {FORMER} ON training_trainee USING gin ("
                "UPPER(family_name) gin_trgm_ops, UPPER(given_name) gin_trgm_ops, "
                "UPPER(personnel_number) gin_trgm_ops, UPPER(organisation) gin_trgm_ops, "
                "UPPER(unit) gin_trgm_ops)",
                f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}",
            ),
        ),
    ]
