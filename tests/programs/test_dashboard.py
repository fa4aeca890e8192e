"""The staff dashboard and the national dialogue page: their figures, queries and pages."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from programs.charts import dashboard_chart_data, quantile_classes
from programs.dialogue import dialogue_figures
from programs.figures import dashboard_figures
from programs.models import (
    Activity,
    Contribution,
    District,
    Expenditure,
    Indicator,
    IndicatorTarget,
    MandatePeriod,
    Project,
)
from programs.periods import dashboard_period, mandate_periods
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    CentreFactory,
    DonorFactory,
    ParticipantCountFactory,
    PledgeFactory,
    ProjectFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

APPROVED = Activity.Approval.APPROVED
DIALOGUE = Project.Area.NATIONAL_DIALOGUE
CONFLICT = Project.Area.CONFLICT_PREVENTION


@pytest.fixture
def earlier_period():
    return MandatePeriod.objects.create(
        start=datetime.date(2004, 6, 1), end=datetime.date(2005, 5, 31)
    )


@pytest.fixture
def regions():
    return {
        code: RegionFactory(code=code, name_en=name)
        for code, name in [
            ("TJ-SU", "Sughd"),
            ("TJ-KT", "Khatlon"),
            ("TJ-GB", "Gorno-Badakhshan"),
            ("TJ-DU", "Dushanbe"),
            ("TJ-RA", "Districts of Republican Subordination"),
        ]
    }


def _activity(day=datetime.date(2005, 9, 1), counts=(), **fields):
    """An activity (approved unless told) with (category, women, men) counts."""
    fields.setdefault("approval", APPROVED)
    activity = ActivityFactory(start=day, end=day, **fields)
    for category, women, men in counts:
        ParticipantCountFactory(activity=activity, category=category, women=women, men=men)
    return activity


def _by(rows, key, value):
    (row,) = [row for row in rows if row[key] == value]
    return row


# Which period ----------------------------------------------------------------------------


def test_the_dashboard_shows_the_period_containing_today(period, earlier_period):
    periods = mandate_periods()
    today = datetime.date(2005, 2, 1)
    assert dashboard_period(periods=periods, period_id=None, today=today) == earlier_period


def test_else_the_latest_period(period, earlier_period):
    periods = mandate_periods()
    assert periods == [period, earlier_period]
    today = datetime.date(2020, 1, 1)
    assert dashboard_period(periods=periods, period_id=None, today=today) == period
    assert dashboard_period(periods=[], period_id=None, today=today) is None


def test_a_period_can_be_picked_by_id_and_an_unknown_id_is_refused(period, earlier_period):
    periods = mandate_periods()
    today = datetime.date(2006, 1, 1)
    assert (
        dashboard_period(periods=periods, period_id=str(earlier_period.pk), today=today)
        == earlier_period
    )
    for bad in ["999999", "x", "1.5"]:
        with pytest.raises(MandatePeriod.DoesNotExist):
            dashboard_period(periods=periods, period_id=bad, today=today)


# Dashboard figures -----------------------------------------------------------------------


def test_only_held_and_approved_activities_of_the_period_count(period):
    category = CategoryFactory()
    _activity(counts=[(category, 10, 15)])
    _activity(counts=[(category, 2, 3)], kind=Activity.Kind.SEMINAR)
    _activity()  # counted, but nobody recorded
    _activity(counts=[(category, 100, 100)], approval=Activity.Approval.DRAFT)
    _activity(counts=[(category, 100, 100)], approval=Activity.Approval.SUBMITTED)
    _activity(counts=[(category, 100, 100)], status=Activity.Status.CANCELLED)
    _activity(datetime.date(2005, 5, 31), counts=[(category, 100, 100)])
    _activity(datetime.date(2006, 6, 1), counts=[(category, 100, 100)])

    totals = dashboard_figures(period=period)["totals"]

    assert totals == {"activities": 3, "women": 12, "men": 18, "total": 30}


def test_a_draft_does_not_count_until_it_is_approved(period):
    draft = _activity(counts=[(CategoryFactory(), 4, 6)], approval=Activity.Approval.DRAFT)
    assert dashboard_figures(period=period)["totals"]["total"] == 0

    draft.approval = APPROVED
    draft.save()

    assert dashboard_figures(period=period)["totals"] == {
        "activities": 1,
        "women": 4,
        "men": 6,
        "total": 10,
    }


def test_participants_by_mandate_area_lists_every_area(period):
    category = CategoryFactory()
    dialogue, conflict = ProjectFactory(area=DIALOGUE), ProjectFactory(area=CONFLICT)
    _activity(project=dialogue, counts=[(category, 10, 20)])
    _activity(project=dialogue, counts=[(category, 1, 2)])
    _activity(project=conflict, counts=[(category, 5, 5)])
    _activity(project=conflict, counts=[(category, 50, 50)], approval=Activity.Approval.DRAFT)

    by_area = dashboard_figures(period=period)["by_area"]

    assert [row["code"] for row in by_area] == list(Project.Area.values)
    assert _by(by_area, "code", DIALOGUE) == {
        "code": DIALOGUE,
        "name": "National dialogue",
        "activities": 2,
        "women": 11,
        "men": 22,
        "total": 33,
    }
    assert _by(by_area, "code", CONFLICT)["total"] == 10
    assert _by(by_area, "code", Project.Area.POLICE_REFORM)["activities"] == 0


def test_participants_by_centre_lists_every_centre_busiest_first(period):
    category = CategoryFactory()
    khujand, garm, khorog = (
        CentreFactory(name="Khujand"),
        CentreFactory(name="Garm"),
        CentreFactory(name="Khorog"),
    )
    _activity(centre=khujand, counts=[(category, 3, 4)])
    _activity(centre=garm, counts=[(category, 20, 30)])
    _activity(centre=garm, counts=[(category, 1, 1)])
    _activity(centre=khorog, counts=[(category, 99, 99)], approval=Activity.Approval.DRAFT)

    by_centre = [
        row
        for row in dashboard_figures(period=period)["by_centre"]
        if row["name"] in {"Khujand", "Garm", "Khorog"}  # the factories add other centres
    ]

    assert [row["name"] for row in by_centre] == ["Garm", "Khujand", "Khorog"]
    assert by_centre[0] | {"id": None, "town": None} == {
        "id": None,
        "name": "Garm",
        "name_ru": "",
        "name_tg": "",
        "town": None,
        "region__code": "TJ-SU",
        "latitude": None,
        "longitude": None,
        "activities_n": 2,
        "women": 21,
        "men": 31,
        "total": 52,
    }
    assert by_centre[2]["activities_n"] == 0 and by_centre[2]["total"] == 0


def test_participants_by_region_take_the_district_held_in_else_the_centres_region(period, regions):
    category = CategoryFactory()
    khujand = CentreFactory(region=regions["TJ-SU"])
    kulyab = CentreFactory(region=regions["TJ-KT"])
    rasht = District.objects.create(region=regions["TJ-RA"], name_en="Rasht")
    _activity(centre=khujand, counts=[(category, 5, 5)])
    _activity(centre=kulyab, counts=[(category, 1, 2)])
    _activity(centre=kulyab, district=rasht, counts=[(category, 10, 30)])

    figures = dashboard_figures(period=period)
    by_region = {row["code"]: row for row in figures["by_region"]}

    assert set(by_region) == set(regions)
    assert by_region["TJ-SU"]["total"] == 10
    assert by_region["TJ-KT"] | {"name": None, "name_ru": None, "name_tg": None} == {
        "code": "TJ-KT",
        "name": None,
        "name_ru": None,
        "name_tg": None,
        "activities": 1,
        "women": 1,
        "men": 2,
        "total": 3,
    }
    assert by_region["TJ-RA"]["activities"] == 1 and by_region["TJ-RA"]["total"] == 40
    assert by_region["TJ-GB"]["total"] == 0


def test_funding_compares_pledged_and_received_in_the_period_per_donor(period):
    norway, swiss = DonorFactory(name="Norway"), DonorFactory(name="Switzerland")
    quiet = DonorFactory(name="Quiet donor")
    pledge = PledgeFactory(donor=norway, amount_usd=Decimal("505000.00"))
    PledgeFactory(donor=norway, pledged_on=datetime.date(2006, 5, 31), amount_usd=Decimal("5"))
    PledgeFactory(donor=norway, pledged_on=datetime.date(2006, 6, 1), amount_usd=Decimal("7"))
    PledgeFactory(donor=quiet, pledged_on=datetime.date(2005, 5, 1))
    for day, usd in [
        (datetime.date(2006, 4, 1), Decimal("200000")),
        (datetime.date(2006, 4, 2), 1),
    ]:
        Contribution.objects.create(
            donor=norway, pledge=pledge, received_on=day, amount=usd, amount_usd=usd
        )
    Contribution.objects.create(
        donor=swiss, received_on=datetime.date(2005, 7, 1), amount=75, amount_usd=Decimal("75")
    )
    Contribution.objects.create(
        donor=swiss, received_on=datetime.date(2006, 7, 1), amount=75, amount_usd=Decimal("75")
    )

    funding = dashboard_figures(period=period)["funding"]

    assert [(d["name"], d["pledged"], d["received"]) for d in funding["donors"]] == [
        ("Norway", Decimal("505005.00"), Decimal("200001.00")),
        ("Switzerland", Decimal("0"), Decimal("75.00")),
    ]
    assert funding["pledged"] == Decimal("505005.00")
    assert funding["received"] == Decimal("200076.00")


def test_the_dashboard_names_the_ten_largest_donors_and_sums_the_others(period, manager_client):
    for rank in range(12):
        PledgeFactory(
            donor=DonorFactory(name=f"Donor {rank:02}"), amount_usd=Decimal(1000 * (rank + 1))
        )
    # A donor that pledged nothing in the period but gave more than most.
    giver = DonorFactory(name="Giver")
    Contribution.objects.create(
        donor=giver, received_on=datetime.date(2006, 1, 15), amount=5500, amount_usd=5500
    )

    funding = dashboard_figures(period=period)["funding"]

    # Pledged most first, then received most, as before: the giver after the pledgers.
    assert [row["name"] for row in funding["donors"]] == [
        *(f"Donor {rank:02}" for rank in range(11, 2, -1)),
        "Giver",
    ]
    # Donors 00, 01 and 02 pledged 1,000, 2,000 and 3,000; the totals are still every donor's.
    assert funding["other_donors"] == {
        "count": 3,
        "pledged": Decimal("6000.00"),
        "received": Decimal("0.00"),
    }
    assert funding["pledged"] == Decimal(1000 * sum(range(1, 13)))
    assert funding["received"] == Decimal("5500.00")
    chart = dashboard_chart_data(dashboard_figures(period=period))["charts"]["funding"]
    assert chart["labels"][-2:] == ["Giver", "The other 3 donors"]
    assert chart["datasets"][0]["data"][-1] == 6000
    page = manager_client.get(reverse("programs:dashboard"), {"period": period.pk}).text
    assert "Donor 03" in page and "Giver" in page and "Donor 02" not in page
    assert re.search(r'<th scope="row">The other 3 donors</th><td class="num">6,000.00</td>', page)


def test_with_ten_donors_or_fewer_none_is_summed(period):
    for rank in range(10):
        PledgeFactory(donor=DonorFactory(name=f"Donor {rank}"))
    funding = dashboard_figures(period=period)["funding"]
    assert len(funding["donors"]) == 10 and funding["other_donors"] is None


def test_funding_can_be_left_out(period):
    PledgeFactory()
    assert dashboard_figures(period=period, include_funding=False)["funding"] is None


def test_the_dashboard_includes_indicator_progress(period):
    project = ProjectFactory()
    indicator = Indicator.objects.create(
        project=project, name="Meetings held", unit="meetings", rule=Indicator.Rule.ACTIVITIES
    )
    IndicatorTarget.objects.create(indicator=indicator, period=period, target=Decimal("2"))
    _activity(project=project)

    (row,) = dashboard_figures(period=period)["indicators"]

    assert row["indicator"] == indicator and row["actual"] == 1 and row["percent"] == 50


def _fill(n, *, regions, category):
    """n counted activities in the period (and a draft each), pledges, contributions and
    spending."""
    centre = CentreFactory(region=regions["TJ-KT"])
    district = District.objects.create(region=regions["TJ-GB"], name_en=f"District {n}")
    for i in range(n):
        project = ProjectFactory(area=Project.Area.values[i % 5])
        Indicator.objects.create(project=project, name="People", unit="people", rule="participants")
        for approval in (APPROVED, Activity.Approval.DRAFT):
            _activity(
                project=project,
                centre=centre,
                district=district if i % 2 else None,
                approval=approval,
                counts=[(category, 2, 3)],
                kind=Activity.Kind.MEETING,
            )
        pledge = PledgeFactory(project=project, amount_usd=Decimal("10"))
        Contribution.objects.create(
            donor=pledge.donor,
            pledge=pledge,
            received_on=datetime.date(2006, 4, 1),
            amount=10,
            amount_usd=10,
        )
        Expenditure.objects.create(
            project=project,
            category=Expenditure.Category.EVENTS,
            spent_on=datetime.date(2006, 4, 1),
            amount=Decimal("7"),
        )


def _targets(period, target="100"):
    """A target for the period of each indicator that has none."""
    for indicator in Indicator.objects.filter(targets__isnull=True):
        IndicatorTarget.objects.create(indicator=indicator, period=period, target=target)


def test_dashboard_figures_run_a_fixed_number_of_queries(
    period, regions, django_assert_num_queries
):
    category = CategoryFactory()
    _fill(2, regions=regions, category=category)
    # No target: every indicator is unmeasured and none needs attention.
    figures = dashboard_figures(period=period)
    assert figures["indicator_counts"]["all"] == figures["indicator_counts"]["unmeasured"] == 2
    assert figures["indicators"] == []
    _targets(period)
    # The summary rows summed per area, centre and region (1: the totals, areas, centres and
    # regions are theirs added up), the centres and the regions listed (2), age and
    # disability (2), funding (3), budget against actual (3), the indicators' standings (2)
    # and the progress of those needing attention (6).
    with django_assert_num_queries(19):
        dashboard_figures(period=period)
    _fill(15, regions=regions, category=category)
    _targets(period)
    with django_assert_num_queries(19):
        figures = dashboard_figures(period=period)
    assert figures["totals"] == {"activities": 17, "women": 34, "men": 51, "total": 85}
    assert figures["funding"]["pledged"] == Decimal("170.00")
    # Five people of a hundred each: all behind, the first ten shown.
    assert figures["indicator_counts"]["all"] == figures["indicator_counts"]["behind"] == 17
    assert [row["percent"] for row in figures["indicators"]] == [Decimal("5.0")] * 10
    assert (figures["budget"]["spent"], figures["budget"]["projects"]) == (Decimal("119"), 17)
    with django_assert_num_queries(16):
        dashboard_figures(period=period, include_funding=False)
    with django_assert_num_queries(13):
        dashboard_figures(period=period, include_funding=False, include_budget=False)


# National dialogue -----------------------------------------------------------------------


def test_dialogue_counts_only_approved_held_meetings_of_dialogue_projects(regions):
    officials, activists = CategoryFactory(name="Officials"), CategoryFactory(name="Activists")
    dialogue, conflict = ProjectFactory(area=DIALOGUE), ProjectFactory(area=CONFLICT)
    sughd, khatlon = CentreFactory(region=regions["TJ-SU"]), CentreFactory(region=regions["TJ-KT"])
    _activity(project=dialogue, centre=sughd, counts=[(officials, 9, 22), (activists, 8, 21)])
    _activity(project=dialogue, centre=khatlon, counts=[(officials, 1, 1)])
    # Not counted: a seminar of the dialogue project, a meeting of another area, a draft,
    # a cancelled meeting.
    _activity(project=dialogue, kind=Activity.Kind.SEMINAR, counts=[(officials, 50, 50)])
    _activity(project=conflict, counts=[(officials, 50, 50)])
    _activity(project=dialogue, counts=[(officials, 50, 50)], approval=Activity.Approval.DRAFT)
    _activity(project=dialogue, counts=[(officials, 50, 50)], status=Activity.Status.CANCELLED)

    figures = dialogue_figures()

    assert figures["totals"] | {"first": None, "last": None} == {
        "meetings": 2,
        "regions": 2,
        "women": 18,
        "men": 44,
        "total": 62,
        "first": None,
        "last": None,
    }
    by_region = {row["code"]: row for row in figures["by_region"]}
    assert (by_region["TJ-SU"]["activities"], by_region["TJ-SU"]["total"]) == (1, 60)
    assert (by_region["TJ-KT"]["activities"], by_region["TJ-KT"]["total"]) == (1, 2)
    assert by_region["TJ-GB"]["activities"] == 0


def test_in_a_period_the_mix_is_three_months_at_a_time_with_empty_spans_shown(period):
    officials, activists = CategoryFactory(name="Officials"), CategoryFactory(name="Activists")
    project = ProjectFactory(area=DIALOGUE)
    _activity(datetime.date(2005, 7, 5), project=project, counts=[(officials, 10, 20)])
    _activity(datetime.date(2005, 8, 31), project=project, counts=[(activists, 1, 1)])
    _activity(datetime.date(2006, 5, 31), project=project, counts=[(activists, 5, 5)])
    # Outside the period: not counted.
    _activity(datetime.date(2006, 6, 1), project=project, counts=[(officials, 50, 50)])

    figures = dialogue_figures(period=period)
    mix = figures["mix"]

    assert figures["totals"]["meetings"] == 3 and figures["totals"]["total"] == 42
    assert [c["name"] for c in mix["categories"]] == ["Officials", "Activists"]
    assert [c["total"] for c in mix["categories"]] == [30, 12]
    assert [(row["label"], row["cells"], row["total"]) for row in mix["rows"]] == [
        ("Jun–Aug 2005", [30, 2], 32),
        ("Sep–Nov 2005", [0, 0], 0),
        ("Dec 2005–Feb 2006", [0, 0], 0),
        ("Mar–May 2006", [0, 10], 10),
    ]
    assert mix["rows"][0]["start"] == datetime.date(2005, 6, 1)


def test_over_every_year_the_mix_is_per_mandate_period(period, earlier_period):
    category = CategoryFactory(name="Officials")
    project = ProjectFactory(area=DIALOGUE, start=datetime.date(2000, 6, 1))
    _activity(datetime.date(2004, 6, 1), project=project, counts=[(category, 1, 1)])
    _activity(datetime.date(2006, 5, 31), project=project, counts=[(category, 2, 2)])
    _activity(datetime.date(2001, 3, 1), project=project, counts=[(category, 3, 3)])

    mix = dialogue_figures(periods=[period, earlier_period])["mix"]

    assert [(row["label"], row["cells"], row["total"]) for row in mix["rows"]] == [
        ("2004–05", [2], 2),
        ("2005–06", [4], 4),
        ("Outside the recorded mandate periods", [6], 6),
    ]


def test_outside_the_periods_shows_only_when_someone_took_part_there(period):
    category = CategoryFactory()
    _activity(
        datetime.date(2005, 9, 1), project=ProjectFactory(area=DIALOGUE), counts=[(category, 1, 1)]
    )

    mix = dialogue_figures(periods=[period])["mix"]

    assert [row["label"] for row in mix["rows"]] == ["2005–06"]


def test_dialogue_figures_without_meetings_are_zero_and_empty(regions):
    figures = dialogue_figures()
    assert figures["totals"]["meetings"] == 0 and figures["totals"]["total"] == 0
    assert figures["mix"]["rows"] == [] and figures["mix"]["categories"] == []
    assert len(figures["by_region"]) == 5


def test_dialogue_figures_run_a_fixed_number_of_queries(
    period, earlier_period, regions, django_assert_num_queries
):
    category = CategoryFactory()
    _fill(2, regions=regions, category=category)
    periods = [period, earlier_period]
    # Totals with each period's, regions (2), and the mix: cells, category totals.
    with django_assert_num_queries(5):
        dialogue_figures(periods=periods)
    with django_assert_num_queries(5):
        dialogue_figures(period=period)
    _fill(20, regions=regions, category=category)
    with django_assert_num_queries(5):
        figures = dialogue_figures(periods=periods)
    assert figures["totals"]["meetings"] == 5  # one in five projects is a dialogue project
    assert figures["mix"]["rows"][-1]["total"] == 25


# The pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("client_fixture", ["staff_client", "manager_client"])
@pytest.mark.parametrize("page", ["programs:dashboard", "programs:dialogue"])
def test_staff_and_managers_see_the_pages(request, period, regions, client_fixture, page):
    client = request.getfixturevalue(client_fixture)
    _activity(project=ProjectFactory(area=DIALOGUE), counts=[(CategoryFactory(), 7, 8)])

    response = client.get(reverse(page))

    assert response.status_code == 200
    assert "© OpenStreetMap contributors; boundaries via geoBoundaries" in response.text
    assert 'id="chart-data" type="application/json"' in response.text
    assert 'data-geojson-url="/static/data/tajikistan-adm1.geojson"' in response.text


def test_the_dashboard_shows_the_periods_figures_and_a_period_switch(
    manager_client, period, earlier_period
):
    _activity(counts=[(CategoryFactory(), 1200, 34)])
    _activity(datetime.date(2005, 1, 10), counts=[(CategoryFactory(), 3, 4)])

    response = manager_client.get(reverse("programs:dashboard"), {"period": period.pk})

    assert response.status_code == 200
    assert response.context["period"] == period
    assert "1,234" in response.text
    assert f'<option value="{earlier_period.pk}">' in response.text
    assert f'<option value="{period.pk}" selected>' in response.text

    earlier = manager_client.get(reverse("programs:dashboard"), {"period": earlier_period.pk})
    assert earlier.context["figures"]["totals"]["total"] == 7


@pytest.mark.parametrize("bad", ["999999", "not-a-number"])
def test_an_unknown_period_is_not_found(staff_client, period, bad):
    response = staff_client.get(reverse("programs:dashboard"), {"period": bad})
    assert response.status_code == 404


def test_without_any_period_the_dashboard_says_so(staff_client):
    response = staff_client.get(reverse("programs:dashboard"))
    assert response.status_code == 200
    assert "No mandate period is recorded yet" in response.text
    assert "chart.umd.min.js" not in response.text


@pytest.mark.parametrize("page", ["programs:dashboard", "programs:dialogue"])
def test_anonymous_visitors_are_sent_to_sign_in(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_signing_in_and_the_home_page_lead_to_the_dashboard(client, staff_user):
    response = client.post(
        reverse("login"), {"username": "staff", "password": "a-long-test-password"}
    )
    # Signing in leads to the portal's root, which sends staff to their dashboard.
    assert response.url == reverse("home")
    assert client.get(response.url).url == reverse("programs:dashboard")


def test_only_managers_see_the_donors_money(staff_client, manager_client, period):
    PledgeFactory(donor=DonorFactory(name="Norway (illustrative)"))
    manager_page = manager_client.get(reverse("programs:dashboard")).text
    staff_page = staff_client.get(reverse("programs:dashboard")).text
    assert "Norway (illustrative)" in manager_page and "Pledged (US$)" in manager_page
    assert "Norway (illustrative)" not in staff_page and "Pledged" not in staff_page


def test_the_dashboard_figure_changes_when_an_activity_is_approved(
    staff_client, manager_client, centre, period
):
    activity = _activity(
        centre=centre, approval=Activity.Approval.DRAFT, counts=[(CategoryFactory(), 400, 321)]
    )
    url = reverse("programs:dashboard")
    assert manager_client.get(url).context["figures"]["totals"]["total"] == 0

    staff_client.post(reverse("programs:activity_submit", args=[activity.pk]))
    assert manager_client.get(url).context["figures"]["totals"]["total"] == 0
    manager_client.post(reverse("programs:activity_approve", args=[activity.pk]))

    response = manager_client.get(url)
    assert response.context["figures"]["totals"] == {
        "activities": 1,
        "women": 400,
        "men": 321,
        "total": 721,
    }
    assert "721" in response.text


@pytest.mark.parametrize("page", ["programs:dashboard", "programs:dialogue"])
def test_the_pages_load_nothing_from_another_host(manager_client, period, regions, page):
    _activity(project=ProjectFactory(area=DIALOGUE), counts=[(CategoryFactory(), 1, 1)])
    html = manager_client.get(reverse(page)).text

    sources = re.findall(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]*)"', html)
    assert any(src.endswith("chart.umd.min.js") for src in sources)
    assert any(src.endswith("leaflet.js") for src in sources)
    assert all(src.startswith("/") and not src.startswith("//") for src in sources), sources
    assert "http://" not in html and "https://" not in html
    assert "<script>" not in html and " style=" not in html  # nothing inline (CSP)


# Session, user and the session's second-factor device (3; the permissions come from the
# cache once read), the menu's count of activities waiting for approval (1, cached until the
# data changes), the periods (1), then the dashboard's figures (19, budget against actual
# included) and the activities returned to the user's centre (1), or the dialogue page's
# figures (5).
@pytest.mark.parametrize("page,queries", [("programs:dashboard", 25), ("programs:dialogue", 10)])
def test_the_pages_run_a_fixed_number_of_queries(
    manager_client, period, regions, page, queries, django_assert_num_queries
):
    category = CategoryFactory()
    _fill(2, regions=regions, category=category)
    _targets(period)
    manager_client.get(reverse("home"))  # the permissions, read once and kept in the cache
    with django_assert_num_queries(queries):
        assert manager_client.get(reverse(page)).status_code == 200
    _fill(15, regions=regions, category=category)
    _targets(period)
    with django_assert_num_queries(queries):
        assert manager_client.get(reverse(page)).status_code == 200


def test_the_dialogue_page_shows_a_mandate_period_or_every_year(
    manager_client, period, earlier_period, regions
):
    project = ProjectFactory(area=DIALOGUE, start=datetime.date(2004, 6, 1))
    _activity(datetime.date(2004, 9, 1), project=project, counts=[(CategoryFactory(), 3, 4)])
    _activity(datetime.date(2005, 9, 1), project=project, counts=[(CategoryFactory(), 10, 20)])
    url = reverse("programs:dialogue")

    current = manager_client.get(url)  # today is past both periods: the latest
    earlier = manager_client.get(url, {"period": earlier_period.pk})
    every_year = manager_client.get(url, {"period": "all"})

    assert current.context["period"] == period
    assert current.context["figures"]["totals"]["total"] == 30
    assert f'<option value="{period.pk}" selected>' in current.text
    assert earlier.context["figures"]["totals"]["total"] == 7
    assert every_year.context["period"] is None
    assert every_year.context["figures"]["totals"]["total"] == 37
    assert '<option value="all" selected>All years</option>' in every_year.text
    assert [row["label"] for row in every_year.context["figures"]["mix"]["rows"]] == [
        "2004–05",
        "2005–06",
    ]
    assert manager_client.get(url, {"period": "999999"}).status_code == 404


def test_the_charts_bars_are_sorted_by_value_and_every_one_labelled(period, regions):
    category = CategoryFactory()
    small, large = CentreFactory(name="Small centre"), CentreFactory(name="Large centre")
    _activity(centre=small, project=ProjectFactory(area=CONFLICT), counts=[(category, 1, 1)])
    _activity(centre=large, project=ProjectFactory(area=DIALOGUE), counts=[(category, 50, 50)])
    for rank in range(10):
        PledgeFactory(
            donor=DonorFactory(name=f"Donor {rank}"), amount_usd=Decimal(1000 * (rank + 1))
        )

    charts = dashboard_chart_data(dashboard_figures(period=period))["charts"]

    assert charts["centres"]["labels"] == ["Large centre", "Small centre"]
    assert charts["funding"]["labels"] == [f"Donor {rank}" for rank in range(9, -1, -1)]
    # Every area is a bar, the busiest first.
    assert charts["areas"]["labels"][:2] == ["National dialogue", "Conflict prevention training"]
    assert len(charts["areas"]["labels"]) == len(Project.Area.values)


@pytest.mark.parametrize(
    "values,classes",
    [
        ([0, 0, 0], []),
        ([7, 1040, 1299, 26406, 0], [(7, 7), (1040, 1040), (1299, 1299), (26406, 26406)]),
        ([5, 5, 5, 9], [(5, 5), (9, 9)]),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]),
    ],
)
def test_the_map_shades_regions_by_quantiles(values, classes):
    assert quantile_classes(values) == classes


def test_the_map_places_each_centre_at_its_coordinates_and_leaves_out_one_without(period, regions):
    category = CategoryFactory()
    khorog = CentreFactory(
        name="Khorog centre",
        town="Khorog",
        latitude=Decimal("37.4897"),
        longitude=Decimal("71.553"),
    )
    _activity(centre=khorog, counts=[(category, 1, 2)])
    # A centre not yet placed is left off the map, without an error; its table lists it.
    _activity(centre=CentreFactory(name="Unplaced", town="Khorog"), counts=[(category, 1, 2)])

    figures = dashboard_figures(period=period)
    region_map = dashboard_chart_data(figures)["map"]

    assert [(c["name"], c["lat"], c["lon"]) for c in region_map["centres"]] == [
        ("Khorog centre", 37.4897, 71.553)
    ]
    assert region_map["centres"][0]["tooltip"] == "Khorog centre: 1 activity, 3 participants"
    assert "Unplaced" in [row["name"] for row in figures["by_centre"]]
