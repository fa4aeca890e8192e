"""Several nodes: two web servers and two Celery workers sharing one PostgreSQL database, one
Redis and one S3-compatible bucket, as a portal served by more than one machine.

Every part is real and started by the test: a database of its own (created, migrated and
dropped here), gunicorn twice (node A and node B, each with its own working folder), two
Celery workers, and moto's S3 server. A user of node A is a user of node B: a report asked
for on A is built by a worker and downloads from B, an import sent to A is seen finished
from B, A's session cookie signs the user in on B, and a lockout reached on A holds on B.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import boto3
import environ
import psycopg2
import pytest
import redis
import requests
from django.conf import settings
from django.db import connection
from django.urls import reverse
from psycopg2 import sql
from pypdf import PdfReader

import tests.worker
from tests.imports.conftest import corpus
from tests.worker import ROOT, celery_worker

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several nodes share a PostgreSQL database: DATABASE_URL is not PostgreSQL",
    ),
    pytest.mark.skipif(
        not settings.CELERY_BROKER_URL.startswith("redis://"),
        reason="several nodes share a Redis broker and cache: CELERY_BROKER_URL is not Redis",
    ),
]

PASSWORD = "a-long-test-password"  # tests.factories.UserFactory's
BUCKET = "untop-nodes"

# The data both nodes serve, written into the nodes' database with the tests' factories.
SETUP = """
import django
django.setup()
from untop import roles
from tests.factories import (
    ActivityFactory, CategoryFactory, CentreFactory, ParticipantCountFactory, PledgeFactory,
    ProjectFactory, user_with_role,
)
centre = CentreFactory(name="Khujand", code="khujand", name_ru="Худжанд")
user_with_role(roles.PROGRAMME_MANAGER, username="manager", home_centre=centre)
user_with_role(roles.PROGRAMME_STAFF, username="staff", home_centre=centre)
user_with_role(roles.PROGRAMME_STAFF, username="clerk", home_centre=centre)
pledge = PledgeFactory(donor__name="Kingdom of Norway", donor__code="NOR")
activity = ActivityFactory(
    approval="approved", project=pledge.project, centre=centre, title="Dialogue in Khujand"
)
ParticipantCountFactory(activity=activity, women=17, men=25)
# What the sign-in sheets of tests/data/imports name (tests/imports/conftest.py).
ProjectFactory(code="DLG-2006")
CategoryFactory(code="educators", name="Educators", name_ru="Учителя")
CategoryFactory(code="officials", name="Government officials", name_ru="Госслужащие")
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(condition, what: str, timeout: float = 30, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    tail = log.read_text()[-3000:] if log and log.exists() else ""
    raise AssertionError(f"{what}: not within {timeout} s\n{tail}")


@contextmanager
def _process(
    command: list[str], log: Path, env: dict[str, str], stop: int = signal.SIGTERM
) -> Iterator[None]:
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and modules)
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield
    finally:
        process.send_signal(stop)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def _nodes_database() -> Iterator[str]:
    """A database of the nodes' own, next to the configured one; dropped afterwards."""
    url = os.environ.get("DATABASE_URL") or tests.worker.test_database_url()
    config = environ.Env.db_url_config(url)
    name = f"{config['NAME']}_nodes"
    params = {
        "dbname": "postgres",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
    }
    admin = psycopg2.connect(**{key: value for key, value in params.items() if value})
    admin.autocommit = True
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    try:
        with admin.cursor() as cursor:
            cursor.execute(drop)
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield url.rsplit("/", 1)[0].split("?")[0] + f"/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(drop)
        admin.close()


@contextmanager
def _shared_cache() -> Iterator[str]:
    """Redis for the nodes' cache, on a db number of its own (the one after the broker's),
    emptied before and after."""
    broker = settings.CELERY_BROKER_URL
    match = re.fullmatch(r"(redis://[^/]+)(?:/(\d+))?", broker.split("?")[0])
    assert match, broker
    url = f"{match[1]}/{(int(match[2] or 0) + 1) % 16}"
    client = redis.Redis.from_url(url)
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()


@contextmanager
def _s3_server(folder: Path) -> Iterator[dict[str, str]]:
    """moto's S3 server on a free port, with the bucket made; the nodes' storage settings."""
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log = folder / "moto.log"
    env = {
        **os.environ,
        "UNTOP_REPORTS_S3_BUCKET": BUCKET,
        "UNTOP_REPORTS_S3_ENDPOINT_URL": endpoint,
        "UNTOP_REPORTS_S3_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "nodes-test-key",
        "AWS_SECRET_ACCESS_KEY": "nodes-test-secret",
    }
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    with _process(command, log, env):

        def answers() -> bool:
            try:
                return requests.get(f"{endpoint}/moto-api/", timeout=1).ok
            except requests.RequestException:  # not listening yet, or still loading
                return False

        _wait_for(answers, "moto's S3 server answering", log=log)
        storage = {key: env[key] for key in env if key.startswith(("UNTOP_REPORTS_S3", "AWS_"))}
        _bucket(storage).create()
        yield storage


def _bucket(storage: dict[str, str]):
    return boto3.resource(
        "s3",
        endpoint_url=storage["UNTOP_REPORTS_S3_ENDPOINT_URL"],
        region_name=storage["UNTOP_REPORTS_S3_REGION"],
        aws_access_key_id=storage["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=storage["AWS_SECRET_ACCESS_KEY"],
    ).Bucket(BUCKET)


@contextmanager
def _web_node(env: dict[str, str], folder: Path) -> Iterator[str]:
    """gunicorn serving the portal on a free port of 127.0.0.1; its base URL at once (see
    _wait_until_healthy), so that the nodes and the workers start side by side."""
    port = _free_port()
    command = [
        *(sys.executable, "-m", "gunicorn", "untop.wsgi"),
        *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"),
    ]
    # SIGINT: gunicorn's quick shutdown (SIGTERM waits for the clients' kept-alive connections).
    with _process(command, folder / "gunicorn.log", env, stop=signal.SIGINT):
        yield f"http://127.0.0.1:{port}"


def _wait_until_healthy(base: str, folder: Path) -> None:
    def healthy() -> bool:
        try:
            return requests.get(f"{base}/health/", timeout=10).status_code == 200
        except requests.RequestException:  # not listening yet, or still loading
            return False

    _wait_for(healthy, f"gunicorn on {base}", timeout=60, log=folder / "gunicorn.log")


def _form(session: requests.Session, url: str) -> dict[str, str]:
    """The CSRF token of the form at ``url``, as a browser would send it back."""
    page = session.get(url, timeout=10)
    assert page.status_code == 200, (url, page.status_code)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, page.text[-2000:]
    return {"csrfmiddlewaretoken": token[1]}


def _get(url: str, signed_in: requests.Response) -> requests.Response:
    """GET with nothing but the session cookie of a sign-in made elsewhere."""
    return requests.get(url, cookies=_cookie(signed_in), allow_redirects=False, timeout=30)


def _sign_in(base: str, username: str, password: str = PASSWORD) -> requests.Response:
    session = requests.Session()
    url = base + reverse("login")
    data = {**_form(session, url), "username": username, "password": password}
    response = session.post(url, data=data, allow_redirects=False, timeout=10)
    response.session = session
    return response


def _cookie(response: requests.Response) -> dict[str, str]:
    name = settings.SESSION_COOKIE_NAME
    return {name: response.session.cookies[name]}


def test_two_nodes_share_reports_imports_sessions_and_lockouts(tmp_path, monkeypatch):
    with ExitStack() as stack:
        began = time.monotonic()
        database_url = stack.enter_context(_nodes_database())
        storage = stack.enter_context(_s3_server(tmp_path))
        cache_url = stack.enter_context(_shared_cache())
        node_env = {}
        for name in ("a", "b"):
            folder = tmp_path / name
            folder.mkdir()
            node_env[name] = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "tests.settings",
                "DATABASE_URL": database_url,
                "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
                "DJANGO_CACHE_URL": cache_url,
                "UNTOP_VAR_DIR": str(folder),
                "DJANGO_MEDIA_ROOT": str(folder / "private"),
                "PYTHONUNBUFFERED": "1",
                **storage,
            }
        # The web servers load while the database is migrated and filled.
        a = stack.enter_context(_web_node(node_env["a"], tmp_path / "a"))
        b = stack.enter_context(_web_node(node_env["b"], tmp_path / "b"))
        for command in (["manage.py", "migrate", "--no-input", "-v0"], ["-c", SETUP]):
            done = subprocess.run(  # noqa: S603 (our own interpreter and modules)
                [sys.executable, *command], cwd=ROOT, env=node_env["a"], capture_output=True
            )
            assert done.returncode == 0, done.stderr.decode()[-3000:]
        for name in ("a", "b"):
            # Each worker logs into its node's folder (tests/worker.py names one log per run).
            log = tmp_path / name / "worker.log"
            monkeypatch.setattr(tests.worker, "_log_path", lambda log=log: log)
            stack.enter_context(celery_worker(extra_env=node_env[name]))
        _wait_until_healthy(a, tmp_path / "a")
        _wait_until_healthy(b, tmp_path / "b")
        print(f"Nodes ready after {time.monotonic() - began:.1f} s")

        # A session made on node A is a session on node B.
        manager = _sign_in(a, "manager")
        assert manager.status_code == 302, manager.text[-2000:]
        reports = b + reverse("reports:list")
        assert requests.get(reports, allow_redirects=False, timeout=10).status_code == 302
        reports_page = _get(reports, manager)
        assert reports_page.status_code == 200
        assert 'name="password"' not in reports_page.text

        # A report asked for on node A, built by a worker, downloads from node B.
        new_report = a + reverse("reports:new", args=["donor"])
        asked = manager.session.post(
            new_report,
            data={
                **_form(manager.session, new_report),
                "donor": "NOR",
                "start": "2005-06-01",
                "end": "2006-05-31",
            },
            allow_redirects=False,
            timeout=10,
        )
        assert asked.status_code == 302, asked.text[-2000:]
        report_id = int(re.search(r"/(\d+)/$", asked.headers["Location"])[1])

        def report_finished() -> dict | None:
            status = _get(b + reverse("jobs:status", args=["report", report_id]), manager).json()
            return status if status["status"] in ("done", "failed") else None

        status = _wait_for(
            report_finished, "the report built", timeout=60, log=tmp_path / "a" / "worker.log"
        )
        assert status["status"] == "done", status
        download = reverse("reports:download", args=[report_id])
        from_b = _get(b + download, manager)
        from_a = _get(a + download, manager)
        assert from_b.status_code == from_a.status_code == 200
        assert from_b.headers["Content-Type"] == "application/pdf"
        assert from_b.content.startswith(b"%PDF-")
        assert from_b.content == from_a.content
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(from_b.content)).pages)
        assert "Report to Kingdom of Norway" in " ".join(text.split())
        # Stored in the bucket (the PDF, the Word file, the donor's spreadsheet), not on
        # either node's disk.
        stored = sorted(obj.key for obj in _bucket(storage).objects.filter(Prefix="reports/"))
        assert [key.rsplit(".", 1)[1] for key in stored] == ["docx", "pdf", "xlsx"]
        pdf_key = next(key for key in stored if key.endswith(".pdf"))
        in_bucket = _bucket(storage).Object(pdf_key).get()["Body"].read()
        assert hashlib.sha256(in_bucket).digest() == hashlib.sha256(from_b.content).digest()
        word = _get(b + reverse("reports:download_format", args=[report_id, "docx"]), manager)
        assert word.status_code == 200
        assert word.content == _bucket(storage).Object(stored[0]).get()["Body"].read()
        for name in ("a", "b"):
            kept = (tmp_path / name / "private").rglob("*")
            assert not [path for path in kept if path.suffix in (".pdf", ".docx", ".xlsx")]

        # An import sent to node A, run by a worker, is seen finished from node B.
        staff = _sign_in(a, "staff")
        assert staff.status_code == 302
        imports = a + reverse("imports:index")
        sheet = "signin_sheets_utf8_bom.csv"
        sent = staff.session.post(
            imports,
            data={**_form(staff.session, imports), "kind": "activities"},
            files={"file": (sheet, corpus(sheet), "text/csv")},
            allow_redirects=False,
            timeout=10,
        )
        assert sent.status_code == 302, sent.text[-2000:]
        job_id = int(re.search(r"/jobs/(\d+)/$", sent.headers["Location"])[1])

        def import_finished() -> dict | None:
            status = _get(b + reverse("jobs:status", args=["import", job_id]), staff).json()
            return status if status["status"] in ("done", "failed") else None

        job = _wait_for(import_finished, "the import run", timeout=60)
        assert (job["status"], job["created"]) == ("done", 2), job

        # A lockout reached on node A holds on node B, even with the right password.
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _sign_in(a, "clerk", "wrong-password")
        locked = _sign_in(b, "clerk")
        assert locked.status_code == 429
        assert "Sign-in locked for a while" in locked.text
        assert _sign_in(b, "staff").status_code == 302  # only that account is locked
        print(f"Done after {time.monotonic() - began:.1f} s")
