"""The office's IATI activity file: the projects a manager marked for publication, as IATI
2.03 activities for the IATI Registry, and its check against the official schema.

The file holds only the office's own records and aggregates: each project's titles, dates,
status, centres, sector and gender marker; its current budget by year; each pledge,
contribution and expenditure as a transaction in the currency it was given or spent in (IATI
wants the original currency, not the US$ equivalent); and each indicator's baseline, targets
and actuals per mandate period (programs.results.indicator_progress: counted activities
only). No person's name, no monitoring note, no trainee, no expenditure description.

Written with lxml, element by element in the schema's order, rather than through an IATI
library: okfn-iati calls itself beta and under development, and the IATI's own pyIATI
(iati.core) experimental and unstable; both build on lxml and the same schema, which is
what the file is checked against here.

The schema and the codelists used are shipped with the portal in ``programs/iati_schema/``
(copied unchanged from the IATI's repositories: see its README and LICENSE); the portal reads
nothing outside its own tree at run time.

Queries, however many projects: seven for the projects and their records, one for the
mandate periods, and ``indicator_progress``'s for each mandate period that a published
project's dates reach (one when the projects have no indicators, else six, and a few more
for indicators counting by age or cumulative ones: programs/results.py).
"""

from __future__ import annotations

import bisect
import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from .models import (
    BudgetLine,
    BudgetRevision,
    Contribution,
    Donor,
    Expenditure,
    Indicator,
    MandateArea,
    MandatePeriod,
    Pledge,
    Project,
)
from .results import indicator_progress

SCHEMA_DIR = Path(__file__).resolve().parent / "iati_schema"
IATI_VERSION = "2.03"
DEFAULT_REPORTING_ORG = "XM-DAC-41000-UNTOP"
OFFICE_NAME = "United Nations Tajikistan Office of Peacebuilding"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# WGS 84 latitude/longitude, as IATI's location/point asks.
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"

# IATI codes (codelists in iati_schema/codelists, or published for the non-embedded ones).
ORG_TYPE_MULTILATERAL = "40"
ORG_TYPE = {
    Donor.Kind.GOVERNMENT: "10",
    Donor.Kind.MULTILATERAL: ORG_TYPE_MULTILATERAL,
    Donor.Kind.FOUNDATION: "60",
}
ROLE_FUNDING, ROLE_IMPLEMENTING = "1", "4"
ACTIVITY_STATUS = {
    Project.Status.PLANNED: "1",  # pipeline/identification
    Project.Status.ACTIVE: "2",  # implementation
    Project.Status.CLOSED: "4",  # closed
}
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
# OECD DAC CRS purpose codes (sector vocabulary 1) of the office's mandate areas. 15130
# (legal and judicial development) fits none of them: the human-rights work is 15160.
SECTOR = {
    MandateArea.NATIONAL_DIALOGUE: "15220",
    MandateArea.ELECTIONS: "15151",
    MandateArea.HUMAN_RIGHTS: "15160",
    MandateArea.CONFLICT_PREVENTION: "15220",
    MandateArea.POLICE_REFORM: "15210",
}
GENDER_EQUALITY = "1"  # policy marker vocabulary 1 (OECD DAC CRS), code 1
# The UN gender equality marker (0–3) read on the OECD DAC policy significance scale
# (0 not targeted, 1 significant objective, 2 principal objective), as UN entities report
# it: "limited contribution" is not a gender objective; 3 on the OECD scale means something
# else (an action programme), so the UN's 3 is not copied across.
GENDER_SIGNIFICANCE = {0: "0", 1: "0", 2: "1", 3: "2"}
BUDGET_ORIGINAL, BUDGET_REVISED, BUDGET_COMMITTED = "1", "2", "2"
INCOMING_FUNDS, EXPENDITURE, INCOMING_COMMITMENT = "1", "4", "11"
RESULT_OUTPUT, RESULT_OUTCOME = "1", "2"
MEASURE = {
    Indicator.Kind.COUNT: "1",  # unit
    Indicator.Kind.PERCENTAGE: "2",  # percentage
    Indicator.Kind.QUALITATIVE: "4",  # ordinal: a score on the indicator's own scale
}
# Characters IATI's guidance on activity identifiers forbids, besides white space.
IDENTIFIER_FORBIDDEN = set("/&|?")


def reporting_org_ref() -> str:
    """The office's IATI organisation identifier (setting ``UNTOP_IATI_REPORTING_ORG``)."""
    return getattr(settings, "UNTOP_IATI_REPORTING_ORG", DEFAULT_REPORTING_ORG)


def activity_identifier(project: Project) -> str:
    """A project's IATI identifier: the office's organisation identifier, then its code."""
    return f"{reporting_org_ref()}-{project.code}"


@functools.cache
def _schema() -> etree.XMLSchema:
    # Read once a process; lxml resolves the includes and imports from the same folder.
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd")))


@functools.cache
def codelist(name: str) -> frozenset[str]:
    """The codes of one of the shipped IATI codelists, e.g. ``codelist("ActivityStatus")``."""
    tree = etree.parse(str(SCHEMA_DIR / "codelists" / f"{name}.xml"))
    return frozenset(code.strip() for code in tree.xpath("//codelist-item/code/text()"))


# Reading the records --------------------------------------------------------------------


def iati_projects(*, include_unpublished: bool = False) -> QuerySet[Project]:
    """The projects the file holds (those marked published, or all for a check), with
    everything it reads from them prefetched: seven queries."""
    projects = Project.objects.all()
    if not include_unpublished:
        projects = projects.filter(iati_published=True)
    return projects.order_by("code").prefetch_related(
        "centres",
        Prefetch(
            "pledges",
            queryset=Pledge.objects.select_related("donor").order_by("pledged_on", "pk"),
        ),
        Prefetch(
            "pledges__contributions",
            queryset=Contribution.objects.select_related("donor").order_by("received_on", "pk"),
        ),
        Prefetch("expenditures", queryset=Expenditure.objects.order_by("spent_on", "pk")),
        Prefetch(
            "budget_revisions",
            queryset=BudgetRevision.objects.filter(is_current=True).prefetch_related(
                Prefetch("lines", queryset=BudgetLine.objects.order_by("year", "category"))
            ),
            to_attr="current_budget",
        ),
    )


def _results_by_project(projects: list[Project]) -> dict[int, list[tuple[MandatePeriod, dict]]]:
    """Each project's indicator rows (``indicator_progress``) per mandate period its dates
    reach, the periods in order."""
    if not projects:
        return {}
    first = min(project.start for project in projects)
    last = max(project.end for project in projects)
    periods = list(MandatePeriod.objects.filter(start__lte=last, end__gte=first).order_by("start"))
    by_project: dict[int, list[tuple[MandatePeriod, dict]]] = defaultdict(list)
    for period in periods:
        reached = [p for p in projects if p.start <= period.end and p.end >= period.start]
        if not reached:
            continue
        for row in indicator_progress(period=period, projects=reached):
            by_project[row["project"].pk].append((period, row))
    return by_project


# Building the file ----------------------------------------------------------------------


def _number(value: Decimal | int) -> str:
    """A figure as IATI writes it: plain decimal, no exponent, no trailing zeros."""
    return f"{Decimal(value).normalize():f}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _narratives(parent: etree._Element, english: str, russian: str = "") -> None:
    """English (the activity's language) and, where recorded, Russian narratives."""
    _sub(parent, "narrative", english)
    if russian:
        _sub(parent, "narrative", russian).set(XML_LANG, "ru")


def _value(parent: etree._Element, amount: Decimal, currency: str, day: datetime.date) -> None:
    _sub(parent, "value", _number(amount), currency=currency, value_date=day.isoformat())


def _activity(
    root: etree._Element,
    project: Project,
    results: list[tuple[MandatePeriod, dict]],
    updated: str,
    today: datetime.date,
) -> None:
    ref = reporting_org_ref()
    activity = _sub(
        root,
        "iati-activity",
        default_currency=project.currency,
        last_updated_datetime=updated,
    )
    activity.set(XML_LANG, "en")
    _sub(activity, "iati-identifier", activity_identifier(project))
    _narratives(_sub(activity, "reporting-org", ref=ref, type=ORG_TYPE_MULTILATERAL), OFFICE_NAME)
    _narratives(_sub(activity, "title"), project.title, project.title_ru)
    # The letter's clause naming the project's work ("a technical assistance project for
    # …"), as a sentence; the title when none is recorded.
    _narratives(
        _sub(activity, "description", type="1"),
        _sentence(project.letter_phrase or project.title),
        _sentence(project.letter_phrase_ru or project.title_ru),
    )
    _participants(activity, project, ref)
    _sub(activity, "activity-status", code=ACTIVITY_STATUS[project.status])
    _dates(activity, project, today)
    _sub(activity, "recipient-country", code="TJ", percentage="100")
    for centre in project.centres.all():
        if centre.latitude is None or centre.longitude is None:
            continue
        location = _sub(activity, "location", ref=f"{ref}-{centre.code}")
        _narratives(_sub(location, "name"), centre.name, centre.name_ru)
        point = _sub(location, "point", srsName=WGS84)
        _sub(point, "pos", f"{_number(centre.latitude)} {_number(centre.longitude)}")
    _sub(activity, "sector", vocabulary="1", code=SECTOR[project.area], percentage="100")
    if project.gender_marker is not None:
        _sub(
            activity,
            "policy-marker",
            vocabulary="1",
            code=GENDER_EQUALITY,
            significance=GENDER_SIGNIFICANCE[project.gender_marker],
        )
    _budgets(activity, project)
    _transactions(activity, project)
    _results(activity, project, results)


def _participants(activity: etree._Element, project: Project, ref: str) -> None:
    """Each donor that pledged to the project (funding), then the office (implementing)."""
    donors: dict[int, Donor] = {}
    for pledge in project.pledges.all():
        donors.setdefault(pledge.donor_id, pledge.donor)
    for donor in sorted(donors.values(), key=lambda donor: donor.name):
        org = _sub(activity, "participating-org", role=ROLE_FUNDING, type=ORG_TYPE[donor.kind])
        _narratives(org, donor.name, donor.name_ru)
    office = _sub(
        activity, "participating-org", ref=ref, role=ROLE_IMPLEMENTING, type=ORG_TYPE_MULTILATERAL
    )
    _narratives(office, OFFICE_NAME)


def _dates(activity: etree._Element, project: Project, today: datetime.date) -> None:
    """The start as begun once the project is under way; the end as reached once closed."""
    started = project.status != Project.Status.PLANNED and project.start <= today
    _sub(
        activity,
        "activity-date",
        type=ACTUAL_START if started else PLANNED_START,
        iso_date=project.start.isoformat(),
    )
    ended = project.status == Project.Status.CLOSED
    _sub(
        activity,
        "activity-date",
        type=ACTUAL_END if ended else PLANNED_END,
        iso_date=project.end.isoformat(),
    )


def _budgets(activity: etree._Element, project: Project) -> None:
    """The current revision, year by year, each year's period cut to the project's dates."""
    for revision in project.current_budget:
        by_year: dict[int, Decimal] = defaultdict(Decimal)
        for line in revision.lines.all():
            # One revision's lines are all in its currency: summed within it, not across.
            by_year[line.year] += line.amount
        kind = BUDGET_ORIGINAL if revision.number == 1 else BUDGET_REVISED
        for year, amount in sorted(by_year.items()):
            start = max(datetime.date(year, 1, 1), project.start)
            end = min(datetime.date(year, 12, 31), project.end)
            budget = _sub(activity, "budget", type=kind, status=BUDGET_COMMITTED)
            _sub(budget, "period-start", iso_date=start.isoformat())
            _sub(budget, "period-end", iso_date=end.isoformat())
            _value(budget, amount, revision.currency, start)


def _transactions(activity: etree._Element, project: Project) -> None:
    """Pledges (incoming commitments), contributions (incoming funds) and expenditures, in
    the order of their dates, each in the currency it was given or spent in."""
    records: list[tuple[datetime.date, str, object, Donor | None]] = []
    for pledge in project.pledges.all():
        records.append((pledge.pledged_on, INCOMING_COMMITMENT, pledge, pledge.donor))
        for contribution in pledge.contributions.all():
            records.append(
                (contribution.received_on, INCOMING_FUNDS, contribution, contribution.donor)
            )
    for expenditure in project.expenditures.all():
        records.append((expenditure.spent_on, EXPENDITURE, expenditure, None))
    for day, kind, record, donor in sorted(records, key=lambda item: (item[0], int(item[1]))):
        transaction = _sub(activity, "transaction")
        _sub(transaction, "transaction-type", code=kind)
        _sub(transaction, "transaction-date", iso_date=day.isoformat())
        _value(transaction, record.amount, record.currency, day)
        if donor is not None:
            provider = _sub(transaction, "provider-org", type=ORG_TYPE[donor.kind])
            _narratives(provider, donor.name, donor.name_ru)


def _results(
    activity: etree._Element, project: Project, rows: list[tuple[MandatePeriod, dict]]
) -> None:
    """One result per indicator: its baseline when its year is recorded (IATI asks the year;
    none is invented), and each mandate period with the target and actual the portal has."""
    by_indicator: dict[int, list[tuple[MandatePeriod, dict]]] = defaultdict(list)
    indicators: dict[int, Indicator] = {}
    for period, row in rows:
        indicators[row["indicator"].pk] = row["indicator"]
        by_indicator[row["indicator"].pk].append((period, row))
    for pk, indicator in indicators.items():
        result = _sub(
            activity,
            "result",
            type=RESULT_OUTPUT if indicator.output_id else RESULT_OUTCOME,
            aggregation_status="false",
        )
        _narratives(_sub(result, "title"), indicator.name, indicator.name_ru)
        measured = _sub(
            result,
            "indicator",
            measure=MEASURE[indicator.kind],
            ascending="false" if indicator.direction == Indicator.Direction.DESCENDING else "true",
        )
        title = indicator.name + (f" ({indicator.unit})" if indicator.unit else "")
        title_ru = indicator.name_ru + (f" ({indicator.unit_ru})" if indicator.unit_ru else "")
        _narratives(_sub(measured, "title"), title, title_ru if indicator.name_ru else "")
        if indicator.baseline_year is not None:
            _sub(
                measured,
                "baseline",
                year=str(indicator.baseline_year),
                value=_number(indicator.baseline),
            )
        for period, row in by_indicator[pk]:
            if row["target"] is None and row["actual"] is None:
                continue
            element = _sub(measured, "period")
            _sub(element, "period-start", iso_date=period.start.isoformat())
            _sub(element, "period-end", iso_date=period.end.isoformat())
            if row["target"] is not None:
                _sub(element, "target", value=_number(row["target"]))
            if row["actual"] is not None:
                _sub(element, "actual", value=_number(row["actual"]))


def iati_activities_build(
    projects: Iterable[Project] | None = None, *, include_unpublished: bool = False
) -> etree._ElementTree:
    """The office's IATI activity file as a tree: one ``iati-activity`` per project (those
    marked published, or all with ``include_unpublished``; or the ``projects`` given, which
    must come from ``iati_projects`` for their prefetches)."""
    if projects is None:
        projects = iati_projects(include_unpublished=include_unpublished)
    projects = list(projects)
    now = timezone.now().replace(microsecond=0)
    stamp = now.isoformat()
    today = timezone.localdate(now)
    root = etree.Element("iati-activities", version=IATI_VERSION)
    root.set("generated-datetime", stamp)
    results = _results_by_project(projects)
    for project in projects:
        # The projects carry no time of change of their own: the file's time stands for it.
        _activity(root, project, results.get(project.pk, []), stamp, today)
    return etree.ElementTree(root)


# Checking the file ----------------------------------------------------------------------


def validate_iati(tree: etree._ElementTree | etree._Element) -> list[str]:
    """What makes the file invalid, each message naming the project (by its code) and the
    element: the official schema's errors first, then IATI's rules the schema cannot say
    (identifiers, budget periods, codes of the shipped codelists). Empty when valid.

    The tree is written out and read back so that each schema error's line leads to the
    activity it falls in.
    """
    source = etree.tostring(tree, encoding="utf-8", xml_declaration=True, pretty_print=True)
    parsed = etree.fromstring(source, parser=etree.XMLParser(remove_blank_text=False))
    activities = parsed.findall("iati-activity")
    if not activities:
        return [_("No project is marked for publication to IATI: the file would be empty.")]
    lines = [activity.sourceline for activity in activities]
    codes = [_project_code(activity) for activity in activities]

    messages = []
    schema = _schema()
    if not schema.validate(parsed):
        for error in schema.error_log:
            index = bisect.bisect_right(lines, error.line) - 1
            where = codes[index] if index >= 0 else _("the file")
            text = error.message
            if text[:8] == "Element ":
                text = "element " + text[8:]
            messages.append(f"{where}: {text}")
    for code, activity in zip(codes, activities, strict=True):
        messages.extend(f"{code}: {message}" for message in _rule_errors(activity))
    return messages


def _project_code(activity: etree._Element) -> str:
    """The project's code, read back from the activity's identifier."""
    identifier = (activity.findtext("iati-identifier") or "").strip()
    prefix = reporting_org_ref() + "-"
    return identifier[len(prefix) :] if identifier.startswith(prefix) else identifier


# (xpath of the code, codelist), for the codelists shipped with the portal.
_CODED = [
    ("activity-status/@code", "ActivityStatus"),
    ("activity-date/@type", "ActivityDateType"),
    ("participating-org/@role", "OrganisationRole"),
    ("budget/@type", "BudgetType"),
    ("budget/@status", "BudgetStatus"),
    ("transaction/transaction-type/@code", "TransactionType"),
]


def _rule_errors(activity: etree._Element) -> list[str]:
    """IATI's rules the schema does not check, for one activity."""
    errors = []
    identifier = activity.findtext("iati-identifier") or ""
    ref = activity.find("reporting-org").get("ref", "")
    bad = sorted({char for char in identifier if char in IDENTIFIER_FORBIDDEN or char.isspace()})
    if bad:
        errors.append(
            _(
                "element 'iati-identifier': “%(identifier)s” holds characters IATI does not "
                "allow in an identifier (%(characters)s): change the project's code."
            )
            % {
                "identifier": identifier,
                "characters": " ".join(repr(char) for char in bad),
            }
        )
    if not identifier.startswith(ref + "-"):
        errors.append(
            _(
                "element 'iati-identifier': “%(identifier)s” does not begin with the office's "
                "organisation identifier %(ref)s."
            )
            % {"identifier": identifier, "ref": ref}
        )
    for budget in activity.findall("budget"):
        start = datetime.date.fromisoformat(budget.find("period-start").get("iso-date"))
        end = datetime.date.fromisoformat(budget.find("period-end").get("iso-date"))
        if end < start:
            errors.append(
                _(
                    "element 'budget': the period ends (%(end)s) before it starts (%(start)s): "
                    "a budget year lies outside the project's dates."
                )
                % {"start": start.isoformat(), "end": end.isoformat()}
            )
        elif (end - start).days > 365:
            errors.append(
                _("element 'budget': the period %(start)s – %(end)s is longer than a year.")
                % {"start": start.isoformat(), "end": end.isoformat()}
            )
    for path, name in _CODED:
        known = codelist(name)
        for code in activity.xpath(path):
            if code not in known:
                element = path.rsplit("/", 2)[-2]
                errors.append(
                    _("element '%(element)s': %(code)s is not a code of IATI's %(codelist)s.")
                    % {"element": element, "code": code, "codelist": name}
                )
    return errors


def iati_file(*, include_unpublished: bool = False) -> tuple[bytes, list[str]]:
    """The office's IATI activity file as bytes, and what makes it invalid (empty when it
    validates). Whoever offers the file offers it only when the list is empty."""
    tree = iati_activities_build(include_unpublished=include_unpublished)
    messages = validate_iati(tree)
    content = etree.tostring(tree, encoding="utf-8", xml_declaration=True, pretty_print=True)
    return content, messages
