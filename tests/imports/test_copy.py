"""PostgreSQL COPY, the largest imports' write path: values arrive as they were, NULL only
where a value is missing."""

import pytest
from django.db import connection

from programs.models import Partner
from untop.imports.saving import _Stream, allocate_ids, copy_rows

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's COPY"),
]


def test_a_text_that_reads_like_copy_s_null_marker_stays_a_text():
    ids = allocate_ids(Partner, 3)
    copy_rows(
        Partner,
        ["id", "name", "name_ru", "kind"],
        [
            (ids[0], "\\N", "", "ngo"),
            (ids[1], 'Union of "Lawyers", Khujand', "Союз юристов", "ngo"),
            (ids[2], "Media centre", "\\N", "media"),
        ],
    )
    saved = {p.pk: (p.name, p.name_ru) for p in Partner.objects.filter(pk__in=ids)}
    assert saved == {
        ids[0]: ("\\N", ""),
        ids[1]: ('Union of "Lawyers", Khujand', "Союз юристов"),
        ids[2]: ("Media centre", "\\N"),
    }


def test_rows_sent_in_several_pieces_arrive_whole_and_in_order():
    """COPY reads the rows a few hundred at a time (untop.imports.saving._Stream): none is
    lost, split or repeated at a piece's edge."""
    count = 3 * _Stream.ROWS + 7
    ids = allocate_ids(Partner, count)
    copy_rows(
        Partner,
        ["id", "name", "name_ru", "kind"],
        ((pk, f"Partner, no. {n}", "\\N" if n % 2 else "", "ngo") for n, pk in enumerate(ids)),
    )
    saved = list(Partner.objects.filter(pk__in=ids).order_by("pk").values_list("name", "name_ru"))
    assert saved == [(f"Partner, no. {n}", "\\N" if n % 2 else "") for n in range(count)]
