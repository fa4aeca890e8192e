"""A report closing with a long table has its rows drawn (untop.reports.drawn_table): the
reader gets the words, pages, page numbers and outline that WeasyPrint's one pass gives."""

import io
from collections import Counter

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from programs import mandate_report
from programs.mandate_report import MANDATE_REPORT, MandateReportForm
from programs.reports import DONOR_REPORT
from untop.reports.drawn_table import DrawnTable
from untop.reports.pdf import PORTAL_ORIGIN, PortalStaticFetcher, _font_config, html_to_pdf
from untop.reports.services import report_render_html

DONOR_PARAMETERS = {"donor": "NOR", "start": "2000-01-01", "end": "2007-12-31", "language": "en"}


def _row(n: int) -> str:
    return (
        f"<tr><td>{n} Jun 2000</td><td>Seminar {n} on conflict prevention</td>"
        f"<td class='num'>{n}</td></tr>"
    )


def _document(
    rows: str, after: str = "", table_class: str = "long-table", lang="en", before: str = ""
) -> str:
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Drawn</title>
      <link rel="stylesheet" href="{PORTAL_ORIGIN}/static/css/pdf-fonts.css">
      <link rel="stylesheet" href="{PORTAL_ORIGIN}/static/css/report.css"></head><body>
      <header class="running-head">Running head</header>
      <footer class="running-foot">Running foot</footer>
      <div class="page-number">Page <span class="page"></span> of <span class="pages"></span></div>
      <h1>Report</h1><p>Before the table.</p>{before}<h2>Activities</h2>
      <table class="{table_class}"><thead><tr><th>Date</th><th>Activity</th><th>N</th></tr>
      </thead><tbody>{rows}</tbody>
      <tfoot><tr><th colspan="2">All</th><td class="num">150</td></tr></tfoot></table>
      {after}</body></html>"""


def _one_pass(html: str) -> bytes:
    document = HTML(string=html, base_url=f"{PORTAL_ORIGIN}/", url_fetcher=PortalStaticFetcher())
    return document.write_pdf(font_config=_font_config())


def _pages(document: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(document)).pages]


def _words(document: bytes) -> list[Counter]:
    """Each page's words, in any order: the drawn rows come after the page's furniture."""
    return [Counter(text.split()) for text in _pages(document)]


def _outline(document: bytes) -> list:
    reader = PdfReader(io.BytesIO(document))

    def walk(items):
        return [
            walk(item)
            if isinstance(item, list)
            else (item.title, reader.get_page_number(item.page))
            for item in items
        ]

    return walk(reader.outline)


def _drawn_as_one_pass_lays_it(html: str) -> tuple[DrawnTable, list[str]]:
    """A report's drawn table and its PDF's pages, once checked against WeasyPrint's one
    pass of the same HTML: the same words on every page, the same outline."""
    table = DrawnTable.of(html)
    assert table is not None
    drawn = html_to_pdf(html)
    one_pass = _one_pass(html)
    assert _words(drawn) == _words(one_pass)
    assert _outline(drawn) == _outline(one_pass)
    return table, _pages(drawn)


def test_a_closing_long_table_is_drawn_with_the_pages_of_one_pass():
    html = _document("".join(_row(n) for n in range(150)))
    assert DrawnTable.of(html) is not None

    drawn = html_to_pdf(html)

    one_pass = _one_pass(html)
    assert _words(drawn) == _words(one_pass)
    pages = _pages(drawn)
    assert len(pages) >= 5
    # Page numbers count the whole document, the running head is on every page but the
    # first, the table's head and foot on every page, each row once and in order.
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert ("Running head" in text) == (number > 1)
        assert "Date Activity N" in text and "All 150" in text
    found = [n for text in pages for n in range(150) if f"Seminar {n} on" in text]
    assert found == list(range(150))
    assert _outline(drawn) == _outline(one_pass) == [("Report", 0), [("Activities", 0)]]
    reader = PdfReader(io.BytesIO(drawn))
    assert reader.metadata.title == "Drawn"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_a_table_closing_the_sections_around_it_is_drawn_with_the_pages_of_one_pass():
    rows = "".join(_row(n) for n in range(80))
    html = _document(rows, before='<section class="annex"><div class="annex-table">').replace(
        "</tfoot></table>", "</tfoot></table></div>\n</section>"
    )
    assert DrawnTable.of(html) is not None

    drawn = html_to_pdf(html)

    assert _words(drawn) == _words(_one_pass(html))


def test_a_row_is_never_split_and_a_long_word_stands_alone_on_its_line():
    word = "Peacebuilding" * 4  # wider than the column
    rows = "".join(_row(n) for n in range(40)).replace(
        "Seminar 20 on conflict prevention", f"Seminar 20 {word} on conflict prevention"
    )
    html = _document(rows)

    drawn = html_to_pdf(html)

    assert _words(drawn) == _words(_one_pass(html))
    holding = [text for text in _pages(drawn) if word in text]
    assert len(holding) == 1 and "Seminar 20" in holding[0] and "20 Jun 2000" in holding[0]


def test_russian_and_tajik_cells_are_drawn_in_the_portals_fonts():
    words = "Семинар в Ҷиликӯл, Ғарм, Қӯрғонтеппа ва Ҳисор: ӣ"
    rows = "".join(
        f"<tr><td>{n} июн 2000</td><td>{words} {n}</td><td class='num'>{n}</td></tr>"
        for n in range(60)
    )
    html = _document(rows, lang="ru")

    drawn = html_to_pdf(html)

    pages = _pages(drawn)
    assert sum(text.count(words) for text in pages) == 60
    assert _words(drawn) == _words(_one_pass(html))
    reader = PdfReader(io.BytesIO(drawn))
    for page in reader.pages:
        fonts = dict(page["/Resources"].get("/Font", {}))
        for form in page["/Resources"].get("/XObject", {}).values():
            fonts.update(form.get_object()["/Resources"].get("/Font", {}))
        for font in fonts.values():
            font = font.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font["/FontDescriptor"]
            ).get_object()
            # Every font is embedded (no standard font left to the reader's machine).
            assert "/FontFile2" in descriptor, font["/BaseFont"]


@pytest.mark.parametrize("space_mm", [190, 200, 210, 220])
def test_a_table_starting_too_low_for_a_row_and_its_foot_is_laid_out_in_one_pass(space_mm):
    """Wherever the table starts on its page, no row is drawn past the bottom margin."""
    html = _document(
        "".join(_row(n) for n in range(40)), before=f'<div style="height: {space_mm}mm"></div>'
    )

    assert _words(html_to_pdf(html)) == _words(_one_pass(html))


def test_a_table_in_a_font_that_is_not_the_portals_is_laid_out_in_one_pass(caplog):
    html = _document("".join(_row(n) for n in range(40))).replace(
        "</head>", "<style>.long-table td { font-family: serif; }</style></head>"
    )

    assert _pages(html_to_pdf(html)) == _pages(_one_pass(html))
    assert "laid out by WeasyPrint alone" in caplog.text


@pytest.mark.parametrize(
    "html",
    [
        _document("".join(_row(n) for n in range(40)), after="<p>After the table.</p>"),
        _document(
            "".join(_row(n) for n in range(40)),
            before="<div>",
            after="<p>After the table, in its block.</p></div>",
        ),
        _document("".join(_row(n) for n in range(40)), table_class="annex-table"),
        _document(_row(1) + "<tr><td>2</td><td><a href='#x'>Seminar</a></td><td>2</td></tr>"),
        _document(_row(1) + "<tr><td colspan='2'>Seminar</td><td>2</td></tr>"),
        _document(""),
    ],
    ids=[
        "content after it",
        "content after it in its block",
        "not a long table",
        "a link in a cell",
        "a spanning cell",
        "no rows",
    ],
)
def test_any_other_table_is_laid_out_by_weasyprint_alone(html):
    assert DrawnTable.of(html) is None
    assert _pages(html_to_pdf(html)) == _pages(_one_pass(html))


@pytest.mark.django_db
def test_the_donor_report_closes_with_its_activities_drawn_as_one_pass_lays_them(demo):
    html = report_render_html(kind=DONOR_REPORT, parameters=DONOR_PARAMETERS)

    table, pages = _drawn_as_one_pass_lays_it(html)

    assert len(table.rows) > 20
    assert "All participants" in pages[-1] and table.rows[-1][1] in pages[-1]


@pytest.mark.django_db
def test_the_letters_long_indicator_table_closes_it_drawn_as_one_pass_lays_it(demo, monkeypatch):
    # The demo's indicators fill less than a page; as a long table (more rows than a page
    # holds) they close the annex on pages of their own, drawn.
    monkeypatch.setattr(mandate_report, "ANNEX_PAGE_ROWS", 3)
    form = MandateReportForm({"start": "2005-06-01", "end": "2006-05-31"})
    assert form.is_valid(), form.errors
    html = report_render_html(kind=MANDATE_REPORT, parameters=form.to_parameters())

    table, pages = _drawn_as_one_pass_lays_it(html)

    assert len(table.rows) > 3
    start = next(n for n, text in enumerate(pages) if "Indicators against targets" in text)
    # On a page of its own: its heading and head open the page.
    assert pages[start].startswith("Indicators against targets Project Indicator Baseline")
    assert " ".join(table.rows[-1]) in pages[-1]
