"""The API's pages: DRF's cursor pagination, on an ordering each endpoint makes unique (its
last key is the id), so that a page follows the one before it whatever is added meanwhile and
a far page costs what the first does.

DRF seeks on the ordering's first field and counts past the rows sharing its value (an
activity list's day), so the id that ends each ordering keeps ties in one order."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class PortalCursorPagination(CursorPagination):
    """``?cursor=…`` from the ``next`` and ``previous`` links; ``?page_size=`` up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-id",)

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        """The endpoint's own ``ordering`` (its portal list's, ending with the id), else the
        newest id first. DRF takes an endpoint's order only from an ordering filter, which
        would let a caller choose an order no index serves."""
        return tuple(getattr(view, "ordering", None) or self.ordering)
