"""A report with a long table is laid out in parts and joined: the reader gets the pages,
page numbers and outline that one pass gives."""

import io

import pytest
from pypdf import PdfReader

from programs.reports import DONOR_REPORT
from untop.reports import pdf
from untop.reports.pdf import PORTAL_ORIGIN, PortalStaticFetcher, html_to_pdf
from untop.reports.services import report_render_html

DONOR_PARAMETERS = {"donor": "NOR", "start": "2000-01-01", "end": "2007-12-31", "language": "en"}


def _document(rows: int, table_class: str = "long-table") -> str:
    body_rows = "".join(
        f"<tr><td>{n} Jun 2000</td><td>Seminar {n} on conflict prevention</td>"
        f"<td class='num'>{n}</td></tr>"
        for n in range(rows)
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Parts</title>
      <link rel="stylesheet" href="{PORTAL_ORIGIN}/static/css/pdf-fonts.css">
      <link rel="stylesheet" href="{PORTAL_ORIGIN}/static/css/report.css"></head><body>
      <header class="running-head">Running head</header>
      <footer class="running-foot">Running foot</footer>
      <div class="page-number">Page <span class="page"></span> of <span class="pages"></span></div>
      <h1>Report</h1><p>Before the table.</p><h2>Activities</h2>
      <table class="{table_class}"><thead><tr><th>Date</th><th>Activity</th><th>N</th></tr>
      </thead><tbody>{body_rows}</tbody>
      <tfoot><tr><th colspan="2">All</th><td class="num">{rows}</td></tr></tfoot></table>
      <h2>After the table</h2><p>The end.</p></body></html>"""


def _pages(document: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(document)).pages]


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


def _in_one_pass(html: str, monkeypatch) -> bytes:
    with monkeypatch.context() as patch:
        patch.setattr(pdf, "ROWS_PER_PART", 1_000_000)
        return html_to_pdf(html)


def test_a_long_table_in_parts_gives_the_pages_of_one_pass(monkeypatch):
    html = _document(150)
    one_pass = _in_one_pass(html, monkeypatch)
    monkeypatch.setattr(pdf, "ROWS_PER_PART", 30)
    assert pdf._PartedDocument.of(html) is not None

    parted = html_to_pdf(html)

    pages = _pages(parted)
    assert pages == _pages(one_pass)
    assert len(pages) >= 5
    # Page numbers count the whole document, the running head is on every page but the
    # first, the table's head and foot on every page, each row once.
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert ("Running head" in text) == (number > 1)
        assert "Date Activity N" in text and "All 150" in text
    rows = [n for n in range(150) if any(f"Seminar {n} on" in text for text in pages)]
    assert rows == list(range(150))
    assert sum(text.count(" on conflict prevention") for text in pages) == 150
    assert _outline(parted) == _outline(one_pass)
    assert _outline(parted) == [
        ("Report", 0),
        [("Activities", 0), ("After the table", len(pages) - 1)],
    ]
    metadata = PdfReader(io.BytesIO(parted)).metadata
    assert metadata.title == "Parts"


def test_a_table_without_fixed_layout_or_too_short_is_laid_out_in_one_pass(monkeypatch):
    monkeypatch.setattr(pdf, "ROWS_PER_PART", 30)
    assert pdf._PartedDocument.of(_document(150, table_class="")) is None
    assert pdf._PartedDocument.of(_document(40)) is None


def test_fonts_reach_weasyprint_unpacked():
    response = PortalStaticFetcher().fetch(
        f"{PORTAL_ORIGIN}/static/vendor/noto-serif/files/noto-serif-latin-400-normal.woff2"
    )
    font = response.read()
    assert font[:4] in {b"\x00\x01\x00\x00", b"OTTO", b"true"}
    assert response.content_type == "font/ttf"


@pytest.mark.django_db
def test_the_donor_report_in_parts_says_what_it_says_in_one_pass(demo, monkeypatch):
    html = report_render_html(kind=DONOR_REPORT, parameters=DONOR_PARAMETERS)
    one_pass = _in_one_pass(html, monkeypatch)
    monkeypatch.setattr(pdf, "ROWS_PER_PART", 5)
    rows = len(pdf._PartedDocument.of(html).rows)
    assert rows > 20
    monkeypatch.setattr(pdf, "ROWS_PER_PART", rows // 3)
    assert pdf._PartedDocument.of(html) is not None

    parted = html_to_pdf(html)

    assert _pages(parted) == _pages(one_pass)
    assert _outline(parted) == _outline(one_pass)
