"""The Celery worker's pool processes are replaced before they grow without bound."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from untop.celery import app

ROOT = Path(__file__).resolve().parents[2]

READ = (
    "from untop.celery import app; "
    "print(app.conf.worker_max_tasks_per_child, app.conf.worker_max_memory_per_child)"
)


def test_the_worker_replaces_its_processes_by_default():
    assert app.conf.worker_max_tasks_per_child == 50
    assert app.conf.worker_max_memory_per_child == 1024 * 1024  # KiB: 1 GiB


def test_the_limits_come_from_the_environment():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "UNTOP_WORKER_MAX_TASKS_PER_CHILD": "7",
        "UNTOP_WORKER_MAX_MEMORY_PER_CHILD_KB": "300000",
    }
    code = f"import django; django.setup(); {READ}"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["7", "300000"]
