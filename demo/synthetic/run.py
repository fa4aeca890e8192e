"""One run of the synthetic data generators (`generate_synthetic --scale N`) and the bulk
writer they share.

At scale 1 the data set has the size the benchmark targets: 100,000 activities, 400,000
participant rows, 50,000 trainees, 200,000 enrolments, 5,000 recommendations. The
generators run in the order demo/portal.py registers them (programs first, then the areas,
which build on its centres, projects and activities).

A generator is a function taking a `SyntheticRun`. It must be deterministic for a seed (draw
from `run.rng(name)`, never from the global random module) and write in bulk with
`run.insert`: COPY on PostgreSQL, `bulk_create` in batches elsewhere. Bulk writes send no
signals, so the audit trail records none of these rows (as with the demo's participant rows).
"""

from __future__ import annotations

import datetime
import io
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, models

BATCH = 2_000


@dataclass
class SyntheticRun:
    """One run of the generators: its scale, its seed and the bulk writer they share."""

    scale: float
    seed: int
    write: Callable[[str], None] = print
    # What one generator leaves for the next (ids of users, …), by name.
    shared: dict = field(default_factory=dict)

    def rng(self, name: str) -> random.Random:
        """A random generator of its own for each name, seeded from the run's seed."""
        return random.Random(f"{self.seed}:{name}")  # noqa: S311 (test data, not secrets)

    def count(self, at_scale_1: int, minimum: int = 1) -> int:
        """How many records of a kind to make: its number at scale 1, scaled."""
        return max(minimum, round(at_scale_1 * self.scale))

    def next_id(self, model: type[models.Model]) -> int:
        """The first free primary key of a table, for rows written with explicit ids."""
        largest = model._default_manager.aggregate(m=models.Max("pk"))["m"]
        return (largest or 0) + 1

    def insert(
        self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]
    ) -> int:
        """Write rows (tuples of values of `fields`, attnames) to the model's table in bulk.

        Rows that give the primary key keep it (the table's sequence is moved past them).
        Returns the number of rows written.
        """
        if connection.vendor == "postgresql":
            written = _copy(model, fields, rows)
        else:
            written = 0
            batch: list[models.Model] = []
            for row in rows:
                batch.append(model(**dict(zip(fields, row, strict=True))))
                if len(batch) == BATCH:
                    model._default_manager.bulk_create(batch)
                    written, batch = written + len(batch), []
            if batch:
                model._default_manager.bulk_create(batch)
                written += len(batch)
        if model._meta.pk.attname in fields:
            _reset_sequence(model)
        return written


def _csv_value(value) -> str:
    # PostgreSQL's CSV format: an unquoted empty field is NULL, a quoted one an empty string.
    if value is None:
        return ""
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    return '"' + str(value).replace('"', '""') + '"'


def _copy(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    columns = ", ".join(connection.ops.quote_name(_column(model, name)) for name in fields)
    sql = (
        f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
        "FROM STDIN WITH (FORMAT csv)"
    )
    written = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        buffer = io.StringIO()

        def flush() -> None:
            buffer.seek(0)
            if hasattr(raw, "copy_expert"):  # psycopg2
                raw.copy_expert(sql, buffer)
            else:  # psycopg 3
                with raw.copy(sql) as copy:
                    copy.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()

        pending = 0
        for row in rows:
            buffer.write(",".join(_csv_value(value) for value in row))
            buffer.write("\n")
            pending += 1
            if pending == 50_000:
                flush()
                written, pending = written + pending, 0
        if pending:
            flush()
            written += pending
    return written


def _column(model: type[models.Model], attname: str) -> str:
    for candidate in model._meta.concrete_fields:
        if candidate.attname == attname:
            return candidate.column
    raise ValueError(f"{model.__name__} has no field {attname!r}.")


def _reset_sequence(model: type[models.Model]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
