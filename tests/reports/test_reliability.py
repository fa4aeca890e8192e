"""No report is lost: not when the broker is down, not when the worker building it dies.

The first tests drive the delivery rules in-process (the broker's send is recorded); the tests
marked ``worker`` use the real parts: a Celery worker killed with SIGKILL mid-report, and a
private Redis server stopped while a manager asks for a report.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu import pools as kombu_pools
from kombu.exceptions import OperationalError
from pypdf import PdfReader

from tests.factories import PledgeFactory
from tests.worker import (
    ROOT,
    WAITING_REPORT,
    WAITING_REPORT_ENV,
    celery_worker,
    kill_worker,
    worker_log,
)
from untop.celery import app as celery_app
from untop.reports import registry
from untop.reports.delivery import (
    WAITING_FOR_QUEUE,
    WAITING_FOR_WORKER,
    WORKER_STOPPED,
    ReportTakenOver,
    Sweep,
    report_claim,
    reports_sweep,
)
from untop.reports.models import Report
from untop.reports.services import _set_progress, report_build, report_request
from untop.reports.tasks import report_build_task

LONG_AGO = datetime.timedelta(hours=1)


@pytest.fixture
def waiting_kind(monkeypatch):
    """The kind of report that waits for the file "go" (tests/worker.py), in this process."""
    monkeypatch.setitem(registry._kinds, WAITING_REPORT.code, WAITING_REPORT)
    return WAITING_REPORT


@pytest.fixture
def sent(monkeypatch) -> list[int]:
    """The ids handed to the task queue; the broker itself is not used."""
    ids: list[int] = []
    monkeypatch.setattr(report_build_task, "delay", ids.append)
    return ids


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(report_id):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(report_build_task, "delay", refuse)


def _report(user, **fields) -> Report:
    fields = {"kind": "waiting", "parameters": {}, "title": "A report", **fields}
    return Report.objects.create(requested_by=user, **fields)


def _ago(delta: datetime.timedelta) -> datetime.datetime:
    return timezone.now() - delta


# --- claiming: a task delivered twice builds the report once --------------------------------


@pytest.mark.django_db
def test_a_queued_report_is_claimed_once(manager):
    report = _report(manager)
    assert report_claim(report_id=report.pk) == 1
    assert report_claim(report_id=report.pk) is None  # the second delivery leaves it
    report.refresh_from_db()
    assert (report.status, report.attempts) == (Report.Status.RUNNING, 1)
    assert report.heartbeat_at is not None


@pytest.mark.django_db
def test_a_done_or_failed_report_is_left_as_it_is(manager):
    done = _report(manager, status=Report.Status.DONE, checksum="a" * 64, attempts=1)
    failed = _report(manager, status=Report.Status.FAILED, error="No.", attempts=1)
    assert report_claim(report_id=done.pk) is None
    assert report_claim(report_id=failed.pk) is None
    assert report_build(report_id=done.pk).checksum == "a" * 64
    assert Report.objects.get(pk=failed.pk).error == "No."


@pytest.mark.django_db
def test_a_running_report_is_left_to_its_live_worker_and_taken_from_a_dead_one(manager, settings):
    settings.UNTOP_REPORT_STALE_AFTER = 180
    alive = _report(
        manager,
        status=Report.Status.RUNNING,
        attempts=1,
        heartbeat_at=_ago(datetime.timedelta(seconds=10)),
    )
    dead = _report(manager, status=Report.Status.RUNNING, attempts=1, heartbeat_at=_ago(LONG_AGO))
    worn_out = _report(
        manager, status=Report.Status.RUNNING, attempts=3, heartbeat_at=_ago(LONG_AGO)
    )
    assert report_claim(report_id=alive.pk) is None
    assert report_claim(report_id=dead.pk) == 2
    assert report_claim(report_id=worn_out.pk) is None


@pytest.mark.django_db
def test_a_worker_that_lost_its_report_changes_nothing(manager):
    report = _report(manager)
    attempt = report_claim(report_id=report.pk)
    _set_progress(report.pk, 40, "Figures gathered", attempt=attempt)
    # The sweep took it for dead and another worker claimed it: attempt 2 is building it.
    Report.objects.filter(pk=report.pk).update(attempts=2, step="Starting")
    with pytest.raises(ReportTakenOver):
        _set_progress(report.pk, 90, "Storing the PDF", attempt=attempt)
    report.refresh_from_db()
    assert (report.status, report.step, report.attempts) == (Report.Status.RUNNING, "Starting", 2)


@pytest.mark.django_db
def test_building_twice_builds_once(manager, waiting_kind, tmp_path):
    (tmp_path / "go").touch()
    report = _report(manager, parameters={"folder": str(tmp_path)})
    first = report_build(report_id=report.pk)
    assert first.status == Report.Status.DONE, first.error
    second = report_build(report_id=report.pk)
    assert (second.status, second.attempts, second.checksum) == (
        Report.Status.DONE,
        1,
        first.checksum,
    )
    assert (tmp_path / "builds.log").read_text().count("start") == 1


# --- the sweep: what never reached a worker, and what a dead worker left ------------------


@pytest.mark.django_db
def test_an_idle_sweep_costs_three_queries_however_many_reports(
    manager, sent, django_assert_num_queries
):
    for _ in range(5):
        _report(manager, status=Report.Status.DONE)
        _report(manager, status=Report.Status.RUNNING, heartbeat_at=timezone.now())
    with django_assert_num_queries(3):  # give up on the worn out, queue again, find unsent
        assert reports_sweep() == Sweep()
    assert sent == []


@pytest.mark.django_db
def test_the_sweep_sends_what_was_never_sent_and_what_was_sent_long_ago(manager, sent, settings):
    settings.UNTOP_REPORT_RESEND_AFTER = 900
    never_sent = _report(manager)
    lost = _report(manager, sent_at=_ago(LONG_AGO))
    on_its_way = _report(manager, sent_at=_ago(datetime.timedelta(seconds=30)))
    _report(manager, status=Report.Status.DONE)

    result = reports_sweep()

    assert sorted(sent) == sorted([never_sent.pk, lost.pk])
    assert (result.sent, result.unsent) == (2, 0)
    never_sent.refresh_from_db()
    assert never_sent.sent_at is not None
    assert Report.objects.get(pk=on_its_way.pk).sent_at < _ago(datetime.timedelta(seconds=29))


@pytest.mark.django_db
def test_the_sweep_queues_again_a_report_whose_worker_died(manager, sent, settings):
    settings.UNTOP_REPORT_STALE_AFTER = 180
    dead = _report(
        manager,
        status=Report.Status.RUNNING,
        attempts=1,
        progress=60,
        sent_at=_ago(LONG_AGO),
        heartbeat_at=_ago(datetime.timedelta(seconds=181)),
    )
    alive = _report(
        manager,
        status=Report.Status.RUNNING,
        attempts=1,
        heartbeat_at=_ago(datetime.timedelta(seconds=150)),
    )

    result = reports_sweep()

    assert (result.requeued, result.sent) == (1, 1)
    assert sent == [dead.pk]
    dead.refresh_from_db()
    assert (dead.status, dead.step, dead.progress) == (Report.Status.QUEUED, WORKER_STOPPED, 0)
    assert dead.sent_at > _ago(datetime.timedelta(seconds=60))
    assert Report.objects.get(pk=alive.pk).status == Report.Status.RUNNING


@pytest.mark.django_db
def test_after_three_dead_workers_the_report_fails_with_the_reason(
    manager, manager_client, sent, settings
):
    settings.UNTOP_REPORT_MAX_ATTEMPTS = 3
    report = _report(manager, status=Report.Status.RUNNING, attempts=3, heartbeat_at=_ago(LONG_AGO))

    assert reports_sweep().failed == 1

    assert sent == []
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.error.startswith("The worker building it stopped 3 times")
    page = manager_client.get(reverse("reports:detail", args=[report.pk]))
    assert "The worker building it stopped 3 times" in page.text


@pytest.mark.django_db
def test_a_request_while_the_broker_is_down_stays_queued_and_says_it_waits(
    manager_client, broker_down, django_capture_on_commit_callbacks, waiting_kind
):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            reverse("reports:new", args=["waiting"]), {"folder": "/nowhere"}
        )
    report = Report.objects.get()
    assert response.status_code == 302
    assert (report.status, report.sent_at, report.step) == (
        Report.Status.QUEUED,
        None,
        WAITING_FOR_QUEUE,
    )
    assert "the task queue is not answering" in manager_client.get(response.url).text
    # The sweep, while the broker is still down, leaves it as it is for the next sweep.
    assert reports_sweep().unsent == 1
    assert Report.objects.get().sent_at is None


@pytest.mark.django_db
def test_once_sent_the_page_says_it_waits_for_a_worker(manager, broker_down, monkeypatch):
    report = _report(manager, step=WAITING_FOR_QUEUE)
    monkeypatch.setattr(report_build_task, "delay", lambda report_id: None)
    reports_sweep()
    assert Report.objects.get(pk=report.pk).step == WAITING_FOR_WORKER


# --- settings: the broker never hands a report being built to a second worker --------------


def _settings_in_a_fresh_process(**environ: str) -> dict:
    code = (
        "import json\nfrom django.conf import settings as s\n"
        "print(json.dumps({'pdf': s.UNTOP_PDF_TIME_LIMIT, 'soft': s.CELERY_TASK_SOFT_TIME_LIMIT,"
        " 'hard': s.CELERY_TASK_TIME_LIMIT, 'transport': s.CELERY_BROKER_TRANSPORT_OPTIONS,"
        " 'acks_late': s.CELERY_TASK_ACKS_LATE,"
        " 'worker_lost': s.CELERY_TASK_REJECT_ON_WORKER_LOST}))"
    )
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "untop.settings",
        "DJANGO_SECRET_KEY": "x" * 50,
        "UNTOP_VAR_DIR": os.environ["UNTOP_VAR_DIR"],
        **environ,
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("pdf_limit", ["600", "7200"])
def test_redis_hands_a_task_to_another_worker_only_after_the_longest_report(pdf_limit):
    values = _settings_in_a_fresh_process(
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0", UNTOP_PDF_TIME_LIMIT=pdf_limit
    )
    assert values["pdf"] == int(pdf_limit)
    assert values["pdf"] < values["soft"] < values["hard"]
    assert values["transport"]["visibility_timeout"] > values["hard"]
    assert values["acks_late"] and values["worker_lost"]


def test_the_build_task_is_acknowledged_late_and_given_back_when_its_worker_dies():
    assert report_build_task.acks_late is True
    assert report_build_task.reject_on_worker_lost is True


def test_beat_sweeps_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["send-waiting-reports"]
    assert entry["task"] == "reports.send_waiting_reports"
    assert entry["schedule"] == 60.0
    assert "reports.send_waiting_reports" in celery_app.tasks


# --- the real parts: a worker killed mid-report, Redis stopped at request time ------------

FAST_HEARTBEAT = {"UNTOP_REPORT_HEARTBEAT": "1", "UNTOP_REPORT_STALE_AFTER": "4"}


def _wait_for(condition, what: str, timeout: float = 40):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"Timed out waiting for {what}:\n{worker_log()[-3000:]}")


def _builds(folder: Path) -> list[str]:
    log = folder / "builds.log"
    return log.read_text().splitlines() if log.exists() else []


def _sweep_until_done(report_id: int) -> Report:
    """Run the beat's sweep until the report is finished, as beat would every minute."""

    def finished():
        reports_sweep()
        report = Report.objects.get(pk=report_id)
        return report if report.is_finished else None

    return _wait_for(finished, "the report to be built again")


def _assert_built_once_more(report: Report, folder: Path) -> None:
    assert report.status == Report.Status.DONE, report.error
    assert report.attempts == 2
    pdf = PdfReader(io.BytesIO(report.file.read()))
    assert "Section says 42 for the test" in pdf.pages[0].extract_text()
    # The killed build started and never ended; a second one started after it, alone.
    first, second, end = _builds(folder)
    assert first.startswith("start ") and second.startswith("start ") and first != second
    assert end == "end " + second.removeprefix("start ")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_report_whose_worker_is_killed_is_built_by_the_next_worker(
    manager, waiting_kind, tmp_path, settings
):
    settings.UNTOP_REPORT_STALE_AFTER = 4
    worker_env = {**WAITING_REPORT_ENV, **FAST_HEARTBEAT}
    with celery_worker(extra_env=worker_env) as worker:
        report = report_request(
            kind=waiting_kind, parameters={"folder": str(tmp_path)}, acting_user=manager
        )
        _wait_for(lambda: _builds(tmp_path), "the first build to start")
        kill_worker(worker)  # the worker and its pool, with SIGKILL: nothing is given back
    assert Report.objects.get(pk=report.pk).status == Report.Status.RUNNING

    (tmp_path / "go").touch()
    with celery_worker(extra_env=worker_env) as worker:
        report = _sweep_until_done(report.pk)
        kill_worker(worker)  # done with it: no need to wait for a warm shutdown

    _assert_built_once_more(report, tmp_path)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_report_whose_pool_process_is_killed_is_built_again(
    manager, waiting_kind, tmp_path, settings
):
    settings.UNTOP_REPORT_STALE_AFTER = 4
    with celery_worker(extra_env={**WAITING_REPORT_ENV, **FAST_HEARTBEAT}) as worker:
        report = report_request(
            kind=waiting_kind, parameters={"folder": str(tmp_path)}, acting_user=manager
        )
        started = _wait_for(lambda: _builds(tmp_path), "the first build to start")
        os.kill(int(started[0].split()[1]), signal.SIGKILL)  # the pool process building it
        (tmp_path / "go").touch()
        report = _sweep_until_done(report.pk)
        kill_worker(worker)  # done with it: no need to wait for a warm shutdown

    _assert_built_once_more(report, tmp_path)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _redis_server(port: int, folder: Path) -> Iterator[None]:
    """A private redis-server on this port, stopped when the block ends."""
    process = subprocess.Popen(
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(lambda: _redis_answers(port), "redis-server to start", timeout=10)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def _celery_app_on(broker_url: str) -> Iterator[None]:
    """Point this process's Celery app at another broker for the block."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_transport_options
    # Celery prefers the CELERY_BROKER_URL variable (set in CI) to its configuration.
    saved_variable = os.environ.pop("CELERY_BROKER_URL", None)

    def reset_connections():
        kombu_pools.reset()  # closes the pools and forgets them, for every broker address
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    conf.broker_url = broker_url
    conf.broker_transport_options = {"visibility_timeout": 3600, "socket_connect_timeout": 3}
    reset_connections()
    try:
        yield
    finally:
        if saved_variable is not None:
            os.environ["CELERY_BROKER_URL"] = saved_variable
        conf.broker_url, conf.broker_transport_options = saved
        reset_connections()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_report_asked_for_while_redis_is_down_is_built_once_it_is_back(manager_client, tmp_path):
    PledgeFactory(donor__name="Kingdom of Norway", donor__code="NOR")
    port = _free_port()
    broker_url = f"redis://127.0.0.1:{port}/0"
    with _celery_app_on(broker_url):
        with _redis_server(port, tmp_path):
            pass  # started, then stopped: the portal's broker is down
        assert not _redis_answers(port)

        response = manager_client.post(
            reverse("reports:new", args=["donor"]),
            {"donor": "NOR", "start": "2005-06-01", "end": "2006-05-31"},
        )
        assert response.status_code == 302
        report = Report.objects.get()
        assert (report.status, report.sent_at) == (Report.Status.QUEUED, None)
        page = manager_client.get(response.url)
        assert page.status_code == 200
        assert "the task queue is not answering" in page.text

        with _redis_server(port, tmp_path), celery_worker(broker_url=broker_url) as worker:
            assert reports_sweep().sent == 1
            report = _wait_for(
                lambda: Report.objects.filter(pk=report.pk, status=Report.Status.DONE).first(),
                "the report to be built",
            )
            kill_worker(worker)  # done with it: no need to wait for a warm shutdown

    assert report.sent_at is not None
    assert report.attempts == 1
    download = manager_client.get(reverse("reports:download", args=[report.pk]))
    assert download.status_code == 200
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert "Kingdom of Norway" in " ".join(page.extract_text() for page in pdf.pages)
