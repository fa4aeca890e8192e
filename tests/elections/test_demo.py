"""The elections demo data: the figures a manager sees after `load_demo`."""

import datetime
import io

import pytest
from django.core.management import call_command

from elections.models import Briefing, Election, Output, Recommendation
from elections.selectors import briefing_regularity, election_list
from untop.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _actuals(day: datetime.date) -> dict[str, int]:
    outputs = Output.objects.filter(component__election__election_day=day).with_actuals()
    return {output.name: output.actual for output in outputs}


def test_the_2005_parliamentary_elections_trained_what_the_facts_say(demo):
    actuals = _actuals(datetime.date(2005, 2, 27))

    assert 12_500 <= actuals["Polling-station staff trained"] <= 13_500  # "about 13,000"
    assert 290 <= actuals["District election commission members trained"] <= 320  # "300"
    assert actuals["Media staff trained on election coverage"] > 250  # "over 250"
    assert Output.objects.get(name="Polling-station staff trained").activities.count() == 41


def test_the_2006_presidential_election_has_its_calendar_mission_and_outputs(demo):
    election = Election.objects.get(election_day=datetime.date(2006, 11, 6))

    assert election.kind == "presidential"
    assert str(election.authority) == "Central Commission for Elections and Referenda"
    assert election.milestones.get(stage="election_day").actual == election.election_day
    assert election.missions.get().recommendations.count() == 6
    assert election.missions.get().support_activity.title.startswith("Support to the UN electoral")
    actuals = _actuals(election.election_day)
    assert actuals["Voter-education materials distributed to polling stations"] == 145_000
    assert all(value > 0 for value in actuals.values())
    row = next(e for e in election_list() if e.pk == election.pk)
    assert (row.milestone_count, row.milestones_done) == (7, 7)
    assert Recommendation.objects.filter(follow_up="implemented").count() == 4


def test_the_ministries_briefings_are_the_programs_briefing_activities(demo):
    rows = {
        str(row.ministry): row
        for row in briefing_regularity(datetime.date(2005, 6, 1), datetime.date(2006, 5, 31))
    }

    assert len(rows) == 8
    assert all(row.held == row.planned == 1 for row in rows.values())
    assert rows["Ministry of Health"].journalists == 30
    whole = {
        str(row.ministry): row
        for row in briefing_regularity(datetime.date(2000, 6, 1), datetime.date(2007, 5, 31))
    }
    assert (whole["Ministry of Health"].planned, whole["Ministry of Health"].held) == (2, 1)
    assert whole["Central Commission for Elections and Referenda"].regularity == 80
    assert Briefing.objects.count() == 11


def test_loading_again_changes_nothing(demo):
    entries = AuditEntry.objects.filter(content_type__app_label="elections")
    before = entries.count()

    call_command("load_demo", "--allow-production", stdout=io.StringIO())

    assert entries.count() == before
