"""A trigram index for the trainee list's search (PostgreSQL only; see programs 0014).

The search looks for the text in the family and given names, the personnel number, the
organisation and the unit (``TraineeQuerySet.search``): one GIN index of the trigrams of
each, upper-cased as Django's ``icontains`` compares them, answers any of them.
"""

from django.db import migrations

INDEX = "trainee_search_trgm"


def _on_postgresql(*statements: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("programs", "0014_search_indexes"),  # creates the pg_trgm extension
        ("training", "0004_verbose_names"),
    ]

    operations = [
        migrations.RunPython(
            _on_postgresql(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON training_trainee USING gin ("
                "UPPER(family_name) gin_trgm_ops, UPPER(given_name) gin_trgm_ops, "
                "UPPER(personnel_number) gin_trgm_ops, UPPER(organisation) gin_trgm_ops, "
                "UPPER(unit) gin_trgm_ops)",
                "ANALYZE training_trainee",
            ),
            _on_postgresql(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}"),
        ),
    ]
