"""The activity pages: list, add, edit and view, with the centre rules of each role."""

import datetime

import pytest
from django.urls import reverse

from programs.models import Activity, ActivityComment, ParticipantCount, Partner
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    ParticipantCountFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def _form_data(project, centre, categories=(), **overrides):
    data = {
        "project": project.pk,
        "kind": "seminar",
        "title": "Seminar on conflict management",
        "start": "2005-10-10",
        "end": "2005-10-11",
        "centre": centre.pk,
        "status": "held",
        "narrative": "Community leaders and educators of the district.",
        "participants-TOTAL_FORMS": "3",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
    }
    for i, (category, women, men) in enumerate(categories):
        data[f"participants-{i}-category"] = category.pk
        data[f"participants-{i}-women"] = women
        data[f"participants-{i}-men"] = men
    data.update(overrides)
    return data


def test_staff_add_an_activity_with_participants_at_their_centre(staff_client, staff_user, centre):
    project = ProjectFactory()
    leaders, educators = (
        CategoryFactory(name="Community leaders"),
        CategoryFactory(name="Educators"),
    )

    response = staff_client.post(
        reverse("programs:activity_add"),
        _form_data(project, centre, [(leaders, 12, 30), (educators, 20, 8)]),
    )

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("programs:activity_detail", args=[activity.pk])
    assert activity.created_by == staff_user and activity.centre == centre
    assert ParticipantCount.objects.filter(activity=activity).totals() == {
        "women": 32,
        "men": 38,
        "total": 70,
    }
    page = staff_client.get(response.url)
    assert "Seminar on conflict management" in page.text
    assert "70" in page.text


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"participants-0-women": "-5"}, "women", "greater than or equal to 0"),
        ({"end": "2005-10-01"}, "end", "end date comes before the start date"),
        (
            {"start": "2004-01-01", "end": "2004-01-02"},
            "start",
            "must fall within its project&#x27;s dates",
        ),
        ({"title": ""}, "title", "This field is required"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(
    staff_client, centre, overrides, field, message
):
    project = ProjectFactory()
    category = CategoryFactory()
    response = staff_client.post(
        reverse("programs:activity_add"),
        _form_data(project, centre, [(category, 3, 4)], **overrides),
    )
    assert response.status_code == 400
    assert message in response.text
    assert "Nothing was saved" in response.text
    assert not Activity.objects.exists()
    assert not ParticipantCount.objects.exists()


def test_the_same_category_twice_is_refused(staff_client, centre):
    project, category = ProjectFactory(), CategoryFactory()
    response = staff_client.post(
        reverse("programs:activity_add"),
        _form_data(project, centre, [(category, 1, 1), (category, 2, 2)]),
    )
    assert response.status_code == 400
    assert "already counted above" in response.text
    assert not Activity.objects.exists()


def test_more_participant_rows_than_an_activity_can_have_are_refused_at_once(staff_client, centre):
    from programs.forms import MAX_PARTICIPANT_ROWS

    project, category = ProjectFactory(), CategoryFactory()
    data = _form_data(project, centre, [(category, 1, 1)])
    data["participants-TOTAL_FORMS"] = "1000000"

    response = staff_client.post(reverse("programs:activity_add"), data)

    assert response.status_code == 400
    assert f"Please submit at most {MAX_PARTICIPANT_ROWS} forms." in response.text
    # The page offers the rows it may take (each with its category, counts and breakdown
    # grid: under fifty fields), not the million announced.
    assert response.text.count('name="participants-') < 50 * (MAX_PARTICIPANT_ROWS + 1)
    assert not Activity.objects.exists()


def test_staff_cannot_add_an_activity_at_another_centre(staff_client, other_centre):
    project = ProjectFactory()
    response = staff_client.post(
        reverse("programs:activity_add"), _form_data(project, other_centre)
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert not Activity.objects.exists()


def test_staff_cannot_edit_another_centres_activity(staff_client, other_centre):
    activity = ActivityFactory(centre=other_centre, title="Khorog seminar")
    edit = reverse("programs:activity_edit", args=[activity.pk])

    assert staff_client.get(edit).status_code == 403
    response = staff_client.post(
        edit, _form_data(activity.project, other_centre, title="Changed by another centre")
    )
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.title == "Khorog seminar"


def test_staff_edit_their_own_centres_activity(staff_client, centre):
    activity = ActivityFactory(centre=centre)
    count = ParticipantCountFactory(activity=activity, women=1, men=1)
    data = _form_data(
        activity.project,
        centre,
        title="Renamed",
        **{
            "participants-INITIAL_FORMS": "1",
            "participants-0-id": count.pk,
            "participants-0-category": count.category.pk,
            "participants-0-women": "9",
            "participants-0-men": "4",
        },
    )
    response = staff_client.post(reverse("programs:activity_edit", args=[activity.pk]), data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Renamed"
    assert activity.participants.totals()["total"] == 13


def test_managers_edit_every_centres_activity(manager_client, other_centre):
    activity = ActivityFactory(centre=other_centre)
    response = manager_client.post(
        reverse("programs:activity_edit", args=[activity.pk]),
        _form_data(activity.project, other_centre, title="Approved wording"),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Approved wording"


def test_an_unknown_activity_is_not_found(staff_client):
    assert staff_client.get(reverse("programs:activity_detail", args=[999])).status_code == 404
    assert staff_client.get(reverse("programs:activity_edit", args=[999])).status_code == 404


def test_the_activity_list_shows_totals_in_a_fixed_number_of_queries(
    staff_client, centre, django_assert_num_queries
):
    def add(n):
        for i in range(n):
            day = datetime.date(2005, 9, 1) + datetime.timedelta(days=i)
            activity = ActivityFactory(centre=centre, start=day, end=day)
            ParticipantCountFactory(activity=activity, women=2, men=3)

    add(2)
    staff_client.get(reverse("home"))  # the permissions, read once and kept in the cache
    # Session, user, the second-factor check, the filter form's choice lists (centres,
    # projects, categories), the page's count and rows, the participant totals (cached
    # after), …: nine, whatever the rows (the permissions come from the cache).
    with django_assert_num_queries(9) as few:
        staff_client.get(reverse("programs:activity_list"))
    add(20)
    with django_assert_num_queries(len(few.captured_queries)):
        response = staff_client.get(reverse("programs:activity_list"))
    assert response.status_code == 200
    assert response.text.count("<tr>") == 1 + 22  # header and one row per activity
    assert "Page 1 of" not in response.text


def test_the_activity_page_runs_a_fixed_number_of_queries(
    staff_client, staff_user, centre, django_assert_max_num_queries
):
    activity = ActivityFactory(centre=centre)
    for number in range(5):
        ParticipantCountFactory(activity=activity)
        ActivityComment.objects.create(activity=activity, author=staff_user, text=f"Note {number}")
    # 11 (the comments' thread is one), and the sign-in's second-factor check
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("programs:activity_detail", args=[activity.pk]))
    assert response.status_code == 200
    assert "All participants" in response.text


def test_the_activity_page_names_its_project_in_the_readers_language(staff_client, centre):
    project = ProjectFactory(
        title="Police reform support", title_ru="Поддержка реформы милиции", title_tg=""
    )
    activity = ActivityFactory(centre=centre, project=project)
    url = reverse("programs:activity_detail", args=[activity.pk])

    staff_client.cookies["django_language"] = "ru"
    text = staff_client.get(url).text
    assert "Поддержка реформы милиции" in text and "Police reform support" not in text
    # No Tajik title: the English one.
    staff_client.cookies["django_language"] = "tg"
    assert "Police reform support" in staff_client.get(url).text


@pytest.mark.parametrize(
    ("language", "partners"),
    [
        # The Council of Justice has no Tajik name: in English, first in Cyrillic order.
        ("ru", "Министерство юстиции, Совет юстиции"),
        ("tg", "Council of Justice, Вазорати адлия"),
        ("en", "Council of Justice, Ministry of Justice"),
    ],
)
def test_the_activity_page_names_its_partners_in_the_readers_language_and_order(
    staff_client, centre, language, partners
):
    activity = ActivityFactory(centre=centre)
    activity.partners.add(
        Partner.objects.create(
            name="Ministry of Justice",
            name_ru="Министерство юстиции",
            name_tg="Вазорати адлия",
            kind="government",
        ),
        Partner.objects.create(
            name="Council of Justice", name_ru="Совет юстиции", kind="judiciary"
        ),
    )
    staff_client.cookies["django_language"] = language
    text = staff_client.get(reverse("programs:activity_detail", args=[activity.pk])).text
    assert f"</dt><dd>{partners}</dd>" in text
