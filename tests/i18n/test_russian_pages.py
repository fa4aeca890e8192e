"""The portal reads fully in Russian: the main pages of every role, walked with Russian on,
show none of the English interface text that the catalogue translates."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from elections.models import Election
from programs.models import MandatePeriod
from tests.conftest import sign_in_as
from tests.i18n.catalogue import PLACEHOLDER, entries
from tests.untop.access_matrix import build_records
from training.models import StudyVisit

pytestmark = pytest.mark.django_db

# Words that stay as they are in Russian: names, codes and the brand.
KEPT = {"CSV", "Excel", "PDF", "SHA-256", "UNTOP"}


def _english_interface_strings() -> list[str]:
    """Catalogue entries of two words or more whose Russian differs: if one of these shows
    on a Russian page, some text was not marked for translation (or not translated)."""
    found = []
    for entry in entries("ru"):
        text = entry.msgid
        if PLACEHOLDER.search(text) or "<" in text or entry.msgid_plural:
            continue
        if len(text.split()) >= 2 and entry.msgstr[0] != text and text not in KEPT:
            found.append(text)
    return found


def _visible_text(page: str) -> str:
    """What a reader sees or hears: text and the labels given to assistive technology."""
    page = re.sub(r"(?s)<(script|style|template)\b.*?</\1>", " ", page)
    said = re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', page)
    text = re.sub(r"(?s)<[^>]+>", " ", page) + " " + " ".join(said)
    return " ".join(html.unescape(text).split())


def _pages(records) -> dict[str, list[str]]:
    activity, session = records["activity"].pk, records["session"].pk
    return {
        "staff": [
            reverse("programs:dashboard"),
            reverse("programs:dialogue"),
            reverse("programs:activity_list"),
            reverse("programs:activity_add"),
            reverse("programs:activity_detail", args=[activity]),
            reverse("programs:activity_edit", args=[activity]),
            reverse("elections:election_list"),
            reverse("elections:election_detail", args=[records["election"].pk]),
            reverse("elections:briefing_list"),
            reverse("elections:briefing_add"),
            reverse("elections:ministry_calendar", args=[records["ministry"].pk]),
            reverse("training:session_list"),
            reverse("training:session_add"),
            reverse("training:session_detail", args=[session]),
            reverse("training:course_list"),
            reverse("training:trainee_list"),
            reverse("training:trainee_add"),
            reverse("training:trainee_detail", args=[records["trainee"].pk]),
            reverse("training:cascade"),
            reverse("training:study_visit_list"),
            reverse("training:bulletin_list"),
            reverse("humanrights:tracker"),
            reverse("humanrights:recommendation", args=[records["hr_recommendation"].pk]),
            reverse("humanrights:milestones"),
            reverse("password_change"),
        ],
        "manager": [
            reverse("programs:dashboard"),
            reverse("training:trainee_duplicates"),
        ],
        "hr": [
            reverse("humanrights:note_list"),
            reverse("humanrights:note_add"),
            reverse("humanrights:note_log"),
            reverse("humanrights:note_detail", args=[records["note"].pk]),
        ],
        "anonymous": [reverse("login"), reverse("password_reset")],
    }


def test_the_main_pages_of_every_role_read_in_russian(
    centre, other_centre, staff_user, manager, hr_officer
):
    MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), symbol="S/2006/355"
    )
    records = build_records(
        centre=centre, other_centre=other_centre, staff_user=staff_user, manager=manager
    )
    # Records typed by the office keep their own words: give the test's records Russian ones
    # where the factories' English happens to match interface text.
    Election.objects.update(title="Выборы в Маджлиси намояндагон")
    StudyVisit.objects.update(subject="Гражданская полиция и миротворчество")
    english = _english_interface_strings()
    assert len(english) > 300
    users = {"staff": staff_user, "manager": manager, "hr": hr_officer}
    left_in_english = []
    for role, paths in _pages(records).items():
        browser = Client(HTTP_ACCEPT_LANGUAGE="ru")
        if role in users:
            sign_in_as(browser, users[role])
        for path in paths:
            response = browser.get(path)
            assert response.status_code == 200, (role, path)
            page = response.content.decode()
            assert '<html lang="ru">' in page, (role, path)
            text = _visible_text(page)
            left_in_english += [
                f"{role} {path}: {phrase!r}"
                for phrase in english
                if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)
            ]
    assert left_in_english == [], "\n".join(left_in_english)


def test_the_menu_and_the_frame_are_russian(staff_user):
    browser = Client(HTTP_ACCEPT_LANGUAGE="ru")
    browser.force_login(staff_user)
    text = _visible_text(browser.get(reverse("programs:activity_list")).content.decode())
    for russian in (
        "Сводка",
        "Национальный диалог",
        "Мероприятия",
        "Выйти",
        "Язык",
        "Перейти к содержанию",
        "Программный портал ЮНТОП",
    ):
        assert russian in text
    for english in ("Dashboard", "National dialogue", "Sign out", "Skip to content"):
        assert english not in text
