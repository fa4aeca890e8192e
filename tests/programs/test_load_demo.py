"""`manage.py load_demo`: a demo data set and one login per role, safe to run twice."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from programs import roles
from programs.models import Activity, Centre, Donor, ParticipantCount, Pledge, User
from programs.selectors import donor_report_figures

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", "--allow-production", stdout=out)
    return out.getvalue()


def _counts():
    return [m.objects.count() for m in (Centre, Donor, Pledge, Activity, ParticipantCount, User)]


def test_load_demo_is_idempotent_and_prints_the_logins():
    output = _load()
    first = _counts()
    _load()
    assert _counts() == first
    assert Centre.objects.count() == 8
    for username, role in [
        ("staff.khujand", roles.PROGRAMME_STAFF),
        ("manager", roles.PROGRAMME_MANAGER),
        ("hr.officer", roles.HUMAN_RIGHTS_OFFICER),
        ("admin", roles.ADMINISTRATOR),
    ]:
        assert username in output
        assert User.objects.get(username=username).groups.get().name == role
        assert User.objects.get(username=username).check_password("untop-demo-2006")


def test_the_demo_dialogue_brings_together_over_500_people():
    _load()
    figures = donor_report_figures(
        donor=Donor.objects.get(code="NOR"),
        start=datetime.date(2005, 6, 1),
        end=datetime.date(2006, 5, 31),
    )
    assert figures["participants"]["total"] > 500


def test_load_demo_refuses_to_run_in_production_without_being_told():
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo")
    assert not User.objects.exists()
