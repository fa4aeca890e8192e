"""The portal's PDF builder: HTML to PDF with WeasyPrint, fetching only its own static files.

Report templates link stylesheets and fonts with ``{% static %}``. Relative URLs resolve
against a base on the reserved ``.invalid`` domain, and the fetcher answers only for that
origin's static paths, from the static files on disk. Every other URL (``file://``, other
hosts, ``http://`` addresses, redirects) is refused without being opened.
"""

from __future__ import annotations

import logging
import mimetypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

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
                    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, path.read_bytes(), headers={"Content-Type": content_type}
                    )
        self.refused.append(url)
        logger.warning("PDF builder refused to fetch %s", url)
        raise PdfResourceRefused(f"Not one of the portal's static files: {url}")


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


def html_to_pdf(html: str, fetcher: PortalStaticFetcher | None = None) -> bytes:
    """Render an HTML document to PDF bytes; only the portal's static files are fetched.

    Rendering stops after UNTOP_PDF_TIME_LIMIT seconds.
    """
    fetcher = fetcher or PortalStaticFetcher()
    document = HTML(string=html, base_url=f"{PORTAL_ORIGIN}/", url_fetcher=fetcher)
    with _time_limit(settings.UNTOP_PDF_TIME_LIMIT):
        return document.write_pdf()
