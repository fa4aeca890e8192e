"""Generate a large synthetic data set for the benchmark (`make bench`), in bulk.

`--scale 1` makes 8 centres (the real ones), 200 projects, 100,000 activities, 400,000
participant rows, 50,000 trainees, 200,000 enrolments and 5,000 recommendations; the same
seed gives the same data. The generators run in the order demo/portal.py registers them;
rows are written with COPY on PostgreSQL and `bulk_create` elsewhere, in one transaction.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from demo.registry import synthetic_generators
from demo.synthetic.programs import is_synthetic_present
from demo.synthetic.run import SyntheticRun
from programs.models import Activity, Project
from programs.summary import rebuild as rebuild_summaries
from untop.figures_cache import figures_changed


def _scale(value: str) -> float:
    try:
        scale = float(value)
    except ValueError:
        raise CommandError(f"--scale must be a number, not {value!r}.") from None
    if not 0 < scale <= 100:
        raise CommandError("--scale must be above 0 and at most 100.")
    return scale


class Command(BaseCommand):
    help = "Generate a synthetic data set of the given scale (1 = 100,000 activities)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", required=True, help="1 = 100,000 activities; 0.01 = 1,000")
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument(
            "--force",
            action="store_true",
            help="add the synthetic data even though the database holds other data",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="run even when DEBUG is off (synthetic records and logins in a real portal)",
        )

    def handle(self, *args, scale: str, seed: int, force: bool, allow_production: bool, **options):
        scale = _scale(scale)
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Nothing was generated: DEBUG is off, and synthetic records would mix with a "
                "real portal's. Pass --allow-production to generate them anyway."
            )
        if is_synthetic_present():
            raise CommandError(
                "Nothing was generated: this database already holds a synthetic data set. "
                "Empty it first (python manage.py flush), or use another database."
            )
        if not force and (Activity.objects.exists() or Project.objects.exists()):
            raise CommandError(
                "Nothing was generated: this database holds real projects or activities. "
                "Use an empty database, or pass --force to add synthetic data beside them."
            )
        began = time.monotonic()
        run = SyntheticRun(scale=scale, seed=seed, write=self.stdout.write)
        with transaction.atomic():
            for name, generator in synthetic_generators().items():
                step = time.monotonic()
                generator(run)
                self.stdout.write(f"  {name}: {time.monotonic() - step:.1f} s")
            if connection.vendor == "postgresql":
                # Statistics of the rows just written (ANALYZE sees them inside the
                # transaction): without them the planner takes the new tables for empty, and
                # summing the summary rows of a million activities joins them row by row.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            # Written by COPY, without signals: the figures' summary rows are summed from it.
            rebuild_summaries()
            # Bulk writes send no signals: the dashboard's cached figures are stale now.
            transaction.on_commit(figures_changed)
        if connection.vendor == "postgresql":
            # Fresh statistics, so that the planner and the admin's estimated counts see the
            # new rows at once rather than after autovacuum's next pass; and, outside a
            # transaction, the visibility map autovacuum would set after a bulk load: until
            # then every index-only scan (the approvals' count, the lists' counts) reads the
            # table's rows too, and a page of a freshly generated data set is slower than the
            # same page of a database that has been in use.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic data set of scale {scale:g} (seed {seed}) generated in "
                f"{time.monotonic() - began:.1f} s."
            )
        )
