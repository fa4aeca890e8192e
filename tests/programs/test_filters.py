"""The activity list's FilterSet (programs/filters.py): the filters the reports' links carry
that the list's own tests leave out: type, participant category and "only what reports
count", alone and all together as a report's link writes them."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from programs.filters import ActivityFilter
from programs.models import Activity, Project
from tests.factories import (
    ActivityFactory,
    CategoryFactory,
    ParticipantCountFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(centre):
    dialogue = ProjectFactory(code="ND-05", area=Project.Area.NATIONAL_DIALOGUE)
    day = datetime.date(2005, 9, 5)
    made = {
        "counted": ActivityFactory(
            project=dialogue,
            centre=centre,
            title="Counted meeting",
            start=day,
            end=day,
            approval=Activity.Approval.APPROVED,
        ),
        "draft": ActivityFactory(
            project=dialogue, centre=centre, title="Draft meeting", start=day, end=day
        ),
        "planned": ActivityFactory(
            project=dialogue,
            centre=centre,
            title="Planned meeting",
            start=day,
            end=day,
            status=Activity.Status.PLANNED,
            approval=Activity.Approval.APPROVED,
        ),
        "seminar": ActivityFactory(
            project=dialogue,
            centre=centre,
            title="Seminar",
            start=day,
            end=day,
            kind=Activity.Kind.SEMINAR,
            approval=Activity.Approval.APPROVED,
        ),
    }
    women = CategoryFactory(code="women-leaders", name="Women leaders")
    ParticipantCountFactory(activity=made["counted"], category=women, women=7, men=0)
    ParticipantCountFactory(activity=made["counted"], women=10, men=20)
    ParticipantCountFactory(activity=made["seminar"], women=3, men=4)
    return made


def _titles(response) -> list[str]:
    return sorted(a.title for a in response.context["page"].object_list)


def test_only_what_reports_count_is_held_and_approved(staff_client, rows):
    response = staff_client.get(reverse("programs:activity_list"), {"counted": "on"})
    assert _titles(response) == ["Counted meeting", "Seminar"]
    assert response.context["filters"]["counted"].value() is True  # the box stays ticked


def test_the_type_filter(staff_client, rows):
    response = staff_client.get(reverse("programs:activity_list"), {"kind": "seminar"})
    assert _titles(response) == ["Seminar"]


def test_a_participant_category_is_named_by_its_code_and_the_totals_count_only_it(
    staff_client, rows
):
    response = staff_client.get(reverse("programs:activity_list"), {"category": "women-leaders"})
    assert _titles(response) == ["Counted meeting"]
    assert response.context["participants"]["total"] == 7
    assert "7 women leaders" in response.text


def test_an_unknown_category_code_is_reported_on_its_field(staff_client, rows):
    response = staff_client.get(reverse("programs:activity_list"), {"category": "astrologers"})
    assert response.context["filters"].errors["category"]
    assert _titles(response) == []


def test_a_reports_link_filters_the_list_and_its_export_alike(staff_client, rows, centre):
    query = {
        "area": "dialogue",
        "kind": "meeting",
        "counted": "on",
        "start_from": "2005-06-01",
        "start_to": "2006-05-31",
        "centre": centre.pk,
        "category": "women-leaders",
    }
    page = staff_client.get(reverse("programs:activity_list"), query)
    assert _titles(page) == ["Counted meeting"]
    export = staff_client.get(reverse("programs:activity_list"), {**query, "export": "csv"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert [row["Title"] for row in csv.DictReader(io.StringIO(text))] == ["Counted meeting"]


def test_the_filterset_alone_filters_a_queryset(rows):
    filters = ActivityFilter({"kind": "seminar"}, queryset=Activity.objects.all())
    assert [a.title for a in filters.qs] == ["Seminar"]
    bad = ActivityFilter({"start_from": "2006-13-45"}, queryset=Activity.objects.all())
    assert list(bad.qs) == []
    assert bad.form.errors["start_from"] == [
        "From: “2006-13-45” is not a date. Write it as dd/mm/yyyy, e.g. 24/09/2007."
    ]
