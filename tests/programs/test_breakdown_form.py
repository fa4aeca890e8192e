"""The activity form's grid by age and disability: a participant row's breakdown typed under
the row, refused (with the rule's message at the row) when it does not add up, saved through
the services, shown on the activity page and again when editing; the pages' queries stay
fixed however many rows there are."""

from __future__ import annotations

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Activity, AgeBand, ParticipantCount, ParticipantGroup
from tests.factories import ActivityFactory, CategoryFactory, ParticipantCountFactory
from tests.programs.activity_form import edit_form_data, grid_cell

pytestmark = pytest.mark.django_db

# The office's bands, as the migration adds them (a browser test's flush may have removed them).
BANDS = [
    ("under-18", "Under 18", 0, 17),
    ("18-24", "18–24", 18, 24),
    ("25-59", "25–59", 25, 59),
    ("60-plus", "60 and over", 60, None),
]


@pytest.fixture
def bands(db) -> dict[str, AgeBand]:
    return {
        code: AgeBand.objects.get_or_create(
            code=code, defaults={"name": name, "min_age": low, "max_age": high}
        )[0]
        for code, name, low, high in BANDS
    }


def _form_data(centre, rows=(), grids=None, **overrides) -> dict:
    """The add form as a person fills it in: the activity, then per row its category, women
    and men, and the grid's numbers ({row: {input name: number}})."""
    from tests.factories import ProjectFactory

    data = {
        "project": ProjectFactory().pk,
        "kind": "seminar",
        "title": "Seminar on conflict management",
        "start": "2005-10-10",
        "end": "2005-10-11",
        "centre": centre.pk,
        "status": "held",
        "narrative": "",
        "participants-TOTAL_FORMS": str(max(3, len(rows))),
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
    }
    for i, (category, women, men) in enumerate(rows):
        data[f"participants-{i}-category"] = category.pk
        data[f"participants-{i}-women"] = women
        data[f"participants-{i}-men"] = men
    for cells in (grids or {}).values():
        data.update(cells)
    data.update(overrides)
    return data


def _tables(html: str, css_class: str) -> dict[str, list[list[str]]]:
    """The page's tables of one class, by caption: each row's cells as shown."""
    tree = lxml.html.fromstring(html)
    found = {}
    for table in tree.xpath(f"//table[contains(concat(' ', @class, ' '), ' {css_class} ')]"):
        caption = table.find("caption")
        rows = [
            [" ".join(cell.text_content().split()) for cell in row.xpath("th|td")]
            for row in table.xpath(".//tr")
        ]
        found[caption.text_content().strip() if caption is not None else ""] = rows
    return found


def _groups(count) -> set[tuple]:
    return {
        (g.sex, g.age_band.code if g.age_band else None, g.disability, g.number)
        for g in ParticipantGroup.objects.filter(count=count).select_related("age_band")
    }


def test_a_breakdown_that_adds_up_is_saved_and_shown(staff_client, centre, bands):
    leaders = CategoryFactory(name="Community leaders")
    grid = {
        grid_cell(0, "women", bands["under-18"], "yes"): "1",
        grid_cell(0, "women", bands["25-59"], "no"): "2",
        grid_cell(0, "men", None, "unrecorded"): "2",
        grid_cell(0, "men", bands["60-plus"], "no"): "",
    }

    response = staff_client.post(
        reverse("programs:activity_add"), _form_data(centre, [(leaders, 3, 2)], {0: grid})
    )

    assert response.status_code == 302
    count = ParticipantCount.objects.get(category=leaders)
    assert (count.women, count.men) == (3, 2)
    assert _groups(count) == {
        ("women", "under-18", "yes", 1),
        ("women", "25-59", "no", 2),
        ("men", None, "unrecorded", 2),
    }

    page = staff_client.get(response.url).text
    assert "By age and disability" in page
    assert _tables(page, "breakdown") == {
        "Community leaders": [
            ["Age", "With a disability", "Without", "Not recorded"],
            ["Women"],
            ["Under 18", "1", "–", "–"],
            ["25–59", "–", "2", "–"],
            ["Men"],
            ["Age not recorded", "–", "–", "2"],
        ]
    }

    # Editing shows the saved breakdown in the row's grid, opened.
    edit = staff_client.get(reverse("programs:activity_edit", args=[count.activity_id])).text
    tree = lxml.html.fromstring(edit)
    values = {
        element.get("name"): element.get("value")
        for element in tree.xpath("//table[contains(@class, 'participants')]//tbody//input")
        if "-grid_" in (element.get("name") or "")
    }
    typed = {name: value for name, value in values.items() if value}
    assert typed == {
        grid_cell(0, "women", bands["under-18"], "yes"): "1",
        grid_cell(0, "women", bands["25-59"], "no"): "2",
        grid_cell(0, "men", None, "unrecorded"): "2",
    }
    # Every band and "age not recorded", six cells each.
    assert len([n for n in values if n.startswith("participants-0-")]) == 6 * (len(bands) + 1)
    first_grid = tree.xpath("//details[contains(@class, 'breakdown')]")[0]
    assert first_grid.get("open") is not None


def test_a_breakdown_that_does_not_add_up_is_refused_at_its_row(staff_client, centre, bands):
    leaders = CategoryFactory(name="Community leaders")
    educators = CategoryFactory(name="Educators")
    grid = {
        grid_cell(1, "women", bands["18-24"], "no"): "4",
        grid_cell(1, "men", bands["18-24"], "no"): "6",
    }

    response = staff_client.post(
        reverse("programs:activity_add"),
        _form_data(centre, [(leaders, 5, 5), (educators, 5, 6)], {1: grid}),
    )

    assert response.status_code == 400
    assert Activity.objects.count() == 0
    assert ParticipantCount.objects.count() == 0
    assert ParticipantGroup.objects.count() == 0
    message = (
        "The age and disability breakdown of the women of “Educators” adds up to 4, not 5: "
        "make it add up, or leave it empty to count them as not recorded."
    )
    page = response.text
    assert "Nothing was saved: please correct the fields marked below." in page
    # At the educators' row: after its inputs, before the next row's.
    tree = lxml.html.fromstring(page)
    rows = tree.xpath("//table[contains(@class, 'participants')]/tbody/tr")
    texts = [" ".join(row.text_content().split()) for row in rows]
    at = next(i for i, text in enumerate(texts) if message in text)
    before = rows[at - 1]
    before_names = [e.get("name") for e in before.xpath(".//select|.//input")]
    assert "participants-1-men" in before_names
    # The men add up (6 of 6): only the women are named.
    assert "breakdown of the men" not in page
    # What was typed stays, in a grid left open.
    assert tree.xpath(f"//input[@name='{grid_cell(1, 'women', bands['18-24'], 'no')}']/@value") == [
        "4"
    ]
    grids = tree.xpath("//details[contains(@class, 'breakdown')]")
    assert grids[1].get("open") is not None and grids[0].get("open") is None


def test_changing_a_row_s_men_under_a_saved_breakdown_is_refused(staff_client, centre, bands):
    activity = ActivityFactory(centre=centre, title="Round table")
    count = ParticipantCountFactory(
        activity=activity, category=CategoryFactory(name="Lawyers"), women=2, men=3
    )
    ParticipantGroup.objects.create(count=count, sex="women", age_band=None, number=2)
    ParticipantGroup.objects.create(count=count, sex="men", age_band=bands["18-24"], number=3)
    data = edit_form_data(staff_client, activity)
    data["participants-0-men"] = "5"

    response = staff_client.post(reverse("programs:activity_edit", args=[activity.pk]), data)

    assert response.status_code == 400
    assert (
        "The age and disability breakdown of the men of “Lawyers” adds up to 3, not 5"
        in response.text
    )
    count.refresh_from_db()
    assert (count.women, count.men) == (2, 3)
    assert _groups(count) == {("women", None, "unrecorded", 2), ("men", "18-24", "unrecorded", 3)}


def test_an_empty_grid_saves_no_breakdown(staff_client, centre, bands):
    leaders = CategoryFactory(name="Community leaders")
    grid = {grid_cell(0, "women", bands["18-24"], "yes"): "", grid_cell(0, "men", None, "no"): "0"}

    response = staff_client.post(
        reverse("programs:activity_add"), _form_data(centre, [(leaders, 4, 1)], {0: grid})
    )

    assert response.status_code == 302
    assert ParticipantCount.objects.get().total == 5
    assert ParticipantGroup.objects.count() == 0
    page = staff_client.get(response.url).text
    assert _tables(page, "breakdown") == {}
    assert "By age and disability" not in page


def test_the_grid_takes_any_input_without_a_server_error(staff_client, centre, bands):
    leaders = CategoryFactory(name="Community leaders")
    for typed in ["abc", "-1", "1.5", "9" * 30, "1e3", " ", "٣"]:
        grid = {grid_cell(0, "women", bands["25-59"], "no"): typed}
        response = staff_client.post(
            reverse("programs:activity_add"), _form_data(centre, [(leaders, 3, 0)], {0: grid})
        )
        assert response.status_code in (302, 400), typed
        if response.status_code == 400:
            assert Activity.objects.count() == 0, typed
        else:
            Activity.objects.all().delete()


def test_a_grid_typed_in_a_row_without_category_is_not_ignored(staff_client, centre, bands):
    response = staff_client.post(
        reverse("programs:activity_add"),
        _form_data(centre, grids={0: {grid_cell(0, "women", None, "yes"): "2"}}),
    )
    assert response.status_code == 400
    assert Activity.objects.count() == 0


@pytest.fixture
def saved(centre, bands):
    """An activity of the staff's centre with a row whose breakdown is saved."""
    activity = ActivityFactory(centre=centre, title="Round table")
    count = ParticipantCountFactory(
        activity=activity, category=CategoryFactory(name="Educators"), women=3, men=1
    )
    ParticipantGroup.objects.create(
        count=count, sex="women", age_band=bands["25-59"], disability="yes", number=1
    )
    ParticipantGroup.objects.create(
        count=count, sex="women", age_band=bands["25-59"], disability="no", number=2
    )
    ParticipantGroup.objects.create(count=count, sex="men", age_band=None, number=1)
    return count


def test_editing_something_else_keeps_the_breakdown(staff_client, saved):
    before = set(ParticipantGroup.objects.values_list("pk", flat=True))
    data = edit_form_data(staff_client, saved.activity)
    data["title"] = "Round table on schools"

    response = staff_client.post(reverse("programs:activity_edit", args=[saved.activity.pk]), data)

    assert response.status_code == 302
    saved.activity.refresh_from_db()
    assert saved.activity.title == "Round table on schools"
    # The very same groups: nothing was rewritten.
    assert set(ParticipantGroup.objects.values_list("pk", flat=True)) == before


def test_editing_the_grid_replaces_the_breakdown(staff_client, saved, bands):
    data = edit_form_data(staff_client, saved.activity)
    data["participants-0-women"] = "4"
    data[grid_cell(0, "women", bands["25-59"], "yes")] = ""
    data[grid_cell(0, "women", bands["60-plus"], "no")] = "4"
    data[grid_cell(0, "men", None, "unrecorded")] = ""
    data[grid_cell(0, "men", bands["under-18"], "yes")] = "1"
    data[grid_cell(0, "women", bands["25-59"], "no")] = ""

    response = staff_client.post(reverse("programs:activity_edit", args=[saved.activity.pk]), data)

    assert response.status_code == 302
    assert _groups(saved) == {("women", "60-plus", "no", 4), ("men", "under-18", "yes", 1)}
    page = staff_client.get(response.url).text
    assert _tables(page, "breakdown")["Educators"][1:] == [
        ["Women"],
        ["60 and over", "–", "4", "–"],
        ["Men"],
        ["Under 18", "1", "–", "–"],
    ]


def test_emptying_the_grid_removes_the_breakdown(staff_client, saved):
    data = edit_form_data(staff_client, saved.activity)
    for name in [n for n in data if "-grid_" in n]:
        data[name] = ""

    response = staff_client.post(reverse("programs:activity_edit", args=[saved.activity.pk]), data)

    assert response.status_code == 302
    assert ParticipantGroup.objects.count() == 0
    saved.refresh_from_db()
    assert (saved.women, saved.men) == (3, 1)


def _queries(client, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code in (200, 400), response.status_code
    return len(queries.captured_queries)


def _activity_with_rows(centre, bands, rows: int):
    activity = ActivityFactory(centre=centre)
    for _n in range(rows):
        count = ParticipantCountFactory(activity=activity, women=2, men=1)
        ParticipantGroup.objects.create(count=count, sex="women", age_band=bands["18-24"], number=2)
        ParticipantGroup.objects.create(count=count, sex="men", age_band=None, number=1)
    return activity


def test_the_edit_and_activity_pages_read_the_same_queries_for_one_row_or_three(
    staff_client, centre, bands
):
    one, three = (_activity_with_rows(centre, bands, n) for n in (1, 3))
    for name in ("programs:activity_edit", "programs:activity_detail"):
        _queries(staff_client, reverse(name, args=[one.pk]))  # the session's first reads
        assert _queries(staff_client, reverse(name, args=[one.pk])) == _queries(
            staff_client, reverse(name, args=[three.pk])
        ), name


def test_the_add_page_s_grids_cost_no_query_for_one_row_or_three(staff_client, centre, bands):
    """The add page shows its rows' grids in the queries it took without them: a form sent
    back with one or three rows' grids filled costs what it costs with the grids left empty
    (the rows' own checks are the same either way), and more rows shown cost nothing more."""
    url = reverse("programs:activity_add")
    _queries(staff_client, url)  # the session's first reads
    shown = _queries(staff_client, url)
    categories = [CategoryFactory() for _n in range(3)]
    shown_with_categories = _queries(staff_client, url)

    def refused(rows: int, grids: bool) -> dict:
        # The end before the start: every row checked, nothing saved, the form shown again.
        filled = {
            i: {
                grid_cell(i, "women", bands["18-24"], "no"): "2",
                grid_cell(i, "men", None, "yes"): "1",
            }
            for i in range(rows)
        }
        typed = [(category, 2, 1) for category in categories[:rows]]
        return _form_data(centre, typed, filled if grids else None, end="2005-10-01")

    for rows in (1, 3):
        assert _queries(staff_client, url, refused(rows, grids=True)) == _queries(
            staff_client, url, refused(rows, grids=False)
        ), rows
    assert shown_with_categories == shown
    # More rows shown (left empty, as "Add a row" leaves them): the same queries.
    assert _queries(staff_client, url, refused(1, grids=True)) == _queries(
        staff_client, url, {**refused(1, grids=True), "participants-TOTAL_FORMS": "6"}
    )
    assert Activity.objects.count() == 0


def test_a_category_added_since_the_last_page_is_offered_and_accepted(staff_client, centre):
    """The rows' category list, read once per page, is read afresh for each page."""
    staff_client.get(reverse("programs:activity_add"))
    lawyers = CategoryFactory(name="Lawyers")

    assert "Lawyers" in staff_client.get(reverse("programs:activity_add")).text
    response = staff_client.post(
        reverse("programs:activity_add"), _form_data(centre, [(lawyers, 1, 1)])
    )
    assert response.status_code == 302
    assert ParticipantCount.objects.get().category == lawyers
