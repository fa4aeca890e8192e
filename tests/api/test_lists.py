"""The API's lists: what the portal's lists show the same user, their filters, cursor pages,
the rate limit, and what a page costs however many rows there are."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.api.conftest import token_client, token_for
from tests.conftest import sign_in_as
from tests.factories import (
    ActivityFactory,
    CentreFactory,
    ContributionFactory,
    ParticipantCountFactory,
    PledgeFactory,
    ProjectFactory,
)
from tests.humanrights.factories import ActionFactory, RecommendationFactory


def _activities(n: int, *, centre, project=None, day=datetime.date(2005, 9, 1)):
    project = project or ProjectFactory()
    made = []
    for i in range(n):
        start = day + datetime.timedelta(days=i % 5)
        activity = ActivityFactory(centre=centre, project=project, start=start, end=start)
        ParticipantCountFactory(activity=activity, women=i, men=2 * i)
        made.append(activity)
    return made


def _all_ids(client, path: str, **params) -> list[int]:
    """Every row's id, following the cursor's next links to the end."""
    ids, url = [], path
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        ids += [row["id"] for row in body["results"]]
        if not body["next"]:
            return ids
        response = client.get(body["next"])


@pytest.mark.django_db
def test_staffs_activity_list_over_the_api_is_the_portals_list_for_them(
    centre, other_centre, staff_user, client
):
    _activities(12, centre=centre)
    _activities(8, centre=other_centre)
    sign_in_as(client, staff_user)
    api = token_client(token_for(staff_user))
    for query in ({}, {"centre": other_centre.pk}, {"counted": "on"}, {"q": "meeting 1"}):
        portal = client.get(reverse("programs:activity_list"), query)
        portal_ids = [activity.pk for activity in portal.context["page"]]
        assert _all_ids(api, reverse("api:activity-list"), page_size=25, **query) == portal_ids


@pytest.mark.django_db
def test_an_activity_comes_with_its_participants_by_category_and_sex(centre, staff_user):
    activity = ActivityFactory(centre=centre, title="Seminar in Khujand")
    ParticipantCountFactory(activity=activity, category__code="officials", women=3, men=4)
    ParticipantCountFactory(activity=activity, category__code="students", women=10, men=1)
    body = token_client(token_for(staff_user)).get(
        reverse("api:activity-detail", args=[activity.pk])
    )
    row = body.json()
    assert (row["title"], row["women"], row["men"], row["total"]) == (
        "Seminar in Khujand",
        13,
        5,
        18,
    )
    assert {(p["category"], p["women"], p["men"]) for p in row["participants"]} == {
        ("officials", 3, 4),
        ("students", 10, 1),
    }
    assert row["centre"] == centre.code


@pytest.mark.django_db
def test_cursor_pages_give_each_activity_once_in_the_lists_order(centre, staff_user):
    made = _activities(7, centre=centre)
    client = token_client(token_for(staff_user))
    first = client.get(reverse("api:activity-list"), {"page_size": 3}).json()
    assert len(first["results"]) == 3 and first["previous"] is None
    assert "cursor=" in first["next"]
    ids = _all_ids(client, reverse("api:activity-list"), page_size=3)
    newest_first = sorted(made, key=lambda a: (a.start, a.pk), reverse=True)
    assert ids == [a.pk for a in newest_first]
    # A page goes on from the row it ended at, whatever is added meanwhile.
    ActivityFactory(centre=centre, start=datetime.date(2006, 1, 1), end=datetime.date(2006, 1, 1))
    second = client.get(first["next"]).json()
    assert [row["id"] for row in second["results"]] == ids[3:6]


@pytest.mark.django_db
def test_the_lists_own_filters_narrow_the_api_and_a_bad_value_is_refused(
    centre, other_centre, staff_user
):
    _activities(2, centre=centre)
    elsewhere = _activities(3, centre=other_centre)
    client = token_client(token_for(staff_user))
    response = client.get(reverse("api:activity-list"), {"centre": other_centre.pk})
    assert sorted(row["id"] for row in response.json()["results"]) == sorted(
        a.pk for a in elsewhere
    )
    bad = client.get(
        reverse("api:activity-list"), {"start_from": "2006-01-01", "start_to": "2005-01-01"}
    )
    assert bad.status_code == 400
    assert "start_to" in bad.json()


@pytest.mark.django_db
def test_the_trackers_filters_narrow_the_recommendations(staff_user):
    implemented = RecommendationFactory(status="implemented")
    RecommendationFactory(status="not_started")
    client = token_client(token_for(staff_user))
    response = client.get(reverse("api:recommendation-list"), {"status": "implemented"})
    assert [row["id"] for row in response.json()["results"]] == [implemented.pk]


@pytest.mark.django_db
def test_a_user_past_the_rate_limit_is_answered_429_and_another_user_is_not(
    settings, centre, staff_user, hr_officer
):
    settings.UNTOP_API_RATE = "3/minute"
    client = token_client(token_for(staff_user))
    answers = [client.get(reverse("api:project-list")).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert client.get(reverse("api:project-list"))["Retry-After"]
    other = token_client(token_for(hr_officer))
    assert other.get(reverse("api:project-list")).status_code == 200


# -- what a page costs ---------------------------------------------------------------------
def _rows(n: int, *, centre) -> None:
    project = ProjectFactory()
    _activities(n, centre=centre, project=project)
    from programs.models import Indicator, IndicatorTarget, IndicatorValue, MandatePeriod

    period = MandatePeriod.objects.get_or_create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31)
    )[0]
    for i in range(n):
        indicator = Indicator.objects.create(project=project, name=f"Indicator {i}")
        IndicatorTarget.objects.create(indicator=indicator, period=period, target=10)
        IndicatorValue.objects.create(indicator=indicator, period=period, value=i)
        ContributionFactory(pledge__project=project)
        ActionFactory(recommendation=RecommendationFactory()).activities.add(
            *project.activities.all()[:2]
        )


# The queries of a list's page, past the caller's token: the token with its user, the user's
# other tokens, the permissions (user's, groups'), then the page and one per relation.
# A page once its caller's permissions are in the cache (their first request reads them).
QUERIES = {
    "project": 3,
    "activity": 4,
    "indicator": 5,
    "donor": 3,
    "pledge": 3,
    "contribution": 3,
    "recommendation": 6,
}


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", sorted(QUERIES))
def test_a_page_costs_the_same_however_many_rows(endpoint, manager, django_assert_num_queries):
    centre = CentreFactory()
    client = token_client(token_for(manager))
    path = reverse(f"api:{endpoint}-list")
    client.get(path)  # the token's "last used" written once a minute, here
    sizes = []
    for n in (2, 12):
        _rows(n, centre=centre)
        with django_assert_num_queries(QUERIES[endpoint]):
            response = client.get(path, {"page_size": 200})
        assert response.status_code == 200
        sizes.append(len(response.json()["results"]))
    assert sizes[1] > sizes[0]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", sorted(QUERIES))
def test_a_record_costs_what_a_page_does(endpoint, manager, django_assert_num_queries):
    _rows(3, centre=CentreFactory())
    client = token_client(token_for(manager))
    listed = client.get(reverse(f"api:{endpoint}-list")).json()["results"]
    with django_assert_num_queries(QUERIES[endpoint]):
        response = client.get(reverse(f"api:{endpoint}-detail", args=[listed[0]["id"]]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_indicators_come_with_their_targets_and_values_per_period_filtered_by_project(
    hr_officer,
):
    from programs.models import Indicator, IndicatorTarget, IndicatorValue, MandatePeriod

    period = MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), symbol="S/2006/355"
    )
    project, other = ProjectFactory(), ProjectFactory()
    indicator = Indicator.objects.create(project=project, name="Police instructors trained")
    IndicatorTarget.objects.create(indicator=indicator, period=period, target=40)
    IndicatorValue.objects.create(indicator=indicator, period=period, value=40, note="Internal")
    Indicator.objects.create(project=other, name="Another project's")
    client = token_client(token_for(hr_officer))
    rows = client.get(reverse("api:indicator-list"), {"project": project.pk}).json()["results"]
    assert [row["name"] for row in rows] == ["Police instructors trained"]
    assert rows[0]["targets"] == [
        {
            "period": {
                "id": period.pk,
                "start": "2005-06-01",
                "end": "2006-05-31",
                "symbol": "S/2006/355",
            },
            "target": "40.00",
        }
    ]
    assert [(v["period"]["symbol"], v["value"]) for v in rows[0]["values"]] == [
        ("S/2006/355", "40.00")
    ]
    assert "Internal" not in str(rows)


@pytest.mark.django_db
def test_a_donor_gives_its_totals_and_its_pledges_and_contributions_are_lists(manager):
    pledge = PledgeFactory(amount_usd=250_000, pledged_on=datetime.date(2006, 3, 1))
    later = PledgeFactory(
        donor=pledge.donor, amount_usd=50_000, pledged_on=datetime.date(2007, 1, 9)
    )
    PledgeFactory(amount_usd=999_000)  # another donor's
    ContributionFactory(pledge=pledge, amount_usd=100_000)
    client = token_client(token_for(manager))
    donor = pledge.donor

    row = client.get(reverse("api:donor-detail", args=[donor.pk])).json()
    assert (row["pledged_usd"], row["received_usd"]) == ("300000.00", "100000.00")
    assert "pledges" not in row and "contributions" not in row

    pledges = client.get(reverse("api:pledge-list"), {"donor": donor.pk}).json()["results"]
    assert [(p["project"], p["amount_usd"]) for p in pledges] == [
        (later.project.code, "50000.00"),
        (pledge.project.code, "250000.00"),
    ]
    by_project = client.get(reverse("api:pledge-list"), {"project": pledge.project.code})
    assert [p["id"] for p in by_project.json()["results"]] == [pledge.pk]
    contributions = client.get(reverse("api:contribution-list"), {"donor": donor.pk}).json()
    assert [(c["pledge"], c["amount_usd"]) for c in contributions["results"]] == [
        (pledge.pk, "100000.00")
    ]


@pytest.mark.django_db
def test_a_donor_without_pledges_gives_zero(manager):
    from tests.factories import DonorFactory

    donor = DonorFactory()
    row = token_client(token_for(manager)).get(reverse("api:donor-detail", args=[donor.pk]))

    assert (row.json()["pledged_usd"], row.json()["received_usd"]) == ("0.00", "0.00")
