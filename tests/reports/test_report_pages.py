"""The report pages say what each report is in words: the list tells reports apart, a
report's page describes it, and the narrative page names its language and starts a
translation from the other language's text."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.admin_checks import browser_post_data
from tests.factories import DonorFactory
from untop.reports.models import NarrativeRevision, Report
from untop.reports.narratives import narrative_save
from untop.reports.registry import get_report_kind

pytestmark = pytest.mark.django_db


def _letter_parameters(period, **changes) -> dict:
    """A letter's parameters as the request form saves them."""
    return {
        "period": period.pk,
        "start": "2005-06-01",
        "end": "2006-05-31",
        "version": "draft",
        "symbol": "S/2006/355",
        "dated": "2006-05-26",
        "distributed": "2006-05-31",
        "original": "en",
        "signatory": "Kofi A. Annan",
        "prose": "rounded",
        "language": "en",
        **changes,
    }


def _letter(manager, period, *, status=Report.Status.QUEUED, **changes) -> Report:
    return Report.objects.create(
        kind="mandate",
        parameters=_letter_parameters(period, **changes),
        title="Mandate-renewal letter",
        requested_by=manager,
        status=status,
    )


def _donor_report(manager, donor="NOR", language="en") -> Report:
    return Report.objects.create(
        kind="donor",
        parameters={
            "donor": donor,
            "start": "2005-06-01",
            "end": "2006-05-31",
            "language": language,
        },
        title="Donor report",
        requested_by=manager,
    )


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _rows(page: str) -> dict[int, list[str]]:
    """The list's rows by report id, each as the text of its cells."""
    rows = {}
    for row in re.findall(r"(?s)<tr>(.*?)</tr>", page):
        link = re.search(r'href="/reports/(\d+)/"', row)
        if link:
            # The cells as a wide screen shows them (without the line a phone shows instead
            # of the columns it leaves out).
            row = re.sub(r'(?s)<span class="phone-only[^"]*">.*?</span></td>', "</td>", row)
            rows[int(link.group(1))] = [
                _text(cell) for cell in re.findall(r"(?s)<td[^>]*>(.*?)</td>", row)
            ]
    return rows


def _facts(page: str) -> dict[str, str]:
    """The report page's description list, label → value."""
    facts = re.search(r'(?s)<dl class="facts">(.*?)</dl>', page).group(1)
    return {
        _text(label): _text(value)
        for label, value in re.findall(r"(?s)<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", facts)
    }


def test_the_list_tells_an_english_draft_from_a_russian_final_of_the_same_period(
    manager_client, manager, period, django_assert_num_queries
):
    DonorFactory(code="NOR", name="Norway")
    draft = _letter(manager, period)
    final = _letter(manager, period, version="final", language="ru")
    donor = _donor_report(manager)
    manager_client.get(reverse("reports:list"))  # the menu's count and permissions, cached
    with django_assert_num_queries(5) as first:
        manager_client.get(reverse("reports:list"))
    few = len(first.captured_queries)
    # More reports of each kind, one of them the English draft again: the same queries.
    DonorFactory(code="SWE", name="Sweden")
    again = _letter(manager, period)
    _donor_report(manager, donor="SWE", language="ru")
    _letter(manager, period, version="final", symbol="S/2006/356", language="ru")
    manager_client.get(reverse("reports:list"))  # a new donor: the menu's count read again
    with django_assert_num_queries(few):
        response = manager_client.get(reverse("reports:list"))
    rows = _rows(response.text)
    # Report, language, version, symbol, asked for by, status, built in, PDF.
    assert rows[draft.pk][:4] == [
        "Mandate-renewal report 1 Jun 2005 – 31 May 2006",
        "English",
        "Draft",
        "S/2006/355",
    ]
    assert rows[final.pk][:4] == [
        "Mandate-renewal report 1 Jun 2005 – 31 May 2006",
        "Russian",
        "Final",
        "S/2006/355",
    ]
    assert rows[again.pk][0].endswith("Asked for again: no. 2")
    # A donor report names its donor and has no version or symbol.
    assert rows[donor.pk][:4] == [
        "Donor report Norway, 1 Jun 2005 – 31 May 2006",
        "English",
        "",
        "",
    ]
    assert rows[donor.pk][4].startswith(str(manager))
    assert "Queued" in rows[donor.pk][5]


def test_a_letters_page_describes_it_in_words(manager_client, manager, period):
    letter = _letter(
        manager, period, status=Report.Status.DONE, version="final", language="ru", prose="exact"
    )
    page = manager_client.get(reverse("reports:detail", args=[letter.pk])).text
    facts = _facts(page)
    assert list(facts.items())[:10] == [
        ("Kind", "Mandate-renewal report"),
        ("Covers", "1 Jun 2005 – 31 May 2006"),
        ("Language", "Russian"),
        ("Version", "Final"),
        ("Symbol", "S/2006/355"),
        ("Letter dated", "26 May 2006"),
        ("Distribution date", "31 May 2006"),
        ("Signed by", "Kofi A. Annan"),
        ("Original language", "English"),
        ("Figures in the text", "Exact (546)"),
    ]
    assert "period" not in facts and "Parameters" not in facts
    assert "<code>6</code>" not in page and "prose" not in page
    assert "It downloads as <code>S-2006-355-ru.pdf</code>." in page

    manager.language = "ru"
    manager.save(update_fields=["language"])
    facts = _facts(manager_client.get(reverse("reports:detail", args=[letter.pk])).text)
    assert facts["Версия"] == "Окончательный текст"
    assert facts["Дата письма"] == "26 мая 2006"
    assert facts["Язык подлинника"] == "Английский"
    assert (
        "<h1>Mandate-renewal report: 1 Jun 2005 – 31 May 2006 · Russian · Final · S/2006/355</h1>"
        in page
    )


def test_a_donor_reports_page_names_the_donor_and_a_russian_reader_reads_it_in_russian(
    manager_client, manager
):
    DonorFactory(code="NOR", name="Norway")
    report = _donor_report(manager)
    facts = _facts(manager_client.get(reverse("reports:detail", args=[report.pk])).text)
    assert facts["Kind"] == "Donor report"
    assert facts["Donor"] == "Norway (NOR)"
    assert facts["Covers"] == "1 Jun 2005 – 31 May 2006"
    assert "Version" not in facts and "Symbol" not in facts

    manager.language = "ru"
    manager.save(update_fields=["language"])
    facts = _facts(manager_client.get(reverse("reports:detail", args=[report.pk])).text)
    assert facts["Язык"] == "Английский"


def test_the_narrative_page_names_its_language_and_starts_from_the_other_languages_text(
    manager_client, manager, period
):
    english = _letter(manager, period)
    russian = _letter(manager, period, language="ru")
    kind = get_report_kind("mandate")
    narrative_save(
        kind=kind,
        scope=kind.narrative_scope(english.parameters),
        section="context",
        language="en",
        text="Tajikistan has made considerable progress.",
        publish=True,
        acting_user=manager,
    )
    url = reverse("reports:narrative", args=[russian.pk])
    page = manager_client.get(url).text
    # Said in the language being written, whatever the reader's.
    with translation.override("ru"):
        said = gettext(
            "You are writing the Russian text of this report; the English report has its own text."
        )
    assert f'<p class="narrative-language" lang="ru"><strong>{html.escape(said)}</strong>' in page
    assert page.count("Start from the English text") == 1  # only the section that has one
    assert 'href="?start_from=context#narrative-context"' in page
    assert "considerable progress" not in page

    started = manager_client.get(url, {"start_from": "context"}).text
    textarea = re.search(r'(?s)<textarea name="text"[^>]*id="id_context_text"[^>]*>(.*?)<', started)
    assert textarea.group(1).strip() == "Tajikistan has made considerable progress."
    assert 'lang="ru"' in textarea.group(0)
    assert "Nothing is saved until you save a draft or publish." in started
    # Nothing was saved: the Russian letter still has no text of its own.
    assert NarrativeRevision.objects.filter(narrative__language="ru").count() == 0
    assert NarrativeRevision.objects.count() == 1

    # The English letter's page names English and has nothing to start from.
    english_page = manager_client.get(reverse("reports:narrative", args=[english.pk])).text
    assert "You are writing the English text of this report" in english_page
    assert "Start from the Russian text" not in english_page


def test_after_publishing_one_button_builds_the_report_again(
    manager_client, manager, period, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        "untop.reports.tasks.report_build_task.delay", lambda report_id: sent.append(report_id)
    )
    letter = _letter(manager, period, status=Report.Status.DONE)
    url = reverse("reports:narrative", args=[letter.pk])
    page = manager_client.post(
        url, {"section": "context", "text": "Final words.", "publish": "on"}, follow=True
    ).text
    message = re.search(r'(?s)<li class="message message-success">(.*?)</li>', page).group(1)
    assert "“The political context (after the opening paragraph)” is published" in _text(message)
    form = re.search(r'(?s)<form method="post" action="([^"]+)".*?</form>', message)
    assert form.group(1) == reverse("reports:again", args=[letter.pk])
    assert _text(form.group(0)) == "Build the report again"

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(form.group(1), browser_post_data(form.group(0)))
    again = Report.objects.exclude(pk=letter.pk).get()
    assert response.url == reverse("reports:detail", args=[again.pk])
    assert again.parameters == letter.parameters
    assert again.status == Report.Status.QUEUED
    assert sent == [again.pk]


def test_publishing_while_the_report_is_being_built_offers_no_button(
    manager_client, manager, period
):
    letter = _letter(manager, period, status=Report.Status.RUNNING)
    page = manager_client.post(
        reverse("reports:narrative", args=[letter.pk]),
        {"section": "context", "text": "Final words.", "publish": "on"},
        follow=True,
    ).text
    message = re.search(r'(?s)<li class="message message-success">(.*?)</li>', page).group(1)
    assert "This report is still being built" in message
    assert "<form" not in message
