"""The staff pages: who may open them, what they show, fixed queries, and the forms."""

import datetime
import html
import re

import pytest
from django.conf import settings
from django.urls import reverse

from elections.models import Briefing, Milestone, Recommendation
from elections.views import BRIEFINGS_PER_PAGE, ELECTIONS_PER_PAGE
from programs.models import Activity
from programs.rules import Rule
from programs.services import activity_approve
from tests.elections.factories import (
    BriefingFactory,
    ElectionFactory,
    ElectionsProjectFactory,
    MilestoneFactory,
    MinistryFactory,
    OutputFactory,
    PlannedBriefingFactory,
    RecommendationFactory,
)
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    ParticipantCountFactory,
    user_with_role,
)
from untop import roles

pytestmark = pytest.mark.django_db
DAY = datetime.date(2006, 11, 6)


def _election(n: int = 1):
    election = ElectionFactory()
    category = CategoryFactory(code="poll-workers")
    for i in range(n):
        MilestoneFactory(
            election=election, title=f"Registration {i}", actual=datetime.date(2006, 10, 6)
        )
        output = OutputFactory(component__election=election, name=f"Poll workers {i}", target=200)
        output.categories.add(category)
        activity = ActivityFactory(approval="approved", title=f"Training {i}")
        ParticipantCountFactory(activity=activity, category=category, women=50, men=100)
        output.activities.add(activity)
        RecommendationFactory(mission__election=election, text=f"Train poll workers {i}")
    return election


@pytest.mark.parametrize(
    "name,args",
    [
        ("elections:election_list", []),
        ("elections:briefing_list", []),
    ],
)
def test_staff_and_managers_open_the_pages_others_get_403(
    name, args, staff_client, manager_client, client, hr_officer
):
    client.force_login(hr_officer)
    assert staff_client.get(reverse(name, args=args)).status_code == 200
    assert manager_client.get(reverse(name, args=args)).status_code == 200
    assert client.get(reverse(name, args=args)).status_code == 403


def test_the_election_page_shows_countdown_calendar_outputs_and_recommendations(manager_client):
    election = _election()

    response = manager_client.get(reverse("elections:election_detail", args=[election.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Held " in text and "days ago" in text
    assert "Registration 0" in text
    assert "Poll workers 0" in text and "150 people" in text and "75%" in text
    assert "Train poll workers 0" in text
    assert "Save the date" in text  # managers may change the calendar


def test_staff_see_the_election_without_the_forms(staff_client, hr_officer, client):
    election = _election()

    text = staff_client.get(reverse("elections:election_detail", args=[election.pk])).content
    client.force_login(hr_officer)

    assert b"Save the date" not in text and b"Update" not in text
    assert client.get(reverse("elections:election_detail", args=[election.pk])).status_code == 403


def test_an_unknown_election_is_not_found(manager_client):
    assert manager_client.get(reverse("elections:election_detail", args=[999])).status_code == 404


@pytest.mark.parametrize("n", [1, 4])
def test_the_election_page_runs_a_fixed_number_of_queries(
    n, manager_client, django_assert_num_queries
):
    election = _election(n)
    url = reverse("elections:election_detail", args=[election.pk])
    # session, user, second factor, permissions (2), election, milestones, outputs and their
    # activities, recommendations, missions without any, projects, and the menu's count of
    # approvals waiting (cached once read)
    with django_assert_num_queries(13):
        assert manager_client.get(url).status_code == 200


@pytest.mark.parametrize("n", [1, 4])
def test_the_election_list_runs_a_fixed_number_of_queries(
    n, manager_client, django_assert_num_queries
):
    for _ in range(n):
        _election()
    url = reverse("elections:election_list")

    # ..., the elections counted and a page of them, and the menu's count of approvals
    # waiting (cached once read)
    with django_assert_num_queries(8):
        assert manager_client.get(url).status_code == 200


def test_the_elections_are_listed_a_page_at_a_time_latest_first(manager_client):
    for n in range(ELECTIONS_PER_PAGE + 2):
        ElectionFactory(
            title=f"Election no. {n}",
            election_day=datetime.date(1995, 1, 1) + datetime.timedelta(n),
        )
    url = reverse("elections:election_list")

    one = manager_client.get(url).text
    two = manager_client.get(url, {"page": 2}).text

    last = ELECTIONS_PER_PAGE + 1
    assert f"Election no. {last}<" in one and "Election no. 1<" not in one
    assert "Election no. 0<" in two and "Election no. 1<" in two and "Election no. 2<" not in two
    assert "Page 1 of 2" in one and "Page 2 of 2" in two
    assert 'href="?page=2" rel="next"' in one


def test_a_manager_records_the_actual_date_of_a_milestone(manager_client):
    milestone = MilestoneFactory()

    response = manager_client.post(
        reverse("elections:milestone_actual", args=[milestone.pk]),
        {"actual": milestone.planned.isoformat()},
    )

    milestone.refresh_from_db()
    assert response.status_code == 302 and milestone.actual == milestone.planned


def test_a_milestone_date_is_typed_and_shown_as_the_reader_s_language_writes_it(manager_client):
    milestone = MilestoneFactory()
    manager_client.post(reverse("language_set"), {"language": "ru"})
    day = milestone.planned

    manager_client.post(
        reverse("elections:milestone_actual", args=[milestone.pk]), {"actual": f"{day:%d.%m.%Y}"}
    )
    milestone.refresh_from_db()
    assert milestone.actual == day
    page = manager_client.get(
        reverse("elections:election_detail", args=[milestone.election_id])
    ).content.decode()
    assert f'value="{day:%d.%m.%Y}"' in page and 'type="date"' not in page

    response = manager_client.post(
        reverse("elections:milestone_actual", args=[milestone.pk]),
        {"actual": "31.02.2006"},
        follow=True,
    )
    assert "«31.02.2006» — не дата" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.actual == day


def test_a_milestone_date_after_election_day_is_refused_with_a_message(manager_client):
    milestone = MilestoneFactory()
    late = milestone.election.election_day + datetime.timedelta(3)

    response = manager_client.post(
        reverse("elections:milestone_actual", args=[milestone.pk]),
        {"actual": late.isoformat()},
        follow=True,
    )

    assert "must come before election day" in response.content.decode()
    assert Milestone.objects.get().actual is None


def test_staff_may_not_post_milestones_or_follow_ups(staff_client):
    milestone, recommendation = MilestoneFactory(), RecommendationFactory()

    assert (
        staff_client.post(
            reverse("elections:milestone_actual", args=[milestone.pk]), {"actual": ""}
        ).status_code
        == 403
    )
    assert (
        staff_client.post(
            reverse("elections:recommendation_follow_up", args=[recommendation.pk]),
            {"follow_up": "implemented"},
        ).status_code
        == 403
    )


def test_a_manager_updates_a_recommendations_follow_up(manager_client):
    recommendation = RecommendationFactory()

    manager_client.post(
        reverse("elections:recommendation_follow_up", args=[recommendation.pk]),
        {"follow_up": "in_progress", "follow_up_note": "Under way"},
    )

    assert Recommendation.objects.get().follow_up == "in_progress"


def test_a_bad_follow_up_changes_nothing(manager_client):
    recommendation = RecommendationFactory()

    response = manager_client.post(
        reverse("elections:recommendation_follow_up", args=[recommendation.pk]),
        {"follow_up": "someday"},
        follow=True,
    )

    assert "Choose a follow-up status" in response.content.decode()
    assert Recommendation.objects.get().follow_up == "open"


def test_posting_to_unknown_records_is_not_found(manager_client):
    assert manager_client.post(reverse("elections:milestone_actual", args=[9])).status_code == 404
    assert (
        manager_client.post(reverse("elections:recommendation_follow_up", args=[9])).status_code
        == 404
    )


def test_the_election_page_and_the_briefing_form_name_projects_in_the_readers_language(
    manager_client,
):
    election = ElectionFactory()
    translated = ElectionsProjectFactory(
        code="EL-CEC", title="Support to the election commission", title_ru="Поддержка ЦКВР"
    )
    untranslated = ElectionsProjectFactory(code="EL-MED", title="Media and elections")
    election.projects.add(translated, untranslated)
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    page = manager_client.get(reverse("elections:election_detail", args=[election.pk])).text
    assert "EL-CEC Поддержка ЦКВР" in page and "Support to the election commission" not in page
    assert "EL-MED Media and elections" in page  # no Russian title: the English one
    form = manager_client.get(reverse("elections:briefing_add")).text
    select = re.search(r'<select name="project".*?</select>', form, re.S).group(0)
    assert re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select) == [
        "EL-CEC Поддержка ЦКВР",
        "EL-MED Media and elections",
    ]
    found = manager_client.get(reverse("elections:briefing_project_options")).json()["results"]
    assert [row["text"] for row in found] == ["EL-CEC Поддержка ЦКВР", "EL-MED Media and elections"]


def _briefing_data(ministry, project, centre, **overrides):
    data = {
        "ministry": ministry.pk,
        "day": "2006-03-02",
        "topic": "Vaccination campaign",
        "journalists_women": "12",
        "journalists_men": "18",
        "project": project.pk,
        "centre": centre.pk,
    }
    data.update(overrides)
    return data


def test_a_managers_briefing_counts_once_another_manager_approves_it(manager_client, centre):
    CategoryFactory(code="journalists")
    ministry, project = (
        MinistryFactory(partner__name="Ministry of Health"),
        ElectionsProjectFactory(),
    )
    PlannedBriefingFactory(ministry=ministry, day=datetime.date(2006, 3, 2))
    url = reverse("elections:briefing_list") + "?start=2006-01-01&end=2006-12-31"
    assert "0%" in manager_client.get(url).content.decode()

    response = manager_client.post(
        reverse("elections:briefing_add"), _briefing_data(ministry, project, centre), follow=True
    )

    assert response.redirect_chain == [
        (reverse("elections:ministry_calendar", args=[ministry.pk]), 302)
    ]
    assert "submitted: it counts once another programme manager approves" in response.text
    text = manager_client.get(url).content.decode()
    assert "0%" in text and "Vaccination campaign" in text and "Submitted" in text
    # Separation of duties: another manager approves it, and then it counts.
    activity = Briefing.objects.get().activity
    activity_approve(
        activity=activity,
        acting_user=user_with_role(roles.PROGRAMME_MANAGER, username="manager2"),
    )
    assert "100%" in manager_client.get(url).content.decode()


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("journalists_men", "-3", "A count cannot be negative."),
        ("day", "2009-01-01", "The activity must fall within its project's dates"),
        ("topic", "", "This field is required."),
    ],
)
def test_a_bad_briefing_gets_a_message_and_nothing_is_saved(
    manager_client, centre, field, value, message
):
    CategoryFactory(code="journalists")
    data = _briefing_data(MinistryFactory(), ElectionsProjectFactory(), centre, **{field: value})

    response = manager_client.post(reverse("elections:briefing_add"), data)

    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not Briefing.objects.exists()


def test_staff_can_only_choose_their_own_centre(staff_client, centre, other_centre):
    CategoryFactory(code="journalists")
    data = _briefing_data(MinistryFactory(), ElectionsProjectFactory(), other_centre)

    response = staff_client.post(reverse("elections:briefing_add"), data)

    assert response.status_code == 400 and not Briefing.objects.exists()


def test_those_without_the_permission_may_not_record_briefings(client, hr_officer):
    client.force_login(hr_officer)

    assert client.get(reverse("elections:briefing_add")).status_code == 403


@pytest.mark.parametrize("n", [1, 4])
def test_the_briefing_page_runs_a_fixed_number_of_queries(
    n, manager_client, django_assert_num_queries
):
    for _ in range(n):
        briefing = BriefingFactory()
        PlannedBriefingFactory(ministry=briefing.ministry)

    # session, user, second factor, permissions (2), ministries' figures, the briefings
    # counted and a page of them, and the menu's count of approvals waiting (cached once read)
    with django_assert_num_queries(9):
        response = manager_client.get(reverse("elections:briefing_list"))
    assert len(response.context["rows"]) == n


def test_the_briefings_are_listed_a_page_at_a_time(manager_client):
    ministry = MinistryFactory(partner__name="Ministry of Health")
    first = datetime.date(2006, 1, 2)
    for day in range(BRIEFINGS_PER_PAGE + 3):
        BriefingFactory(
            ministry=ministry,
            topic=f"Briefing no. {day}",
            activity__start=first + datetime.timedelta(day),
            activity__end=first + datetime.timedelta(day),
        )
    url = reverse("elections:briefing_list")

    one = manager_client.get(url, {"start": "2006-01-01", "end": "2006-12-31"}).text
    two = manager_client.get(url, {"start": "2006-01-01", "end": "2006-12-31", "page": 2}).text

    assert f"{BRIEFINGS_PER_PAGE + 3} briefings" in one
    # Newest first: the last three days' briefings on page 1, the first three on page 2.
    last = BRIEFINGS_PER_PAGE + 2
    assert f"Briefing no. {last}<" in one and "Briefing no. 0<" not in one
    assert "Briefing no. 0<" in two and f"Briefing no. {last}<" not in two
    assert "Page 2 of 2" in two
    # The next page keeps the period chosen.
    assert "?start=2006-01-01&amp;end=2006-12-31&amp;page=2" in one


@pytest.mark.parametrize("n", [1, 4])
def test_the_ministry_calendar_runs_a_fixed_number_of_queries(
    n, staff_client, django_assert_num_queries
):
    ministry = MinistryFactory(partner__name="Ministry of Justice")
    for i in range(n):
        PlannedBriefingFactory(
            ministry=ministry, day=datetime.date(2006, 1, 2) + datetime.timedelta(i)
        )
        BriefingFactory(
            ministry=ministry,
            activity__start=datetime.date(2006, 6, 1) + datetime.timedelta(i),
            activity__end=datetime.date(2006, 6, 1) + datetime.timedelta(i),
        )
    url = reverse("elections:ministry_calendar", args=[ministry.pk]) + "?year=2006"

    # session, user, second factor, permissions (2), the ministry, its figures and years,
    # the year's planned and held briefings
    with django_assert_num_queries(10):
        response = staff_client.get(url)

    assert response.status_code == 200
    assert response.context["record"]["held_count"] == n
    assert len(response.context["days"]) == 2 * n

    # The figures and years, sums over the ministry's whole record, are cached until the
    # data changes (and the permissions once read).
    with django_assert_num_queries(6):
        again = staff_client.get(url)
    assert again.context["record"] == response.context["record"]
    PlannedBriefingFactory(ministry=ministry, day=datetime.date(2007, 3, 1))
    with django_assert_num_queries(8):
        after = staff_client.get(url)
    assert after.context["record"]["years"] == [2006, 2007]


def _calendar_rows(response) -> list[str]:
    """The calendar's rows as a reader sees them: the date cell of each."""
    return re.findall(r"<tr[^>]*>\s*<td>([^<]+)</td>", response.content.decode())


def test_the_ministry_calendar_shows_a_year_at_a_time(staff_client, monkeypatch):
    monkeypatch.setattr("elections.views._today", lambda: datetime.date(2006, 9, 1))
    ministry = MinistryFactory(partner__name="Ministry of Justice")
    PlannedBriefingFactory(ministry=ministry, day=datetime.date(2005, 3, 2), topic="Old plan")
    PlannedBriefingFactory(ministry=ministry, day=datetime.date(2006, 2, 1), topic="Budget")
    PlannedBriefingFactory(ministry=ministry, day=datetime.date(2006, 3, 1), topic="Courts")
    BriefingFactory(ministry=ministry, topic="The budget law")  # held 1 February 2006
    BriefingFactory(  # held on 1 March too, but not approved yet: shown, not counted
        ministry=ministry,
        topic="The courts",
        activity__start=datetime.date(2006, 3, 1),
        activity__end=datetime.date(2006, 3, 1),
        activity__approval=Activity.Approval.SUBMITTED,
    )
    url = reverse("elections:ministry_calendar", args=[ministry.pk])

    # This year first, with its own figures; the ministry's totals stay those of all years.
    page = staff_client.get(url)
    text = page.content.decode()
    assert _calendar_rows(page) == ["Wed 1 Feb 2006", "Wed 1 Mar 2006"]
    assert "2006: 2 briefings planned, 1 held" in text
    assert "The courts" in text  # its row, with its approval
    assert "Old plan" not in text
    assert '<a href="?year=2005">2005</a>' in text
    assert '<a href="?year=2006" aria-current="page">2006</a>' in text
    assert page.context["record"]["planned_count"] == 3

    earlier = staff_client.get(url + "?year=2005")
    assert _calendar_rows(earlier) == ["Wed 2 Mar 2005"]
    assert "2005: 1 briefing planned, 0 held" in earlier.content.decode()


def test_a_year_without_briefings_is_refused_with_a_message(staff_client, monkeypatch):
    monkeypatch.setattr("elections.views._today", lambda: datetime.date(2006, 9, 1))
    ministry = MinistryFactory()
    PlannedBriefingFactory(ministry=ministry, day=datetime.date(2006, 2, 1))
    url = reverse("elections:ministry_calendar", args=[ministry.pk])

    for asked in ("1999", "next"):
        response = staff_client.get(url + f"?year={asked}")

        assert response.status_code == 200
        assert (
            f"The ministry planned and held no briefing in {asked}: choose one of the years listed."
        ) in response.content.decode()
        assert _calendar_rows(response) == ["Wed 1 Feb 2006"]  # the year it opens on


def test_a_ministry_without_briefings_says_so(staff_client):
    ministry = MinistryFactory()

    response = staff_client.get(reverse("elections:ministry_calendar", args=[ministry.pk]))

    assert "No briefings planned or held." in response.content.decode()
    assert response.context["years"] == []


def test_an_unknown_ministry_is_not_found(staff_client):
    assert staff_client.get(reverse("elections:ministry_calendar", args=[1])).status_code == 404


def test_a_bad_period_gets_a_message(manager_client):
    response = manager_client.get(
        reverse("elections:briefing_list") + "?start=2006-05-01&end=2006-01-01"
    )

    assert str(Rule.DATES_IN_ORDER.value) in response.content.decode()


def test_the_ministries_regularity_names_them_in_the_readers_language_and_order(staff_client):
    for english, russian in (
        ("Ministry of Health", "Министерство здравоохранения"),
        ("Ministry of Justice", "Министерство юстиции"),
        ("Prosecutor-General's Office", "Генеральная прокуратура"),
    ):
        ministry = MinistryFactory(partner__name=english, partner__name_ru=russian)
        PlannedBriefingFactory(ministry=ministry, day=datetime.date(2006, 3, 2))
    url = reverse("elections:briefing_list") + "?start=2006-01-01&end=2006-12-31"

    def names(language: str) -> list[str]:
        staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = staff_client.get(url).text
        table = page[page.index("<tbody>") : page.index("</tbody>")]
        return [
            html.unescape(name)
            for name in re.findall(r'<td><a href="/elections/[^"]*">([^<]*)</a></td>', table)
        ]

    # The figures are cached once for both readers; each reads them in their order.
    assert names("en") == [
        "Ministry of Health",
        "Ministry of Justice",
        "Prosecutor-General's Office",
    ]
    assert names("ru") == [
        "Генеральная прокуратура",
        "Министерство здравоохранения",
        "Министерство юстиции",
    ]
