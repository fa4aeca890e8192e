"""Reports print the names they take from data in their language: indicators and their units,
donors, needs assessment missions and elections, outputs; the letter's preview and the donor
report's preview list each name still missing, and a Russian final letter is refused naming
it. In the web preview every figure of the annex and of the donor report leads to the records
it sums, and the list it leads to shows that many."""

import re
from decimal import Decimal
from html import unescape

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from elections.models import Election, NeedsAssessmentMission, Output
from programs.mandate_report import MANDATE_REPORT, MandateReportForm, missing_letter_texts
from programs.models import (
    Activity,
    Donor,
    Indicator,
    MandatePeriod,
    ParticipantCategory,
    Pledge,
    Project,
    User,
)
from programs.reports import DONOR_REPORT
from untop.reports.models import Report
from untop.reports.services import report_render_html

pytestmark = pytest.mark.django_db

MISSION_RU = "Миссия ООН по оценке потребностей в связи с выборами"
NORWAY_RU = "Норвегия (условно)"


def _sign_in(client, user) -> None:
    """Sign in as the portal's pages expect (past the second factor where one is asked)."""
    try:
        from tests.conftest import sign_in_as
    except ImportError:
        client.force_login(user)
    else:
        sign_in_as(client, user)


@pytest.fixture
def manager_client(demo, client):
    _sign_in(client, User.objects.get(username="manager"))
    return client


def _period() -> MandatePeriod:
    return MandatePeriod.objects.get(start="2005-06-01")


def _letter(language: str, version: str = "draft") -> dict:
    return {
        "period": _period().pk,
        "start": "2005-06-01",
        "end": "2006-05-31",
        "version": version,
        "symbol": "S/2006/355",
        "dated": "2006-05-26",
        "distributed": "2006-05-31",
        "original": "fr",
        "language": language,
    }


def _donor(language: str, donor: str = "NOR", start: str = "2005-06-01", end: str = "2006-05-31"):
    return {"donor": donor, "start": start, "end": end, "language": language}


def _final_form(language: str) -> dict:
    return {
        "period": _period().pk,
        "version": "final",
        "dated": "2006-05-26",
        "distributed": "2006-05-31",
        "language": language,
    }


def _text(html: str) -> str:
    """The report's body as a reader sees it (the head's title is the report list's)."""
    return " ".join(" ".join(lxml.html.fromstring(html).body.itertext()).split())


def _annex(html: str) -> str:
    annex = lxml.html.fromstring(html).find_class("annex")
    assert annex, "the letter has no annex"
    return " ".join(" ".join(annex[0].itertext()).split())


def _preview(client, kind: str, parameters: dict) -> str:
    manager = User.objects.get(username="manager")
    report = Report.objects.create(
        kind=kind, parameters=parameters, title="Preview", requested_by=manager
    )
    page = client.get(reverse("reports:preview", args=[report.pk]))
    assert page.status_code == 200
    return page.content.decode()


def _missing_listed(html: str) -> str:
    listed = re.findall(r'<aside class="missing-texts".*?</aside>', html, re.S)
    return unescape(" ".join(listed))


# -- the names in Russian ---------------------------------------------------------------------


def test_the_russian_letters_annex_names_indicators_donors_and_missions_in_russian(demo):
    annex = _annex(report_render_html(kind=MANDATE_REPORT, parameters=_letter("ru")))
    indicator = Indicator.objects.get(name="Dialogue meetings held across the country")
    assert f"{indicator.name_ru} ({indicator.unit_ru})" in annex
    assert "Встречи в рамках диалога, проведённые по всей стране (встреч)" in annex
    assert NORWAY_RU in annex
    assert MISSION_RU in annex
    assert "Президентские выборы 6 ноября 2006 года" in annex
    # No name is left in English.
    period = _period()
    running = Indicator.objects.filter(
        project__start__lte=period.end, project__end__gte=period.start
    )
    assert running.count() > 10
    for indicator in running:
        assert indicator.name not in annex, indicator.name
        assert indicator.name_ru in annex, indicator.name
    for name in Donor.objects.values_list("name", flat=True):
        assert name not in annex
    assert "UN electoral needs assessment mission" not in annex
    assert "Presidential election" not in annex
    # The English annex keeps the English names.
    english = _annex(report_render_html(kind=MANDATE_REPORT, parameters=_letter("en")))
    assert "Dialogue meetings held across the country (meetings)" in english
    assert "Norway (illustrative)" in english
    assert "UN electoral needs assessment mission" in english


def test_the_russian_donor_report_names_donor_and_indicators_in_russian(demo):
    text = _text(report_render_html(kind=DONOR_REPORT, parameters=_donor("ru")))
    assert NORWAY_RU in text
    assert "Norway" not in text
    indicator = Indicator.objects.get(name="Dialogue meetings held across the country")
    assert f"{indicator.name_ru} ({indicator.unit_ru})" in text
    assert indicator.name not in text


def test_the_russian_donor_reports_elections_section_names_outputs_in_russian(demo):
    parameters = _donor("ru", donor="USA", start="2006-06-01", end="2007-05-31")
    text = _text(report_render_html(kind=DONOR_REPORT, parameters=parameters))
    output = Output.objects.get(
        name="District election commission members trained",
        target=300,
        component__election__election_day="2006-11-06",
    )
    assert output.name_ru in text
    assert "Президентские выборы 6 ноября 2006 года" in text
    assert "Presidential election of 6 November 2006" not in text
    assert "District election commission members trained" not in text
    assert "Соединённые Штаты (условно)" in text


def test_the_russian_donor_report_names_the_projects_by_their_russian_titles(demo):
    projects = Project.objects.filter(pledges__donor__code="NOR").distinct()
    assert projects.count() > 3
    text = _text(report_render_html(kind=DONOR_REPORT, parameters=_donor("ru")))
    for project in projects:
        assert f"{project.code} {project.title_ru}" in text, project.code
        assert project.title not in text, project.code
    english = _text(report_render_html(kind=DONOR_REPORT, parameters=_donor("en")))
    national = Project.objects.get(code="ND-2005")
    assert f"ND-2005 {national.title}" in english
    assert national.title_ru not in english


def test_the_russian_donor_reports_training_section_names_courses_in_russian(manager_client):
    from training.models import Course

    police = Course.objects.filter(code__in=["police-tot", "police-cascade"])
    assert police.count() == 2
    text = _text(report_render_html(kind=DONOR_REPORT, parameters=_donor("ru", donor="GBR")))
    for course in police:
        assert course.title_ru in text, course.code
        assert course.title not in text, course.code
    # Without its Russian title, a course is printed in English and listed in the preview.
    police.filter(code="police-tot").update(title_ru="")
    listed = _missing_listed(_preview(manager_client, "donor", _donor("ru", donor="GBR")))
    message = "No Russian title for course “%(name)s”: add it in the back office."
    tot = police.get(code="police-tot")
    assert _said(message, "ru", name=tot.title) in listed
    assert police.get(code="police-cascade").title not in listed
    assert _missing_listed(_preview(manager_client, "donor", _donor("en", donor="GBR"))) == ""


def test_every_demo_project_has_a_russian_and_a_tajik_title():
    from demo.programs.projects import PROJECTS, TITLES

    assert set(TITLES) == {row[0] for row in PROJECTS}
    tajik = re.compile("[ӣӯҳҷқғ]")
    for code, (russian, tajik_title) in TITLES.items():
        assert re.search("[а-яё]", russian), code
        assert not tajik.search(russian), code
        assert tajik.search(tajik_title), code


# -- what is missing --------------------------------------------------------------------------


def test_nothing_is_missing_from_the_demo_letter_in_russian(demo):
    assert missing_letter_texts(_period(), "ru") == []
    assert missing_letter_texts(_period(), "en") == []


def _said(message: str, language: str, **values: str) -> str:
    """A missing-text message as the portal says it in a language (its catalogue's text)."""
    with translation.override(language):
        return gettext(message) % values


def test_the_letter_preview_lists_each_missing_name_and_a_russian_final_is_refused(
    manager_client,
):
    Donor.objects.filter(code="NOR").update(name_ru="")
    Indicator.objects.filter(name="Dialogue meetings held across the country").update(unit_ru="")
    NeedsAssessmentMission.objects.update(title_ru="")
    ParticipantCategory.objects.filter(code="journalists").update(name_ru="")
    expected = [
        ("No Russian name for donor %(name)s: add it in the back office.", "Norway (illustrative)"),
        (
            "No Russian unit for indicator “%(name)s” of project %(code)s: add it in the back "
            "office.",
            "Dialogue meetings held across the country",
        ),
        (
            "No Russian title for needs assessment mission “%(name)s”: add it in the back office.",
            "UN electoral needs assessment mission",
        ),
        (
            "No Russian name for participant category “%(name)s”: add it in the back office.",
            "Journalists",
        ),
    ]
    # The preview speaks the report's language; the request form, the manager's.
    listed = _missing_listed(_preview(manager_client, "mandate", _letter("ru")))
    for message, name in expected:
        assert _said(message, "ru", name=name, code="ND-2005") in listed
    form = MandateReportForm(_final_form("ru"))
    assert not form.is_valid()
    assert sorted(form.non_field_errors()) == sorted(
        _said(message, "en", name=name, code="ND-2005") for message, name in expected
    )
    # A draft in Russian and a final in English are built.
    assert MandateReportForm({**_final_form("ru"), "version": "draft"}).is_valid()
    assert MandateReportForm(_final_form("en")).is_valid()
    # The English preview lists nothing.
    assert _missing_listed(_preview(manager_client, "mandate", _letter("en"))) == ""


def test_a_name_the_letter_does_not_print_is_not_asked_for(demo):
    # A donor that pledged and paid nothing in 2005–06: the annex does not name it.
    in_period = ("2005-06-01", "2006-05-31")
    silent = Donor.objects.exclude(pledges__pledged_on__range=in_period).exclude(
        contributions__received_on__range=in_period
    )
    assert silent.exists()
    silent.update(name_ru="")
    assert MandateReportForm(_final_form("ru")).is_valid()
    # Nor a project that ran before the period, its indicators with it.
    Indicator.objects.filter(project__end__lt="2005-06-01").update(name_ru="", unit_ru="")
    assert MandateReportForm(_final_form("ru")).is_valid()


def test_the_donor_preview_lists_missing_names_and_the_report_is_built_anyway(manager_client):
    Donor.objects.filter(code="NOR").update(name_ru="")
    Indicator.objects.filter(name="Dialogue meetings held across the country").update(name_ru="")
    html = _preview(manager_client, "donor", _donor("ru"))
    listed = _missing_listed(html)
    assert (
        _said(
            "No Russian name for donor %(name)s: add it in the back office.",
            "ru",
            name="Norway (illustrative)",
        )
        in listed
    )
    assert (
        _said(
            "No Russian name for indicator “%(name)s” of project %(code)s: add it in the back "
            "office.",
            "ru",
            name="Dialogue meetings held across the country",
            code="ND-2005",
        )
        in listed
    )
    # The report itself prints the English name meanwhile; its PDF has no list.
    pdf_html = report_render_html(kind=DONOR_REPORT, parameters=_donor("ru"))
    assert "Norway (illustrative)" in _text(pdf_html)
    assert 'class="missing-texts"' not in pdf_html
    assert _missing_listed(_preview(manager_client, "donor", _donor("en"))) == ""


def test_the_donor_preview_lists_each_project_without_a_russian_title(manager_client):
    Project.objects.filter(code="ND-2005").update(title_ru="")
    listed = _missing_listed(_preview(manager_client, "donor", _donor("ru")))
    message = "No Russian title for project %(code)s (%(title)s): add it in the back office."
    national = Project.objects.get(code="ND-2005")
    assert _said(message, "ru", code="ND-2005", title=national.title) in listed
    # Only that one: the others have their titles.
    for project in Project.objects.filter(pledges__donor__code="NOR").exclude(code="ND-2005"):
        assert project.title not in listed, project.code
    # The report prints the English title meanwhile.
    pdf = _text(report_render_html(kind=DONOR_REPORT, parameters=_donor("ru")))
    assert f"ND-2005 {national.title}" in pdf
    # A title the report does not print is not asked for: a project NOR never funded.
    Project.objects.filter(code="HR-OMB").update(title_ru="")
    assert "HR-OMB" not in _missing_listed(_preview(manager_client, "donor", _donor("ru")))


def test_the_elections_section_of_the_donor_preview_lists_its_missing_names(manager_client):
    Output.objects.filter(name="Voter-education posters and leaflets printed").update(unit_ru="")
    Election.objects.filter(election_day="2006-11-06").update(title_ru="")
    parameters = _donor("ru", donor="USA", start="2006-06-01", end="2007-05-31")
    listed = _missing_listed(_preview(manager_client, "donor", parameters))
    assert (
        _said(
            "No Russian title for election “%(name)s”: add it in the back office.",
            "ru",
            name="Presidential election of 6 November 2006",
        )
        in listed
    )
    assert (
        _said(
            "No Russian unit for output “%(name)s”: add it in the back office.",
            "ru",
            name="Voter-education posters and leaflets printed",
        )
        in listed
    )


def test_the_missing_list_runs_a_fixed_number_of_queries(demo):
    period = _period()
    with CaptureQueriesContext(connection) as before:
        missing_letter_texts(period, "ru")
    # One query per kind of name: projects, indicators, donors, categories, centres, missions;
    # three for the age bands the annex prints (the bands, the breakdowns, the totals).
    assert len(before.captured_queries) == 9
    template = Project.objects.get(code="ND-2005")
    for number in range(5):
        project = Project.objects.create(
            code=f"ND-X{number}",
            title=f"Dialogue {number}",
            area=template.area,
            start=template.start,
            end=template.end,
        )
        Indicator.objects.create(project=project, name=f"Meetings {number}", unit="meetings")
        extra = Donor.objects.create(code=f"X{number}", name=f"Donor {number}", kind="government")
        Pledge.objects.create(
            donor=extra,
            project=project,
            pledged_on="2005-09-01",
            amount=Decimal("10"),
            amount_usd=Decimal("10"),
        )
    with CaptureQueriesContext(connection) as after:
        missing = missing_letter_texts(period, "ru")
    assert len(after.captured_queries) == 9
    assert len([m for m in missing if "No Russian name for donor Donor" in m]) == 5
    assert len([m for m in missing if "No Russian name for indicator “Meetings" in m]) == 5


# -- the back office --------------------------------------------------------------------------


def _admin_form(client, url: str) -> dict:
    """The back office form's values as the browser would send them unchanged."""
    page = client.get(url)
    assert page.status_code == 200, page
    tree = lxml.html.fromstring(page.content.decode())
    form = next(f for f in tree.forms if (f.get("id") or "").endswith("_form"))
    return dict(form.form_values())


@pytest.mark.parametrize(
    ("model", "lookup", "values"),
    [
        (Donor, {"code": "NOR"}, {"name_ru": "Норвегия", "name_tg": "Норвегия"}),
        (
            Indicator,
            {"name": "Dialogue meetings held across the country"},
            {"name_ru": "Встречи", "name_tg": "Вохӯриҳо", "unit_ru": "встреч", "unit_tg": "вохӯрӣ"},
        ),
        (NeedsAssessmentMission, {}, {"title_ru": "Миссия", "title_tg": "Миссия"}),
        (
            "training.Course",
            {"code": "hr-conflict"},
            {"title_ru": "Права человека", "title_tg": "Ҳуқуқи инсон"},
        ),
        (
            Project,
            {"code": "ND-2005"},
            {"title_ru": "Национальный диалог", "title_tg": "Муколамаи миллӣ"},
        ),
        (Election, {"election_day": "2006-11-06"}, {"title_ru": "Выборы", "title_tg": "Интихобот"}),
        (
            Output,
            {"name": "Voter-education posters and leaflets printed"},
            {"name_ru": "Плакаты", "name_tg": "Плакатҳо", "unit_ru": "экз.", "unit_tg": "нусха"},
        ),
    ],
)
def test_the_back_office_saves_the_russian_and_tajik_texts(manager_client, model, lookup, values):
    if isinstance(model, str):
        from django.apps import apps

        model = apps.get_model(model)
    record = model.objects.filter(**lookup).first()
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    data = _admin_form(manager_client, url)
    for name in values:
        assert name in data, name
    data.update(values)
    response = manager_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    for name, value in values.items():
        assert getattr(record, name) == value


def test_the_donor_importer_takes_the_russian_and_tajik_names(demo):
    from untop.imports.engine import get_importer, run_import
    from untop.imports.reading import Table

    manager = User.objects.get(username="manager")
    importer = get_importer("donors")(acting_user=manager)
    assert [column.column_name for column in importer.get_import_fields()][:4] == [
        "code",
        "name",
        "name_ru",
        "name_tg",
    ]
    table = Table(
        headers=["code", "name", "name_ru", "name_tg", "kind"],
        rows=[["AUT", "Austria", "Австрия", "Австрия", "government"]],
    )
    run_import(importer, table, acting_user=manager)
    assert Donor.objects.filter(code="AUT", name_ru="Австрия", name_tg="Австрия").exists()
    # A file without the columns leaves the names as they are.
    table = Table(headers=["code", "name", "kind"], rows=[["NOR", "Norway", "government"]])
    run_import(get_importer("donors")(acting_user=manager), table, acting_user=manager)
    assert Donor.objects.get(code="NOR").name_ru == NORWAY_RU


# -- traced figures ---------------------------------------------------------------------------

LIST_LINE = re.compile(
    r"([\d,]+) activit(?:y|ies) · ([\d,]+) [^(<]*\(([\d,]+) women, ([\d,]+) men\)"
)


def _shown_by_activity_list(client, href: str) -> dict[str, int]:
    page = client.get(unescape(href))
    assert page.status_code == 200
    line = LIST_LINE.search(" ".join(page.content.decode().split()))
    assert line, page.content.decode()[:500]
    activities, total, women, men = (int(value.replace(",", "")) for value in line.groups())
    return {"Activities": activities, "Total": total, "Women": women, "Men": men}


def _traced_cells(html: str, root_class: str | None = None):
    """(table heading, column heading, figure, href) of each linked figure in tables."""
    tree = lxml.html.fromstring(html)
    roots = tree.find_class(root_class) if root_class else [tree]
    for root in roots:
        for table in root.iter("table"):
            heading = next(
                (tag for tag in table.itersiblings(preceding=True) if tag.tag in ("h2", "h3")),
                None,
            )
            caption = heading.text_content().strip() if heading is not None else ""
            columns = [
                th.text_content().strip()
                for th in table.iter("th")
                if th.getparent().getparent().tag == "thead"
            ]
            for row in table.iter("tr"):
                cells = [cell for cell in row if cell.tag in ("td", "th")]
                for index, cell in enumerate(cells):
                    for link in cell.find_class("trace"):
                        column = columns[index] if index < len(columns) else ""
                        yield caption, column, link.text_content().strip(), link.get("href")


def test_each_annex_figure_leads_to_a_list_that_shows_that_many(manager_client):
    html = _preview(manager_client, "mandate", _letter("en"))
    cells = list(_traced_cells(html, "annex"))
    columns = {(caption, column) for caption, column, _figure, _href in cells}
    for caption in (
        "Activities and participants by mandate area",
        "By centre",
        "Participants by category and sex",
    ):
        for column in ("Women", "Men", "Total"):
            assert (caption, column) in columns, (caption, column)
    checked = 0
    for caption, column, figure, href in cells:
        if not href.startswith(reverse("programs:activity_list")) or figure == "0":
            continue
        shown = _shown_by_activity_list(manager_client, href)
        figure = int(figure.replace(",", ""))
        if column == "Actual":
            # An activities rule counts activities, a participants rule people.
            assert figure in (shown["Activities"], shown["Total"]), (caption, href)
        else:
            assert shown[column] == figure, (caption, column, href)
        checked += 1
    assert checked > 40
    # The annex's first lines: every counted activity of the period.
    period = _period()
    counted = Activity.objects.counted().in_period(period.start, period.end).count()
    links = re.findall(r'<a class="trace" href="([^"]+)"[^>]*>([\d,]+)</a> activities', html)
    assert links and int(links[0][1].replace(",", "")) == counted
    assert _shown_by_activity_list(manager_client, links[0][0])["Activities"] == counted


def test_an_indicators_actual_leads_to_what_it_counts(manager_client):
    html = _preview(manager_client, "mandate", _letter("en"))
    actual = [
        (figure, href)
        for caption, column, figure, href in _traced_cells(html, "annex")
        if caption == "Indicators against targets"
    ]
    assert actual
    meetings = Indicator.objects.get(name="Dialogue meetings held across the country")
    project = meetings.project.pk
    hrefs = [h for f, h in actual if f"project={project}" in h and "kind=meeting" in h]
    assert hrefs
    shown = _shown_by_activity_list(manager_client, hrefs[0])
    assert shown["Activities"] == 6
    # A typed actual has no list: it is printed plain.
    typed = Indicator.objects.get(name="Centres that held a seminar")
    assert typed.rule == Indicator.Rule.MANUAL
    row = re.search(r"Centres that held a seminar \(centres\)</td>.*?</tr>", html, re.S)
    assert row and 'class="trace"' not in row.group(0)


def test_the_annex_money_leads_to_the_back_offices_pledges_and_contributions(manager_client):
    html = _preview(manager_client, "mandate", _letter("en"))
    money = [
        (column, figure, href)
        for caption, column, figure, href in _traced_cells(html, "annex")
        if caption == "Funding by donor (US$)"
    ]
    norway = Donor.objects.get(code="NOR")
    pledged = [
        (figure, href)
        for column, figure, href in money
        if column == "Pledged" and f"donor__id__exact={norway.pk}" in href
    ]
    assert pledged
    figure, href = pledged[0]
    page = manager_client.get(unescape(href))
    assert page.status_code == 200
    pledges = Pledge.objects.filter(donor=norway, pledged_on__range=("2005-06-01", "2006-05-31"))
    assert re.search(rf"\b{pledges.count()} pledges?\b", page.content.decode())
    total = sum(p.amount_usd for p in pledges)
    assert figure == f"{total:,.2f}"
    assert any(
        column == "Received" and reverse("admin:programs_contribution_changelist") in href
        for column, _figure, href in money
    )


def test_the_donor_reports_figures_lead_to_their_records(manager_client):
    html = _preview(manager_client, "donor", _donor("en"))
    cells = list(_traced_cells(html))
    detail = reverse("programs:activity_detail", args=[1])[: -len("1/")]
    activity_links = [
        (column, figure, href) for _c, column, figure, href in cells if href.startswith(detail)
    ]
    assert activity_links
    # An activity's women, men and total lead to its page, which lists its participants.
    column, figure, href = next(cell for cell in activity_links if cell[0] == "Total")
    activity = Activity.objects.with_participant_totals().get(
        pk=int(href.rstrip("/").rsplit("/", 1)[1])
    )
    assert int(figure.replace(",", "")) == activity.participant_total
    assert manager_client.get(href).status_code == 200
    # The money: the donor's pledges in the back office, each pledge's own page.
    pledge_links = [h for *_x, h in cells if "/admin/programs/pledge/" in h]
    assert pledge_links
    for href in pledge_links:
        assert manager_client.get(unescape(href)).status_code == 200
    expenditure = [h for *_x, h in cells if "/admin/programs/expenditure/" in h]
    assert expenditure
    for href in expenditure:
        assert manager_client.get(unescape(href)).status_code == 200
    # Indicators computed from activities lead to the activity list, which shows as many.
    for caption, _column, figure, href in cells:
        if caption == "Indicators against targets" and href.startswith(
            reverse("programs:activity_list")
        ):
            shown = _shown_by_activity_list(manager_client, href)
            assert int(figure.replace(",", "")) in (shown["Activities"], shown["Total"])


def test_the_pdf_html_has_no_links(demo):
    for kind, parameters in ((MANDATE_REPORT, _letter("ru")), (DONOR_REPORT, _donor("ru"))):
        with translation.override("en"):
            html = report_render_html(kind=kind, parameters=parameters)
        assert 'class="trace"' not in html
