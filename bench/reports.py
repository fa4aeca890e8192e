"""Report figures of the benchmark: the mandate-renewal letter, a donor report of about 140
pages and one of over 300, each built by `manage.py build_report` in a process of its own, on
the data set in the configured database; and, as the reference, a naive WeasyPrint document
of the same activity rows as the 140-page donor report (one HTML table, nothing else),
rendered in a process of its own in the same run.

Each build is timed from start to exit (Python and Django start-up, the queries and the
layout), its PDF's pages counted, and the peak resident memory of its process read when it
ends (bench/peak.py: the memory map's high-water mark, WeasyPrint's C heap included; not
wait4's rusage, which on Linux carries the benchmark's own size into its children). The
naive document is timed the same way, without Django.

The letter and the donor report are also built as a manager gets them: by a worker
process, which has started Django and laid out its warm-up page (untop.reports.pdf.warm_up)
before the task arrives; that build alone is timed, from the task's parameters to the PDF's
bytes. The naive document's rendering is timed alone the same way, from its HTML to its
PDF's bytes, in its own process (WeasyPrint imported first).

Targets (issue 21): the donor report's pages per second, as the worker builds it, at least
4 times the naive document's rendering; its peak memory at most 300 MB at 140 and at 300+
pages, and flat (the long report's peak within 15 % of the short one's); the letter, as the
worker builds it, in 1.5 s. The cold commands' figures (start-up included) are printed
beside them.

Run alone: `python -m bench.reports` (with DATABASE_URL of a generated data set).
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

from django.db.models import Count

ROOT = Path(__file__).resolve().parent.parent
# About 18 activity rows fit on a page of the donor report's activity table.
DONOR_REPORT_ACTIVITIES = 2_600
LONG_DONOR_REPORT_ACTIVITIES = 5_600  # 300 pages and more

TARGET_PAGES_PER_SECOND_RATIO = 4.0
TARGET_PEAK_MEMORY_MB = 300
TARGET_MEMORY_GROWTH = 1.15  # the long report's peak ÷ the short one's
TARGET_LETTER_SECONDS = 1.5

# The naive reference, rendered by WeasyPrint alone in a fresh interpreter; the rendering
# timed alone, as the worker's builds are.
NAIVE_RENDER = """
import json, sys, time
from weasyprint import HTML
began = time.perf_counter()
HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])
print(json.dumps({"build_seconds": round(time.perf_counter() - began, 2)}))
"""


def _timed(command: list[str], output: Path, stdout=subprocess.DEVNULL) -> dict:
    """Run a Python program (its arguments after the interpreter) in a child process; its
    time, its PDF's pages and its peak memory (bench/peak.py says why it reports it)."""
    from pypdf import PdfReader

    with tempfile.TemporaryDirectory() as folder:
        peak_file = Path(folder) / "peak"
        began = time.monotonic()
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and command)
            [sys.executable, "-m", "bench.peak", *command],
            cwd=ROOT,
            env={**os.environ, "BENCH_PEAK_FILE": str(peak_file)},
            stdout=stdout,
            stderr=subprocess.PIPE,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - began
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(process.stderr.read().decode()[-500:])
        peak_kb = int(peak_file.read_text())
    pages = len(PdfReader(output).pages)
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "pages": pages,
        "pages_per_second": round(pages / seconds, 2),
        "peak_memory_mb": round(peak_kb / 1024),
    }


# A worker process's report: Django started and the tasks loaded, the warm-up page laid out
# (Celery's worker_process_init), then the task's build alone timed. Its arguments: the
# report's kind, its form's fields as JSON, the PDF's path.
WORKER_BUILD = """
import json, sys, time
import django
django.setup()
from celery.signals import worker_process_init
import untop.reports.tasks
from untop.reports.registry import get_report_kind
from untop.reports.services import report_render_pdf
worker_process_init.send(sender=None)
kind = get_report_kind(sys.argv[1])
form = kind.form_class(json.loads(sys.argv[2]))
assert form.is_valid(), form.errors
parameters = form.to_parameters()
began = time.perf_counter()
pdf = report_render_pdf(kind=kind, parameters=parameters)
seconds = time.perf_counter() - began
open(sys.argv[3], "wb").write(pdf)
print(json.dumps({"build_seconds": round(seconds, 2)}))
"""


def _with_build_time(command: list[str], output: Path) -> dict:
    """A child process's figures (_timed) with the build time it prints itself."""
    with tempfile.TemporaryFile() as printed:
        figures = _timed(command, output, stdout=printed)
        printed.seek(0)
        figures.update(json.loads(printed.read()))
    figures["build_pages_per_second"] = round(figures["pages"] / figures["build_seconds"], 2)
    return figures


def _worker_build(kind: str, fields: dict) -> dict:
    """A report as a worker process builds it (WORKER_BUILD), in a child process."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.pdf"
        return _with_build_time(["-c", WORKER_BUILD, kind, json.dumps(fields), str(output)], output)


def _build(args: list[str]) -> dict:
    """Build one report with `manage.py build_report` in a child process."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.pdf"
        return _timed(
            ["manage.py", "build_report", *args, "--output", str(output)],
            output,
        )


def naive_html(rows: list[tuple]) -> str:
    """The reference: the rows as one HTML table, with no style, font or anything else."""
    cells = "".join(
        "<tr>" + "".join(f"<td>{escape(str(value))}</td>" for value in row) + "</tr>"
        for row in rows
    )
    return f"<!doctype html><html><body><table>{cells}</table></body></html>"


def _naive(rows: list[tuple]) -> dict:
    """Render the naive document of these rows with WeasyPrint in a child process."""
    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder) / "naive.html", Path(folder) / "naive.pdf"
        source.write_text(naive_html(rows), encoding="utf-8")
        return _with_build_time(["-c", NAIVE_RENDER, str(source), str(output)], output)


def _donor_window(activities: int) -> tuple[str, datetime.date, datetime.date, list]:
    """The donor with most counted activities, the period holding the first `activities` of
    them, and those activities' rows as the donor report prints them."""
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
    rows = list(
        Activity.objects.counted()
        .filter(project__in=funded)
        .with_participant_totals()
        .order_by("start", "id")
        .values_list(
            "start",
            "title",
            "centre__name",
            "project__code",
            "women_total",
            "men_total",
            "participant_total",
        )[:activities]
    )
    if not rows:
        raise RuntimeError(f"The donor {code} has no counted activities.")
    return code, rows[0][0], rows[-1][0], rows


def check_targets(figures: dict) -> dict:
    """Each target of the reports with its figure and whether it is met."""
    donor, long, naive, letter = (
        figures["donor"],
        figures["long_donor"],
        figures["naive"],
        figures["worker_mandate"]["build_seconds"],
    )
    ratio = round(
        figures["worker_donor"]["build_pages_per_second"] / naive["build_pages_per_second"], 2
    )
    growth = round(long["peak_memory_mb"] / donor["peak_memory_mb"], 2)
    checks = {
        "donor_vs_naive_pages_per_second": (ratio, ratio >= TARGET_PAGES_PER_SECOND_RATIO),
        "donor_peak_memory_mb": (
            donor["peak_memory_mb"],
            donor["peak_memory_mb"] <= TARGET_PEAK_MEMORY_MB,
        ),
        "long_donor_peak_memory_mb": (
            long["peak_memory_mb"],
            long["peak_memory_mb"] <= TARGET_PEAK_MEMORY_MB,
        ),
        "long_vs_short_peak_memory": (growth, growth <= TARGET_MEMORY_GROWTH),
        "worker_letter_seconds": (letter, letter <= TARGET_LETTER_SECONDS),
    }
    targets = {
        "donor_vs_naive_pages_per_second": f">= {TARGET_PAGES_PER_SECOND_RATIO:g}",
        "donor_peak_memory_mb": f"<= {TARGET_PEAK_MEMORY_MB}",
        "long_donor_peak_memory_mb": f"<= {TARGET_PEAK_MEMORY_MB}",
        "long_vs_short_peak_memory": f"<= {TARGET_MEMORY_GROWTH:g}",
        "worker_letter_seconds": f"<= {TARGET_LETTER_SECONDS:g}",
    }
    result: dict = {}
    for name, (value, met) in checks.items():
        result[name] = value
        result[f"{name}_target"] = targets[name]
        result[f"{name}_met"] = met
    result["targets_met"] = all(met for _, met in checks.values())
    return result


def _line(report: dict, activities: int | None = None) -> str:
    rows = f" ({activities:,} activities)" if activities else ""
    return (
        f"{report['pages']} pages{rows} in {report['seconds']} s, {report['cpu_seconds']} s "
        f"CPU ({report['pages_per_second']} pages/s, peak {report['peak_memory_mb']} MB)"
    )


def measure() -> dict:
    """Build the letter of the latest period, a ~140- and a 300+-page donor report and the
    naive reference; their figures and the targets."""
    from programs.models import MandatePeriod

    period = MandatePeriod.objects.order_by("-end").first()
    if period is None:
        raise RuntimeError("The data set has no mandate period.")
    dates = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    figures = {
        "mandate": _build(["mandate", "--start", dates["start"], "--end", dates["end"]]),
        "worker_mandate": _worker_build("mandate", dates),
    }
    code, start, end, rows = _donor_window(DONOR_REPORT_ACTIVITIES)
    donor = {"donor": code, "start": start.isoformat(), "end": end.isoformat()}
    figures["donor"] = _build(
        ["donor", "--donor", code, "--start", donor["start"], "--end", donor["end"]]
    )
    # The target compares these two: each is built twice, in one order and then in the
    # other, and keeps its faster build, so that a slow spell of the machine weighs on
    # neither alone.
    builds = {"worker_donor": lambda: _worker_build("donor", donor), "naive": lambda: _naive(rows)}
    for order in (list(builds), list(builds)[::-1]):
        for name in order:
            built = builds[name]()
            if name not in figures or built["build_seconds"] < figures[name]["build_seconds"]:
                figures[name] = built
    long_code, long_start, long_end, long_rows = _donor_window(LONG_DONOR_REPORT_ACTIVITIES)
    figures["long_donor"] = _build(
        [
            "donor",
            *("--donor", long_code, "--start", long_start.isoformat()),
            *("--end", long_end.isoformat()),
        ]
    )
    return {
        "mandate report": _line(figures["mandate"]),
        "mandate report built by a worker process": (
            f"{figures['worker_mandate']['build_seconds']} s "
            f"({figures['worker_mandate']['pages']} pages)"
        ),
        "donor report": _line(figures["donor"], len(rows)),
        "donor report built by a worker process": (
            f"{figures['worker_donor']['build_seconds']} s "
            f"({figures['worker_donor']['pages']} pages, "
            f"{figures['worker_donor']['build_pages_per_second']} pages/s, "
            f"peak {figures['worker_donor']['peak_memory_mb']} MB)"
        ),
        "naive table of the same rows": _line(figures["naive"], len(rows)),
        "naive table rendered": (
            f"{figures['naive']['build_seconds']} s "
            f"({figures['naive']['build_pages_per_second']} pages/s)"
        ),
        "long donor report": _line(figures["long_donor"], len(long_rows)),
        # Resident memory of the process that laid the PDF out (WeasyPrint's C heap included).
        "donor_report_peak_memory_mb": figures["donor"]["peak_memory_mb"],
        "mandate_report_peak_memory_mb": figures["mandate"]["peak_memory_mb"],
        **check_targets(figures),
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    for name, figure in measure().items():
        print(f"{name}: {figure}")
