"""The back office's base admin (untop.admin_base.PortalAdmin): what it writes itself."""

import re

import pytest
from django.contrib import admin
from django.test.html import parse_html
from django.urls import reverse
from django.utils import translation

from programs.models import Activity
from tests.factories import ActivityFactory
from untop.admin_base import PortalAdmin

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "ru", "tg"])
def test_a_rows_checkbox_is_the_markup_django_writes(language):
    activity = ActivityFactory(title='Seminar "Tolerance" & <dialogue>')
    model_admin = admin.site._registry[Activity]
    assert isinstance(model_admin, PortalAdmin)

    with translation.override(language):
        written = model_admin.action_checkbox(activity)
        djangos = admin.ModelAdmin.action_checkbox(model_admin, activity)

    assert parse_html(written) == parse_html(djangos)


def test_the_activity_list_has_a_checkbox_per_row_that_selects_it_for_an_action(
    manager_client, centre
):
    submitted = ActivityFactory(centre=centre, approval="submitted", title="Seminar in Isfara")
    url = reverse("admin:programs_activity_changelist")

    page = manager_client.get(url).text
    boxes = re.findall(r'<input type="checkbox" name="_selected_action" value="(\d+)"', page)
    assert boxes == [str(submitted.pk)]
    assert 'aria-label="Select this object for an action - ' in page

    response = manager_client.post(
        url, {"action": "approve", "_selected_action": boxes}, follow=True
    )
    assert "1 activity approved." in response.text
    assert Activity.objects.get(pk=submitted.pk).approval == "approved"
