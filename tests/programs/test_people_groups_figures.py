"""Who took part by age band and by disability: the figures summed from the recorded
breakdowns, the "not recorded" remainder of the people counted without one, the same from the
summary rows as from the activities, and the dashboard's panel that shows them."""

from __future__ import annotations

import datetime

import lxml.html
import pytest
from django.urls import reverse

from programs import summary
from programs.figures import (
    counted_activities_in,
    participant_totals_of,
    people_by_age_and_disability,
)
from programs.models import Activity, AgeBand, ParticipantGroup
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    ParticipantCountFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

APPROVED = Activity.Approval.APPROVED
DRAFT = Activity.Approval.DRAFT


def _band(code: str | None) -> AgeBand | None:
    return AgeBand.objects.get(code=code) if code else None


def _row(activity, women, men, groups=()):
    """A participant row of the activity with its breakdown: (sex, band code or None for
    "age not recorded", disability, number) each; none for a row recorded without one."""
    count = ParticipantCountFactory(
        activity=activity, category=CategoryFactory(), women=women, men=men
    )
    for sex, band, disability, number in groups:
        ParticipantGroup.objects.create(
            count=count, sex=sex, age_band=_band(band), disability=disability, number=number
        )
    count.full_clean()  # the breakdown adds up to the row's women and men, as the rule asks
    return count


def _activity(day, approval=APPROVED, project=None):
    return ActivityFactory(
        start=day, end=day, approval=approval, project=project or ProjectFactory()
    )


def _as_table(figures, key):
    """The rows of one dimension as {label: (women, men, total)}, in order."""
    return {str(row["label"]): (row["women"], row["men"], row["total"]) for row in figures[key]}


@pytest.fixture
def recorded(period):
    """Two counted activities in the 2005–06 period, one row of each with a breakdown and one
    row without; a draft and an activity after the period, both with breakdowns."""
    first = _activity(datetime.date(2005, 9, 14))
    _row(
        first,
        6,
        4,
        [
            ("women", "under-18", "no", 2),
            ("women", "18-24", "yes", 1),
            ("women", "25-59", "no", 3),
            ("men", "60-plus", "unrecorded", 1),
            ("men", None, "yes", 3),
        ],
    )
    _row(first, 5, 7)  # recorded without a breakdown
    second = _activity(datetime.date(2006, 2, 3))
    _row(second, 4, 2, [("women", "18-24", "no", 4), ("men", "18-24", "no", 2)])
    draft = _activity(datetime.date(2005, 10, 1), approval=DRAFT)
    _row(draft, 100, 50, [("women", "under-18", "yes", 100), ("men", "under-18", "yes", 50)])
    after = _activity(datetime.date(2006, 7, 1))
    _row(after, 30, 0, [("women", "60-plus", "yes", 30)])
    return {"first": first, "second": second, "draft": draft}


def test_the_recorded_groups_are_summed_and_the_rest_is_not_recorded(period, recorded):
    figures = people_by_age_and_disability(counted_activities_in(period))

    # Women 6 + 5 + 4 = 15 and men 4 + 7 + 2 = 13 were counted; 6 + 4 + 4 + 2 of them in rows
    # with a breakdown.
    assert (figures["people"], figures["with_breakdown"], figures["any"]) == (28, 16, True)
    assert _as_table(figures, "bands") == {
        "Under 18": (2, 0, 2),
        "18–24": (5, 2, 7),
        "25–59": (3, 0, 3),
        "60 and over": (0, 1, 1),
        # The five women and seven men without a breakdown, and three men whose age was not
        # asked.
        "Age not recorded": (5, 10, 15),
    }
    assert _as_table(figures, "disability") == {
        "With a disability": (1, 3, 4),
        "Without a disability": (9, 2, 11),
        "Not recorded": (5, 8, 13),
    }
    # Only the last row of each is the remainder.
    assert [row.get("not_recorded", False) for row in figures["bands"]] == [False] * 4 + [True]
    assert [row.get("not_recorded", False) for row in figures["disability"]] == [
        False,
        False,
        True,
    ]
    # Each dimension adds up to the people counted.
    for key in ("bands", "disability"):
        assert sum(row["total"] for row in figures[key]) == figures["people"]


def test_the_summary_rows_and_the_activities_give_the_same_figures(period, recorded):
    assert summary.differences() == []
    kept = counted_activities_in(period)
    assert kept.summary_span == (period.start, period.end)  # read from the summary rows
    source = Activity.objects.counted().in_period(period.start, period.end)
    assert getattr(source, "summary_span", None) is None  # summed from the activities

    from_summary = people_by_age_and_disability(kept)
    assert people_by_age_and_disability(source) == from_summary
    # Given the totals already summed, the figures are the same.
    assert people_by_age_and_disability(kept, participant_totals_of(kept)) == from_summary

    # Any other selection is summed from its own activities: here the second one's project.
    one_project = source.filter(project=recorded["second"].project)
    figures = people_by_age_and_disability(one_project)
    assert (figures["people"], figures["with_breakdown"]) == (6, 6)
    assert _as_table(figures, "bands")["18–24"] == (4, 2, 6)
    assert _as_table(figures, "bands")["Age not recorded"] == (0, 0, 0)


def test_a_drafts_breakdown_counts_only_once_it_is_approved(period, recorded):
    before = people_by_age_and_disability(counted_activities_in(period))
    assert _as_table(before, "bands")["Under 18"] == (2, 0, 2)

    draft = recorded["draft"]
    draft.approval = APPROVED
    draft.save()

    after = people_by_age_and_disability(counted_activities_in(period))
    assert (after["people"], after["with_breakdown"]) == (28 + 150, 16 + 150)
    assert _as_table(after, "bands")["Under 18"] == (102, 50, 152)
    assert _as_table(after, "disability")["With a disability"] == (101, 53, 154)
    assert (
        people_by_age_and_disability(Activity.objects.counted().in_period(period.start, period.end))
        == after
    )


def test_without_any_breakdown_everyone_is_not_recorded(period):
    _row(_activity(datetime.date(2005, 11, 2)), 8, 9)

    figures = people_by_age_and_disability(counted_activities_in(period))

    assert (figures["people"], figures["with_breakdown"], figures["any"]) == (17, 0, False)
    assert _as_table(figures, "bands")["Age not recorded"] == (8, 9, 17)
    assert _as_table(figures, "disability")["Not recorded"] == (8, 9, 17)
    assert all(row["total"] == 0 for row in figures["bands"][:-1])


def _fill(n: int) -> None:
    """n counted activities in as many months and projects, each with a row broken down."""
    for i in range(n):
        activity = _activity(datetime.date(2005, 6 + i % 7, 1 + i))
        _row(activity, 2, 1, [("women", "18-24", "no", 2), ("men", None, "yes", 1)])
        _row(activity, 1, 1)


def test_the_figures_run_a_fixed_number_of_queries(period, django_assert_num_queries):
    def measured() -> dict:
        kept = counted_activities_in(period)
        source = Activity.objects.counted().in_period(period.start, period.end)
        totals = participant_totals_of(kept)
        # The bands and the breakdowns, and the totals unless they are given (or were read
        # from the same activities: `kept` has its summary's groups).
        with django_assert_num_queries(3):
            figures = people_by_age_and_disability(counted_activities_in(period))
        with django_assert_num_queries(2):
            assert people_by_age_and_disability(kept) == figures
        with django_assert_num_queries(2):
            assert people_by_age_and_disability(kept, totals) == figures
        with django_assert_num_queries(3):
            assert people_by_age_and_disability(source) == figures
        return figures

    _fill(2)
    assert measured()["with_breakdown"] == 2 * 3
    _fill(18)
    figures = measured()
    assert (figures["people"], figures["with_breakdown"]) == (20 * 5, 20 * 3)
    assert _as_table(figures, "disability")["Not recorded"] == (20, 20, 40)


# The dashboard's panel ---------------------------------------------------------------------


def _dashboard_tables(page: str) -> dict[str, list[list[str]]]:
    """The dashboard's tables with a visible caption, by caption: each row's cells' text."""
    tree = lxml.html.fromstring(page)
    return {
        table.findtext("caption").strip(): [
            [" ".join(cell.text_content().split()) for cell in row.iter("th", "td")]
            for row in table.iter("tr")
        ]
        for table in tree.iter("table")
        if table.find("caption") is not None
        and "visually-hidden" not in (table.find("caption").get("class") or "")
    }


def test_the_dashboard_shows_the_people_by_age_and_disability(manager_client, period, recorded):
    page = manager_client.get(reverse("programs:dashboard"), {"period": period.pk}).text

    assert "Who took part, by age and disability" in page
    assert "A breakdown by age and disability was recorded for 16 of the 28 people counted." in (
        " ".join(page.split())
    )
    tables = _dashboard_tables(page)
    assert tables["Participants by age"] == [
        ["Age", "Women", "Men", "Total"],
        ["Under 18", "2", "0", "2"],
        ["18–24", "5", "2", "7"],
        ["25–59", "3", "0", "3"],
        ["60 and over", "0", "1", "1"],
        ["Age not recorded", "5", "10", "15"],
        ["All participants", "15", "13", "28"],
    ]
    assert tables["Participants by disability"] == [
        ["Disability", "Women", "Men", "Total"],
        ["With a disability", "1", "3", "4"],
        ["Without a disability", "9", "2", "11"],
        ["Not recorded", "5", "8", "13"],
        ["All participants", "15", "13", "28"],
    ]


def test_without_a_breakdown_the_dashboard_says_so_and_shows_no_table(manager_client, period):
    _row(_activity(datetime.date(2005, 11, 2)), 8, 9)

    page = manager_client.get(reverse("programs:dashboard"), {"period": period.pk}).text

    assert "Who took part, by age and disability" in page
    assert "No breakdown by age and disability has been recorded yet." in page
    assert "A breakdown by age and disability was recorded" not in page
    tables = _dashboard_tables(page)
    assert "Participants by age" not in tables and "Participants by disability" not in tables
