"""Figures of each row of a list summed from its related rows in SQL."""

from __future__ import annotations

from django.db.models import Count, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def subquery_total(rows: QuerySet, group: str, aggregate=None, *, output_field=None) -> Coalesce:
    """A figure of each outer row, as a correlated subquery: ``aggregate`` (a count when
    None) of ``rows``, which the caller filters on an ``OuterRef``, grouped by ``group`` (the
    field that reference reaches); 0 when there are none.

    Rather than ``annotate(Count("relation"))``, which joins every related row and groups
    the outer rows by them: a list's count, its ordering and its date drill-down then join
    and group the whole table (the back office's recommendations at 50,000 took 165 ms),
    where the subquery is worked out for the rows shown only, after sorting.
    """
    output_field = output_field or IntegerField()
    total = rows.order_by().values(group).annotate(total=aggregate or Count("pk")).values("total")
    return Coalesce(Subquery(total, output_field=output_field), Value(0), output_field=output_field)
