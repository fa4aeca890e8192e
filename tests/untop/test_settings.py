"""Production settings: `check --deploy` is silent, and a missing secret key stops the start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "untop.settings",
    # Explicit, so that a development checkout's .env (DJANGO_DEBUG=true) does not apply.
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k2W9vQ7r-production-like-secret-PZx4m8T1eL0nB6yHc3uJ5sGdA",
    "DJANGO_ALLOWED_HOSTS": "portal.untop.example.org",
    "DATABASE_URL": "sqlite:////tmp/untop-deploy-check.sqlite3",
    "PATH": os.environ.get("PATH", ""),
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_prints_no_warnings_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_pages_send_security_headers(client, db):
    response = client.get("/accounts/login/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("jit", "off"),  # no query compiled just in time
        ("random_page_cost", "1.1"),  # planned for data in memory or on SSD
    ],
)
def test_postgresql_connections_open_with_the_portals_planner_settings(db, setting, value):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("planner settings are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {setting}")
        assert cursor.fetchone() == (value,)
