"""Back-office helpers for the large tables (activities, trainees, enrolments).

On a table of a hundred thousand rows, the admin's list would otherwise count the whole table
on every page (twice: the list's count and the "N total" beside the search box) and group
every row for its date drill-down. `LargeTableAdmin` counts an unfiltered list up to 10,000
rows and takes the planner's estimate past that (PostgreSQL; one query either way), and
`year_filter` offers the years of a date without reading every row.
"""

from __future__ import annotations

import datetime
from functools import cached_property

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, IntegerField, Max, Min, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

# Up to this many rows a whole table is counted exactly; past it, the planner's estimate.
ESTIMATE_FROM_ROWS = 10_000
ESTIMATED_COUNT_SQL = (
    "SELECT CASE WHEN bounded.n < %s THEN bounded.n ELSE GREATEST(bounded.n, "
    "(SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s))) END "
    "FROM (SELECT COUNT(*) AS n FROM ({rows}) AS page_rows) AS bounded"
)


def bounded_count(queryset: QuerySet, bound: int | None = None) -> int:
    """The rows of an unfiltered queryset in one query: exactly up to `bound`, else estimated.

    PostgreSQL only. Counting stops at `bound` rows; past it, the table's size is the planner's
    estimate (pg_class.reltuples, kept by ANALYZE and autovacuum), never less than `bound`.
    """
    bound = ESTIMATE_FROM_ROWS if bound is None else bound
    connection = connections[queryset.db]
    sql, params = queryset.order_by().values("pk")[:bound].query.sql_with_params()
    # `sql` is Django's own, its values passed as parameters.
    query = ESTIMATED_COUNT_SQL.replace("{rows}", sql)
    with connection.cursor() as cursor:
        cursor.execute(
            query, [bound, connection.ops.quote_name(queryset.model._meta.db_table), *params]
        )
        return cursor.fetchone()[0]


class EstimatedCountPaginator(Paginator):
    """Counts a filtered list exactly, and a whole large table from the planner's estimate.

    An unfiltered list is a whole table: COUNT(*) would read every row on each page, when
    the estimate is good enough to number the pages. Either way, one query.
    """

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if (
            isinstance(rows, QuerySet)
            and connections[rows.db].vendor == "postgresql"
            and not rows.query.where
            and not rows.query.distinct
        ):
            return bounded_count(rows)
        return super().count


class LargeTableAdmin:
    """Mixin of the ModelAdmins of large tables: no full COUNT(*) on each page."""

    paginator = EstimatedCountPaginator
    # The "N total" beside a search would count the whole table again.
    show_full_result_count = False


def year_filter(field: str, title: str, *, bounds: QuerySet) -> type[admin.SimpleListFilter]:
    """A list filter by the year of `field` (a date reached through a join).

    Its years run from the first to the last of `bounds` (a queryset whose `start` column is
    indexed, e.g. all activities): two index reads, instead of the date drill-down's DISTINCT
    over every joined row.
    """

    class YearFilter(admin.SimpleListFilter):
        parameter_name = f"{field.replace('__', '_')}_year"

        def lookups(self, request, model_admin):
            span = bounds.aggregate(first=Min("start"), last=Max("start"))
            if not span["first"]:
                return []
            return [
                (str(year), str(year))
                for year in range(span["last"].year, span["first"].year - 1, -1)
            ]

        def queryset(self, request, queryset):
            value = self.value()
            if not value:
                return queryset
            try:
                year = int(value)
                first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            except (TypeError, ValueError):
                return queryset.none()
            return queryset.filter(**{f"{field}__range": (first, last)})

    YearFilter.title = title
    return YearFilter


def participants_per_activity() -> Coalesce:
    """Women and men of an activity, as a subquery to annotate each activity of a list with."""
    from .models import ParticipantCount

    rows = (
        ParticipantCount.objects.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(total=Sum(F("women") + F("men")))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)
