"""A trigram index for the recommendations tracker's search (PostgreSQL only; see programs
0014): the recommendation's text (contains) and its paragraph (equals), as
``RecommendationQuerySet.search`` compares them."""

from django.db import migrations

INDEX = "recommendation_search_trgm"


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
        ("humanrights", "0003_verbose_names"),
    ]

    operations = [
        migrations.RunPython(
            _on_postgresql(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON humanrights_recommendation "
                "USING gin (UPPER(text) gin_trgm_ops, UPPER(paragraph) gin_trgm_ops)",
                "ANALYZE humanrights_recommendation",
            ),
            _on_postgresql(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}"),
        ),
    ]
