"""The office's IATI activity file (programs/iati.py): what it publishes, that it validates
against the IATI 2.03 schema shipped with the portal, the messages naming the project when it
would not, and who may see the page and download the file (programs/views/iati.py)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import include, path, reverse
from lxml import etree

import programs.urls
import untop.urls
from programs.iati import SCHEMA_DIR, iati_activities_build, iati_file, validate_iati
from programs.models import (
    BudgetLine,
    BudgetRevision,
    Contribution,
    Expenditure,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Project,
    User,
)
from programs.views import iati as iati_views
from tests.conftest import sign_in_as
from tests.factories import CentreFactory, PledgeFactory, ProjectFactory

pytestmark = pytest.mark.django_db

# The two routes as the lead adds them to programs/urls.py; until then the tests' own URL map
# (this module, `pytest.mark.urls(__name__)`) adds them to the portal's.
_programs = (
    [
        path("iati/", iati_views.iati_page, name="iati"),
        path("iati.xml", iati_views.iati_download, name="iati_download"),
        *programs.urls.urlpatterns,
    ],
    "programs",
)
urlpatterns = [
    path("programs/", include(_programs)),
    *(pattern for pattern in untop.urls.urlpatterns if str(pattern.pattern) != "programs/"),
]
with_routes = pytest.mark.urls(__name__)

ORG = "XM-DAC-41000-UNTOP"
ACTIVITY = "iati-activity"


def _parse(content: bytes) -> etree._Element:
    return etree.fromstring(content)


def _activity(root: etree._Element, code: str) -> etree._Element:
    (activity,) = root.xpath(f"{ACTIVITY}[iati-identifier='{ORG}-{code}']")
    return activity


def _official_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd")))


def _publish(*codes: str) -> None:
    """Publish exactly these projects (the demo publishes all), or all when none is named."""
    projects = Project.objects.all()
    if codes:
        projects.exclude(code__in=codes).update(iati_published=False)
        projects = projects.filter(code__in=codes)
    projects.update(iati_published=True)


# The demo's projects ------------------------------------------------------------------------


def test_the_demo_projects_marked_published_make_a_file_the_iati_schema_accepts(demo):
    _publish()

    content, messages = iati_file()

    assert messages == []
    root = _parse(content)
    assert _official_schema().validate(root), _official_schema().error_log
    assert root.get("version") == "2.03"
    identifiers = root.xpath(f"{ACTIVITY}/iati-identifier/text()")
    assert identifiers == [
        f"{ORG}-{code}" for code in Project.objects.values_list("code", flat=True)
    ]


def test_only_the_projects_marked_published_are_in_the_file(demo):
    _publish("ND-2005", "EL-2006")

    root = _parse(iati_file()[0])

    assert root.xpath(f"{ACTIVITY}/iati-identifier/text()") == [
        f"{ORG}-EL-2006",
        f"{ORG}-ND-2005",
    ]


def test_a_project_reads_as_iati_asks_in_the_schema_order(demo):
    _publish("ND-2005")
    project = Project.objects.get(code="ND-2005")

    activity = _activity(_parse(iati_file()[0]), "ND-2005")

    assert activity.get("default-currency") == project.currency
    assert activity.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert activity.find("reporting-org").get("ref") == ORG
    assert activity.find("reporting-org").get("type") == "40"
    assert activity.findtext("reporting-org/narrative") == (
        "United Nations Tajikistan Office of Peacebuilding"
    )
    assert activity.findtext("title/narrative") == project.title
    assert activity.xpath("title/narrative[@xml:lang='ru']/text()") == [project.title_ru]
    # Each donor that pledged funds it; the office implements it.
    donors = set(project.pledges.values_list("donor__name", flat=True))
    funding = activity.xpath("participating-org[@role='1']/narrative[not(@xml:lang)]/text()")
    assert set(funding) == donors
    assert activity.xpath("participating-org[@role='4']/@ref") == [ORG]
    assert activity.find("sector").attrib == {
        "vocabulary": "1",
        "code": "15220",
        "percentage": "100",
    }
    assert activity.find("recipient-country").get("code") == "TJ"
    # A point per centre with coordinates: "latitude longitude".
    with_place = project.centres.exclude(latitude=None).exclude(longitude=None)
    assert len(activity.findall("location")) == with_place.count()
    # Every pledge, contribution and expenditure, in the currency it was given or spent in.
    codes = activity.xpath("transaction/transaction-type/@code")
    assert codes.count("11") == project.pledges.count()
    assert codes.count("1") == Contribution.objects.filter(pledge__project=project).count()
    assert codes.count("4") == project.expenditures.count()
    pledge = project.pledges.order_by("pledged_on", "pk").first()
    first = activity.xpath("transaction[transaction-type/@code='11']")[0]
    assert first.find("value").get("currency") == pledge.currency
    assert Decimal(first.findtext("value")) == pledge.amount
    assert first.find("provider-org/narrative").text == pledge.donor.name
    # The elements follow the schema's sequence.
    order = [child.tag for child in activity]
    sequence = [
        "iati-identifier",
        "reporting-org",
        "title",
        "description",
        "participating-org",
        "activity-status",
        "activity-date",
        "recipient-country",
        "location",
        "sector",
        "policy-marker",
        "budget",
        "transaction",
        "result",
    ]
    present = [tag for tag in sequence if tag in order]
    assert sorted(order, key=present.index) == order


def test_the_2005_06_figures_are_the_results_of_its_period(demo):
    """ND-2005's dialogue participants in 2005–06: 546, as the letter S/2006/355 reports."""
    _publish("ND-2005")

    activity = _activity(_parse(iati_file()[0]), "ND-2005")

    (period,) = activity.xpath(
        "result/indicator[contains(title/narrative, 'in dialogue meetings')]"
        "/period[period-start/@iso-date='2005-06-01']"
    )
    assert period.find("period-end").get("iso-date") == "2006-05-31"
    assert period.find("actual").get("value") == "546"
    assert period.find("target").get("value") == "500"


def test_a_baseline_is_published_only_with_its_year(demo):
    _publish("ND-2005")
    measured, unmeasured = Indicator.objects.filter(project__code="ND-2005").order_by("id")[:2]
    Indicator.objects.filter(pk=measured.pk).update(baseline=Decimal("120"), baseline_year=2004)
    Indicator.objects.filter(pk=unmeasured.pk).update(baseline=Decimal("7"), baseline_year=None)

    activity = _activity(_parse(iati_file()[0]), "ND-2005")

    baselines = activity.xpath("result/indicator/baseline")
    assert [(b.get("year"), b.get("value")) for b in baselines] == [("2004", "120")]


def test_the_file_holds_no_trainee_and_no_note(demo):
    from humanrights.models import MonitoringNote
    from training.models import Trainee

    _publish()
    text = iati_file()[0].decode()

    names = {
        name
        for trainee in Trainee.objects.all()
        for name in (trainee.family_name, f"{trainee.given_name} {trainee.family_name}")
    }
    notes = set(IndicatorValue.objects.exclude(note="").values_list("note", flat=True))
    notes |= set(IndicatorValue.objects.exclude(narrative="").values_list("narrative", flat=True))
    notes |= set(MonitoringNote.objects.values_list("summary", flat=True))
    notes |= set(Expenditure.objects.exclude(description="").values_list("description", flat=True))
    assert names and notes  # the demo has them: the test can fail
    assert [name for name in names if len(name) > 3 and name in text] == []
    assert [note for note in notes if note in text] == []


# Invalid records: refused, the message naming the project --------------------------------


def test_a_code_iati_does_not_allow_in_an_identifier_is_named(demo):
    _publish("ND-2005", "EL-2006")
    Project.objects.filter(code="ND-2005").update(code="ND 2005/B")

    content, messages = iati_file()

    assert messages == [
        "ND 2005/B: element 'iati-identifier': “XM-DAC-41000-UNTOP-ND 2005/B” holds "
        "characters IATI does not allow in an identifier (' ' '/'): change the project's code."
    ]


def test_a_budget_year_outside_the_project_gives_a_period_ending_before_it_starts(demo):
    _publish("CP-2001", "ND-2005")
    revision = BudgetRevision.objects.get(project__code="ND-2005", is_current=True)
    BudgetLine.objects.create(
        revision=revision,
        year=2009,
        category="staff",
        amount=Decimal("1000"),
        rate=Decimal("1"),
        amount_usd=Decimal("1000"),
    )
    end = Project.objects.get(code="ND-2005").end

    messages = validate_iati(iati_activities_build())

    assert messages == [
        f"ND-2005: element 'budget': the period ends ({end.isoformat()}) before it starts "
        "(2009-01-01): a budget year lies outside the project's dates."
    ]


def test_a_schema_error_is_named_by_the_project_its_line_falls_in(demo):
    """A baseline year of 0 (the model allows it, the schema's positiveInteger does not)."""
    _publish("CP-2001", "ND-2005", "PR-2005")
    indicator = Indicator.objects.filter(project__code="ND-2005").first()
    Indicator.objects.filter(pk=indicator.pk).update(baseline_year=0)

    messages = validate_iati(iati_activities_build())

    assert len(messages) == 1
    assert messages[0].startswith("ND-2005: element 'baseline', attribute 'year': '0' is not")


def test_no_project_published_is_said_so(demo):
    Project.objects.update(iati_published=False)
    assert iati_file()[1] == [
        "No project is marked for publication to IATI: the file would be empty."
    ]


# The command -----------------------------------------------------------------------------


def test_the_command_writes_the_valid_file(demo, tmp_path):
    _publish("ND-2005")
    output = tmp_path / "untop.xml"

    call_command("export_iati", "--output", str(output), stdout=io.StringIO())

    root = etree.parse(str(output)).getroot()
    assert _official_schema().validate(root)
    assert root.xpath(f"{ACTIVITY}/iati-identifier/text()") == [f"{ORG}-ND-2005"]


def test_the_command_with_all_checks_the_unpublished_too(demo, tmp_path):
    output = tmp_path / "all.xml"

    call_command("export_iati", "--output", str(output), "--all", stdout=io.StringIO())

    root = etree.parse(str(output)).getroot()
    assert len(root.findall(ACTIVITY)) == Project.objects.count()


def test_the_command_refuses_an_invalid_file_naming_the_project_and_writes_nothing(demo, tmp_path):
    _publish("ND-2005")
    Project.objects.filter(code="ND-2005").update(code="ND/2005")
    output = tmp_path / "untop.xml"

    with pytest.raises(CommandError) as refused:
        call_command("export_iati", "--output", str(output), stdout=io.StringIO())

    assert "ND/2005: element 'iati-identifier'" in str(refused.value)
    assert not output.exists()


# The page and the download ----------------------------------------------------------------


def _client(username: str) -> Client:
    client = Client()
    sign_in_as(client, User.objects.get(username=username))
    return client


@with_routes
def test_programme_staff_are_refused_the_page_and_the_file(demo):
    _publish()
    client = _client("staff.khujand")

    assert client.get(reverse("programs:iati")).status_code == 403
    refused = client.get(reverse("programs:iati_download"))
    assert refused.status_code == 403
    assert b"iati-activities" not in refused.content


@with_routes
def test_a_manager_sees_which_projects_are_published_and_downloads_the_valid_file(demo):
    _publish("ND-2005", "EL-2006")
    client = _client("manager")

    page = client.get(reverse("programs:iati")).content.decode()
    published = page.split('id="iati-published-list"')[1].split("</ul>")[0]
    assert "ND-2005" in published and "EL-2006" in published and "CP-2001" not in published
    assert "CP-2001" in page.split('id="iati-unpublished-list"')[1]
    assert reverse("programs:iati_download") in page

    response = client.get(reverse("programs:iati_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    root = _parse(response.content)
    assert _official_schema().validate(root)
    assert len(root.findall(ACTIVITY)) == 2


@with_routes
def test_the_projects_not_published_are_listed_up_to_a_limit_and_counted(demo, monkeypatch):
    monkeypatch.setattr(iati_views, "UNPUBLISHED_LISTED", 2)
    _publish("ND-2005")
    client = _client("manager")
    unpublished = list(
        Project.objects.filter(iati_published=False).order_by("code").values_list("code", flat=True)
    )
    assert len(unpublished) > 2

    page = client.get(reverse("programs:iati")).content.decode()

    listed = page.split('id="iati-unpublished-list"')[1].split("</ul>")[0]
    assert [code for code in unpublished if code in listed] == unpublished[:2]
    assert f"Not published ({len(unpublished)})" in page
    more = page.split('id="iati-unpublished-more"')[1].split("</p>")[0]
    assert f"And {len(unpublished) - 2} more project" in more
    # The link is the back office's list of exactly those projects.
    link = more.split('href="')[1].split('"')[0].replace("&amp;", "&")
    back_office = client.get(link)
    assert back_office.status_code == 200
    shown = {project.code for project in back_office.context["cl"].result_list}
    assert shown == set(unpublished)


@with_routes
def test_an_invalid_file_is_not_offered_and_the_page_names_the_project(demo):
    _publish("ND-2005")
    Project.objects.filter(code="ND-2005").update(code="ND&2005")
    client = _client("manager")

    page = client.get(reverse("programs:iati")).content.decode()
    assert "ND&amp;2005: element &#x27;iati-identifier&#x27;" in page
    assert reverse("programs:iati_download") not in page

    refused = client.get(reverse("programs:iati_download"))
    assert refused.status_code == 409
    assert refused["Content-Type"].startswith("text/html")
    assert "ND&amp;2005: element" in refused.content.decode()


@pytest.mark.parametrize(
    ("status", "activity_status", "date_types"),
    [
        (Project.Status.PLANNED, "1", ["1", "3"]),
        (Project.Status.ACTIVE, "2", ["2", "3"]),
        (Project.Status.CLOSED, "4", ["2", "4"]),
    ],
)
def test_the_status_and_dates_say_what_has_happened(status, activity_status, date_types):
    """Planned dates until they happen: an actual start once under way, an actual end once
    closed (IATI's activity date types 1–4)."""
    ProjectFactory(code="EL-2006", iati_published=True, status=status)

    (activity,) = iati_activities_build().getroot()

    assert activity.find("activity-status").get("code") == activity_status
    dates = activity.findall("activity-date")
    assert [date.get("type") for date in dates] == date_types
    assert [date.get("iso-date") for date in dates] == ["2005-06-01", "2006-12-31"]
    assert validate_iati(activity.getroottree()) == []


# Queries ---------------------------------------------------------------------------------

# Projects, centres, pledges, contributions, expenditures, current budgets, their lines (7);
# the mandate periods (1); indicator_progress for the one period the projects reach (6).
QUERIES_FILE = 14
# The request's own (session, user, second factor: 3; the permissions, read by the first
# request, come from the cache), the file's, the projects published, the first of those
# not and their count (3).
QUERIES_PAGE = 3 + QUERIES_FILE + 3


def _published_projects(period, first: int, count: int) -> None:
    for number in range(first, first + count):
        project = ProjectFactory(
            code=f"IATI-{number}",
            iati_published=True,
            gender_marker=2,
            start=datetime.date(2005, 7, 1),
            end=datetime.date(2006, 3, 31),
        )
        project.centres.add(
            CentreFactory(latitude=Decimal("40.28"), longitude=Decimal("69.62")),
            CentreFactory(),
        )
        pledge = PledgeFactory(project=project)
        Contribution.objects.create(
            donor=pledge.donor,
            pledge=pledge,
            amount=Decimal("5000"),
            currency="USD",
            received_on=datetime.date(2005, 9, 1),
        )
        Expenditure.objects.create(
            project=project,
            category="travel",
            spent_on=datetime.date(2005, 10, 3),
            amount=Decimal("250"),
            currency="USD",
        )
        revision = BudgetRevision.objects.create(
            project=project, number=1, made_on=datetime.date(2005, 6, 20), currency="USD"
        )
        for year in (2005, 2006):
            BudgetLine.objects.create(
                revision=revision,
                year=year,
                category="staff",
                amount=Decimal("1000"),
                rate=Decimal("1"),
                amount_usd=Decimal("1000"),
            )
        indicator = Indicator.objects.create(
            project=project, name="Dialogue meetings", unit="meetings"
        )
        IndicatorTarget.objects.create(indicator=indicator, period=period, target=Decimal("4"))
        IndicatorValue.objects.create(indicator=indicator, period=period, value=Decimal("3"))


def test_the_file_takes_the_same_queries_for_two_projects_and_for_six(
    period, django_assert_num_queries
):
    _published_projects(period, 0, 2)
    with django_assert_num_queries(QUERIES_FILE):
        small = iati_activities_build()
    _published_projects(period, 2, 4)
    with django_assert_num_queries(QUERIES_FILE):
        large = iati_activities_build()

    assert validate_iati(small) == [] and validate_iati(large) == []
    assert len(small.getroot()) == 2 and len(large.getroot()) == 6
    activity = large.getroot()[5]
    assert len(activity.findall("location")) == 1  # the centre without coordinates is left out
    assert activity.find("location/point/pos").text == "40.28 69.62"
    assert activity.find("policy-marker").get("significance") == "1"  # UN marker 2: significant
    assert [b.find("period-end").get("iso-date") for b in activity.findall("budget")] == [
        "2005-12-31",
        "2006-03-31",
    ]
    assert activity.xpath("result/indicator/period/actual/@value") == ["3"]


@with_routes
def test_the_page_takes_the_same_queries_for_two_projects_and_for_six(
    manager, period, django_assert_num_queries
):
    client = Client()
    sign_in_as(client, manager)
    url = reverse("programs:iati")
    _published_projects(period, 0, 2)
    client.get(url)  # the session and permissions, read once
    with django_assert_num_queries(QUERIES_PAGE):
        small = client.get(url)
    _published_projects(period, 2, 4)
    client.get(url)
    with django_assert_num_queries(QUERIES_PAGE):
        large = client.get(url)

    assert small.content.decode().count("IATI-") == 2
    assert large.content.decode().count("IATI-") == 6
