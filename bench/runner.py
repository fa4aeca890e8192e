"""The benchmark: for each scale, a fresh synthetic data set and the pages' times and queries;
then the import and report figures, and the dashboard under load; one table and a JSON file.

Targets, checked between the smallest and the largest scale of one run: each page's median
time at the largest scale within 3 times its time at the smallest, and the same query count.
"""

from __future__ import annotations

import datetime
import importlib
import json
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

from .load import measure_load
from .pages import PAGES, BenchError, measure_page

TIME_RATIO_TARGET = 3.0
MANAGER = "synthetic.manager"


def _scale_label(scale: float) -> str:
    return f"{scale:g}"


def machine() -> dict:
    """What the figures were measured on."""
    info = {
        "cores": os.cpu_count(),
        "cpu": platform.processor() or platform.machine(),
        "memory_gb": None,
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": connection.vendor,
        # Other work on the machine while the benchmark ran (1-minute load average at start).
        "load_average": round(os.getloadavg()[0], 1) if hasattr(os, "getloadavg") else None,
    }
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        models = [
            line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line
        ]
        if models:
            info["cpu"] = models[0]
        meminfo = Path("/proc/meminfo").read_text().split()
        info["memory_gb"] = round(int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024**2, 1)
    except (OSError, ValueError, IndexError):
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            info["database"] = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            info["database"] = f"SQLite {cursor.fetchone()[0]}"
    return info


def signed_in_client(user) -> Client:
    """A test client signed in as `user`, past the back office's second sign-in step."""
    client = Client()
    client.force_login(user)
    try:
        from untop.security import sessions
    except ImportError:  # a portal without the sign-in rules
        return client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    session = client.session
    now = int(time.time())
    session[sessions.SIGNED_IN_AT] = now
    session[sessions.LAST_SEEN_AT] = now
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # as django_otp.login() stores it
    session.save()
    return client


def generate(scale: float, seed: int, write: Callable[[str], None]) -> float:
    """Empty the database and generate the synthetic data set; returns the seconds it took."""
    call_command("flush", interactive=False, verbosity=0)
    began = time.monotonic()
    call_command(
        "generate_synthetic", scale=str(scale), seed=seed, allow_production=True, verbosity=0
    )
    seconds = time.monotonic() - began
    write(f"Scale {_scale_label(scale)}: data set generated in {seconds:.1f} s.")
    return seconds


def _optional(module: str, call: Callable, write: Callable[[str], None]) -> dict | str:
    """A measure written elsewhere (bench/imports.py, bench/reports.py), if it is there."""
    try:
        measure = importlib.import_module(module).measure
    except (ImportError, AttributeError):
        write(f"{module}: not available.")
        return "not available"
    try:
        return call(measure)
    except Exception as error:  # noqa: BLE001 (reported in the table, not hidden)
        write(f"{module}: failed: {error!r}")
        return f"failed: {error!r}"


def run(
    *,
    scales: list[float],
    seed: int = 1,
    iterations: int = 15,
    import_rows: int = 10_000,
    load_clients: int = 8,
    load_seconds: float = 10,
    optional: bool = True,
    output: Path | None = None,
    write: Callable[[str], None] = print,
) -> dict:
    """Run the whole benchmark on the configured database (its data is replaced)."""
    from programs.models import User

    results: dict = {
        "when": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "scales": [_scale_label(scale) for scale in scales],
        "generation_seconds": {},
        "pages": [{"name": page.name, "target": page.target, "by_scale": {}} for page in PAGES],
    }
    for scale in scales:
        label = _scale_label(scale)
        results["generation_seconds"][label] = round(generate(scale, seed, write), 1)
        client = signed_in_client(User.objects.get(username=MANAGER))
        for page, row in zip(PAGES, results["pages"], strict=True):
            row["by_scale"][label] = measure_page(client, page, iterations=iterations)
            figures = row["by_scale"][label]
            write(
                f"  {page.name}: median {figures['median_ms']} ms, p95 {figures['p95_ms']} ms, "
                f"{figures['queries']} queries"
            )
    _check_targets(results)
    if optional:
        results["imports"] = _optional(
            "bench.imports", lambda measure: measure(rows=import_rows), write
        )
        results["reports"] = _optional("bench.reports", lambda measure: measure(), write)
        # Their own targets (ratios of their issues), when they report them, count too.
        for name in ("imports", "reports"):
            figures = results[name]
            if isinstance(figures, dict) and figures.get("targets_met") is False:
                results["targets_met"] = False
    if load_seconds > 0:
        client = signed_in_client(User.objects.get(username=MANAGER))
        cookie_name = settings.SESSION_COOKIE_NAME
        results["load"] = measure_load(
            path=PAGES[0].url(),
            cookie=f"{cookie_name}={client.cookies[cookie_name].value}",
            clients=load_clients,
            seconds=load_seconds,
        )
        results["load"]["scale"] = results["scales"][-1]
    write(render_table(results))
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(results, indent=2, default=str) + "\n")
        write(f"Written to {output}.")
    return results


def _check_targets(results: dict) -> None:
    """Compare the smallest and the largest scale: time ratio and query counts."""
    smallest, largest = results["scales"][0], results["scales"][-1]
    met = True
    for row in results["pages"]:
        small, large = row["by_scale"][smallest], row["by_scale"][largest]
        row["time_ratio"] = round(large["median_ms"] / max(small["median_ms"], 0.1), 2)
        row["time_ok"] = row["time_ratio"] <= TIME_RATIO_TARGET
        row["queries_ok"] = small["queries"] == large["queries"]
        if row["target"]:
            met = met and row["time_ok"] and row["queries_ok"]
    results["targets_met"] = met if len(results["scales"]) > 1 else None


def _mark(ok: bool, target: bool) -> str:
    if not target:
        return "(info)"
    return "✓" if ok else "✗"


def _figures(value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{key} {item}" for key, item in value.items())
    return str(value)


def render_table(results: dict) -> str:
    """The results as one Markdown table (as the README shows it) and a few lines after it."""
    scales = results["scales"]
    m = results["machine"]
    lines = [
        f"UNTOP benchmark, {results['when']}: {m['cores']} cores ({m['cpu']}), "
        f"{m['memory_gb']} GB, {m['database']}, Python {m['python']}, Django {m['django']}; "
        f"load average {m.get('load_average')} at the start.",
        "Data set generated in "
        + ", ".join(f"{s} s at scale {label}" for label, s in results["generation_seconds"].items())
        + ".",
        "",
    ]
    header = ["Page"]
    for label in scales:
        header += [f"{label}: median ms", f"{label}: p95 ms", f"{label}: queries"]
    multi = len(scales) > 1
    if multi:
        header += [f"time {scales[-1]} ÷ {scales[0]}", "≤ 3×", "same queries"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for row in results["pages"]:
        cells = [row["name"]]
        for label in scales:
            figures = row["by_scale"][label]
            cells += [str(figures["median_ms"]), str(figures["p95_ms"]), str(figures["queries"])]
        if multi:
            cells += [
                f"{row['time_ratio']}",
                _mark(row["time_ok"], row["target"]),
                _mark(row["queries_ok"], row["target"]),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    if "imports" in results:
        lines.append(f"Imports: {_figures(results['imports'])}")
    if "reports" in results:
        lines.append(f"Reports: {_figures(results['reports'])}")
    load = results.get("load")
    if load:
        lines.append(
            f"Dashboard under load (gunicorn on loopback, {load['workers']} workers sharing a "
            f"{load.get('cache', '?')} cache, {load['clients']} concurrent clients, "
            f"{load['seconds']:g} s, scale {load['scale']}): "
            f"{load['requests_per_second']} requests/s, median {load['median_ms']} ms, "
            f"p95 {load['p95_ms']} ms, {load['failures']} failures."
        )
    if results.get("targets_met") is not None:
        lines.append(
            "Targets " + ("met." if results["targets_met"] else "NOT met: see the ✗ above.")
        )
    return "\n".join(lines)


__all__ = ["BenchError", "render_table", "run"]
