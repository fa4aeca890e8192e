"""Report figures of the benchmark: the mandate-renewal letter and a donor report of about a
hundred pages, each built by `manage.py build_report` in a process of its own, on the data set
in the configured database.

Each build is timed from start to exit, its PDF's pages counted, and the peak resident memory
of its process read from the kernel (wait4's rusage), so WeasyPrint's memory is in the figure.
Run alone: `python -m bench.reports` (with DATABASE_URL of a generated data set).
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db.models import Count

ROOT = Path(__file__).resolve().parent.parent
# About 26 activity rows fit on a page of the donor report's activity table.
DONOR_REPORT_ACTIVITIES = 2_600


def _build(args: list[str]) -> dict:
    """Build one report in a child process; time, pages and peak memory of that process."""
    from pypdf import PdfReader

    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.pdf"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
        began = time.monotonic()
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and command)
            [sys.executable, "manage.py", "build_report", *args, "--output", str(output)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - began
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(process.stderr.read().decode()[-500:])
        pages = len(PdfReader(output).pages)
    return {
        "seconds": round(seconds, 1),
        "pages": pages,
        "pages_per_second": round(pages / seconds, 1),
        "peak_memory_mb": round(usage.ru_maxrss / 1024),
    }


def _donor_window() -> tuple[str, datetime.date, datetime.date, int]:
    """The donor with most counted activities, and the period holding about a hundred pages
    of them."""
    from programs.models import Activity, Project

    best = (
        Activity.objects.counted()
        .filter(project__pledges__isnull=False)
        .values("project__pledges__donor__code")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n")
        .first()
    )
    if best is None:
        raise RuntimeError("The data set has no donor with counted activities.")
    code = best["project__pledges__donor__code"]
    funded = Project.objects.filter(pledges__donor__code=code).values("pk")
    starts = list(
        Activity.objects.counted()
        .filter(project__in=funded)
        .order_by("start", "id")
        .values_list("start", flat=True)[:DONOR_REPORT_ACTIVITIES]
    )
    return code, starts[0], starts[-1], len(starts)


def measure() -> dict:
    """Build the mandate report of the latest period and a ~100-page donor report."""
    from programs.models import MandatePeriod

    period = MandatePeriod.objects.order_by("-end").first()
    if period is None:
        raise RuntimeError("The data set has no mandate period.")
    mandate = _build(
        ["mandate", "--start", period.start.isoformat(), "--end", period.end.isoformat()]
    )
    code, start, end, activities = _donor_window()
    donor = _build(
        ["donor", "--donor", code, "--start", start.isoformat(), "--end", end.isoformat()]
    )
    return {
        "mandate report": f"{mandate['pages']} pages in {mandate['seconds']} s "
        f"({mandate['pages_per_second']} pages/s, peak {mandate['peak_memory_mb']} MB)",
        "donor report": f"{donor['pages']} pages ({activities:,} activities) in "
        f"{donor['seconds']} s ({donor['pages_per_second']} pages/s, "
        f"peak {donor['peak_memory_mb']} MB)",
        # Resident memory of the process that laid the PDF out (WeasyPrint's C heap included).
        "donor_report_peak_memory_mb": donor["peak_memory_mb"],
        "mandate_report_peak_memory_mb": mandate["peak_memory_mb"],
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    for name, figure in measure().items():
        print(f"{name}: {figure}")
