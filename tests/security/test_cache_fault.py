"""The figures cache (Redis) stops: the pages still answer, summed from the database, and
the fault is logged once, not on every request; when it answers again it is used again."""

from __future__ import annotations

import datetime
import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.test import override_settings
from django.urls import reverse

from programs.models import Activity
from tests.factories import ActivityFactory, CategoryFactory, ParticipantCountFactory
from untop import figures_cache

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")


def _retry_the_cache_now() -> None:
    """As if CACHE_RETRY_SECONDS had passed since the cache last failed."""
    fault = getattr(figures_cache, "_cache_fault", {})
    if fault.get("retry_at") is not None:
        fault["retry_at"] = time.monotonic() - 1


def _forget_cache_faults() -> None:
    getattr(figures_cache, "_cache_fault", {})["retry_at"] = None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own, on a port of its own, started and stopped at will."""

    def __init__(self, tmp_path):
        self.port = _free_port()
        self.dir = tmp_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_cache(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    _forget_cache_faults()
    try:
        with override_settings(CACHES=caches):
            yield server
    finally:
        server.stop()
        _forget_cache_faults()


def _activity(centre) -> None:
    activity = ActivityFactory(
        centre=centre,
        start=datetime.date(2005, 9, 1),
        end=datetime.date(2005, 9, 1),
        approval=Activity.Approval.APPROVED,
        title="Seminar on the new electoral code",
    )
    ParticipantCountFactory(activity=activity, category=CategoryFactory(), women=10, men=5)


def _cache_faults_logged(caplog) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.name == "untop.figures_cache" and "cannot be reached" in record.getMessage()
    ]


def test_pages_answer_from_the_database_while_the_cache_is_down(
    redis_cache, manager_client, period, centre, caplog
):
    _activity(centre)
    dashboard_url = reverse("programs:dashboard")
    list_url = reverse("programs:activity_list")
    assert manager_client.get(dashboard_url).context["figures"]["totals"]["total"] == 15
    assert manager_client.get(list_url).status_code == 200
    assert not _cache_faults_logged(caplog)

    redis_cache.stop()
    caplog.set_level(logging.WARNING, logger="untop.figures_cache")
    for _ in range(3):
        page = manager_client.get(dashboard_url)
        assert page.status_code == 200
        assert page.context["figures"]["totals"] == {
            "activities": 1,
            "women": 10,
            "men": 5,
            "total": 15,
        }
        listing = manager_client.get(list_url)
        assert listing.status_code == 200
        assert "Seminar on the new electoral code" in listing.text
    # A change saved while the cache is down shows at once too.
    _activity(centre)
    assert manager_client.get(dashboard_url).context["figures"]["totals"]["total"] == 30
    assert len(_cache_faults_logged(caplog)) == 1

    # Once the retry time has passed, a cache that is still down is not logged again.
    _retry_the_cache_now()
    assert manager_client.get(dashboard_url).status_code == 200
    assert len(_cache_faults_logged(caplog)) == 1


def test_the_cache_is_used_again_once_it_answers(
    redis_cache, manager_client, period, centre, caplog, django_assert_num_queries
):
    _activity(centre)
    url = reverse("programs:dashboard")
    redis_cache.stop()
    assert manager_client.get(url).status_code == 200
    redis_cache.start()
    _retry_the_cache_now()
    assert manager_client.get(url).context["figures"]["totals"]["total"] == 15
    # Session, user, the session's second-factor device and permissions (5): the periods,
    # the activities returned to the manager's centre and the figures from the cache.
    with django_assert_num_queries(5):
        assert manager_client.get(url).context["figures"]["totals"]["total"] == 15
    assert any("answers again" in record.getMessage() for record in caplog.records)
