"""Choices read fast (untop/choices.py): a record's choice labels as Django gives them, and
the lists' selects of records kept in the figures cache until the records change."""

import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from programs.models import Activity, User
from tests.factories import ActivityFactory, CentreFactory
from untop.choices import record_choices

LIST = reverse("programs:activity_list")


def _centre_options(response) -> list[str]:
    select = re.search(r'<select name="centre".*?</select>', response.content.decode(), re.S)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))


def _reads_centres(queries) -> bool:
    return any('FROM "programs_centre"' in query["sql"] for query in queries.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru", "tg"])
def test_a_records_choice_labels_are_djangos_in_the_readers_language(centre, language):
    activity = ActivityFactory(centre=centre, kind="seminar", status="held")
    activity.approval = "approved"
    with translation.override(language):
        for field in ("kind", "status", "approval"):
            model_field = Activity._meta.get_field(field)
            expected = dict(model_field.flatchoices)[getattr(activity, field)]
            assert getattr(activity, f"get_{field}_display")() == str(expected)
    activity.kind = "not-a-kind"
    assert activity.get_kind_display() == "not-a-kind"  # as Django: the value itself


def test_a_lists_centres_are_read_once_and_again_when_one_is_added(staff_client, centre):
    with CaptureQueriesContext(connection) as first:
        assert _centre_options(staff_client.get(LIST)) == ["All centres", "Khujand"]
    with CaptureQueriesContext(connection) as second:
        assert _centre_options(staff_client.get(LIST)) == ["All centres", "Khujand"]
    assert _reads_centres(first)
    assert not _reads_centres(second)

    CentreFactory(name="Khorog", code="khorog")

    assert _centre_options(staff_client.get(LIST)) == ["All centres", "Khorog", "Khujand"]


def test_the_choices_are_kept_per_language(staff_client, centre):
    centre.name_ru = "Худжанд"
    centre.save()
    assert _centre_options(staff_client.get(LIST))[1] == "Khujand"
    staff_client.cookies["django_language"] = "ru"

    assert _centre_options(staff_client.get(LIST, HTTP_ACCEPT_LANGUAGE="ru"))[1] == "Худжанд"


@pytest.mark.django_db
def test_records_that_are_not_figure_data_are_read_every_time(staff_user):
    field = forms.ModelChoiceField(queryset=User.objects.order_by("username"))
    assert record_choices(field) == [(staff_user.pk, staff_user.username)]
    with CaptureQueriesContext(connection) as queries:
        record_choices(field)
    assert len(queries.captured_queries) == 1
