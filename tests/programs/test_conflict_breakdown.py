"""Two people edit one activity's breakdown by age and disability: the second save is refused
with the participants shown side by side, breakdowns included, and either breakdown can be kept.

Educators: 10 women, 5 men. As saved, the women are all 18–24 without a disability and the
men's age and disability were not recorded. Staff move 3 of the women to "with a disability"
(the totals stay 10 and 5); the manager then saves a form opened before that.
"""

from __future__ import annotations

import datetime
import re

import lxml.html
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import AgeBand, ParticipantGroup
from programs.models.groups import ensure_default_age_bands
from tests.conftest import sign_in_as
from tests.factories import ActivityFactory, CategoryFactory, ParticipantCountFactory
from tests.programs.activity_form import edit_form_data, grid_cell

pytestmark = pytest.mark.django_db

DAY = datetime.date(2006, 10, 4)


@pytest.fixture
def bands(db) -> dict[str, AgeBand]:
    # A browser test's flush may have removed the bands the migration adds.
    ensure_default_age_bands()
    return {band.code: band for band in AgeBand.objects.all()}


def _activity(centre, bands, categories=("Educators",)):
    """An activity with a row of 10 women (18–24, without a disability) and 5 men (not
    recorded) per category."""
    activity = ActivityFactory(centre=centre, start=DAY, end=DAY, title="Round table")
    for name in categories:
        count = ParticipantCountFactory(
            activity=activity, category=CategoryFactory(name=name), women=10, men=5
        )
        ParticipantGroup.objects.create(
            count=count, sex="women", age_band=bands["18-24"], disability="no", number=10
        )
        ParticipantGroup.objects.create(
            count=count, sex="men", age_band=None, disability="unrecorded", number=5
        )
    return activity


@pytest.fixture
def activity(centre, bands):
    return _activity(centre, bands)


def _client(user) -> Client:
    client = Client()
    sign_in_as(client, user)
    return client


def _edit(client, activity, data, **changes):
    return client.post(reverse("programs:activity_edit", args=[activity.pk]), data | changes)


def _their_breakdown(bands, rows=1) -> dict:
    """Staff's change: 3 of each row's women 18–24 now with a disability (7 without)."""
    changes = {}
    for row in range(rows):
        changes[grid_cell(row, "women", bands["18-24"], "no")] = "7"
        changes[grid_cell(row, "women", bands["18-24"], "yes")] = "3"
    return changes


def _groups(activity) -> set[tuple]:
    return {
        (g.sex, g.age_band.code if g.age_band else None, g.disability, g.number)
        for g in ParticipantGroup.objects.filter(count__activity=activity).select_related(
            "age_band"
        )
    }


SAVED = {("women", "18-24", "no", 10), ("men", None, "unrecorded", 5)}
THEIRS = {("women", "18-24", "no", 7), ("women", "18-24", "yes", 3), ("men", None, "unrecorded", 5)}


def _conflict_rows(page: str) -> dict[str, list[str]]:
    """The conflict table's rows as shown, by the "Take theirs" box's value: theirs, yours."""
    tree = lxml.html.fromstring(page)
    rows = {}
    for row in tree.xpath("//section[contains(@class, 'conflict')]//tbody/tr"):
        (box,) = row.xpath(".//input[@name='take_theirs']")
        theirs, mine = (
            [" ".join(line.split()) for line in cell.itertext() if line.strip()]
            for cell in row.xpath("td")[:2]
        )
        rows[box.get("value")] = [theirs, mine]
    return rows


@pytest.fixture
def two_forms(activity, bands, staff_user, manager):
    """Both open the form; staff save first, changing only the breakdown."""
    assert _groups(activity) == SAVED
    staff, boss = _client(staff_user), _client(manager)
    staff_form, manager_form = edit_form_data(staff, activity), edit_form_data(boss, activity)
    assert manager_form[grid_cell(0, "women", bands["18-24"], "no")] == "10"  # the grid as saved
    saved = _edit(staff, activity, staff_form, **_their_breakdown(bands))
    assert saved.status_code == 302
    assert _groups(activity) == THEIRS
    return boss, manager_form


def test_a_breakdown_only_change_is_shown_as_a_difference(activity, two_forms):
    boss, stale = two_forms
    response = _edit(boss, activity, stale, narrative="Agreed a joint statement.")

    assert response.status_code == 409
    rows = _conflict_rows(response.text)
    assert sorted(rows) == ["narrative", "participants"]
    assert rows["participants"] == [
        [
            "Educators: 10 women, 5 men (Women, 18–24, with a disability: 3; "
            "Women, 18–24, without a disability: 7; "
            "Men, age not recorded, disability not recorded: 5)"
        ],
        [
            "Educators: 10 women, 5 men (Women, 18–24, without a disability: 10; "
            "Men, age not recorded, disability not recorded: 5)"
        ],
    ]
    # Nothing of the manager's was saved; the staff's breakdown stands.
    activity.refresh_from_db()
    assert activity.narrative == ""
    assert _groups(activity) == THEIRS


def test_an_unchanged_breakdown_is_no_difference(activity, staff_user, manager):
    staff, boss = _client(staff_user), _client(manager)
    stale = edit_form_data(boss, activity)
    _edit(staff, activity, edit_form_data(staff, activity), title="Round table on tolerance")

    response = _edit(boss, activity, stale, narrative="Agreed a joint statement.")

    assert response.status_code == 409
    assert sorted(_conflict_rows(response.text)) == ["narrative", "title"]


def _version(response) -> str:
    return re.search(r'name="version" value="(\d+)"', response.text).group(1)


def test_taking_theirs_saves_their_breakdown(activity, two_forms):
    boss, stale = two_forms
    conflict = _edit(boss, activity, stale, narrative="Agreed a joint statement.")

    merged = _edit(
        boss,
        activity,
        stale,
        version=_version(conflict),
        narrative="Agreed a joint statement.",
        take_theirs=["participants"],
    )

    assert merged.status_code == 302
    activity.refresh_from_db()
    assert activity.narrative == "Agreed a joint statement."
    assert _groups(activity) == THEIRS


def test_keeping_mine_saves_my_breakdown(activity, bands, two_forms):
    boss, stale = two_forms
    # The manager had recorded the men's ages: 5 of 25–59, without a disability.
    mine = stale | {
        grid_cell(0, "men", None, "unrecorded"): "",
        grid_cell(0, "men", bands["25-59"], "no"): "5",
    }
    conflict = _edit(boss, activity, mine)
    assert conflict.status_code == 409
    assert _conflict_rows(conflict.text)["participants"][1] == [
        "Educators: 10 women, 5 men (Women, 18–24, without a disability: 10; "
        "Men, 25–59, without a disability: 5)"
    ]

    kept = _edit(boss, activity, mine, version=_version(conflict))

    assert kept.status_code == 302
    assert _groups(activity) == {("women", "18-24", "no", 10), ("men", "25-59", "no", 5)}


def _queries(client, activity, data, status: int) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = _edit(client, activity, data)
    assert response.status_code == status
    return len(queries.captured_queries), response.text


def _conflict_cost(centre, bands, staff_user, manager, rows: int) -> int:
    """What the conflict page costs beyond the rows' own checks: the stale form sent back,
    less the same form refused for a date (rows checked alike, no save tried, no conflict)."""
    activity = _activity(centre, bands, categories=[f"Category {rows}.{i}" for i in range(rows)])
    staff, boss = _client(staff_user), _client(manager)
    stale = edit_form_data(boss, activity) | {"narrative": "Agreed a joint statement."}
    theirs = edit_form_data(staff, activity) | _their_breakdown(bands, rows)
    assert _edit(staff, activity, theirs).status_code == 302

    checked, _page = _queries(boss, activity, stale | {"end": "2006-10-01"}, 400)
    shown, page = _queries(boss, activity, stale, 409)
    assert len(_conflict_rows(page)["participants"][0]) == rows  # a line per row, each differing
    return shown - checked


def test_the_conflict_page_reads_theirs_in_the_same_queries_for_one_row_or_three(
    centre, bands, staff_user, manager
):
    one = _conflict_cost(centre, bands, staff_user, manager, rows=1)
    three = _conflict_cost(centre, bands, staff_user, manager, rows=3)
    assert one == three
