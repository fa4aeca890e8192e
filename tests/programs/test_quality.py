"""Data quality before reporting: the managers' page for a mandate period, and the report
form's warnings."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import Activity, MandatePeriod
from programs.quality import quality
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    CentreFactory,
    ParticipantCountFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

START, END = datetime.date(2005, 6, 1), datetime.date(2006, 5, 31)


def _seminar(centre, day, men, *, category, approval="approved", **fields):
    activity = ActivityFactory(
        centre=centre, start=day, end=day, kind="seminar", approval=approval, **fields
    )
    ParticipantCountFactory(activity=activity, category=category, women=0, men=men)
    return activity


@pytest.fixture
def period(db):
    return MandatePeriod.objects.create(start=START, end=END, symbol="S/2006/355")


def test_a_planted_outlier_and_a_silent_centre_are_flagged(manager_client, period):
    category = CategoryFactory()
    busy, silent = CentreFactory(name="Istaravshan"), CentreFactory(name="Garm")
    for month, men in zip(range(1, 9), [20, 22, 19, 25, 21, 23, 18, 24], strict=True):
        _seminar(busy, datetime.date(2006, month, 10), men, category=category)
    planted = _seminar(
        busy, datetime.date(2006, 5, 12), 480, category=category, title="Seminar with a typo"
    )
    _seminar(silent, datetime.date(2005, 9, 1), 20, category=category)

    found = quality(START, END, today=datetime.date(2006, 5, 31))

    assert [o.activity for o in found.outliers] == [planted]
    assert found.outliers[0].total == 480 and found.outliers[0].median == 21.5
    assert silent in found.silent and busy not in found.silent
    page = manager_client.get(reverse("programs:quality"), {"period": period.pk}).text
    assert "Seminar with a typo" in page
    assert "No activity has been entered for the last 2 months by:" in page
    assert "<strong>Garm</strong>" in page


def test_the_grid_counts_approved_of_entered_per_centre_and_month(period):
    category = CategoryFactory()
    centre = CentreFactory(name="Khorog")
    _seminar(centre, datetime.date(2005, 9, 5), 10, category=category)
    _seminar(centre, datetime.date(2005, 9, 20), 10, category=category, approval="submitted")
    _seminar(centre, datetime.date(2005, 9, 25), 10, category=category, approval="draft")

    found = quality(START, END)

    row = next(r for r in found.grid if r["centre"] == centre)
    september = next(m for m in row["months"] if m["month"] == datetime.date(2005, 9, 1))
    assert (september["entered"], september["approved"]) == (3, 1)
    assert (september["draft"], september["submitted"]) == (1, 1)
    assert len(row["months"]) == 12
    assert (found.drafts, found.submitted) == (1, 1)


def test_stale_drafts_and_returned_items_are_listed(manager_client, period):
    centre = CentreFactory(name="Shaartuz")
    old = ActivityFactory(
        centre=centre,
        title="Forgotten draft",
        start=datetime.date(2006, 1, 5),
        end=datetime.date(2006, 1, 5),
    )
    Activity.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    ActivityFactory(
        centre=centre,
        title="Fresh draft",
        start=datetime.date(2006, 1, 6),
        end=datetime.date(2006, 1, 6),
    )
    _returned(centre, "Sent back", datetime.date(2006, 1, 7))

    page = manager_client.get(reverse("programs:quality"), {"period": period.pk}).text

    assert "Forgotten draft" in page and "Fresh draft" not in page
    assert "Sent back" in page and "Add the sign-in sheet." in page


def _returned(centre, title, day):
    """A draft returned to its centre with a reason."""
    return ActivityFactory(
        centre=centre,
        title=title,
        start=day,
        end=day,
        return_reason="Add the sign-in sheet.",
        returned_at=timezone.now(),
    )


def _entered(activity, day):
    """The draft as if entered at noon on that day."""
    noon = datetime.datetime.combine(day, datetime.time(12), timezone.get_current_timezone())
    Activity.objects.filter(pk=activity.pk).update(created_at=noon)


def test_which_drafts_are_stale_moves_with_the_clock_while_the_drafts_are_kept(
    period, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr("programs.quality.LISTED", 2)
    centre = CentreFactory(name="Kulob")
    today = datetime.date(2006, 5, 20)
    for title, days_ago in (("Thirty", 30), ("Fifteen", 15), ("Fourteen", 14), ("Three", 3)):
        draft = ActivityFactory(
            centre=centre,
            title=title,
            start=datetime.date(2006, 5, 1),
            end=datetime.date(2006, 5, 1),
        )
        _entered(draft, today - datetime.timedelta(days=days_ago))
    _entered(
        _returned(centre, "Returned", datetime.date(2006, 5, 2)),
        today - datetime.timedelta(days=40),
    )

    found = quality(START, END, today=today)

    # Entered more than 14 whole days before today; the returned one is listed apart.
    assert found.stale_count == 2
    assert [a.title for a in found.stale_drafts] == ["Thirty", "Fifteen"]
    assert (found.returned_count, [a.title for a in found.returned]) == (1, ["Returned"])
    # Twelve days on, nothing written meanwhile: the drafts are not read again (the one
    # query is the centres'), and two more are stale; the list shows the oldest two.
    with django_assert_num_queries(1):
        later = quality(START, END, today=today + datetime.timedelta(days=12))
    assert later.stale_count == 4
    assert [a.title for a in later.stale_drafts] == ["Thirty", "Fifteen"]
    assert later.drafts == 5 and later.returned_count == 1


def test_the_quality_page_is_the_managers(staff_client, period):
    assert staff_client.get(reverse("programs:quality")).status_code == 403


def test_the_page_runs_a_fixed_number_of_queries(manager_client, period, django_assert_num_queries):
    category = CategoryFactory()
    centre = CentreFactory()
    for month in range(1, 6):
        _seminar(centre, datetime.date(2006, month, 1), 20, category=category)
    url = reverse("programs:quality") + f"?period={period.pk}"
    # The menu's count and the permissions, read by another page and cached.
    manager_client.get(reverse("programs:activity_list"))
    # Session, user, second factor (3), the periods and the centres (2), the grid's counts
    # (1), the drafts' counts per day, the oldest and the returned (3), the head counts for
    # the outliers (1); all but the first five are kept until the data changes.
    with django_assert_num_queries(10):
        manager_client.get(url)
    with django_assert_num_queries(5):
        manager_client.get(url)
    for month in range(1, 6):
        _seminar(CentreFactory(), datetime.date(2006, month, 2), 20, category=category)
        _seminar(centre, datetime.date(2006, month, 3), 25, category=category, approval="draft")
    manager_client.get(reverse("programs:activity_list"))  # the menu's count, read again
    with django_assert_num_queries(10):
        page = manager_client.get(url)
    with django_assert_num_queries(5):
        again = manager_client.get(url).context["quality"]
    first = page.context["quality"]
    assert (again.grid, again.outliers) == (first.grid, first.outliers)
    assert again.drafts == 5  # the drafts written since the first visit


def test_the_report_form_warns_before_building_and_builds_once_confirmed(manager_client, period):
    project = ProjectFactory(start=datetime.date(2005, 1, 1), end=datetime.date(2007, 1, 1))
    ActivityFactory(
        project=project,
        start=datetime.date(2005, 10, 1),
        end=datetime.date(2005, 10, 1),
        approval="submitted",
    )
    ActivityFactory(
        project=project,
        start=datetime.date(2005, 10, 2),
        end=datetime.date(2005, 10, 2),
        approval="draft",
    )
    url = reverse("reports:new", args=["mandate"])
    form = {"period": period.pk, "language": "en", "version": "draft"}

    warned = manager_client.post(url, form)

    assert warned.status_code == 200
    text = warned.text
    assert "1 activity of these dates waits for approval." in text
    assert "1 activity of these dates is still a draft, 0 of them returned to its centre." in text
    assert "Build it as it stands" in text
    from untop.reports.models import Report

    assert not Report.objects.exists()
    confirmed = warned.context["confirmed"]
    built = manager_client.post(url, {**form, "despite": confirmed})
    assert built.status_code == 302 and Report.objects.count() == 1


def test_a_confirmation_for_other_dates_is_asked_again(manager_client, period):
    ActivityFactory(
        start=datetime.date(2005, 10, 1), end=datetime.date(2005, 10, 1), approval="submitted"
    )
    url = reverse("reports:new", args=["mandate"])
    form = {"period": period.pk, "language": "en", "version": "draft"}
    response = manager_client.post(url, {**form, "despite": "0123456789abcdef"})
    assert "waits for approval" in response.text
