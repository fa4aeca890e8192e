"""The training lists' FilterSets (training/filters.py): a session list of one course, the
trainee search and its export, and the cascade's period."""

import csv
import datetime
import io
import re

import pytest
from django.conf import settings
from django.urls import reverse

from programs.models import MandatePeriod
from training.filters import CascadeFilter
from training.models import Session

from .factories import CourseFactory, SessionFactory, TraineeFactory

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_session_list_of_one_course_and_its_export(manager_client):
    course = CourseFactory(code="tot-2005")
    SessionFactory(course=course, activity__title="Train-the-trainer in Dushanbe")
    SessionFactory(activity__title="Human rights for police in Khorog")
    url = reverse("training:session_list")
    page = manager_client.get(url, {"course": course.pk})
    assert [s.activity.title for s in page.context["page"].object_list] == [
        "Train-the-trainer in Dushanbe"
    ]
    rows = _csv(manager_client.get(url, {"course": course.pk, "export": "csv"}))
    assert [row[2] for row in rows[1:]] == ["Train-the-trainer in Dushanbe"]
    assert [row[3] for row in rows[1:]] == ["tot-2005"]


def test_an_unknown_course_is_reported_and_lists_no_session(manager_client):
    SessionFactory()
    page = manager_client.get(reverse("training:session_list"), {"course": 99999})
    assert "Select a valid choice" in page.text
    assert list(page.context["page"].object_list) == []


def test_the_trainee_search_and_its_export_hold_the_same_trainees(manager_client):
    TraineeFactory(family_name="Rahimov", personnel_number="MVD-1")
    TraineeFactory(family_name="Saidova", personnel_number="MVD-2")
    url = reverse("training:trainee_list")
    page = manager_client.get(url, {"q": "saidova"})
    assert [t.family_name for t in page.context["page"].object_list] == ["Saidova"]
    assert 'value="saidova"' in page.text
    rows = _csv(manager_client.get(url, {"q": "saidova", "export": "csv"}))
    assert [row[0] for row in rows[1:]] == ["Saidova"]


def test_an_unknown_period_is_reported_and_the_cascade_of_all_time_stays(manager_client):
    page = manager_client.get(reverse("training:cascade"), {"period": 99999})
    assert page.status_code == 200
    assert "Select a valid choice" in page.text
    assert page.context["period"] is None


def test_the_cascades_period_narrows_its_sessions_to_those_begun_in_it():
    period = MandatePeriod.objects.create(
        start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31), symbol="S/2006/355"
    )
    day = datetime.date(2005, 10, 3)
    inside = SessionFactory(activity__start=day, activity__end=day)
    SessionFactory(
        activity__start=datetime.date(2004, 3, 1), activity__end=datetime.date(2004, 3, 1)
    )
    filters = CascadeFilter({"period": period.pk}, queryset=Session.objects.counted())
    assert filters.value("period") == period
    assert list(filters.qs) == [inside]


def test_the_course_filter_names_courses_in_the_readers_language(manager_client):
    CourseFactory(title="Training of trainers", title_ru="Подготовка инструкторов")
    CourseFactory(title="Human rights for police")
    url = reverse("training:session_list")

    def labels() -> set[str]:
        select = re.search(r'<select name="course".*?</select>', manager_client.get(url).text, re.S)
        return set(re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select.group(0)))

    assert labels() == {"Training of trainers", "Human rights for police"}
    # The choices are kept per language (untop.choices): the English ones are not reused.
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    assert labels() == {"Подготовка инструкторов", "Human rights for police"}
