"""The PDF builder fetches only the portal's own static files."""

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from pypdf import PdfReader

from untop.reports.pdf import (
    PORTAL_ORIGIN,
    PdfResourceRefused,
    PdfTimeLimitExceeded,
    PortalStaticFetcher,
    html_to_pdf,
)


@pytest.fixture
def http_server():
    """A web server on loopback that counts the requests it gets."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server API)
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


def test_local_files_and_other_hosts_are_never_fetched(http_server):
    address, hits = http_server
    fetcher = PortalStaticFetcher()
    html = f"""<html><head>
      <link rel="stylesheet" href="{address}/evil.css">
      <link rel="stylesheet" href="file:///etc/passwd">
    </head><body>
      <p>Refusals</p>
      <img src="file:///etc/passwd">
      <img src="{address}/tracker.png">
      <iframe src="file:///etc/passwd"></iframe>
      <object data="file:///etc/passwd"></object>
    </body></html>"""

    pdf = html_to_pdf(html, fetcher=fetcher)

    assert hits == []
    assert f"{address}/evil.css" in fetcher.refused
    assert f"{address}/tracker.png" in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Refusals" in text
    assert "root:" not in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:1/x.css",
        "https://cdn.example.org/lib.css",
        f"{PORTAL_ORIGIN}/static/../../../../etc/passwd",
        f"{PORTAL_ORIGIN}/static/%2e%2e/%2e%2e/untop/settings.py",
        f"{PORTAL_ORIGIN}/admin/",
        "https://portal.untop.invalid.evil.org/static/css/report.css",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(PdfResourceRefused):
        PortalStaticFetcher().fetch(url)


def test_the_fetcher_serves_the_portals_static_files():
    response = PortalStaticFetcher().fetch(f"{PORTAL_ORIGIN}/static/css/report.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_report_styles_and_fonts_are_used_in_the_pdf():
    fetcher = PortalStaticFetcher()
    html = f"""<html><head><meta charset="utf-8">
      <link rel="stylesheet" href="{PORTAL_ORIGIN}/static/css/pdf-fonts.css">
    </head><body style="font-family: 'PDF Sans Latin', 'PDF Sans Cyrillic',
      'PDF Sans Cyrillic Ext'">Dushanbe 2006: Душанбе, Хуҷанд, Қӯрғонтеппа</body></html>"""
    pdf = PdfReader(io.BytesIO(html_to_pdf(html, fetcher=fetcher)))
    assert fetcher.refused == []
    fonts = pdf.pages[0]["/Resources"]["/Font"].values()
    names = {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts}
    # Each script from its own shipped font (none from a system fallback): subsets of one
    # family embedded as one PDF font would draw Latin with Cyrillic glyphs.
    assert names == {"PDF-Sans-Latin", "PDF-Sans-Cyrillic", "PDF-Sans-Cyrillic-Ext"}
    assert "Хуҷанд" in pdf.pages[0].extract_text()


def test_rendering_stops_at_the_time_limit(settings):
    settings.UNTOP_PDF_TIME_LIMIT = 0.05
    rows = "".join(f"<tr><td>{n}</td><td>row {n}</td></tr>" for n in range(20_000))
    with pytest.raises(PdfTimeLimitExceeded, match="longer than the limit of 0.05 seconds"):
        html_to_pdf(f"<html><body><table>{rows}</table></body></html>")


def test_the_garbage_collector_runs_again_after_a_pdf_and_after_a_stopped_one(settings):
    """Layout pauses Python's cyclic collector (untop.collector); the worker that built the
    report collects again afterwards, whether the PDF was written or stopped."""
    import gc

    assert gc.isenabled()
    assert html_to_pdf("<html><body><p>Letter</p></body></html>").startswith(b"%PDF")
    assert gc.isenabled()
    settings.UNTOP_PDF_TIME_LIMIT = 0.05
    rows = "".join(f"<tr><td>{n}</td></tr>" for n in range(20_000))
    with pytest.raises(PdfTimeLimitExceeded):
        html_to_pdf(f"<html><body><table>{rows}</table></body></html>")
    assert gc.isenabled()


def test_a_new_worker_process_has_the_report_fonts_ready_before_its_first_report(caplog):
    """Celery's prefork pool tells each new process (worker_process_init); the process lays
    out a one-line page with the reports' stylesheets, so its fonts are unpacked and loaded
    before the first report asks for them."""
    from celery.signals import worker_process_init

    from untop.reports.pdf import _unpacked_font

    _unpacked_font.cache_clear()
    with caplog.at_level("WARNING", logger="untop.reports.pdf"):
        worker_process_init.send(sender=None)
    assert caplog.records == []
    # Latin, Cyrillic and the Tajik letters, regular and bold at least.
    assert _unpacked_font.cache_info().currsize >= 4
