"""The letter names each project's work by its letter phrase in the report's language, never by
its title or code; a Russian final letter is not built while a text it prints has no Russian."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from programs.mandate_report import MANDATE_REPORT, MandateReportForm
from programs.models import MandatePeriod, Project, User
from tests.conftest import sign_in_as
from untop.reports.models import Report
from untop.reports.services import report_render_pdf

pytestmark = pytest.mark.django_db

# What the Russian letter's body may print in Latin letters: the document symbol (running head).
ALLOWED_LATIN = ("S/2006/355",)


def _period() -> MandatePeriod:
    return MandatePeriod.objects.get(start="2005-06-01")


def _parameters(language: str, version: str = "final") -> dict:
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


def _form_data(language: str, version: str = "final") -> dict:
    return {
        "period": _period().pk,
        "version": version,
        "dated": "2006-05-26",
        "distributed": "2006-05-31",
        "language": language,
    }


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _prose(language: str) -> str:
    """The letter from its title to the annex."""
    text = _text(report_render_pdf(kind=MANDATE_REPORT, parameters=_parameters(language)))
    start = text.index("Letter dated" if language == "en" else "Письмо")
    end = text.index("Annex" if language == "en" else "Приложение")
    # Without the page breaks' running foot and head (none on the first page), a sentence
    # reads on across pages.
    return re.sub(r"(S/2006/355 )?(Page|Страница) \d+ (of|из) \d+ ", "", text[start:end])


def test_the_english_letter_names_the_projects_by_their_phrases(demo):
    prose = _prose("en")
    for project in Project.objects.all():
        assert project.title not in prose, project.code
        assert not re.search(rf"\b{re.escape(project.code)}\b", prose), project.code
    for code in ("EL-2005", "HR-OMB", "HR-TB", "HR-JUD", "HR-EDU"):
        assert Project.objects.get(code=code).letter_phrase in prose, code
    assert (
        "promoted the adoption, under the State programme on human rights education, of the "
        "first comprehensive curriculum on human rights in the secondary school system through "
        "three activities with 32 participants"
    ) in prose
    assert (
        "the establishment of the institution of a National Human Rights Ombudsman through a "
        "conference with 80 participants"
    ) in prose
    assert "Political Rights through four seminars with over 100 participants." in prose
    # The mission is not named: its title is kept in English only.
    assert "With guidance from a United Nations electoral needs assessment mission, " in prose
    assert "UN electoral needs assessment mission" not in prose


def test_the_russian_letter_prints_no_latin_words_in_its_body(demo):
    prose = _prose("ru")
    for code in ("EL-2005", "HR-OMB", "HR-TB"):
        assert Project.objects.get(code=code).letter_phrase_ru in prose, code
    for allowed in ALLOWED_LATIN:
        prose = prose.replace(allowed, "")
    assert re.findall(r"[A-Za-z][A-Za-z'’-]*", prose) == []


def test_a_letter_without_a_phrase_prints_the_title_in_english_only(demo):
    Project.objects.filter(code="HR-OMB").update(letter_phrase="")
    prose = _prose("en")
    assert "Towards a National Human Rights Ombudsman through a conference" in prose


def test_a_russian_final_missing_a_phrase_is_refused_naming_the_project(demo, tmp_path):
    Project.objects.filter(code="HR-OMB").update(letter_phrase_ru="")
    message = (
        "No Russian letter phrase for project HR-OMB (Towards a National Human Rights "
        "Ombudsman): add it in the back office."
    )
    form = MandateReportForm(_form_data("ru"))
    assert not form.is_valid()
    assert form.non_field_errors() == [message]
    # A draft in Russian and a final in English are built.
    assert MandateReportForm(_form_data("ru", version="draft")).is_valid()
    assert MandateReportForm(_form_data("en")).is_valid()
    output = tmp_path / "ru.pdf"
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command(
            "build_report",
            "mandate",
            "--start",
            "2005-06-01",
            "--end",
            "2006-05-31",
            "--final",
            "--dated",
            "2006-05-26",
            "--distributed",
            "2006-05-31",
            "--language",
            "ru",
            "--output",
            str(output),
            stdout=io.StringIO(),
        )
    assert not output.exists()


def test_a_russian_final_is_not_refused_for_a_project_the_letter_does_not_name(demo):
    # The 2006 elections project has no activity in 2005–06: the letter does not print it.
    Project.objects.filter(code="EL-2006").update(letter_phrase_ru="")
    assert MandateReportForm(_form_data("ru")).is_valid()


def test_the_draft_preview_lists_the_missing_texts(demo, client):
    Project.objects.filter(code__in=["HR-OMB", "EL-2005"]).update(letter_phrase_ru="")
    manager = User.objects.get(username="manager")
    sign_in_as(client, manager)
    report = Report.objects.create(
        kind="mandate",
        parameters=_parameters("ru", version="draft"),
        title="Letter",
        requested_by=manager,
    )
    page = client.get(reverse("reports:preview", args=[report.pk]))
    assert page.status_code == 200
    listed = re.search(r'<aside class="missing-texts".*?</aside>', page.text, re.S)
    assert listed, page.text[:500]
    assert "EL-2005" in listed.group(0)
    assert "HR-OMB (Towards a National Human Rights Ombudsman)" in listed.group(0)
    # A draft whose texts are all there lists nothing.
    Project.objects.filter(code__in=["HR-OMB", "EL-2005"]).update(letter_phrase_ru="x")
    page = client.get(reverse("reports:preview", args=[report.pk]))
    assert 'class="missing-texts"' not in page.text


def test_the_back_office_edits_a_projects_phrases(admin_client):
    page = admin_client.get(reverse("admin:programs_project_add"))
    assert page.status_code == 200
    for name in ("letter_phrase", "letter_phrase_ru", "letter_phrase_tg"):
        assert f'name="{name}"' in page.text
