"""`manage.py load_demo`: the demo data set 2000–2007, its logins, and the letter's figures.

The figures of the letter S/2006/355 (period 1 June 2005 – 31 May 2006) must come out of the
demo data the way reports compute them: SQL sums over held and approved activities.
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F, Q, Sum

from programs.models import (
    Activity,
    Centre,
    District,
    Donor,
    Expenditure,
    Indicator,
    IndicatorTarget,
    MandatePeriod,
    ParticipantCategory,
    ParticipantCount,
    Partner,
    Pledge,
    Project,
    Region,
    User,
)
from untop import roles

pytestmark = pytest.mark.django_db

START, END = datetime.date(2005, 6, 1), datetime.date(2006, 5, 31)
LOGINS = [
    ("staff.khujand", roles.PROGRAMME_STAFF),
    ("staff.dushanbe", roles.PROGRAMME_STAFF),
    ("manager", roles.PROGRAMME_MANAGER),
    ("hr.officer", roles.HUMAN_RIGHTS_OFFICER),
    ("admin", roles.ADMINISTRATOR),
]


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", "--allow-production", stdout=out)
    return out.getvalue()


def _state() -> dict:
    """How many records of each model of the portal's apps, and what the participants sum to."""
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"programs", "audit", "auth"}
    }
    counts["participants"] = ParticipantCount.objects.totals()
    return counts


def _counted(**filters):
    """Activities that count in the letter's period: held, approved, begun in the period."""
    return Activity.objects.counted().in_period(START, END).filter(**filters)


def _people(area: str, kind: str, *categories: str) -> int:
    """People who took part in the counted activities of an area and type (SQL sums)."""
    rows = ParticipantCount.objects.filter(
        activity__in=_counted(project__area=area, kind=kind).values("id")
    )
    if categories:
        rows = rows.filter(category__code__in=categories)
    return rows.totals()["total"]


def test_load_demo_is_idempotent_and_prints_the_logins():
    output = _load()
    first = _state()
    second_output = _load()

    # Nothing changes, not even the audit trail: a second run saves nothing.
    assert _state() == first
    assert first["audit.AuditEntry"] > 0
    assert first["programs.Activity"] > 250
    for username, role in LOGINS:
        assert username in output
        user = User.objects.get(username=username)
        assert user.groups.get().name == role
        assert user.check_password("untop-demo-2006")
    assert "illustrative" in output

    def without_timing(text: str) -> str:
        return re.sub(r"loaded in [\d.]+ s", "loaded", text)

    assert without_timing(second_output) == without_timing(output)


def test_load_demo_refuses_to_run_in_production_without_being_told():
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo")
    assert not User.objects.exists()
    assert not Activity.objects.exists()


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for a class of tests and rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _load()
        transaction.set_rollback(True)


@pytest.mark.usefixtures("demo")
class TestTheFiguresOfTheLetter:
    """Each figure of S/2006/355, summed in SQL over the counted activities of 2005–06."""

    def test_over_500_in_national_dialogue_meetings_across_the_country(self):
        total = _people("dialogue", "meeting")
        assert 500 < total < 600
        letter_categories = ("government-officials", "party-activists", "civil-society")
        assert _people("dialogue", "meeting", *letter_categories) == total
        meetings = _counted(project__area="dialogue", kind="meeting")
        assert meetings.values("centre__region").distinct().count() >= 4

    def test_more_than_900_in_seminars_at_all_eight_centres(self):
        total = _people("conflict", "seminar")
        assert 900 < total < 1000
        letter_categories = ("community-leaders", "educators", "lawyers", "local-officials")
        assert _people("conflict", "seminar", *letter_categories) == total
        seminars = _counted(project__area="conflict", kind="seminar")
        assert seminars.values("centre").distinct().count() == 8 == Centre.objects.count()

    def test_40_instructors_and_over_1000_interior_ministry_staff(self):
        assert _people("police", "training", "police-instructors") == 40
        assert 1000 < _people("police", "training", "interior-ministry-staff") < 1100
        instructors = _counted(
            project__area="police", participants__category__code="police-instructors"
        )
        assert instructors.count() == 1
        # The cascade courses alone, without the training abroad, reach over 1,000.
        cascade = ParticipantCount.objects.filter(
            activity__in=_counted(project__code="PR-2005").values("id"),
            category__code="interior-ministry-staff",
        )
        assert cascade.totals()["total"] > 1000
        abroad = ParticipantCount.objects.filter(
            activity__in=_counted(project__code="PR-PKO").values("id")
        )
        assert abroad.totals()["total"] == 30

    def test_an_ombudsman_conference_with_80_participants(self):
        assert _people("human_rights", "conference") == 80
        conference = _counted(project__area="human_rights", kind="conference").get()
        assert "Ombudsman" in conference.title

    def test_treaty_body_follow_up_reaching_over_115(self):
        total = _people("human_rights", "seminar")
        assert 115 < total < 140
        letter_categories = ("parliamentarians", "judges", "human-rights-activists")
        assert _people("human_rights", "seminar", *letter_categories) == total
        seminars = _counted(project__area="human_rights", kind="seminar")
        assert all("CERD" in title for title in seminars.values_list("title", flat=True))

    def test_donor_countries_pledged_over_2_million_dollars(self):
        pledged = Pledge.objects.filter(
            pledged_on__range=(START, END), donor__kind=Donor.Kind.GOVERNMENT
        ).aggregate(usd=Sum("amount_usd"))["usd"]
        assert Decimal("2000000") < pledged < Decimal("2500000")

    def test_the_command_prints_the_same_figures(self, demo):
        line = next(line for line in demo.splitlines() if line.startswith("2005–06"))
        assert "dialogue 546" in line
        assert "police instructors 40" in line
        assert "Ombudsman conference 80" in line


@pytest.mark.usefixtures("demo")
class TestTheDemoData:
    def test_seven_yearly_mandate_periods_only_the_last_symbol_verified(self):
        periods = list(MandatePeriod.objects.order_by("start"))
        assert [p.start for p in periods] == [datetime.date(y, 6, 1) for y in range(2000, 2007)]
        assert [p.end for p in periods] == [datetime.date(y, 5, 31) for y in range(2001, 2008)]
        assert all(p.status == MandatePeriod.Status.ENDED for p in periods)
        assert [p.locked for p in periods] == [True] * 5 + [False] * 2
        last = periods[-1]
        assert (last.symbol, last.symbol_verified) == ("S/2006/355", True)
        assert not any(p.symbol_verified for p in periods[:-1])

    def test_activities_were_entered_submitted_and_approved_when_they_happened(self):
        for activity in Activity.objects.all():
            assert activity.created_at.date() == activity.end + datetime.timedelta(days=1)
            assert activity.created_at.year <= 2007
            if activity.submitted_at:
                assert activity.created_at < activity.submitted_at
            if activity.approved_at:
                assert activity.submitted_at < activity.approved_at

    def test_places_are_named_in_three_languages_with_their_former_names(self):
        assert set(Region.objects.values_list("code", flat=True)) == {
            "TJ-DU",
            "TJ-SU",
            "TJ-KT",
            "TJ-GB",
            "TJ-RA",
        }
        for region in Region.objects.all():
            assert 4 <= region.districts.count() <= 8
        for model in (Region, District):
            assert not model.objects.filter(Q(name_ru="") | Q(name_tg="")).exists()
        renamed = dict(
            District.objects.exclude(former_name="").values_list("name_en", "former_name")
        )
        assert renamed["Bokhtar"].startswith("Kurgan-Tyube")
        assert renamed["Kulob"] == "Kulyab"
        assert renamed["Buston"] == "Chkalovsk"
        assert renamed["Lakhsh"] == "Jirgatol"
        assert renamed["Sangvor"] == "Tavildara"
        assert len(renamed) == 8

    def test_illustrative_names_are_labelled(self):
        assert Centre.objects.count() == 8
        assert not Centre.objects.filter(is_illustrative=False).exists()
        assert not Centre.objects.filter(Q(name_ru="") | Q(name_tg="")).exists()
        assert not Donor.objects.filter(is_illustrative=False).exists()
        assert all(
            name.endswith(" (illustrative)")
            for name in Donor.objects.values_list("name", flat=True)
        )

    def test_categories_and_national_partners(self):
        assert not ParticipantCategory.objects.filter(Q(name_ru="") | Q(name_tg="")).exists()
        partners = set(Partner.objects.values_list("name", flat=True))
        for name in [
            "Central Commission for Elections and Referenda",
            "Ministry of the Interior",
            "Ministry of Justice",
            "Ministry of Education",
            "Parliament (Majlisi Oli)",
            "People's Democratic Party of Tajikistan",
            "Islamic Renaissance Party of Tajikistan",
        ]:
            assert name in partners
        assert Partner.objects.filter(kind=Partner.Kind.PARTY).count() == 8

    def test_pledges_in_several_currencies_with_payments_and_spending(self):
        currencies = set(Pledge.objects.values_list("currency", flat=True))
        assert {"USD", "EUR", "CHF", "NOK", "GBP", "DEM", "NLG"} <= currencies
        pre_euro = Pledge.objects.filter(currency__in=["DEM", "NLG", "FIM"])
        assert not pre_euro.filter(pledged_on__year__gt=2001).exists()
        assert not Pledge.objects.filter(currency="EUR", pledged_on__year__lt=2002).exists()
        assert Pledge.objects.filter(contributions__isnull=True).count() <= 3
        for project in Project.objects.all():
            spent = Expenditure.objects.filter(project=project).aggregate(usd=Sum("amount_usd"))
            assert 0 < spent["usd"] <= project.budget_usd, project.code

    def test_counted_activities_every_year_at_the_centres_of_their_projects(self):
        for year in range(2000, 2007):
            period = Activity.objects.counted().in_period(
                datetime.date(year, 6, 1), datetime.date(year + 1, 5, 31)
            )
            assert period.count() >= 15, year
        outside = Activity.objects.filter(
            Q(start__lt=F("project__start")) | Q(end__gt=F("project__end"))
        )
        assert not outside.exists()
        for activity in Activity.objects.prefetch_related("project__centres"):
            assert activity.centre in activity.project.centres.all(), activity.title
        manager = User.objects.get(username="manager")
        assert not Activity.objects.approved().exclude(approved_by=manager).exists()

    def test_realistic_shares_of_women(self):
        def share(code: str) -> float:
            sums = ParticipantCount.objects.filter(
                activity__in=Activity.objects.counted().values("id"), category__code=code
            ).totals()
            return sums["women"] / sums["total"]

        assert share("educators") > 0.5
        assert share("interior-ministry-staff") < 0.1
        assert share("police-instructors") < 0.2

    def test_the_last_period_shows_the_approval_workflow(self):
        last = Activity.objects.in_period(datetime.date(2006, 6, 1), datetime.date(2007, 5, 31))
        assert last.filter(status=Activity.Status.PLANNED).exists()
        assert last.filter(status=Activity.Status.CANCELLED).exists()
        assert last.filter(
            status=Activity.Status.HELD, approval=Activity.Approval.SUBMITTED
        ).exists()
        drafts = last.filter(status=Activity.Status.HELD, approval=Activity.Approval.DRAFT)
        assert drafts.filter(created_by__username="staff.khujand", centre__code="khujand").exists()
        letter_period = Activity.objects.in_period(START, END)
        assert letter_period.count() == letter_period.counted().count()

    def test_indicators_with_targets_computed_and_typed(self):
        indicator = Indicator.objects.get(name="Interior Ministry staff trained in police training")
        assert indicator.rule == Indicator.Rule.PARTICIPANTS
        assert list(indicator.rule_categories.values_list("code", flat=True)) == [
            "interior-ministry-staff"
        ]
        target = IndicatorTarget.objects.get(indicator=indicator, period__start=START)
        assert target.target == 1000
        actual = ParticipantCount.objects.filter(
            activity__in=_counted(project=indicator.project).values("id"),
            category__in=indicator.rule_categories.all(),
        ).totals()["total"]
        assert actual >= target.target
        assert (
            Indicator.objects.filter(rule=Indicator.Rule.ACTIVITIES)
            .exclude(rule_activity_kind="")
            .exists()
        )
        manual = Indicator.objects.filter(rule=Indicator.Rule.MANUAL)
        assert manual.exists()
        assert not manual.filter(values__isnull=True).exists()
        assert not Indicator.objects.filter(targets__isnull=True).exists()
