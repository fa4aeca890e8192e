"""The benchmark: a synthetic data set for each scale and the pages' times and queries at
each; then the import and report figures, the text search and far pages, and the dashboard
under load; one table of targets (measure, value, target, met) and a JSON file.

The targets (README, Benchmarks) are set at scale 1: each page's median time at a scale
within `TIME_RATIO_TARGET` (or the page's own target) times its time at the scale before it in
the run (scale 1 ÷ 0.01, and scale 10 ÷ 1 when 10 is in the run), with the same query count;
the search and far-page targets at scale 1; the dashboard under load at the run's largest
scale; the imports' and reports' own. A run whose scales are all below 1 (CI's) prints the
same table without judging it.

The ratios compare times taken minutes apart, on a machine whose neighbours may take its
processor for a while. Given a database per scale (`databases`, as `make bench` does), the
data sets are all generated first and the pages then timed in rounds: in each round every
page is timed at each scale in turn, the scales' order reversed from one round to the next,
so that a slow spell falls on the scales alike and not on the one being timed when it came.
Without them (one database, as the tests run it), each scale's data set replaces the one
before, and its pages are timed in rounds of their own.
"""

from __future__ import annotations

import datetime
import importlib
import json
import os
import platform
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.test import Client

from .load import database_url, measure_load
from .pages import PAGES, BenchError, count_queries, page_figures, time_page

TIME_RATIO_TARGET = 1.5
# Each page's timed requests at a scale are spread over this many rounds (see above).
ROUNDS = 3
# The dashboard under load (gunicorn on the bench machine, warm cache).
LOAD_REQUESTS_PER_SECOND_TARGET = 200.0
LOAD_P95_MS_TARGET = 100.0
# The scale the targets are set at: a run that does not reach it judges nothing.
TARGET_SCALE = 1.0
MANAGER = "synthetic.manager"

try:  # the text search and far pages (bench/search.py), measured at scale 1
    search_bench = importlib.import_module(f"{__package__}.search")
except ModuleNotFoundError as error:
    if error.name != f"{__package__}.search":
        raise
    search_bench = None


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


# A database per scale ----------------------------------------------------------------------


@dataclass
class DataSet:
    """One scale's data: the connection to its database, the cache's key prefixes (its own,
    keeping its cached figures apart from the other scales' in this process, unless it is on
    the configured database), and a manager signed in to it."""

    label: str
    wrapper: BaseDatabaseWrapper
    cache_prefixes: dict[str, str]
    client: Client | None = None
    urls: dict[str, str] = field(default_factory=dict)


def use_data_set(data_set: DataSet) -> None:
    """Point the portal at one scale's database: the connection Django's code reaches as
    `connection`, the cache's key prefixes, and the DATABASE_URL of the processes the
    benchmark starts (gunicorn, the report builds)."""
    connections[DEFAULT_DB_ALIAS] = data_set.wrapper
    for alias, prefix in data_set.cache_prefixes.items():
        caches[alias].key_prefix = prefix
    # Content types are cached by database alias, and the data sets share "default".
    ContentType.objects.clear_cache()
    os.environ["DATABASE_URL"] = database_url()


@contextmanager
def data_sets(labels: list[str], databases: dict[str, str] | None) -> Iterator[list[DataSet]]:
    """A DataSet per scale: on the database `databases` names for it, or all on the
    configured one. The configured connection, cache prefixes and DATABASE_URL come back
    when the block ends."""
    original = connections[DEFAULT_DB_ALIAS]
    prefixes = {alias: caches[alias].key_prefix for alias in settings.CACHES}
    url = os.environ.get("DATABASE_URL")
    sets = []
    for label in labels:
        name = (databases or {}).get(label)
        if name is None:
            sets.append(DataSet(label, original, prefixes))
            continue
        config = {**original.settings_dict, "NAME": name}
        wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, DEFAULT_DB_ALIAS)
        own = {alias: f"{prefix}bench-{label}" for alias, prefix in prefixes.items()}
        sets.append(DataSet(label, wrapper, own))
    try:
        yield sets
    finally:
        for data_set in sets:
            if data_set.wrapper is not original:
                data_set.wrapper.close()
        connections[DEFAULT_DB_ALIAS] = original
        for alias, prefix in prefixes.items():
            caches[alias].key_prefix = prefix
        ContentType.objects.clear_cache()
        if url is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = url


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


def processor_check() -> float:
    """Milliseconds a fixed piece of pure-Python work takes (the best of five): timed at the
    start of each round of pages, so that runs can be compared. On a shared machine the same
    work takes longer while the neighbours are busy, and the pages with it."""
    best = float("inf")
    for _ in range(5):
        began = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        best = min(best, time.perf_counter() - began)
    return round(best * 1000, 1)


def run(
    *,
    scales: list[float],
    databases: dict[str, str] | None = None,
    seed: int = 1,
    iterations: int = 15,
    rounds: int = ROUNDS,
    import_rows: int = 10_000,
    load_clients: int = 8,
    load_seconds: float = 10,
    load_workers: int | None = None,
    optional: bool = True,
    output: Path | None = None,
    write: Callable[[str], None] = print,
) -> dict:
    """Run the whole benchmark. `databases` names a migrated database per scale label
    ("0.01", "1"): their data is replaced, and the pages are timed at the scales in turn.
    Without it, each scale replaces the configured database's data in turn."""
    from programs.models import User

    labels = [_scale_label(scale) for scale in scales]
    results: dict = {
        "when": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "scales": labels,
        "databases": databases or {},
        "scales_in_turn": bool(databases) and len(scales) > 1,
        "generation_seconds": {},
        "processor_check_ms": [],
        "pages": [
            {"name": page.name, "target": page.target, "ratio_target": _ratio_target(page)}
            | {"by_scale": {}}
            for page in PAGES
        ],
    }
    # The imports and reports on the data set their targets are set at (scale 1), or on
    # the largest of a run that does not reach it (CI's): a run to scale 10 would otherwise
    # build a letter of 65 pages against the target of the 11-page one.
    focus = _scale_label(TARGET_SCALE) if TARGET_SCALE in scales else labels[-1]
    with data_sets(labels, databases) as sets:
        by_label = dict(zip(labels, scales, strict=True))
        # With a database per scale, every data set first and the pages at all scales in
        # turn; else one scale after another, each replacing the one before.
        groups = [sets] if databases else [[data_set] for data_set in sets]
        for group in groups:
            for data_set in group:
                use_data_set(data_set)
                results["generation_seconds"][data_set.label] = round(
                    generate(by_label[data_set.label], seed, write), 1
                )
                data_set.client = signed_in_client(User.objects.get(username=MANAGER))
            # The searches at scale 1, timed in the pages' rounds.
            searches = _searches(group, iterations, write)
            _time_pages(
                group, results, iterations=iterations, rounds=rounds, write=write, searches=searches
            )
            for data_set in group:
                if data_set.label != focus:
                    continue
                use_data_set(data_set)
                if data_set.label == _scale_label(TARGET_SCALE):
                    results["search"] = _search(data_set.client, searches, iterations, write)
                if optional:
                    results["imports"] = _optional(
                        "bench.imports", lambda measure: measure(rows=import_rows), write
                    )
                    results["reports"] = _optional(
                        "bench.reports", lambda measure: measure(), write
                    )
                    results["imports_and_reports_scale"] = data_set.label
        if load_seconds > 0:
            largest = sets[-1]  # its data is in its database whichever way the run went
            use_data_set(largest)
            client = signed_in_client(User.objects.get(username=MANAGER))
            cookie_name = settings.SESSION_COOKIE_NAME
            results["load"] = measure_load(
                path=PAGES[0].url(),
                cookie=f"{cookie_name}={client.cookies[cookie_name].value}",
                clients=load_clients,
                seconds=load_seconds,
                workers=load_workers,
            )
            results["load"]["scale"] = largest.label
    results["targets"] = target_rows(results)
    judged = max(scales) >= TARGET_SCALE
    results["targets_met"] = all(row["met"] for row in results["targets"]) if judged else None
    write(render_table(results))
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(results, indent=2, default=str) + "\n")
        write(f"Written to {output}.")
    return results


def _time_pages(
    group: list[DataSet],
    results: dict,
    *,
    iterations: int,
    rounds: int,
    write: Callable[[str], None],
    searches: tuple[DataSet, Any] | str | None = None,
) -> None:
    """Every page at every scale of `group`: `iterations` timed requests each, spread over
    `rounds` rounds, in each of which each page is timed at the scales in turn (their order
    reversed every other round); in the last, each page's queries counted after its times
    (before the next page: the one with its cache emptied empties it for those after it).
    Given `searches` (a data set and its `bench.search.SearchRounds`), each round ends with
    its share of the searches on that data set."""
    rounds = max(1, min(rounds, iterations))
    shares = [iterations // rounds + (number < iterations % rounds) for number in range(rounds)]
    times: dict[tuple[str, str], list[float]] = {}
    queries: dict[tuple[str, str], int] = {}
    for number, share in enumerate(shares):
        order = group if number % 2 == 0 else group[::-1]
        check = processor_check()
        results["processor_check_ms"].append(check)
        write(
            f"  Round {number + 1} of {rounds}, scale {', '.join(s.label for s in order)} "
            f"in turn: processor check {check} ms."
        )
        for page in PAGES:
            for data_set in order:
                use_data_set(data_set)
                url = data_set.urls.get(page.name)
                if url is None:
                    url = data_set.urls[page.name] = page.url()
                key = (page.name, data_set.label)
                times.setdefault(key, []).extend(
                    time_page(data_set.client, page, url, iterations=share)
                )
                if number == rounds - 1:
                    queries[key] = count_queries(data_set.client, page, url)
        if isinstance(searches, tuple):
            data_set, timer = searches
            use_data_set(data_set)
            timer.time_round(share)
    for page, row in zip(PAGES, results["pages"], strict=True):
        for data_set in group:
            key = (page.name, data_set.label)
            figures = page_figures(data_set.urls[page.name], times[key], queries[key])
            row["by_scale"][data_set.label] = figures
            write(
                f"  {page.name}, scale {data_set.label}: median {figures['median_ms']} ms, "
                f"p95 {figures['p95_ms']} ms, {figures['queries']} queries"
            )


def _ratio_target(page) -> float:
    # A page may set its own ratio (bench/pages.py); the runner's otherwise.
    return getattr(page, "time_ratio_target", None) or TIME_RATIO_TARGET


def _searches(
    group: list[DataSet], iterations: int, write: Callable[[str], None]
) -> tuple[DataSet, Any] | str | None:
    """The searches to time in the rounds of `group` (bench/search.py): on its scale-1 data
    set, when it has one; a text when they cannot be (the module missing, or too few texts)."""
    target = [data_set for data_set in group if data_set.label == _scale_label(TARGET_SCALE)]
    if not target:
        return None
    if search_bench is None:
        write("bench.search: not available.")
        return "not available"
    use_data_set(target[0])
    try:
        return target[0], search_bench.SearchRounds(target[0].client, iterations=iterations)
    except Exception as error:  # noqa: BLE001 (reported in the table, not hidden)
        write(f"bench.search: failed: {error!r}")
        return f"failed: {error!r}"


def _search(client: Client, searches, iterations: int, write: Callable[[str], None]) -> dict | str:
    """The searches timed in the rounds (`_searches`), and the far page."""
    if not isinstance(searches, tuple):
        return searches or "not available"
    try:
        return {
            "search": searches[1].rows(),
            "far_page": search_bench.measure_far_page(client, iterations=iterations),
        }
    except Exception as error:  # noqa: BLE001 (reported in the table, not hidden)
        write(f"bench.search: failed: {error!r}")
        return f"failed: {error!r}"


# The table of targets ----------------------------------------------------------------------


def _row(measure: str, value, target: str, met: bool) -> dict:
    return {"measure": measure, "value": value, "target": target, "met": bool(met)}


def _page_ratios(results: dict) -> list[dict]:
    """Each page's time and queries at each scale against the scale before it in the run."""
    rows = []
    scales = results["scales"]
    for row in results["pages"]:
        row["ratios"] = {}
        for before, after in zip(scales, scales[1:], strict=False):
            small, large = row["by_scale"][before], row["by_scale"][after]
            ratio = round(large["median_ms"] / max(small["median_ms"], 0.1), 2)
            same = small["queries"] == large["queries"]
            pair = {
                "time_ratio": ratio,
                "time_ok": ratio <= row["ratio_target"],
                "queries_ok": same,
            }
            row["ratios"][f"{after}÷{before}"] = pair
            if row["target"]:
                rows.append(
                    _row(
                        f"{row['name']}: time at scale {after} ÷ at {before}, queries",
                        f"{ratio}×, {small['queries']} → {large['queries']} queries",
                        f"≤ {row['ratio_target']:g}×, same queries",
                        pair["time_ok"] and same,
                    )
                )
        if row["ratios"]:
            first = next(iter(row["ratios"].values()))
            row.update(first)  # the first pair, as the pages' table shows it
    return rows


def _search_rows(search) -> list[dict]:
    if not isinstance(search, dict):
        return [_row("Text search and far pages (scale 1)", search, "measured", False)]
    rows = [
        _row(
            f"Search: {item['name']} (scale 1)",
            f"median {item['median_ms']} ms",
            item["target"],
            item["met"],
        )
        for item in search["search"]
    ]
    far = search["far_page"]
    rows.append(
        _row(
            f"{far['name']} (scale 1)",
            f"{far['ratio']}×, same queries: {'yes' if far['same_queries'] else 'no'}",
            far["target"],
            far["met"],
        )
    )
    return rows


def _compare(value, target: str) -> bool:
    """Whether `value` meets a target written as ">= 4" or "<= 300"."""
    operator, _, bound = target.strip().partition(" ")
    try:
        number, limit = float(value), float(bound)
    except (TypeError, ValueError):
        return False
    if operator in (">=", "≥"):
        return number >= limit
    if operator in ("<=", "≤"):
        return number <= limit
    return False


def _measure_rows(title: str, figures) -> list[dict]:
    """A measure written elsewhere: each `<name>` with its `<name>_target` (and `<name>_met`,
    else the target is compared here); one failed row when it did not run."""
    if not isinstance(figures, dict):
        return [_row(title, figures, "measured", False)]
    rows = []
    for key, target in figures.items():
        if not key.endswith("_target"):
            continue
        name = key.removesuffix("_target")
        value = figures.get(name)
        met = figures.get(f"{name}_met")
        rows.append(
            _row(
                f"{title}: {name.replace('_', ' ')}",
                value,
                str(target),
                _compare(value, str(target)) if met is None else met,
            )
        )
    if not rows and "targets_met" in figures:
        rows.append(_row(title, "see the figures", "its own", figures["targets_met"]))
    return rows


def _load_rows(load: dict) -> list[dict]:
    where = (
        f"(gunicorn, {load['workers']} workers, {load['clients']} clients, scale {load['scale']})"
    )
    rps, p95 = load["requests_per_second"], load["p95_ms"]
    return [
        _row(
            f"Dashboard under load: requests/s {where}",
            rps,
            f"≥ {LOAD_REQUESTS_PER_SECOND_TARGET:g}",
            rps >= LOAD_REQUESTS_PER_SECOND_TARGET,
        ),
        _row(
            "Dashboard under load: p95 ms",
            p95,
            f"≤ {LOAD_P95_MS_TARGET:g}",
            p95 is not None and p95 <= LOAD_P95_MS_TARGET,
        ),
        _row("Dashboard under load: failed requests", load["failures"], "0", not load["failures"]),
    ]


def target_rows(results: dict) -> list[dict]:
    """Every target of the run, as rows of measure, value, target and met."""
    rows = _page_ratios(results)
    if "search" in results:
        rows += _search_rows(results["search"])
    if "imports" in results:
        rows += _measure_rows("Imports", results["imports"])
    if "reports" in results:
        rows += _measure_rows("Reports", results["reports"])
    if results.get("load"):
        rows += _load_rows(results["load"])
    return rows


def _mark(ok: bool, target: bool) -> str:
    if not target:
        return "(info)"
    return "✓" if ok else "✗"


def _figures(value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{key} {item}" for key, item in value.items())
    return str(value)


def render_table(results: dict) -> str:
    """The pages' figures and the table of targets (Markdown, as the README shows them)."""
    scales = results["scales"]
    m = results["machine"]
    lines = [
        f"UNTOP benchmark, {results['when']}: {m['cores']} cores ({m['cpu']}), "
        f"{m['memory_gb']} GB, {m['database']}, Python {m['python']}, Django {m['django']}; "
        f"load average {m.get('load_average')} at the start.",
        "Data set generated in "
        + ", ".join(f"{s} s at scale {label}" for label, s in results["generation_seconds"].items())
        + ".",
        "Processor check (the same pure-Python work at the start of each round of pages, best "
        "of five): "
        + ", ".join(f"{ms:g}" for ms in results.get("processor_check_ms", []))
        + " ms.",
        (
            "Pages timed at the scales in turn, a database per scale, in rounds."
            if results.get("scales_in_turn")
            else "Pages timed one scale after another, on one database."
        ),
        "",
    ]
    pairs = [f"{after}÷{before}" for before, after in zip(scales, scales[1:], strict=False)]
    header = ["Page"]
    for label in scales:
        header += [f"{label}: median ms", f"{label}: p95 ms", f"{label}: queries"]
    for pair in pairs:
        header += [f"time {pair.replace('÷', ' ÷ ')}", "≤ target", "same queries"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for row in results["pages"]:
        cells = [row["name"]]
        for label in scales:
            figures = row["by_scale"][label]
            cells += [str(figures["median_ms"]), str(figures["p95_ms"]), str(figures["queries"])]
        for pair in pairs:
            ratio = row.get("ratios", {}).get(pair)
            if ratio is None:
                cells += ["", "", ""]
                continue
            cells += [
                f"{ratio['time_ratio']} (≤ {row['ratio_target']:g})",
                _mark(ratio["time_ok"], row["target"]),
                _mark(ratio["queries_ok"], row["target"]),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    at = results.get("imports_and_reports_scale")
    at = f" (scale {at})" if at else ""
    if isinstance(results.get("imports"), dict | str):
        lines.append(f"Imports{at}: {_figures(results['imports'])}")
    if isinstance(results.get("reports"), dict | str):
        lines.append(f"Reports{at}: {_figures(results['reports'])}")
    load = results.get("load")
    if load:
        lines.append(
            f"Dashboard under load (gunicorn on loopback, {load['workers']} workers sharing a "
            f"{load.get('cache', '?')} cache, {load['clients']} concurrent clients, "
            f"{load['seconds']:g} s, scale {load['scale']}): "
            f"{load['requests_per_second']} requests/s, median {load['median_ms']} ms, "
            f"p95 {load['p95_ms']} ms, {load['failures']} failures."
        )
    targets = results.get("targets") or []
    if targets:
        lines += ["", "| Measure | Value | Target | Met |", "|---|---|---|---|"]
        judged = results.get("targets_met") is not None
        for row in targets:
            met = ("✓" if row["met"] else "✗") if judged else "(not judged)"
            lines.append(f"| {row['measure']} | {row['value']} | {row['target']} | {met} |")
        lines.append("")
    if results.get("targets_met") is None:
        lines.append(
            f"Targets not judged: they are set at scale {TARGET_SCALE:g}, above this run's scales."
        )
    else:
        missed = sum(1 for row in targets if not row["met"])
        lines.append(
            "Targets met."
            if results["targets_met"]
            else f"Targets NOT met: {missed} of {len(targets)} missed (✗ above)."
        )
    return "\n".join(lines)


__all__ = [
    "BenchError",
    "DataSet",
    "data_sets",
    "render_table",
    "run",
    "target_rows",
    "use_data_set",
]
