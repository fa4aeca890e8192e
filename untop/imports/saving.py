"""PostgreSQL COPY for the largest imports (sign-in sheets): the rows and their "created"
audit entries. Neither Django nor django-import-export writes by
COPY, which loads rows several times faster than INSERT."""

from __future__ import annotations

import csv
import io
import itertools

from django.db import connection, models

from untop.audit.bulk import created_entry_rows

_NULL = "\\N"


class _Null:
    """None in the COPY: written unquoted as \\N, which COPY reads as NULL. The csv module
    quotes every value but numbers (QUOTE_NONNUMERIC), and this counts as one, so a text
    that happens to read \\N is quoted and stays a text."""

    def __float__(self) -> float:
        return 0.0

    def __str__(self) -> str:
        return _NULL


NULL = _Null()


class _Stream:
    """The rows as COPY's CSV text, written by the csv module in C a few hundred rows at a
    time as psycopg2 reads them: the server parses one piece while the next is written
    (PostgreSQL runs in a process of its own), where writing the whole text first and then
    sending it made the two wait for each other."""

    ROWS = 500

    def __init__(self, rows):
        self._rows = iter(rows)
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)

    def read(self, size: int = -1) -> str:
        piece = [
            [NULL if value is None else value for value in row]
            for row in itertools.islice(self._rows, self.ROWS)
        ]
        if not piece:
            return ""
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerows(piece)
        return self._buffer.getvalue()


def copy_rows(model: type[models.Model], columns: list[str], rows) -> None:
    """Write rows (tuples in the order of ``columns``, attnames) with PostgreSQL's COPY, in
    its CSV format."""
    buffer = _Stream(rows)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv, NULL '{_NULL}')", buffer
        )


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys from the table's sequence, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_audit_created(model: type[models.Model], records: list[dict], label) -> None:
    """The "created" audit entries of records written by COPY (``records``: plain values by
    attname; ``label(record)``: their str()), written by COPY too."""
    entries = created_entry_rows(model, records, label)
    if entries is not None:
        copy_rows(*entries)
