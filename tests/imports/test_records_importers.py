"""The other importers: reference data, money, trainees and enrolments, recommendations.
Rows name records by natural keys; a known key changes the record (with its audit entry),
money rows are only added, and a file imported twice is refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from humanrights.models import Recommendation
from programs.models import Contribution, Donor, ExchangeRate, Pledge
from tests.factories import DonorFactory, PledgeFactory, ProjectFactory
from tests.humanrights.factories import DocumentFactory, ThemeFactory
from tests.training.factories import CourseFactory, SessionFactory, TraineeFactory
from training.models import Enrolment, Trainee
from untop.audit.models import AuditEntry
from untop.imports.engine import ImportInvalid, get_importer, run_import
from untop.imports.reading import Table


def _run(key, headers, rows, user):
    importer = get_importer(key)(acting_user=user)
    return run_import(importer, Table(headers=headers, rows=rows), acting_user=user)


def test_donors_are_added_and_changed_by_code_with_their_audit_trail(manager):
    DonorFactory(code="NOR", name="Norway", kind="government")
    outcome = _run(
        "donors",
        ["code", "name", "kind", "country"],
        [
            ["nor", "Kingdom of Norway", "Government", "NO"],
            ["CHE", "Switzerland", "government", "CH"],
        ],
        manager,
    )
    assert (outcome.created, outcome.updated) == (1, 1)
    assert Donor.objects.get(code="NOR").name == "Kingdom of Norway"
    change = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, content_type__model="donor")
    assert change.actor == manager
    assert change.changes == {"name": ["Norway", "Kingdom of Norway"]}
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, object_repr="Switzerland", actor=manager
    ).exists()


def test_a_donor_name_used_by_another_donor_is_named(manager):
    DonorFactory(code="NOR", name="Norway")
    with pytest.raises(ImportInvalid) as invalid:
        _run("donors", ["code", "name", "kind"], [["SWE", "Norway", "government"]], manager)
    [error] = invalid.value.errors
    assert (error.row, error.column) == (2, "name")
    assert "already used by another donor" in error.message


def test_pledges_and_contributions_link_by_natural_keys(manager):
    DonorFactory(code="NOR")
    ProjectFactory(code="TJK/05/003")
    ExchangeRate.objects.create(currency="NOK", month=datetime.date(2006, 3, 1), rate=Decimal(8))
    ExchangeRate.objects.create(currency="NOK", month=datetime.date(2006, 4, 1), rate=Decimal(5))
    _run(
        "pledges",
        ["donor", "project", "pledged_on", "amount", "currency"],
        [["NOR", "TJK/05/003", "01.03.2006", "1 000 000,50", "NOK"]],
        manager,
    )
    pledge = Pledge.objects.get()
    assert (pledge.amount, pledge.amount_usd) == (Decimal("1000000.50"), Decimal("125000.06"))
    _run(
        "contributions",
        ["donor", "received_on", "amount", "currency", "amount_usd", "pledged_on"],
        [["NOR", "2006-04-02", "500000", "NOK", "100000", "01.03.2006"]],
        manager,
    )
    contribution = Contribution.objects.get()
    assert (contribution.pledge, contribution.rate) == (pledge, Decimal(5))


def test_the_same_pledges_twice_are_refused(manager):
    pledge = PledgeFactory(donor__code="NOR", project__code="TJK/05/003")
    with pytest.raises(ImportInvalid, match="already recorded"):
        _run(
            "pledges",
            ["donor", "project", "pledged_on", "amount", "currency", "amount_usd"],
            [["NOR", "TJK/05/003", pledge.pledged_on.isoformat(), "100000", "USD", "100000"]],
            manager,
        )
    assert Pledge.objects.count() == 1


def test_staff_may_not_import_money(staff_user):
    with pytest.raises(PermissionDenied):
        _run("pledges", ["donor"], [["NOR"]], staff_user)


def test_trainees_are_matched_by_personnel_number(manager):
    TraineeFactory(family_name="Rahimov", given_name="Rustam", personnel_number="MVD-1")
    headers = ["family_name", "given_name", "sex", "organisation", "personnel_number"]
    outcome = _run(
        "trainees",
        headers,
        [
            ["Rahimov", "Rustam", "M", "Ministry of the Interior (Sughd)", "mvd-1"],
            ["Karimova", "Dilbar", "F", "Ministry of the Interior", ""],
        ],
        manager,
    )
    assert (outcome.created, outcome.updated) == (1, 1)
    assert Trainee.objects.get(personnel_number="MVD-1").organisation.endswith("(Sughd)")
    assert Trainee.objects.get(family_name="Karimova").personnel_number == ""


def test_enrolments_name_their_session_by_course_day_and_centre(manager, centre):
    session = SessionFactory(
        course=CourseFactory(code="police-hr"),
        activity__centre=centre,
        activity__start=datetime.date(2005, 9, 1),
        activity__status="held",
        activity__approval="draft",
    )
    TraineeFactory(personnel_number="MVD-1")
    headers = ["course", "session_start", "centre", "personnel_number", "attended", "post_score"]
    _run(
        "enrolments",
        headers,
        [["police-hr", "01.09.2005", "khujand", "MVD-1", "yes", "87"]],
        manager,
    )
    enrolment = Enrolment.objects.get()
    assert (enrolment.session, enrolment.attended, enrolment.post_score) == (session, True, 87)
    with pytest.raises(ImportInvalid, match="has no session starting on 02.09.2005"):
        _run(
            "enrolments",
            headers,
            [["police-hr", "02.09.2005", "khujand", "MVD-1", "", ""]],
            manager,
        )
    with pytest.raises(ImportInvalid, match="is not a score"):
        _run(
            "enrolments",
            headers,
            [["police-hr", "01.09.2005", "khujand", "MVD-1", "", "120"]],
            manager,
        )


def test_recommendations_import_with_their_themes(hr_officer):
    DocumentFactory(symbol="CCPR/CO/84/TJK", issued_on=datetime.date(2005, 7, 18))
    ThemeFactory(name="Torture")
    ThemeFactory(name="Judiciary")
    headers = ["document", "paragraph", "text", "priority", "follow_up_due", "themes"]
    _run(
        "recommendations",
        headers,
        [
            [
                "CCPR/CO/84/TJK",
                "12(a)",
                "Investigate allegations.",
                "high",
                "18.07.2006",
                "Torture; Judiciary",
            ]
        ],
        hr_officer,
    )
    recommendation = Recommendation.objects.get()
    assert sorted(t.name for t in recommendation.themes.all()) == ["Judiciary", "Torture"]
    with pytest.raises(ImportInvalid, match="cannot be due before the document's date"):
        _run(
            "recommendations",
            headers,
            [["CCPR/CO/84/TJK", "13", "Text.", "low", "01.01.2005", ""]],
            hr_officer,
        )


def test_mission_recommendations_name_their_mission_by_title_and_first_day(manager):
    from elections.models import Recommendation as MissionRecommendation
    from tests.elections.factories import MissionFactory

    mission = MissionFactory(title="UNEAD needs assessment", start=datetime.date(2005, 9, 12))
    headers = ["mission", "mission_start", "number", "text", "owner"]
    row = ["UNEAD needs assessment", "12.09.2005", "3", "Train polling staff.", "CCER"]
    _run("mission-recommendations", headers, [row], manager)
    saved = MissionRecommendation.objects.get(mission=mission, number=3)
    assert (saved.text, saved.follow_up) == ("Train polling staff.", "open")
    outcome = _run(
        "mission-recommendations", headers, [[*row[:3], "Train staff.", "CCER"]], manager
    )
    assert (outcome.created, outcome.updated) == (0, 1)
    with pytest.raises(ImportInvalid, match="No mission “UNEAD needs assessment” began on 13.09"):
        _run("mission-recommendations", headers, [[row[0], "13.09.2005", *row[2:]]], manager)
