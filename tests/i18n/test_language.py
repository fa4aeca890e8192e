"""The language switcher, the language kept per user, and names in the reader's language."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from programs.models import MandatePeriod
from tests.factories import (
    ActivityFactory,
    CentreFactory,
    ParticipantCountFactory,
    RegionFactory,
)
from untop.i18n import user_language_set

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def _lang(response) -> str:
    """The language the page says it is in (<html lang="…">)."""
    text = response.content.decode()
    start = text.index('<html lang="') + len('<html lang="')
    return text[start : text.index('"', start)]


def test_a_visitor_switches_the_sign_in_page_to_tajik_through_the_cookie(client):
    login = reverse("login")
    response = client.post(reverse("language_set"), {"language": "tg", "next": login})
    assert response.status_code == 302
    assert response.url == login
    assert response.cookies[COOKIE].value == "tg"
    page = client.get(login)
    assert _lang(page) == "tg"
    assert "Ворид шудан" in page.content.decode()


def test_a_signed_in_user_s_choice_is_saved_and_follows_them_to_another_browser(
    staff_client, staff_user
):
    here = reverse("programs:activity_list")
    response = staff_client.post(reverse("language_set"), {"language": "ru", "next": here})
    assert response.status_code == 302 and response.url == here
    staff_user.refresh_from_db()
    assert staff_user.language == "ru"

    # Another browser: no language cookie, an English Accept-Language header.
    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    elsewhere.force_login(staff_user)
    page = elsewhere.get(here)
    assert _lang(page) == "ru"
    assert "<h1>Мероприятия</h1>" in page.content.decode()


def test_a_user_without_a_language_reads_the_browser_s(staff_user):
    assert staff_user.language == ""
    browser = Client(HTTP_ACCEPT_LANGUAGE="tg,ru;q=0.8")
    browser.force_login(staff_user)
    page = browser.get(reverse("programs:activity_list"))
    assert _lang(page) == "tg"
    assert "<h1>Чорабиниҳо</h1>" in page.content.decode()


def test_the_saved_language_wins_over_the_cookie(staff_client, staff_user):
    staff_user.language = "tg"
    staff_user.save()
    staff_client.cookies[COOKIE] = "ru"
    assert _lang(staff_client.get(reverse("programs:activity_list"))) == "tg"


@pytest.mark.parametrize("language", ["", "de", "ru'; --", "EN"])
def test_an_unknown_language_is_refused_and_nothing_changes(staff_client, staff_user, language):
    response = staff_client.post(reverse("language_set"), {"language": language})
    assert response.status_code == 400
    assert "Choose one of the portal's languages." in response.content.decode()
    assert COOKIE not in response.cookies
    staff_user.refresh_from_db()
    assert staff_user.language == ""


def test_the_switcher_only_takes_post(client):
    assert client.get(reverse("language_set"), {"language": "ru"}).status_code == 405


def test_the_switcher_never_sends_the_user_to_another_site(client):
    response = client.post(
        reverse("language_set"), {"language": "ru", "next": "https://evil.example.org/"}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_user_may_only_set_their_own_language(staff_user, manager):
    with pytest.raises(PermissionError):
        user_language_set(user=staff_user, language="ru", acting_user=manager)
    with pytest.raises(ValueError, match="unknown language"):
        user_language_set(user=staff_user, language="fr", acting_user=staff_user)
    staff_user.refresh_from_db()
    assert staff_user.language == ""


def test_every_page_offers_the_switcher_with_the_current_language_chosen(staff_user):
    browser = Client(HTTP_ACCEPT_LANGUAGE="ru")
    browser.force_login(staff_user)
    text = browser.get(reverse("programs:activity_list")).content.decode()
    assert f'action="{reverse("language_set")}"' in text
    assert '<option value="ru" lang="ru" selected>Русский</option>' in text
    assert '<option value="tg" lang="tg">Тоҷикӣ</option>' in text


def test_reference_data_is_named_in_the_active_language():
    region = RegionFactory(name_en="Sughd", name_ru="Согдийская область", name_tg="вилояти Суғд")
    centre = CentreFactory(name="Khujand", name_ru="Худжанд", name_tg="", region=region)
    with translation.override("ru"):
        assert (str(region), str(centre)) == ("Согдийская область", "Худжанд")
    with translation.override("tg"):
        # No Tajik name recorded for the centre: the English one, never an empty label.
        assert (str(region), str(centre)) == ("вилояти Суғд", "Khujand")
    with translation.override("en"):
        assert (str(region), str(centre)) == ("Sughd", "Khujand")


def test_dates_and_numbers_follow_the_reader_s_locale(staff_user, centre):
    period = MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), symbol="S/2006/355"
    )
    day = datetime.date(2005, 10, 3)
    activity = ActivityFactory(centre=centre, start=day, end=day)
    ParticipantCountFactory(activity=activity, women=1200, men=45)
    # The month in the genitive, lower case, as Russian writes a date; Tajik does not decline.
    with translation.override("ru"):
        assert str(period) == "1 июня 2005 – 31 мая 2006"
    with translation.override("tg"):
        assert str(period) == "1 июн 2005 – 31 май 2006"
    with translation.override("en"):
        assert str(period) == "1 Jun 2005 – 31 May 2006"
    browser = Client(HTTP_ACCEPT_LANGUAGE="ru")
    browser.force_login(staff_user)
    text = browser.get(reverse("programs:activity_list")).content.decode()
    assert "3 октября 2005" in text
    assert '<td class="num">1\xa0245</td>' in text
