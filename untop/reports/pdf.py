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
- WeasyPrint lays out about seven pages of a table a second, and keeps every page's
  layout in memory until it writes the PDF. A document closing with a long table (class
  ``long-table``: the donor report's activities) has that table's rows drawn with
  ReportLab in the look WeasyPrint gives them (untop.reports.drawn_table): its time and
  memory no longer grow with WeasyPrint's layout of the rows.
"""

from __future__ import annotations

import hashlib
import io
import logging
import mimetypes
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from fontTools.ttLib import woff2
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from untop.collector import cyclic_collector_paused
from untop.reports.drawn_table import DrawnTable
from untop.reports.drawn_table import write_pdf as write_drawn_table

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

    A document closing with a long table (class ``long-table``) has its rows drawn by
    untop.reports.drawn_table in the look WeasyPrint gives them. Rendering stops after
    UNTOP_PDF_TIME_LIMIT seconds.
    """
    fetcher = fetcher or PortalStaticFetcher()
    font_config = _font_config()
    with _time_limit(settings.UNTOP_PDF_TIME_LIMIT), cyclic_collector_paused():
        table = DrawnTable.of(html)
        drawn = write_drawn_table(table, fetcher, font_config) if table is not None else None
        if drawn is not None:
            return drawn
        document = HTML(string=html, base_url=f"{PORTAL_ORIGIN}/", url_fetcher=fetcher)
        return document.write_pdf(font_config=font_config)


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
