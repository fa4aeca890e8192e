"""The portal's PDF builder: HTML to PDF with WeasyPrint, fetching only its own static files.

Report templates link stylesheets and fonts with ``{% static %}``. Relative URLs resolve
against a base on the reserved ``.invalid`` domain, and the fetcher answers only for that
origin's static paths, from the static files on disk. Every other URL (``file://``, other
hosts, ``http://`` addresses, redirects) is refused without being opened.

Two things keep long reports quick and their memory flat:

- The shipped fonts are WOFF2 files (for the browser). Unpacking WOFF2 is slow in Python
  (fontTools rebuilds every glyph), and WeasyPrint did it for each font of each document: a
  third of the letter's time. The fetcher hands WeasyPrint the unpacked font instead, unpacked
  once and kept on disk under VAR_DIR, and one font configuration serves every document a
  process lays out (and every part of each).
- WeasyPrint keeps the layout of every page in memory until it writes the PDF, so a donor
  report's memory grew with its activity table. A document whose long table (class
  ``long-table``, laid out with fixed column widths) has many rows is laid out in parts of
  ``ROWS_PER_PART`` rows (see ``_PartedDocument``),
  each written and freed before the next; the parts are joined with pypdf. Each part ends
  on a full page, so the pages are the ones a single pass lays out; the page numbers
  ("Page N of M") and the outline are laid over the joined pages once M is known.
"""

from __future__ import annotations

import gc
import hashlib
import io
import logging
import mimetypes
import os
import re
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import lxml.html
from django.conf import settings
from django.contrib.staticfiles import finders
from fontTools.ttLib import woff2
from weasyprint import HTML, Document
from weasyprint.formatting_structure.boxes import TableBox, TableRowBox, TableRowGroupBox
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from untop.collector import cyclic_collector_paused

logger = logging.getLogger(__name__)

PORTAL_ORIGIN = "https://portal.untop.invalid"


class PdfResourceRefused(ValueError):
    """A document asked for a URL that is not one of the portal's own static files."""


def _static_file(path: str) -> Path | None:
    """The file on disk behind a static path, from the app/project dirs or STATIC_ROOT."""
    found = finders.find(path)
    if found:
        return Path(found)
    root = Path(settings.STATIC_ROOT).resolve()
    candidate = (root / path).resolve()
    if candidate.is_relative_to(root) and candidate.is_file():
        return candidate
    return None


class PortalStaticFetcher(URLFetcher):
    """A WeasyPrint fetcher that serves the portal's static files and refuses the rest."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("https", "data"), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        prefix = settings.STATIC_URL
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin == PORTAL_ORIGIN and parts.path.startswith(prefix):
            relative = unquote(parts.path[len(prefix) :])
            if ".." not in Path(relative).parts:
                path = _static_file(relative)
                if path is not None:
                    if path.suffix == ".woff2":
                        return URLFetcherResponse(
                            url, _unpacked_font(path), headers={"Content-Type": "font/ttf"}
                        )
                    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, path.read_bytes(), headers={"Content-Type": content_type}
                    )
        self.refused.append(url)
        logger.warning("PDF builder refused to fetch %s", url)
        raise PdfResourceRefused(f"Not one of the portal's static files: {url}")


def _font_cache_dir() -> Path | None:
    """Where unpacked fonts are kept between processes; None when it cannot be written."""
    folder = Path(getattr(settings, "VAR_DIR", tempfile.gettempdir())) / "pdf-fonts"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


@cache
def _unpacked_font(path: Path) -> bytes:
    """A WOFF2 font file as the TrueType/OpenType font it packs, unpacked once.

    Kept in memory for the process and on disk under the packed file's SHA-256, so another
    process (a worker, the command line) finds it unpacked; a changed font is a new name.
    """
    packed = path.read_bytes()
    folder = _font_cache_dir()
    stored = folder / f"{hashlib.sha256(packed).hexdigest()}.ttf" if folder else None
    if stored is not None and stored.is_file():
        return stored.read_bytes()
    out = io.BytesIO()
    woff2.decompress(io.BytesIO(packed), out)
    font = out.getvalue()
    if stored is not None:
        # Written under a temporary name and renamed, so no reader sees half a file.
        handle, temporary = tempfile.mkstemp(dir=stored.parent, suffix=".part")
        with os.fdopen(handle, "wb") as file:
            file.write(font)
        os.replace(temporary, stored)
    return font


class PdfTimeLimitExceeded(RuntimeError):
    """Laying out the PDF took longer than UNTOP_PDF_TIME_LIMIT."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop the block after `seconds` with PdfTimeLimitExceeded.

    A timer signal, so it works only in a process's main thread (the worker's task, the
    command line); elsewhere the Celery task's own time limit is the guard.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    message = f"Laying out the PDF took longer than the limit of {seconds:g} seconds."
    expired = []

    def stop(signum, frame):
        expired.append(True)
        raise PdfTimeLimitExceeded(message)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    # WeasyPrint logs and skips a resource whose loading fails: a stop that struck while it
    # was loading one must still end the rendering as too long.
    if expired:
        raise PdfTimeLimitExceeded(message)


_fonts = threading.local()


def _font_config() -> FontConfiguration:
    """The font configuration of this thread, made once and kept for every document it lays
    out: each font is unpacked, written for Fontconfig and loaded by Pango once, not once a
    document (the warm-up page loads them all). One a thread, as Pango's font map is not
    shared between threads."""
    config = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


def html_to_pdf(html: str, fetcher: PortalStaticFetcher | None = None) -> bytes:
    """Render an HTML document to PDF bytes; only the portal's static files are fetched.

    A document with a long table (class ``long-table``) is laid out in parts (see the
    module's docstring); the PDF shows the same pages. Rendering stops after
    UNTOP_PDF_TIME_LIMIT seconds.
    """
    fetcher = fetcher or PortalStaticFetcher()
    font_config = _font_config()
    with _time_limit(settings.UNTOP_PDF_TIME_LIMIT), cyclic_collector_paused():
        parted = _PartedDocument.of(html)
        if parted is None:
            document = HTML(string=html, base_url=f"{PORTAL_ORIGIN}/", url_fetcher=fetcher)
            return document.write_pdf(font_config=font_config)
        return parted.write_pdf(fetcher, font_config)


# Every script the reports set, in each style they use: the fonts a report would load first.
WARM_UP_HTML = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="stylesheet" href="{PORTAL_ORIGIN}/static/css/pdf-fonts.css">
<link rel="stylesheet" href="{PORTAL_ORIGIN}/static/css/report.css"></head>
<body><h1>UNTOP</h1><p>Dushanbe Душанбе Хуҷанд <strong>Қӯрғонтеппа</strong> <em>Ғарм</em></p>
<table><tr><th>1</th><td>2</td></tr></table></body></html>"""


def warm_up() -> None:
    """Lay out a one-line page with the reports' stylesheets and fonts, so that the first
    report of a new worker process does not wait for them: font files read and unpacked,
    the font configuration and Pango started, the stylesheets parsed (about 0.6 s of the
    first mandate letter's 2.3 s at scale 1; bench/reports.py). A fault is logged, never
    raised: the first report then pays for it, as before. The page is laid out with a font
    configuration of its own, which the thread's reports then use."""
    try:
        _fonts.config = FontConfiguration()
        html_to_pdf(WARM_UP_HTML)
    except Exception:
        logger.warning("The PDF builder could not warm up.", exc_info=True)


# About fifteen pages of the donor report's activity table: a part's layout stays well under
# a hundred megabytes, and the few pages laid out twice (see _PartedDocument) cost little.
ROWS_PER_PART = 400

LONG_TABLE = "long-table"

# The page furniture every part carries (running elements, the fixed draft mark).
FURNITURE = {"running-head", "running-foot", "page-number", "draft-mark"}

# Parts after the first: their first page is not the document's, so it keeps the running
# head that report.css leaves off the document's first page.
# Its table continues at the top of the page, where a break leaves no margin above it (the
# body's nor the table's).
LATER_PART_CSS = (
    "@page :first { @top-center { content: element(running-head); } }"
    " body, table[data-pdf-rows] { margin-top: 0; }"
)
# Parts carry no page number (M is not known yet); the overlay (PAGE_NUMBER_CSS) does.
PART_CSS = ".page-number { display: none; }"


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


LONG_TABLE_TAG = re.compile(r'<table\b[^>]*\bclass="(?:[^"]*\s)?long-table(?:\s[^"]*)?"[^>]*>')
ROW_START = re.compile(r"<tr\b")


@dataclass
class _PartedDocument:
    """An HTML document whose long table (a ``table.long-table``, child of ``<body>``, of
    more than one and a half parts' rows) is laid out ``ROWS_PER_PART`` rows at a time.

    Part one holds what comes before the table and its first rows; the last part its last
    rows and what follows; each holds the page furniture and the table's head and foot,
    which repeat on every page as in one pass. A part that is not the last drops its last
    page, which the next part lays out again from the first row it held, so every page but
    the document's last is full, as in one pass.

    The parts are cut from the HTML as written (lxml only finds the pieces): a round trip
    through an HTML parser would rename the charts' SVG attributes (viewBox).
    """

    head: str  # from the start of the document to the end of <body>'s start tag
    before: str  # the body before the table (page furniture included)
    furniture: str  # the page furniture alone, for the later parts
    table_start: str  # <table …> (marked), its <colgroup> and <thead>, <tbody>
    rows: list[str]
    table_end: str  # </tbody>, its <tfoot>, </table>
    after: str  # the rest of the document
    page_number: str | None  # the page number's element

    MARK = "data-pdf-rows"

    @classmethod
    def of(cls, html: str) -> _PartedDocument | None:
        """The document in parts, or None when it has no long table long enough to split."""
        found = LONG_TABLE_TAG.search(html)
        if found is None or html.count("<tr", found.end()) <= ROWS_PER_PART * 3 // 2:
            return None
        body = re.search(r"<body\b[^>]*>", html)
        tbody = html.find("<tbody>", found.end())
        tbody_end = html.find("</tbody>", tbody)
        table_end = html.find("</table>", found.end())
        if body is None or not found.end() <= tbody < tbody_end < table_end:
            return None
        if "<table" in html[found.end() : table_end]:  # a table within: not cut
            return None
        root = lxml.html.document_fromstring(html)
        table = next((table for table in root.find_class(LONG_TABLE) if table.tag == "table"), None)
        if table is None or table.getparent().tag != "body":
            return None
        rows_html = html[tbody + len("<tbody>") : tbody_end]
        starts = [match.start() for match in ROW_START.finditer(rows_html)]
        if len(starts) <= ROWS_PER_PART * 3 // 2:
            return None
        rows = [rows_html[a:b] for a, b in zip(starts, [*starts[1:], len(rows_html)], strict=True)]
        furniture = [
            element
            for element in root.find("body")
            if isinstance(element.tag, str) and _classes(element) & FURNITURE
        ]
        number = next((e for e in furniture if "page-number" in _classes(e)), None)
        marked = found.group(0)[:-1] + f" {cls.MARK}>"
        return cls(
            head=html[: body.end()],
            before=html[body.end() : found.start()],
            furniture="".join(
                lxml.html.tostring(element, encoding="unicode", with_tail=False)
                for element in furniture
            ),
            table_start=marked + html[found.end() : tbody] + "<tbody>" + rows_html[: starts[0]],
            rows=rows,
            table_end=html[tbody_end : table_end + len("</table>")],
            after=html[table_end + len("</table>") :],
            page_number=lxml.html.tostring(number, encoding="unicode", with_tail=False)
            if number is not None
            else None,
        )

    def part(self, start: int, end: int) -> str:
        """The HTML of the part holding the table's rows start to end (end excluded)."""
        first, last = start == 0, end == len(self.rows)
        css = PART_CSS + ("" if first else LATER_PART_CSS)
        head = self.head.replace("</head>", f"<style>{css}</style></head>", 1)
        return "".join(
            (
                head,
                self.before if first else self.furniture,
                self.table_start,
                *self.rows[start:end],
                self.table_end,
                self.after if last else "</body></html>",
            )
        )

    def write_pdf(self, fetcher: PortalStaticFetcher, font_config: FontConfiguration) -> bytes:
        from pypdf import PdfReader, PdfWriter
        from pypdf.generic import NameObject

        writer = PdfWriter()
        marks = []  # each page's size and bookmarks, for the outline
        start, size = 0, ROWS_PER_PART
        while True:
            end = min(start + size, len(self.rows))
            last = end == len(self.rows)
            document = HTML(
                string=self.part(start, end), base_url=f"{PORTAL_ORIGIN}/", url_fetcher=fetcher
            ).render(font_config=font_config)
            pages = document.pages
            held = end - start
            if not last:
                laid_out = sum(_table_rows(page) for page in pages[:-1])
                if not laid_out:
                    # The part's rows fit on one page, which more rows would have filled:
                    # laid out again with twice as many.
                    del document, pages
                    size *= 2
                    continue
                pages, held = pages[:-1], laid_out
            marks += [
                SimpleNamespace(width=page.width, height=page.height, bookmarks=page.bookmarks)
                for page in pages
            ]
            reader = PdfReader(io.BytesIO(document.copy(pages).write_pdf()))
            if start == 0:
                metadata, language = reader.metadata, reader.trailer["/Root"].get("/Lang")
            writer.append(reader, import_outline=False)
            # What this part held is freed before the next is laid out. Its boxes form
            # reference cycles, so the collector frees them; with the automatic collection
            # paused, all of them are in its youngest generation, and collecting that one
            # alone leaves the process's long-lived objects (Django's, the fonts') unwalked:
            # a full collection after each part took a seventh of a donor report's time.
            del document, pages
            gc.collect(0)
            if last:
                break
            start += held
        # The first part's title, author, dates and language are the document's.
        if metadata:
            writer.add_metadata(dict(metadata))
        if language is not None:
            writer._root_object[NameObject("/Lang")] = language
        _number_pages(writer, self._page_number_html(), fetcher, font_config)
        _add_outline(writer, marks)
        # Objects the parts share byte for byte (images, colour spaces) are kept once. Each
        # part embeds the subset of each font it uses: whole fonts would be shared, but their
        # text would copy and search wrongly where WeasyPrint set a ligature (fl, ffi).
        writer.compress_identical_objects()
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    def _page_number_html(self) -> str | None:
        """The document's head and page number alone: laid out over each joined page."""
        if self.page_number is None:
            return None
        return f"{self.head}{self.page_number}</body></html>"


def _table_rows(page) -> int:
    """The rows of the long table's body laid out on a page (not its repeated head or foot)."""
    count = 0
    for box in page._page_box.descendants():  # WeasyPrint's laid-out boxes
        if isinstance(box, TableBox) and box.element is not None:
            if box.element.get(_PartedDocument.MARK) is None:
                continue
            for group in box.children:
                if isinstance(group, TableRowGroupBox) and not (group.is_header or group.is_footer):
                    count += sum(isinstance(row, TableRowBox) for row in group.children)
    return count


def _number_pages(writer, html: str | None, fetcher, font_config) -> None:
    """Lay "Page N of M" over the joined pages: the page number alone on M empty pages,
    with the document's own page rules and styles, so it lands where one pass puts it."""
    if html is None:
        return
    pages = len(writer.pages)
    # One empty block a page (a break before the first block makes no page).
    breaks = '<div style="break-before: page; height: 1px"></div>' * pages
    html = html.replace("</body>", breaks + "</body>", 1)
    overlay = HTML(string=html, base_url=f"{PORTAL_ORIGIN}/", url_fetcher=fetcher)
    from pypdf import PdfReader

    numbers = PdfReader(io.BytesIO(overlay.write_pdf(font_config=font_config)))
    for page, number in zip(writer.pages, numbers.pages, strict=True):
        page.merge_page(number)
        # Merging leaves the page's drawing uncompressed: compressed again, as WeasyPrint's.
        page.compress_content_streams()


def _add_outline(writer, marks: list) -> None:
    """The joined document's outline (its headings), nested as WeasyPrint nests one pass's."""
    from pypdf.generic import Fit

    # Document.make_bookmark_tree reads only each page's size and bookmarks.
    tree = Document.make_bookmark_tree(SimpleNamespace(pages=marks), 0.75, True)

    def add(items, parent=None):
        for label, (page, x, y), children, state in items:
            item = writer.add_outline_item(
                title=label,
                page_number=page,
                parent=parent,
                fit=Fit.xyz(x, y, 0),
                is_open=state != "closed",
            )
            add(children, item)

    add(tree)
