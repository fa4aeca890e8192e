"""Requests per second of a page under load: gunicorn on loopback, N concurrent clients.

The benchmark starts gunicorn itself (on a free port of 127.0.0.1, with the same settings and
database as the benchmark), signs the clients in with a session cookie made for them, lets
them request the page for a number of seconds, and stops gunicorn again.

gunicorn runs as production runs it (Dockerfile): sync workers, one more than the cores
(the database and the clients share the cores), the application loaded once before the
workers start (`--preload`), the workers' heartbeat files in memory. The clients run on the
same machine: threads of plain `http.client` requests, cheap beside a page's rendering. A
request counts only when it answers 200 with the whole page (its closing tag and, for the
dashboard, its figures' data): a redirect to the sign-in page or a cut page is a failure.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from .pages import BenchError, percentile

BASE_DIR = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The URL of the database this process uses (the test database under pytest)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(settings['NAME']).resolve()}"
    if connection.vendor == "postgresql":
        user = settings.get("USER") or ""
        password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
        auth = f"{user}{password}@" if user else ""
        host = settings.get("HOST") or "127.0.0.1"
        port = f":{settings['PORT']}" if settings.get("PORT") else ""
        return f"postgres://{auth}{host}{port}/{settings['NAME']}"
    raise BenchError(f"The load test does not know how to reach a {connection.vendor} database.")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# gunicorn's advice for its workers' heartbeat files: in memory, not on a disk that may stall.
SHARED_MEMORY = Path("/dev/shm")  # noqa: S108 (gunicorn writes only its own temporary files)

# What the whole page ends with, and what a page with figures holds.
PAGE_END = b"</html>"


def _get(
    port: int, path: str, cookie: str, timeout: float = 30, expect: bytes = b""
) -> tuple[int, float]:
    """One request on a new connection (gunicorn's sync workers close each one); the status
    (0 when the body is not the whole page) and the milliseconds it took."""
    began = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        body = response.read()
        status = response.status
        if status == 200 and not (body.rstrip().endswith(PAGE_END) and expect in body):
            status = 0
        return status, (time.perf_counter() - began) * 1000
    finally:
        conn.close()


def measure_load(
    *,
    path: str,
    cookie: str,
    clients: int,
    seconds: float,
    workers: int | None = None,
    expect: bytes = b'id="chart-data"',
) -> dict:
    """Requests per second (whole pages only) and latency of `path` under `clients` at once.

    `expect`: what every answer's body must hold besides the closing tag.
    """
    workers = workers or (os.cpu_count() or 1) + 1
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        "DATABASE_URL": database_url(),
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "untop.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--preload",
        "--worker-tmp-dir",
        str(SHARED_MEMORY) if SHARED_MEMORY.is_dir() else tempfile.gettempdir(),
        "--log-level",
        "warning",
    ]
    with tempfile.TemporaryFile() as log, tempfile.TemporaryDirectory() as cache:
        # The workers share one cache, as production's do (compose gives them Redis): a
        # folder of files unless DJANGO_CACHE_URL names one.
        env.setdefault("DJANGO_CACHE_URL", f"filecache://{cache}")
        server = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=log)  # noqa: S603
        try:
            _wait_until_up(server, port, path, cookie, log)
            # Warm up before the clock starts (each worker's imports, the shared cache).
            for _ in range(3 * workers):
                _get(port, path, cookie)
            return _hammer(port, path, cookie, clients=clients, seconds=seconds, expect=expect) | {
                "clients": clients,
                "workers": workers,
                "seconds": seconds,
                "path": path,
                "cache": env["DJANGO_CACHE_URL"].split("://")[0],
            }
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_up(server: subprocess.Popen, port: int, path: str, cookie: str, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise BenchError(f"gunicorn stopped: {log.read().decode(errors='replace')[-2000:]}")
        try:
            status, _ms = _get(port, path, cookie)
        except OSError:
            time.sleep(0.2)
            continue
        if status != 200:
            raise BenchError(f"gunicorn answered {status} for {path}: is the session signed in?")
        return
    raise BenchError("gunicorn did not answer within 60 seconds.")


def _hammer(
    port: int, path: str, cookie: str, *, clients: int, seconds: float, expect: bytes
) -> dict:
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        mine, failed = [], 0
        while time.monotonic() < deadline:
            try:
                status, ms = _get(port, path, cookie, expect=expect)
            except OSError:
                failed += 1
                continue
            if status == 200:
                mine.append(ms)
            else:
                failed += 1
        with lock:
            latencies.extend(mine)
            failures[0] += failed

    began = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    return {
        "requests": len(latencies),
        "failures": failures[0],
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
    }
