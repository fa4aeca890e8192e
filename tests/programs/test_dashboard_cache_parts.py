"""The dashboard's head and figures are rendered once and kept whole in the figures cache:
each reader is given only what they may see, in their language, and a change shows at once."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from programs.models import Activity, MandatePeriod
from tests.conftest import sign_in_as
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    ParticipantCountFactory,
    PledgeFactory,
    user_with_role,
)
from untop import roles

URL = reverse("programs:dashboard")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _activity(centre, women=10, men=5, **fields) -> Activity:
    fields.setdefault("approval", Activity.Approval.APPROVED)
    activity = ActivityFactory(
        centre=centre, start=datetime.date(2005, 9, 1), end=datetime.date(2005, 9, 1), **fields
    )
    ParticipantCountFactory(activity=activity, category=CategoryFactory(), women=women, men=men)
    return activity


def _tile(html: str, label: str) -> str:
    """The figure of a tile ("Participants", "Pledged (US$)") as the page prints it."""
    found = re.search(rf"<dt>{re.escape(label)}</dt><dd>([^<]*)", html)
    assert found, f"no tile {label!r}"
    return found.group(1).strip()


def test_a_second_visit_is_given_the_rendered_parts_without_a_query_of_the_page(
    manager_client, staff_client, period, centre, django_assert_num_queries
):
    _activity(centre)
    first = manager_client.get(URL).text
    # Session, user and second factor; the permissions are kept in the cache since the
    # first visit: nothing of the page's own.
    with django_assert_num_queries(3):
        second = manager_client.get(URL).text
    assert _tile(first, "Participants") == _tile(second, "Participants") == "15"
    staff_client.get(URL)
    # Staff give no second factor: session, user, whether they have one.
    with django_assert_num_queries(3):
        assert _tile(staff_client.get(URL).text, "Participants") == "15"


@pytest.mark.parametrize("manager_first", [True, False])
def test_staff_are_never_given_the_managers_funding_whoever_came_first(
    manager_client, staff_client, period, manager_first
):
    PledgeFactory(pledged_on=datetime.date(2006, 3, 1), amount_usd=Decimal("250000.00"))
    readers = [manager_client, staff_client] if manager_first else [staff_client, manager_client]
    pages = {id(client): client.get(URL).text for client in readers}
    manager_page, staff_page = pages[id(manager_client)], pages[id(staff_client)]
    assert _tile(manager_page, "Pledged (US$)") == "250,000"
    assert 'id="funding-heading"' in manager_page
    assert "Pledged (US$)" not in staff_page
    assert 'id="funding-heading"' not in staff_page
    assert '"funding"' not in staff_page.split('id="chart-data"', 1)[1]


def test_each_reader_sees_their_own_name_menu_and_form_tokens_around_the_shared_parts(
    manager_client, period, centre
):
    other = user_with_role(roles.PROGRAMME_MANAGER, username="second.manager", home_centre=centre)
    other_client = Client()
    sign_in_as(other_client, other)
    _activity(centre)
    mine, theirs = manager_client.get(URL), other_client.get(URL)
    assert _tile(mine.text, "Participants") == _tile(theirs.text, "Participants") == "15"
    assert "second.manager" in theirs.text and "second.manager" not in mine.text
    tokens = {
        re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[0]
        for page in (mine, theirs)
    }
    assert len(tokens) == 2


def test_the_parts_are_in_each_readers_language(manager_client, manager, period, centre):
    _activity(centre, women=1000, men=234)
    english = manager_client.get(URL).text
    manager.language = "ru"
    manager.save(update_fields=["language"])
    russian = manager_client.get(URL).text
    with translation.override("ru"):
        heading = translation.gettext("By mandate area")
    assert heading != "By mandate area"
    assert heading in russian and heading not in english
    assert "By mandate area" in english and "By mandate area" not in russian
    # Numbers as each language writes them.
    assert _tile(english, "Participants") == "1,234"
    with translation.override("ru"):
        in_russian = _tile(russian, translation.gettext("Participants"))
    assert in_russian != "1,234" and re.sub(r"\D", "", in_russian) == "1234"


def test_a_change_of_the_data_shows_at_once_in_the_page(manager_client, period, centre):
    activity = _activity(centre)
    assert _tile(manager_client.get(URL).text, "Participants") == "15"
    ParticipantCountFactory(activity=activity, category=CategoryFactory(), women=100, men=1)
    assert _tile(manager_client.get(URL).text, "Participants") == "116"
    activity.approval = Activity.Approval.DRAFT
    activity.save()
    assert _tile(manager_client.get(URL).text, "Participants") == "0"


def test_each_period_has_its_own_head_and_figures(manager_client, period, centre):
    later = MandatePeriod.objects.create(
        start=datetime.date(2006, 6, 1), end=datetime.date(2007, 5, 31)
    )
    _activity(centre)
    current = manager_client.get(URL, {"period": period.pk}).text
    other = manager_client.get(URL, {"period": later.pk}).text
    assert _tile(current, "Participants") == "15" and _tile(other, "Participants") == "0"
    assert f'<option value="{period.pk}" selected>' in current
    assert f'<option value="{later.pk}" selected>' in other
    assert f'<option value="{period.pk}" selected>' not in other


def test_a_return_shows_at_once_to_the_centres_staff_only(
    staff_client, manager_client, period, centre, other_centre
):
    activity = _activity(centre, approval=Activity.Approval.SUBMITTED)
    elsewhere = user_with_role(
        roles.PROGRAMME_STAFF, username="staff.khorog", home_centre=other_centre
    )
    elsewhere_client = Client()
    sign_in_as(elsewhere_client, elsewhere)
    assert "Returned to your centre" not in staff_client.get(URL).text
    response = manager_client.post(
        reverse("programs:activity_return", args=[activity.pk]),
        {"reason": "The women's head count is missing."},
    )
    assert response.status_code == 302
    page = staff_client.get(URL).text
    assert "Returned to your centre for changes" in page
    assert "The women&#x27;s head count is missing." in page
    assert "head count is missing" not in elsewhere_client.get(URL).text


def test_a_reader_who_approves_but_may_not_see_the_money_is_given_no_funding(
    manager_client, staff_user, period
):
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.add(Permission.objects.get(codename="approve_activity"))
    approver = Client()
    sign_in_as(approver, staff_user)
    PledgeFactory(pledged_on=datetime.date(2006, 3, 1), amount_usd=Decimal("250000.00"))
    assert _tile(manager_client.get(URL).text, "Pledged (US$)") == "250,000"
    page = approver.get(URL).text
    assert "Pledged (US$)" not in page and 'id="funding-heading"' not in page
