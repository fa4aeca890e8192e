"""The moment a report's figures describe: one consistent read of the data, and its time."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Max

from untop.audit.models import AuditEntry

DATA_CHANGES = [AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE, AuditEntry.Action.DELETE]


def last_change_at() -> datetime.datetime | None:
    """When a record of the portal last changed, from the audit trail. One query."""
    return AuditEntry.objects.filter(action__in=DATA_CHANGES).aggregate(at=Max("timestamp"))["at"]


@contextmanager
def consistent_snapshot() -> Iterator[None]:
    """Read every figure of a report from one snapshot of the database.

    On PostgreSQL a read-only REPEATABLE READ transaction: a change saved while the report
    is being gathered cannot make its tables disagree with each other. Inside a transaction
    that has already begun (tests, callers' own blocks) the caller's snapshot is used; on
    SQLite the figures are read without one.
    """
    if connection.in_atomic_block or connection.vendor != "postgresql":
        # SQLite (the embedded default) begins its transactions IMMEDIATE: holding one open
        # while a report loads would block every write of the web pages meanwhile.
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield
