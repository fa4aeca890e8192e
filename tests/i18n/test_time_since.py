"""The time since a date (Django's `timesince`: the tracker's overdue follow-ups) reads in the
page's language; Django's own Tajik catalogue lacks its words, the portal's carries them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.timesince import timesince

from tests.humanrights.factories import RecommendationFactory


@pytest.mark.parametrize(
    "language,expected",
    [("en", "2 years, 3 months"), ("ru", "2 года, 3 месяца"), ("tg", "2 сол, 3 моҳ")],
)
def test_the_time_since_a_date_reads_in_the_pages_language(language, expected):
    with translation.override(language):
        said = timesince(datetime.date(2004, 1, 10), datetime.date(2006, 4, 12))
    assert said.replace("\xa0", " ") == expected  # Django keeps each number with its unit


@pytest.mark.django_db
def test_the_trackers_overdue_follow_ups_say_how_long_in_tajik(client, hr_officer):
    RecommendationFactory(follow_up_due=datetime.date(2006, 7, 18))
    hr_officer.language = "tg"
    hr_officer.save()
    client.force_login(hr_officer)

    overdue = client.get(reverse("humanrights:tracker")).content.decode()
    line = overdue[overdue.index('<ul class="hr-overdue">') :].split("</li>")[0]
    line = line.replace("\xa0", " ")

    assert " сол, " in line and " моҳ пеш" in line
    assert "year" not in line and "month" not in line
