"""What the reports say: the letter's area paragraphs, the donor report's money and charts, the
snapshot time, and the web preview whose figures lead to the records they sum."""

import io
import re
from html import unescape

import pytest
from django.urls import reverse
from pypdf import PdfReader

from programs.mandate_report import MANDATE_REPORT
from programs.models import MandatePeriod, User
from programs.reports import DONOR_REPORT
from tests.conftest import sign_in_as
from untop.reports.models import Report
from untop.reports.services import report_render_pdf

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _letter_parameters(language="en"):
    period = MandatePeriod.objects.get(start="2005-06-01")
    return {
        "period": period.pk,
        "start": "2005-06-01",
        "end": "2006-05-31",
        "symbol": "",
        "dated": "2006-05-26",
        "language": language,
    }


DONOR_PARAMETERS = {"donor": "NOR", "start": "2005-06-01", "end": "2006-05-31", "language": "en"}


def test_the_letter_has_the_elections_and_human_rights_paragraphs_of_their_apps(demo):
    text = _text(report_render_pdf(kind=MANDATE_REPORT, parameters=_letter_parameters()))
    assert (
        "With guidance from a United Nations electoral needs assessment mission, the Office" in text
    )
    # Counts under ten in words, as the Secretariat writes them.
    assert re.search(r"facilitated [a-z]+ press briefings by [a-z]+ State bodies", text)
    assert "Ombudsman through a conference with 80 participants" in text
    assert re.search(
        r"[a-z0-9]+ implementation steps on [a-z0-9]+ recommendations were recorded", text
    )
    assert "Letter dated 26 May 2006" in text
    assert "data last changed" in text and re.search(r"Page 1 of \d", text)


def test_the_donor_report_sets_pledges_against_contributions_with_charts(demo):
    text = _text(report_render_pdf(kind=DONOR_REPORT, parameters=DONOR_PARAMETERS))
    assert "Pledges and contributions" in text
    assert "received in the period" in text
    assert "Outstanding" in text
    assert "Expenditure by category" in text
    assert "Indicators against targets" in text
    # The vector charts' titles and labels are text in the PDF, not pictures.
    assert "Pledged and received by project (US$)" in text
    assert "Participants by month" in text


def test_the_preview_links_each_annex_figure_to_the_records_it_sums(demo, client):
    manager = User.objects.get(username="manager")
    sign_in_as(client, manager)
    report = Report.objects.create(
        kind="mandate", parameters=_letter_parameters(), title="Letter", requested_by=manager
    )
    page = client.get(reverse("reports:preview", args=[report.pk]))
    assert page.status_code == 200
    links = re.findall(r'<a class="trace" href="([^"]+)"[^>]*>([^<]+)</a>', page.text)
    assert len(links) > 10
    # The letter's dialogue figure (rounded in the prose) leads to the records it sums.
    dialogue = [(href, figure) for href, figure in links if "kind=meeting" in href]
    href, figure = dialogue[0]
    assert figure == "over 500"
    listing = client.get(unescape(href))
    assert listing.status_code == 200
    assert "546 participants" in listing.text
    # So does each centre's total in the annex.
    centre_links = [(h, f) for h, f in links if "centre=" in h and f != "0"]
    for href, figure in centre_links[:3]:
        listing = client.get(unescape(href))
        totals = re.search(r"activit(?:y|ies) · ([\d,]+) participants", listing.text)
        assert totals, listing.text[:300]
        assert totals.group(1) in {figure} or figure in listing.text


def test_the_pdf_has_no_links_and_staff_see_no_preview(demo, client):
    manager = User.objects.get(username="manager")
    report = Report.objects.create(
        kind="donor", parameters=DONOR_PARAMETERS, title="Donor", requested_by=manager
    )
    pdf = report_render_pdf(kind=DONOR_REPORT, parameters=DONOR_PARAMETERS)
    assert b"/URI" not in pdf
    client.force_login(User.objects.get(username="staff.khujand"))
    assert client.get(reverse("reports:preview", args=[report.pk])).status_code == 403


def test_the_preview_runs_the_same_number_of_queries_however_much_data(demo, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programs.models import Activity
    from tests.factories import ActivityFactory, ParticipantCountFactory

    manager = User.objects.get(username="manager")
    sign_in_as(client, manager)
    report = Report.objects.create(
        kind="donor", parameters=DONOR_PARAMETERS, title="Donor", requested_by=manager
    )
    url = reverse("reports:preview", args=[report.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    template = Activity.objects.counted().filter(project__pledges__donor__code="NOR").first()
    for day in range(1, 21):
        activity = ActivityFactory(
            project=template.project,
            centre=template.centre,
            start=f"2005-09-{day:02d}",
            end=f"2005-09-{day:02d}",
            status=template.status,
            approval=template.approval,
        )
        ParticipantCountFactory(activity=activity)
    after = queries()
    assert after == before


def _font_names(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for key in fonts:
            names.add(str(fonts[key].get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_the_letter_in_russian(demo):
    pdf = report_render_pdf(kind=MANDATE_REPORT, parameters=_letter_parameters("ru"))
    text = _text(pdf)
    assert "Письмо Генерального секретаря от 26 мая 2006" in text
    assert "Председателя Совета Безопасности" in text
    assert "546" in text and "924" in text and "1 045" in text
    assert "1 июня 2007" in text
    # Latin and Cyrillic letters come from separate embedded fonts: one PDF font made of two
    # subset files draws one script with the other's glyphs.
    names = _font_names(pdf)
    assert any("Cyrillic" in name for name in names)
    assert any("Latin" in name and "Cyrillic" not in name for name in names)


def test_the_donor_report_in_russian(demo):
    parameters = {**DONOR_PARAMETERS, "language": "ru"}
    text = _text(report_render_pdf(kind=DONOR_REPORT, parameters=parameters))
    assert "Объявленные и полученные взносы" in text
    assert "Страница 1 из" in text
