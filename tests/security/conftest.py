"""Fixtures of the security tests: the migrated database the backup tests start from."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = "postgres://postgres@127.0.0.1:5432"
TEMPLATE = f"untop_sec_template_{os.getpid()}"


def _dropdb(name: str) -> None:
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)


@pytest.fixture(scope="session")
def migrated_template() -> Iterator[str]:
    """An empty PostgreSQL database with every migration applied, made once a run: each
    backup test's scratch database is a copy of it (`createdb --template`), which takes a
    second where migrating takes many."""
    _dropdb(TEMPLATE)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", TEMPLATE], check=True)
    try:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": f"{SERVER}/{TEMPLATE}",
        }
        result = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr + result.stdout
        yield TEMPLATE
    finally:
        _dropdb(TEMPLATE)
