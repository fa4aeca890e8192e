"""Long lists a page at a time, each page found from where the one before it ended.

A page of a long list is "the rows after (or before) this record, in the list's order". The
database finds them through the index of that order and reads only them, so the 2,000th page
costs what the first does; a page number (OFFSET) makes it read and drop every row before it.
The links carry the record's id (``?after=51234``, ``?before=…``, ``?page=last``), never its
values (a trainee's name stays out of addresses and server logs): they can be bookmarked,
keep the list's filters, and go on showing the rows after the same record as records are
added before it.

Hand-written rather than django-cursor-pagination: that library writes its condition as an
OR of comparisons and sorts NULLS LAST, which PostgreSQL cannot answer from a list's
(start, id) index, so a far page would still read the rows before it. Here the condition is
one row comparison, ``(start, id) < (SELECT start, id … WHERE id = 51234)``, which PostgreSQL
reads from the index and SQLite (3.15 and later) evaluates as well.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import Expression, F, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from untop.figures_cache import cached_figures, query_digest

#: Up to this many rows, a list's rows are found first and then sorted. PostgreSQL's planner
#: takes the rows a filter keeps as spread evenly along the order's index, but the
#: activities of one project or the trainees of one name lie together in it: reading the
#: index from the top until a page's worth turns up can read most of the table. Sorting a
#: few thousand rows found by the filter's own index (a trigram index, for a search) takes
#: milliseconds; past that many, the rows are dense enough in the order to read it.
SORT_MATCHES_UP_TO = 5000
#: The query parameters of a page: taken off a list's links to its filters and exports.
PAGE_PARAMETERS = ("page", "after", "before")
LAST = "last"
_LARGEST_ID = 2**63 - 1

CURSOR_REFUSED = _("That page's link is not valid: the first page is shown.")
LIST_CHANGED = _(
    "Nothing more here: the list has changed since this page's link was made. "
    "Start again from the first page."
)


class _Seek(Expression):
    """``(a, b, …) <op> (SELECT a, b, … FROM the table WHERE id = <cursor>)``."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, fields: Sequence[str], operator: str, model, cursor: int):
        super().__init__()
        self.fields, self.operator, self.model, self.cursor = list(fields), operator, model, cursor

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        clone = self.copy()
        clone.columns = [
            F(name).resolve_expression(query, allow_joins, reuse, summarize, for_save)
            for name in self.fields
        ]
        boundary = self.model._base_manager.filter(pk=self.cursor).order_by().values(*self.fields)
        clone.boundary = Subquery(boundary, output_field=models.Field()).resolve_expression(
            query, allow_joins, reuse, summarize, for_save
        )
        return clone

    def as_sql(self, compiler, connection):
        columns, params = [], []
        for column in self.columns:
            sql, column_params = compiler.compile(column)
            columns.append(sql)
            params.extend(column_params)
        boundary, boundary_params = compiler.compile(self.boundary)
        return f"({', '.join(columns)}) {self.operator} {boundary}", [*params, *boundary_params]


@dataclass
class KeysetPage:
    """One page: its rows, whether there are rows before and after it, and a notice when its
    link could not be followed as it was."""

    object_list: list
    paginator: KeysetPaginator
    has_previous: bool
    has_next: bool
    notice: str = field(default="")

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_cursor(self) -> int | None:
        """The id the "Previous" link carries: the first row of this page."""
        return self.object_list[0].pk if self.object_list else None

    @property
    def next_cursor(self) -> int | None:
        """The id the "Next" link carries: the last row of this page."""
        return self.object_list[-1].pk if self.object_list else None


class KeysetPaginator:
    """A queryset shown ``per_page`` rows at a time in ``ordering``, a page found by the
    record it starts after or ends before.

    ``ordering`` names columns of the list's own table, all ascending or all descending (so
    one index serves them), not null, the last one the primary key (so each row has one
    place). ``count`` gives the number of rows the list shows (e.g. from the figures cache);
    by default a COUNT of the queryset, read only when a page asks for it. With
    ``counted_up_to``, the count stops past that many rows (``cached_count(up_to=…)``):
    ``more_than`` then says the list has more than that many, and no exact number. With
    ``sort_matches`` off, a short list is not sorted apart (SORT_MATCHES_UP_TO): for filters
    that each have an index leading with their column and ending with the order's, which
    PostgreSQL reads from the page's first row on.
    """

    def __init__(
        self,
        queryset: QuerySet,
        per_page: int,
        *,
        ordering: Sequence[str],
        count: Callable[[], int] | None = None,
        counted_up_to: int | None = None,
        sort_matches: bool = True,
    ):
        self.queryset = queryset
        self.per_page = per_page
        self.ordering = tuple(ordering)
        self.fields = [name.lstrip("-") for name in self.ordering]
        self.descending = self.ordering[0].startswith("-")
        self._count = count
        self.counted_up_to = counted_up_to
        self.sort_matches = sort_matches
        self._check(queryset.model)

    def _check(self, model) -> None:
        pk = model._meta.pk
        if self.fields[-1] not in ("pk", pk.name):
            raise ImproperlyConfigured("A keyset ordering ends with the primary key.")
        if any(name.startswith("-") != self.descending for name in self.ordering):
            raise ImproperlyConfigured("A keyset ordering runs one way: all up or all down.")
        for name in self.fields[:-1]:
            column = model._meta.get_field(name)  # a column of the table, not a join
            if column.null or not column.concrete:
                raise ImproperlyConfigured(f"{name} cannot order a keyset: it may be empty.")

    @cached_property
    def count(self) -> int:
        if self._count is not None:
            return self._count()
        if self.counted_up_to is not None:
            return counted_up_to(self.queryset, self.counted_up_to)
        return self.queryset.count()

    @property
    def more_than(self) -> int | None:
        """When the count stopped early: the number the list has more rows than; else None."""
        up_to = self.counted_up_to
        return up_to if up_to is not None and self.count > up_to else None

    def _order(self, *, forwards: bool) -> list:
        """The list's order (``forwards``) or its reverse. A short list is ordered by
        ``COALESCE(x, x)`` (which is x, the columns being not null): no index offers it, so
        the database finds the rows first and sorts them (see SORT_MATCHES_UP_TO)."""
        # A count that stopped early (``more_than``) is many rows, too: read in order.
        short = self.count <= SORT_MATCHES_UP_TO and self.more_than is None
        sort_matches = self.sort_matches and short
        order = []
        for name in self.fields:
            column = Coalesce(F(name), F(name)) if sort_matches else F(name)
            order.append(column.desc() if self.descending == forwards else column.asc())
        return order

    def _rows(self, *, forwards: bool, seek: _Seek | None) -> tuple[list, bool]:
        """Up to a page of rows in the list's order (``forwards``) or against it, and
        whether there were more."""
        rows = self.queryset.order_by(*self._order(forwards=forwards))
        if seek is not None:
            rows = rows.filter(seek)
        rows = list(rows[: self.per_page + 1])
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        return (rows if forwards else rows[::-1]), more

    def _seek(self, cursor: int, *, after: bool) -> _Seek:
        # Descending, "after" means smaller; ascending, larger.
        operator = "<" if after == self.descending else ">"
        return _Seek(self.fields, operator, self.queryset.model, cursor)

    def page(self, params: Mapping[str, str]) -> KeysetPage:
        """The page a list's query parameters ask for: ``after=<id>``, ``before=<id>``,
        ``page=last``, or none of them (the first page)."""
        after, before = params.get("after"), params.get("before")
        if after is None and before is None:
            if params.get("page") == LAST:
                rows, more = self._rows(forwards=False, seek=None)
                return KeysetPage(rows, self, has_previous=more, has_next=False)
            rows, more = self._rows(forwards=True, seek=None)
            return KeysetPage(rows, self, has_previous=False, has_next=more)
        cursor = _cursor(after if after is not None else before)
        if cursor is None or (after is not None and before is not None):
            rows, more = self._rows(forwards=True, seek=None)
            return KeysetPage(rows, self, False, more, notice=str(CURSOR_REFUSED))
        if after is not None:
            rows, more = self._rows(forwards=True, seek=self._seek(cursor, after=True))
            page = KeysetPage(rows, self, has_previous=True, has_next=more)
        else:
            rows, more = self._rows(forwards=False, seek=self._seek(cursor, after=False))
            page = KeysetPage(rows, self, has_previous=more, has_next=True)
        if not rows:
            # The record the link starts from is gone, or nothing is left past it.
            page.has_next, page.has_previous, page.notice = False, True, str(LIST_CHANGED)
        return page


#: A list's search finding more rows than this says "more than …" rather than counting them
#: all (the activity and trainee lists; their keyset pages, told so, read in order).
SEARCH_COUNTED_UP_TO = 1000


def counted_up_to(queryset: QuerySet, up_to: int) -> int:
    """How many rows the queryset has, counted no further than ``up_to + 1``: a search found
    in a third of a long list is not counted to its end (nor are its rows' sums worked out)
    to say that it found very many. Only the rows' ids are read, in no order."""
    return queryset.order_by().values("pk")[: up_to + 1].count()


def cached_count(name: str, queryset: QuerySet, *, up_to: int | None = None) -> int:
    """How many rows a filtered list shows, kept in the figures cache (under ``name`` and the
    query) until the data changes: a list's pages count once. Its model must be one whose
    saves tell the cache (untop.figures_cache.register_figure_models). With ``up_to``, the
    count stops past that many (``counted_up_to``; give the paginator the same number)."""
    if up_to is None:
        count = queryset.count
    else:
        name = f"{name}:up-to-{up_to}"

        def count() -> int:
            return counted_up_to(queryset, up_to)

    digest = query_digest(queryset)
    if digest is None:  # a filter that can match nothing
        return count()
    return cached_figures(name, count, digest)


class CachedCountPaginator(Paginator):
    """Django's paginator, its count kept in the figures cache under ``name`` (`cached_count`)
    until the data changes: a list's pages, and its later visits, count once."""

    def __init__(self, object_list: QuerySet, per_page: int, *, name: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.name = name

    @cached_property
    def count(self) -> int:
        return cached_count(self.name, self.object_list)


def _cursor(text: str | None) -> int | None:
    if text is None or not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    if not 0 < int(text) <= _LARGEST_ID:
        return None
    return int(text)


def with_ids(queryset: QuerySet, ids: Sequence[int]) -> QuerySet:
    """The queryset's rows whose ids are these: what a search found, read once, so that the
    page and the sums read the rows by id instead of searching every row again. On
    PostgreSQL the ids are one array parameter: Django prepares each id of a list apart,
    which costs a quarter of a second for the thousands of recommendations a common word
    finds. Ids only: nothing a user typed enters the SQL."""
    if connection.vendor == "postgresql":
        return queryset.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [list(ids)]))
    return queryset.filter(pk__in=list(ids))


def found_up_to(name: str, queryset: QuerySet, up_to: int) -> list[int]:
    """The ids of a search's rows, no more than ``up_to + 1`` of them (one more than a search
    counts: ``len()`` says whether it found more), in no order; kept in the figures cache
    (under ``name`` and the query) until the data changes, so that a search's later pages
    do not search again."""

    def found() -> list[int]:
        return list(queryset.order_by().values_list("pk", flat=True)[: up_to + 1])

    digest = query_digest(queryset)
    if digest is None:  # a filter that can match nothing
        return found()
    return cached_figures(name, found, digest)
