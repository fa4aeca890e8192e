"""Import figures of the benchmark: one generated CSV of activities (sign-in sheet rows, one
participant category each) imported four ways on the configured database:

- the portal's importer (programs.resources.ActivityResource: the safe reader, the office's
  rules, the bulk save by COPY on PostgreSQL, and audit entries);
- a stock django-import-export ModelResource with default options (natural-key widgets only,
  as any resource of this file needs), on a sample of the rows: it saves row by row;
- the same ModelResource tuned as django-import-export's documentation advises for large
  files (``use_bulk``, ``batch_size``, ``skip_diff``, rows only added, foreign keys read
  through widgets that load each table once), on every row, without checks or audit entries;
- PostgreSQL COPY of the same rows into the same tables (ids resolved beforehand): the floor.

It makes its own scratch centre, project, categories and user, and deletes them, the rows it
imported and their audit entries afterwards; it never touches other data. Run alone:

    DJANGO_SETTINGS_MODULE=untop.settings DATABASE_URL=postgres://… \\
        .venv/bin/python -m bench.imports --rows 20000
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import json
import os
import resource
import time
import uuid
from pathlib import Path

TARGET_PORTAL_VS_STOCK = 10.0
TARGET_PORTAL_VS_TUNED = 2.0
TARGET_COPY_VS_PORTAL = 2.0
HEADERS = ["project", "centre", "type", "title", "start", "end", "category", "women", "men"]


def _status_mb(field: str) -> float | None:
    """A figure of /proc/self/status (VmRSS, VmHWM) in MB; None where there is none."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _start_peak() -> float:
    """Start the process's high-water mark of resident memory again (Linux: clear_refs 5),
    and return what it holds now. The benchmark's process has generated every scale's data
    set by then, and the kernel's mark would be that generation's, not the import's."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    current = _status_mb("VmRSS")
    return current if current is not None else _peak_rss_mb()


def _peak_rss_mb() -> float:
    peak = _status_mb("VmHWM")
    if peak is not None:
        return peak
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class _Scratch:
    """The records the generated file refers to, made for this run and deleted after it."""

    def __init__(self):
        from programs.models import Centre, ParticipantCategory, Project, Region, User

        tag = uuid.uuid4().hex[:8]
        self.tag = tag
        region = Region.objects.order_by("pk").first()
        self.region = None
        if region is None:  # an empty database: a region of its own, deleted after
            region = self.region = Region.objects.create(code="TJ-ZZ", name_en=f"Bench {tag}")
        self.centre = Centre.objects.create(
            code=f"bench-{tag}", name=f"Bench centre {tag}", town="Bench", region=region
        )
        self.project = Project.objects.create(
            code=f"BENCH-{tag}",
            title="Import benchmark",
            area="dialogue",
            start=datetime.date(1990, 1, 1),
            end=datetime.date(1999, 12, 31),
        )
        self.categories = [
            ParticipantCategory.objects.create(code=f"bench-{tag}-{n}", name=f"Bench {tag} {n}")
            for n in range(3)
        ]
        self.user = User.objects.create(
            username=f"bench.imports.{tag}",
            is_superuser=True,
            password="!",  # noqa: S106 (unusable)
        )

    def csv(self, rows: int) -> bytes:
        """One sign-in sheet row per activity, dates in dd.mm.yyyy as the offices write them
        (the years 1990–1999 hold no mandate period, so no period is locked)."""
        lines = [",".join(HEADERS)]
        first = datetime.date(1990, 1, 1)
        for n in range(rows):
            day = first + datetime.timedelta(days=n % 3650)
            category = self.categories[n % 3].code
            lines.append(
                f"{self.project.code},{self.centre.code},seminar,Seminar {n} on tolerance,"
                f"{day:%d.%m.%Y},,{category},{n % 17},{n % 13}"
            )
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")

    def clear_rows(self) -> None:
        """Delete the activities imported into the scratch centre and their audit entries."""
        from django.contrib.contenttypes.models import ContentType

        from programs.models import Activity, ParticipantCount
        from untop.audit.models import AuditEntry

        activities = Activity.objects.filter(centre=self.centre)
        counts = ParticipantCount.objects.filter(activity__centre=self.centre)
        for model, queryset in ((ParticipantCount, counts), (Activity, activities)):
            content_type = ContentType.objects.get_for_model(model)
            ids = [str(pk) for pk in queryset.values_list("pk", flat=True)]
            for start in range(0, len(ids), 5000):
                AuditEntry.objects.filter(
                    content_type=content_type, object_id__in=ids[start : start + 5000]
                ).delete()
        counts._raw_delete(counts.db)
        activities._raw_delete(activities.db)

    def delete(self) -> None:
        from django.contrib.contenttypes.models import ContentType

        from untop.audit.models import AuditEntry

        self.clear_rows()
        records = [*self.categories, self.project, self.centre, self.user]
        if self.region is not None:
            records.append(self.region)
        AuditEntry.objects.filter(actor=self.user).delete()
        for record in records:
            type(record).objects.filter(pk=record.pk).delete()
        # Their creation and their deletion both left entries (signals): remove both.
        for record in records:
            AuditEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(type(record)),
                object_id=str(record.pk),
            ).delete()


def _portal(scratch: _Scratch, data: bytes) -> float:
    from untop.imports.engine import get_importer, run_import
    from untop.imports.reading import read_table

    began = time.perf_counter()
    table = read_table(data, "activities.csv")
    importer = get_importer("activities")(acting_user=scratch.user)
    run_import(importer, table, acting_user=scratch.user)
    return time.perf_counter() - began


def _stock_resource(tuned: bool = False):
    from import_export import fields, resources, widgets

    from programs.models import Activity, Centre, Project, User

    class CachedForeignKeyWidget(widgets.ForeignKeyWidget):
        """The records by key, loaded in one query on first use."""

        def clean(self, value, row=None, **kwargs):
            if not hasattr(self, "by_key"):
                self.by_key = {str(getattr(o, self.field)): o for o in self.model.objects.all()}
            return self.by_key.get(value) if value else None

    fk = CachedForeignKeyWidget if tuned else widgets.ForeignKeyWidget

    class StockActivityResource(resources.ModelResource):
        project = fields.Field("project", "project", fk(Project, "code"))
        centre = fields.Field("centre", "centre", fk(Centre, "code"))
        type = fields.Field("kind", "type")
        created_by = fields.Field("created_by", "created_by", fk(User, "username"))

        class Meta:
            model = Activity
            fields = ("project", "centre", "type", "title", "start", "end", "created_by")
            import_id_fields = ("project", "centre", "title", "start")

    class TunedActivityResource(StockActivityResource):
        class Meta:
            use_bulk = True
            batch_size = 2000
            skip_diff = True
            force_init_instance = True  # every row adds an activity: no lookup per row

    return TunedActivityResource if tuned else StockActivityResource


def _stock(scratch: _Scratch, data: bytes, rows: int, *, tuned: bool = False) -> float:
    """django-import-export's own reading and saving of the first ``rows`` rows."""
    import tablib

    from untop.audit.context import acting_as

    text = data.decode("utf-8").splitlines()[: rows + 1]
    dataset = tablib.Dataset().load("\n".join(text), format="csv")
    # The stock resource reads ISO dates and needs the creator in the file.
    start_index = dataset.headers.index("start")
    rebuilt = tablib.Dataset(headers=[*dataset.headers, "created_by"])
    for row in dataset:
        row = list(row)
        day, month, year = row[start_index].split(".")
        row[start_index] = f"{year}-{month}-{day}"
        row[start_index + 1] = row[start_index]
        rebuilt.append([*row, scratch.user.username])
    began = time.perf_counter()
    with acting_as(scratch.user):
        result = _stock_resource(tuned)().import_data(rebuilt, dry_run=False, use_transactions=True)
    seconds = time.perf_counter() - began
    if result.has_errors() or result.has_validation_errors():
        raise RuntimeError(f"The stock import failed: {result.base_errors or result.invalid_rows}")
    return seconds


def _copy(scratch: _Scratch, data: bytes, *, audit: bool = False) -> float | None:
    """COPY of the same rows into programs_activity and programs_participantcount; with
    ``audit``, then COPY of the "created" audit entries the import writes for them, their
    text written beforehand (untimed): every row the import writes, as the database's floor."""
    from django.db import connection, transaction
    from django.utils import timezone

    if connection.vendor != "postgresql":
        return None
    by_code = {category.code: category.pk for category in scratch.categories}
    lines = data.decode("utf-8").splitlines()[1:]
    now = timezone.now().isoformat()
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('programs_activity', 'id')) "
            "FROM generate_series(1, %s)",
            [len(lines)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        activities, counts = io.StringIO(), io.StringIO()
        for pk, line in zip(ids, lines, strict=True):
            project, centre, kind, title, start, _end, category, women, men = line.split(",")
            day, month, year = start.split(".")
            iso = f"{year}-{month}-{day}"
            activities.write(
                f"{pk}\t{scratch.project.pk}\t{kind}\t{title}\t{iso}\t{iso}\t"
                f"{scratch.centre.pk}\theld\tdraft\t\t\t{scratch.user.pk}\t{now}\t{now}\n"
            )
            counts.write(f"{pk}\t{by_code[category]}\t{women}\t{men}\n")
        activities.seek(0)
        counts.seek(0)
        raw = cursor.cursor
        raw.copy_expert(
            'COPY programs_activity (id, project_id, kind, title, start, "end", centre_id, '
            "status, approval, narrative, return_reason, created_by_id, created_at, updated_at) "
            "FROM STDIN",
            activities,
        )
        raw.copy_expert(
            "COPY programs_participantcount (activity_id, category_id, women, men) FROM STDIN",
            counts,
        )
        if audit:
            paused = time.perf_counter()
            entries = _audit_entries(scratch, ids)
            began += time.perf_counter() - paused
            for sql, text in entries:
                raw.copy_expert(sql, io.StringIO(text))
    return time.perf_counter() - began


def _audit_entries(scratch: _Scratch, ids: list[int]) -> list[tuple[str, str]]:
    """The COPYs of the "created" entries of the activities just copied and of their
    participant rows, as the import writes them (untop.audit.bulk), text written whole."""
    import csv

    from programs.models import Activity, ParticipantCount
    from untop.audit.bulk import created_entry_rows
    from untop.audit.context import acting_as
    from untop.imports.saving import NULL

    activities = Activity.objects.filter(pk__in=ids).order_by()
    counts = ParticipantCount.objects.filter(activity__in=ids).order_by()
    categories = {category.pk: category.name for category in scratch.categories}

    def count_label(v: dict) -> str:
        return f"{categories[v['category_id']]}: {v['women']} women, {v['men']} men"

    copies = []
    with acting_as(scratch.user):
        for model, queryset, label in (
            (Activity, activities, lambda values: values["title"]),
            (ParticipantCount, counts, count_label),
        ):
            fields = [field.attname for field in model._meta.concrete_fields]
            records = list(queryset.values(*fields))
            table, columns, rows = created_entry_rows(model, records, label)
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
            writer.writerows([NULL if value is None else value for value in row] for row in rows)
            listed = ", ".join(f'"{table._meta.get_field(c).column}"' for c in columns)
            sql = f"COPY {table._meta.db_table} ({listed}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
            copies.append((sql, text.getvalue()))
    return copies


def measure(rows: int = 100_000, stock_rows: int = 2_000) -> dict:
    """Rows per second of the portal's importer, a stock ModelResource (on ``stock_rows`` of
    the rows) and COPY (PostgreSQL only), their ratios, and the peak memory of the process."""
    from django.db import connection

    stock_rows = min(stock_rows, rows)
    scratch = _Scratch()
    try:
        data = scratch.csv(rows)
        rss_before = _start_peak()
        # The four compared are timed twice, in one order and then in the reverse, and each
        # keeps its best: a slow spell of the machine then weighs on none of them alone.
        ways = {
            "portal": lambda: _portal(scratch, data),
            "tuned": lambda: _stock(scratch, data, rows, tuned=True),
            "copy": lambda: _copy(scratch, data),
            "copy_all": lambda: _copy(scratch, data, audit=True),
        }
        best: dict[str, float | None] = {}
        for order in (list(ways), list(ways)[::-1]):
            for name in order:
                seconds = ways[name]()
                if name == "portal" and name not in best:  # the high-water mark: the first
                    peak = _peak_rss_mb()  # import's, before the others read the file
                scratch.clear_rows()
                kept = best.get(name)
                best[name] = seconds if kept is None or seconds is None else min(kept, seconds)
        stock_seconds = _stock(scratch, data, stock_rows)
        scratch.clear_rows()
    finally:
        scratch.delete()
    portal_seconds, tuned_seconds = best["portal"], best["tuned"]
    copy_seconds, copy_all_seconds = best["copy"], best["copy_all"]
    portal = rows / portal_seconds
    stock = stock_rows / stock_seconds
    tuned = rows / tuned_seconds
    copy = rows / copy_seconds if copy_seconds else None
    figures = {
        "database": connection.vendor,
        "rows": rows,
        "file_mb": round(len(data) / 1024 / 1024, 1),
        "portal_rows_per_s": round(portal),
        "portal_seconds": round(portal_seconds, 2),
        "stock_rows": stock_rows,
        "stock_rows_per_s": round(stock),
        "tuned_rows_per_s": round(tuned),
        "tuned_seconds": round(tuned_seconds, 2),
        "portal_vs_tuned": round(portal / tuned, 2),
        "portal_vs_tuned_target": f">= {TARGET_PORTAL_VS_TUNED:g}",
        "copy_rows_per_s": round(copy) if copy else None,
        "portal_vs_stock": round(portal / stock, 1),
        "portal_vs_stock_target": f">= {TARGET_PORTAL_VS_STOCK:g}",
        "copy_vs_portal": round(copy / portal, 1) if copy else None,
        "copy_vs_portal_target": f"<= {TARGET_COPY_VS_PORTAL:g}",
        # Not a target: COPY of every row the import writes, its audit entries too.
        "copy_all_seconds": round(copy_all_seconds, 2) if copy_all_seconds else None,
        "portal_vs_copy_all": (
            round(portal_seconds / copy_all_seconds, 1) if copy_all_seconds else None
        ),
        "peak_memory_mb": peak,
        "peak_memory_growth_mb": round(peak - rss_before, 1),
        "note": (
            "the portal, tuned, COPY and copy_all timed twice each (in one order, then the "
            f"reverse) and the best kept; stock ModelResource measured once, on the first "
            f"{stock_rows:,} rows (it saves row by row); "
            "the tuned one (use_bulk, batch_size 2000, skip_diff, rows only added, cached "
            "foreign keys) on every row, activities only, without checks or audit entries; "
            "COPY loads the same rows into the same two tables with ids resolved "
            "beforehand, without checks or audit entries; copy_all adds COPY of the audit "
            "entries the import writes for those rows (their text written beforehand)"
            + ("" if copy else "; no COPY on this database (PostgreSQL only)")
        ),
    }
    figures["portal_vs_stock_met"] = figures["portal_vs_stock"] >= TARGET_PORTAL_VS_STOCK
    figures["portal_vs_tuned_met"] = figures["portal_vs_tuned"] >= TARGET_PORTAL_VS_TUNED
    figures["copy_vs_portal_met"] = (
        copy is None or figures["copy_vs_portal"] <= TARGET_COPY_VS_PORTAL
    )
    figures["targets_met"] = (
        figures["portal_vs_stock_met"]
        and figures["portal_vs_tuned_met"]
        and figures["copy_vs_portal_met"]
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--stock-rows", type=int, default=2_000)
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    print(json.dumps(measure(rows=arguments.rows, stock_rows=arguments.stock_rows), indent=2))


if __name__ == "__main__":
    main()
