"""What keeps a report's layout quick says the same: the fonts loaded once a process, and an
annex table longer than a page started on a page of its own."""

import io
import threading

import pytest
from pypdf import PdfReader

from programs import mandate_report
from programs.mandate_report import MANDATE_REPORT, MandateReportForm
from untop.reports.pdf import PORTAL_ORIGIN, PortalStaticFetcher, html_to_pdf
from untop.reports.services import report_render_html

HEAD = f"""<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Layout</title>
  <link rel="stylesheet" href="{PORTAL_ORIGIN}/static/css/pdf-fonts.css">
  <link rel="stylesheet" href="{PORTAL_ORIGIN}/static/css/report.css"></head><body>"""


class CountingFetcher(PortalStaticFetcher):
    """The portal's fetcher, noting the font files it was asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.fonts: list[str] = []

    def fetch(self, url, headers=None):
        if url.endswith(".woff2"):
            self.fonts.append(url)
        return super().fetch(url, headers)


def _pages(document: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(document)).pages]


def test_a_process_loads_the_report_fonts_once_and_every_document_shows_them():
    html = f"{HEAD}<h1>Душанбе</h1><p>Хуҷанд, Қӯрғонтеппа and <b>Gharm</b></p></body></html>"
    first, second = CountingFetcher(), CountingFetcher()
    documents = []

    def two_documents():  # a thread of its own: the fonts are loaded once a thread
        documents.append(html_to_pdf(html, first))
        documents.append(html_to_pdf(html, second))

    thread = threading.Thread(target=two_documents)
    thread.start()
    thread.join()

    assert len(first.fonts) == 16  # each subset of each family, weight and style
    assert second.fonts == []
    for document in documents:
        assert _pages(document) == ["Душанбе Хуҷанд, Қӯрғонтеппа and Gharm"]


def _lines(document: bytes) -> list[list[tuple[float, str]]]:
    """Each page's lines of text, each with its height on the page."""
    pages = []
    for page in PdfReader(io.BytesIO(document)).pages:
        lines: list[tuple[float, str]] = []

        def note(text, matrix, text_matrix, font, size, lines=lines):
            if text.strip():
                lines.append((round(matrix[5] + text_matrix[5], 1), text.strip()))

        page.extract_text(visitor_text=note)
        pages.append(lines)
    return pages


def _annex(classes: str) -> str:
    rows = "".join(
        f"<tr><td>P-{n:03d}</td><td>Indicator {n} (people)</td><td class='num'>{n * 7}</td></tr>"
        for n in range(130)
    )
    short = "".join(f"<tr><td>Centre {n}</td><td class='num'>{n}</td></tr>" for n in range(12))
    return f"""{HEAD}<section class="annex"><h2>Annex</h2><p>Before the tables.</p>
      <div class="annex-table"><h3>By centre</h3><table><tbody>{short}</tbody></table></div>
      <div class="annex-table{classes}"><h3>Indicators</h3><table>
      <thead><tr><th>Project</th><th>Indicator</th><th class="num">Actual</th></tr></thead>
      <tbody>{rows}</tbody></table></div><p>After the tables.</p></section></body></html>"""


def test_an_annex_table_longer_than_a_page_starts_on_its_own_page_as_before():
    """Marked long, the table's pages are the ones the rule keeping a table on one page
    gives it: its heading at the top of the next page, each line where it was."""
    kept_whole = html_to_pdf(_annex(""))
    long = html_to_pdf(_annex(" annex-long"))

    assert _lines(long) == _lines(kept_whole)
    pages = _pages(long)
    assert len(pages) >= 4
    assert pages[0].endswith("Centre 11 11")
    assert pages[1].startswith("Indicators Project Indicator Actual P-000")


@pytest.mark.django_db
@pytest.mark.parametrize(("page_rows", "long"), [(1_000, False), (3, True)])
def test_the_letters_indicators_start_a_page_when_longer_than_one(
    demo, monkeypatch, page_rows, long
):
    monkeypatch.setattr(mandate_report, "ANNEX_PAGE_ROWS", page_rows)
    form = MandateReportForm({"start": "2005-06-01", "end": "2006-05-31"})
    assert form.is_valid(), form.errors

    html = report_render_html(kind=MANDATE_REPORT, parameters=form.to_parameters())

    heading = html.index("Indicators against targets")
    opening = html[html.rindex("<div", 0, heading) : heading]
    assert ("annex-long" in opening) is long
    assert html.count("annex-long") == int(long)
