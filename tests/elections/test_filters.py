"""The press briefings' FilterSet (elections/filters.py): the period chooses the briefings
listed and exported; a bad date is reported on its field and the whole record stays."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from .factories import BriefingFactory

pytestmark = pytest.mark.django_db


def _briefing(topic: str, day: datetime.date):
    return BriefingFactory(topic=topic, activity__start=day, activity__end=day)


def test_the_period_chooses_the_briefings_listed_and_exported(manager_client):
    _briefing("Budget", datetime.date(2005, 3, 1))
    _briefing("Vaccination campaign", datetime.date(2006, 3, 1))
    url = reverse("elections:briefing_list")
    period = {"start": "2006-01-01", "end": "2006-12-31"}
    page = manager_client.get(url, period)
    assert [b.topic for b in page.context["page"].object_list] == ["Vaccination campaign"]
    response = manager_client.get(url, {**period, "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert [row["topic"] for row in csv.DictReader(io.StringIO(text))] == ["Vaccination campaign"]


def test_a_bad_date_is_reported_on_its_field_and_the_whole_record_stays(manager_client):
    _briefing("Budget", datetime.date(2005, 3, 1))
    page = manager_client.get(reverse("elections:briefing_list"), {"start": "2006-13-45"})
    assert page.context["form"].errors["start"] == [
        "Start: “2006-13-45” is not a date. Write it as dd/mm/yyyy, e.g. 24/09/2007."
    ]
    assert [b.topic for b in page.context["page"].object_list] == ["Budget"]
    assert page.context["start"] == datetime.date(2000, 6, 1)
