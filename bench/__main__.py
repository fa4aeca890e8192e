"""`python -m bench` (what `make bench` runs): the benchmark on PostgreSQL.

Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/untop_bench): each
scale gets a database of its own named after it (untop_bench_scale_0_01, untop_bench_scale_1,
…), created and migrated when missing, its data replaced; BENCH_SCALES (default "0.01,1";
"0.01,1,10" adds scale 10 and its ratio to scale 1), BENCH_ITERATIONS (15), BENCH_ROUNDS (3: the
rounds the iterations are spread over, bench/runner.py), BENCH_SEED (1),
BENCH_IMPORT_ROWS (10000), BENCH_CLIENTS (8), BENCH_WORKERS (gunicorn's workers; default one
more than the cores), BENCH_LOAD_SECONDS (10; 0 skips the load test),
BENCH_IMPORTS_AND_REPORTS (1; 0 skips bench/imports.py and bench/reports.py), BENCH_OUTPUT
(var/bench/latest.json). Exits 1 when a target is missed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/untop_bench"


def _create_database(url: str) -> None:
    """Create the PostgreSQL database named by the URL when it does not exist yet."""
    import environ
    import psycopg2
    from psycopg2 import sql

    config = environ.Env.db_url_config(url)
    if "postgresql" not in config["ENGINE"]:
        return
    params = {
        "dbname": "postgres",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
    }
    conn = psycopg2.connect(**{key: value for key, value in params.items() if value})
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
                print(f"Created the database {config['NAME']}.")
    finally:
        conn.close()


def _scales(text: str) -> list[float]:
    try:
        scales = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        sys.exit(f"BENCH_SCALES must be numbers separated by commas, not {text!r}.")
    if not scales or any(not 0 < scale <= 100 for scale in scales):
        sys.exit("BENCH_SCALES must list scales above 0 and at most 100.")
    return sorted(scales)


def scale_database_url(url: str, label: str) -> str:
    """The URL of a scale's own database: the configured database's name with the scale
    after it ("untop_bench" → "untop_bench_scale_0_01"; a SQLite file's name likewise)."""
    suffix = "_scale_" + label.replace(".", "_")
    address, question, query = url.partition("?")
    folder, slash, name = address.rpartition("/")
    stem, dot, extension = name.rpartition(".")
    if url.startswith("sqlite") and dot:
        name = f"{stem}{suffix}.{extension}"
    else:
        name += suffix
    return f"{folder}{slash}{name}{question}{query}"


def main() -> int:
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    scales = _scales(os.environ.get("BENCH_SCALES", "0.01,1"))
    base = os.environ["DATABASE_URL"]
    urls = {f"{scale:g}": scale_database_url(base, f"{scale:g}") for scale in scales}
    for url in urls.values():
        _create_database(url)
    # The configured database is the first scale's: the base name itself is never used.
    os.environ["DATABASE_URL"] = next(iter(urls.values()))

    import django
    import environ

    django.setup()
    from django.core.management import call_command

    from demo.synthetic.programs import is_synthetic_present
    from programs.models import Activity, Project

    from .runner import data_sets, run, use_data_set

    databases = {label: environ.Env.db_url_config(url)["NAME"] for label, url in urls.items()}
    with data_sets(list(databases), databases) as sets:
        for data_set in sets:
            use_data_set(data_set)
            call_command("migrate", interactive=False, verbosity=0)
            holds_data = Activity.objects.exists() or Project.objects.exists()
            if holds_data and not is_synthetic_present():
                sys.exit(
                    f"The benchmark replaces the data of {databases[data_set.label]}, which "
                    "holds real projects or activities: point DATABASE_URL at a database of "
                    "its own."
                )
    results = run(
        scales=scales,
        databases=databases,
        seed=int(os.environ.get("BENCH_SEED", "1")),
        iterations=int(os.environ.get("BENCH_ITERATIONS", "15")),
        rounds=int(os.environ.get("BENCH_ROUNDS", "3")),
        import_rows=int(os.environ.get("BENCH_IMPORT_ROWS", "10000")),
        load_clients=int(os.environ.get("BENCH_CLIENTS", "8")),
        load_seconds=float(os.environ.get("BENCH_LOAD_SECONDS", "10")),
        load_workers=int(os.environ["BENCH_WORKERS"]) if os.environ.get("BENCH_WORKERS") else None,
        optional=os.environ.get("BENCH_IMPORTS_AND_REPORTS", "1") != "0",
        output=BASE_DIR / os.environ.get("BENCH_OUTPUT", "var/bench/latest.json"),
    )
    return 1 if results.get("targets_met") is False else 0


if __name__ == "__main__":
    sys.exit(main())
