"""The dashboard's short lists are read from indexes of just their rows (PostgreSQL)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.views.dashboard import _returned_to
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_a_centres_returned_drafts_are_read_from_their_own_index(centre):
    if connection.vendor != "postgresql":
        pytest.skip("the plan of PostgreSQL")
    ActivityFactory(centre=centre, return_reason="Add the participants' sex.")
    with CaptureQueriesContext(connection) as queries:
        rows = _returned_to(centre.pk)
    [query] = queries.captured_queries
    with connection.cursor() as cursor:
        # A few rows: the planner would read the table; without that, the index it may use.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {query['sql']}")
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert [row["return_reason"] for row in rows] == ["Add the participants' sex."]
    assert "activity_returned_draft" in plan
