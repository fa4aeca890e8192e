"""scripts/backup.sh and scripts/restore.sh on a scratch PostgreSQL database: a backup, then
changes, then the restore brings back the data and a stored report PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = "postgres://postgres@127.0.0.1:5432"
SCRATCH = f"untop_sec_backup_{os.getpid()}"
PDF = b"%PDF-1.4\n% donor report for the backup test\n%%EOF\n"


def _postgresql_answers() -> bool:
    if not all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "createdb", "dropdb")):
        return False
    result = subprocess.run(
        ["pg_isready", "-h", "127.0.0.1", "-p", "5432"], capture_output=True, check=False
    )
    return result.returncode == 0


pytestmark = pytest.mark.skipif(
    not _postgresql_answers(), reason="needs PostgreSQL on 127.0.0.1 and its client tools"
)


@pytest.fixture
def scratch(tmp_path, migrated_template):
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", SCRATCH], check=True
    )
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", "-T", migrated_template, SCRATCH],
        check=True,
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"{SERVER}/{SCRATCH}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "private"),
        "UNTOP_BACKUP_DIR": str(tmp_path / "backups"),
    }
    yield env, tmp_path
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", SCRATCH], check=True
    )


def _run(command: list[str], env: dict) -> str:
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


def _shell(code: str, env: dict) -> str:
    return _run([sys.executable, "manage.py", "shell", "-c", code], env)


SET_UP = f"""
from django.core.files.base import ContentFile
from programs.models import Donor, User
from untop.reports.models import Report
Donor.objects.create(code="NOR", name="Norway", kind="government", country="NO")
manager = User.objects.create(username="manager")
report = Report(kind="donor", title="Norway 2005-06", requested_by=manager, status="done")
report.file.save("norway.pdf", ContentFile({PDF!r}), save=True)
print(report.file.path)
"""

CHANGE = """
from programs.models import Donor
from untop.reports.models import Report
Donor.objects.filter(code="NOR").update(name="Changed after the backup")
Donor.objects.create(code="GBR", name="United Kingdom", kind="government", country="GB")
report = Report.objects.get()
report.file.delete(save=True)
"""

CHECK = """
from programs.models import Donor
from untop.reports.models import Report
print(sorted(Donor.objects.values_list("code", "name")))
report = Report.objects.get()
print(report.file.path)
print(report.file.open("rb").read())
"""


def test_backup_then_changes_then_restore_brings_back_data_and_pdfs(scratch):
    env, tmp_path = scratch
    pdf_path = Path(_shell(SET_UP, env).strip().splitlines()[-1])
    assert pdf_path.read_bytes() == PDF

    backup = Path(_run(["scripts/backup.sh"], env).strip().splitlines()[-1])
    assert backup.parent == tmp_path / "backups"
    assert backup.name.startswith("untop-")
    assert sorted(p.name for p in backup.iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "private-files.tar.gz",
    ]
    assert oct(backup.joinpath("database.dump").stat().st_mode & 0o777) == "0o600"

    _shell(CHANGE, env)
    assert not pdf_path.exists()

    refused = subprocess.run(
        ["scripts/restore.sh", str(backup)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert refused.returncode == 2 and "--yes" in refused.stderr

    _run(["scripts/restore.sh", str(backup), "--yes"], env)
    codes, path, content = _shell(CHECK, env).strip().splitlines()[-3:]
    assert codes == "[('NOR', 'Norway')]"
    assert Path(path) == pdf_path
    assert content == repr(PDF)


def test_a_damaged_backup_is_refused_before_anything_changes(scratch):
    env, _tmp_path = scratch
    _shell(SET_UP, env)
    backup = Path(_run(["scripts/backup.sh"], env).strip().splitlines()[-1])
    with backup.joinpath("database.dump").open("ab") as dump:
        dump.write(b"damage")
    _shell(CHANGE, env)
    result = subprocess.run(
        ["scripts/restore.sh", str(backup), "--yes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "FAILED" in result.stdout + result.stderr
    codes = _shell(CHECK.split("report =")[0], env).strip().splitlines()[-1]
    assert "Changed after the backup" in codes
