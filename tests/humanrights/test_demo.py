"""The demo data: the letter's human-rights figures come out of the tracker."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from humanrights.models import (
    Document,
    ImplementationAction,
    Milestone,
    MonitoringNote,
    Recommendation,
)
from humanrights.selectors import recommendations_reach
from programs.models import User
from tests.conftest import sign_in_as

pytestmark = pytest.mark.django_db


def test_the_demo_holds_the_documents_and_figures(demo):
    assert set(Document.objects.values_list("symbol", flat=True)) == {
        "CERD/C/65/CO/8",
        "CCPR/CO/84/TJK",
        "E/CN.4/2006/52/Add.4",
    }
    assert Recommendation.objects.count() == 15
    by_project = {
        row["activity__project__code"]: row
        for row in recommendations_reach(Recommendation.objects.all())["by_project"]
    }
    # "reaching over 115 parliamentarians, judges, and activists"
    assert by_project["HR-TB"]["total"] == 122
    assert by_project["HR-TB"]["activities"] == 4
    # "a conference with 80 participants"
    assert by_project["HR-OMB"]["total"] == 80
    conference = Milestone.objects.get(stage="conference")
    assert conference.achieved_on.isoformat() == "2006-04-18"
    assert Milestone.objects.filter(stage="law_adopted", achieved_on__isnull=True).exists()
    assert MonitoringNote.objects.count() == 3


def test_the_demo_loads_twice_without_change(demo):
    counts = (ImplementationAction.objects.count(), Milestone.objects.count())
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    assert (ImplementationAction.objects.count(), Milestone.objects.count()) == counts


def test_the_demo_manager_reaches_no_note(demo):
    client = Client()
    sign_in_as(client, User.objects.get(username="manager"))
    note = MonitoringNote.objects.first()
    assert client.get(reverse("humanrights:note_list")).status_code == 403
    assert client.get(reverse("humanrights:note_detail", args=[note.pk])).status_code == 404
    officer = Client()
    officer.force_login(User.objects.get(username="hr.officer"))
    assert officer.get(reverse("humanrights:note_list")).status_code == 200
