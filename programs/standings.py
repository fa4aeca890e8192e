"""Where each indicator stands in each mandate period (IndicatorStanding): kept right on
every write that moves it, rebuilt with the summary rows.

The dashboard shows how many of the running projects' indicators met their target, are
behind it or are unmeasured, and the ten that need attention first. Measured afresh for
every indicator, that was the one part of its figures that grew with the office: at 2,000
projects, 1,670 indicators measured in Python each time the figures were summed. A standing
keeps what the dashboard orders and counts by: the status, the progress and whether a value
is awaited, as `indicator_progress`, `progress_status` and `waits_for_value` give them (their
one definition, programs/results.py). The dashboard counts and orders the standings in SQL
and measures only the ten it shows.

What moves a standing, and what is measured again:
- a counted activity written (created, changed, approved, returned, deleted; its participant
  rows or their breakdowns), or one that stops counting: its project's indicators, from the
  activity's month on (a cumulative indicator's later periods move too). programs/summary.py
  notes these with its own keys, and refreshes the standings after its summary rows, which
  the computed indicators read;
- an indicator saved, or the categories its rule counts: that indicator, every period;
- a value or a target: its indicator, from its period on;
- a project's start (a cumulative computed indicator counts from it): its indicators;
- a mandate period or an age band saved or deleted: every standing (rare, the back office).

Inside `summaries_kept()` (the services, imports, the loaders) these are noted and measured
once when the block ends; elsewhere at once, in the write's transaction. Writes in bulk go
through `summary.refresh_marks` or `summary.rebuild`, which include the standings.
`manage.py rebuild_summaries` rebuilds them too, and `--check` compares them.

Two writers at once (PostgreSQL, READ COMMITTED): a refresh first takes a transaction-level
advisory lock per project whose indicators it measures, in project order, after any of the
summary's month locks. A second writer of the same project waits for the first to commit;
its statements then read the first's rows. Without it, two approvals in two months of one
project would each measure the project without the other's, and the last to commit would
keep a standing missing the first.
"""

from __future__ import annotations

import datetime
import zlib
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_save,
)

# The module, not its names: programs/results.py reads the summary, which imports this one.
from . import results
from .models import (
    AgeBand,
    Indicator,
    IndicatorStanding,
    IndicatorTarget,
    IndicatorValue,
    MandatePeriod,
    Project,
)

# The advisory locks' first number: the standings' own, apart from the summary's.
LOCK_CLASS = zlib.crc32(b"programs.standings") & 0x7FFFFFFF
# The selector of every standing (a period or an age band changed).
EVERYTHING = ("all", 0)

Noted = dict[tuple[str, int], datetime.date]


def standings_of(
    period: MandatePeriod, indicators: QuerySet[Indicator] | None = None
) -> list[IndicatorStanding]:
    """The standings of these indicators (every one when None) in the period, measured
    now (unsaved). The queries of `indicator_progress`."""
    return [
        IndicatorStanding(
            indicator_id=row["indicator"].pk,
            period_id=period.pk,
            status=results.progress_status(row),
            percent=row["percent"],
            waiting=results.waits_for_value(row),
        )
        for row in results.indicator_progress(period=period, indicators=indicators)
    ]


def note(noted: Noted, selector: tuple[str, int], since: datetime.date | None) -> None:
    """Note that the standings of ``selector`` (``("project", id)``, ``("indicator", id)``
    or EVERYTHING) may have moved in the periods ending on or after ``since`` (None: in
    every period)."""
    since = since or datetime.date.min
    noted[selector] = min(noted.get(selector, since), since)


def refresh_noted(noted: Noted) -> None:
    """Measure again what `note` noted: nothing when nothing was."""
    if not noted:
        return
    if EVERYTHING in noted:
        rebuild()
        return
    projects = [pk for kind, pk in noted if kind == "project"]
    indicators = [pk for kind, pk in noted if kind == "indicator"]
    refresh(
        Indicator.objects.filter(Q(project_id__in=projects) | Q(pk__in=indicators)),
        since=min(noted.values()),
    )


def _lock_projects(projects: list[int]) -> None:
    """Hold each project's advisory lock until the transaction ends (the module's notes)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, project) FROM unnest(%s::integer[]) "
            "WITH ORDINALITY AS projects(project, n) ORDER BY n",
            [LOCK_CLASS, sorted(projects)],
        )


def refresh(indicators: QuerySet[Indicator], since: datetime.date = datetime.date.min) -> None:
    """Measure these indicators again in the periods ending on or after ``since``, in the
    caller's transaction (in one of their own when there is none). Four queries on
    PostgreSQL (three elsewhere), and those of `indicator_progress` per period."""
    with transaction.atomic(savepoint=False):
        projects = set(indicators.values_list("project_id", flat=True))
        if not projects:
            return
        _lock_projects(sorted(projects))
        periods = list(MandatePeriod.objects.filter(end__gte=since).order_by("start"))
        # A plain DELETE: the rows have no relations, and `delete()` would read them and send
        # a signal per row.
        IndicatorStanding.objects.filter(
            indicator__in=indicators.values("pk"), period__in=[period.pk for period in periods]
        )._raw_delete(connection.alias)
        IndicatorStanding.objects.bulk_create(
            [standing for period in periods for standing in standings_of(period, indicators)]
        )


def rebuild() -> None:
    """Measure every indicator in every period again (the summary's rebuild calls it)."""
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            # The whole table: no project's refresh may run meanwhile.
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(IndicatorStanding._meta.db_table)
                cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        IndicatorStanding.objects.all()._raw_delete(connection.alias)
        for period in MandatePeriod.objects.order_by("start"):
            IndicatorStanding.objects.bulk_create(standings_of(period), batch_size=2000)


def differences() -> list[tuple[int, int]]:
    """The (period, indicator) pairs whose standing kept differs from the one measured now;
    none when right. A check run by hand (`rebuild_summaries --check`), not by pages."""

    def as_rows(standings) -> set[tuple]:
        return {
            (row.period_id, row.indicator_id, row.status, row.percent, row.waiting)
            for row in standings
        }

    kept = as_rows(IndicatorStanding.objects.all())
    measured = as_rows(
        standing
        for period in MandatePeriod.objects.order_by("start")
        for standing in standings_of(period)
    )
    return sorted({row[:2] for row in kept ^ measured})


# The dashboard's and the indicators' list's reading -------------------------------------------


def kept_in(period: MandatePeriod, projects: QuerySet[Project]) -> QuerySet[IndicatorStanding]:
    """The standings of these projects' indicators in the period."""
    return IndicatorStanding.objects.filter(period=period, indicator__project__in=projects)


def standing_counts(kept: QuerySet[IndicatorStanding]) -> dict[str, int]:
    """How many stand each way, and in all (as `results.progress_counts`): one query."""
    counts = {results.MET: 0, results.BEHIND: 0, results.UNMEASURED: 0}
    for row in kept.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    counts["all"] = sum(counts.values())
    return counts


def in_order(kept: QuerySet[IndicatorStanding]) -> QuerySet[IndicatorStanding]:
    """In the order of `indicator_progress`'s rows: by project, then indicator."""
    return kept.order_by("indicator__project__code", "indicator_id")


def attention_first(kept: QuerySet[IndicatorStanding]) -> QuerySet[IndicatorStanding]:
    """Those needing attention, in `results.needing_attention`'s order: those behind their
    target, the furthest behind first (an unknown per cent last), then those waiting for a
    value, each in the indicators' order."""
    return kept.filter(Q(status=results.BEHIND) | Q(waiting=True)).order_by(
        Case(
            When(status=results.BEHIND, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        F("percent").asc(nulls_last=True),
        "indicator__project__code",
        "indicator_id",
    )


def measured(period: MandatePeriod, ids: list[int]) -> list[dict[str, Any]]:
    """The `indicator_progress` rows of these indicators, in the order of ``ids``: its
    queries, or none when there are no ids."""
    if not ids:
        return []
    place = {pk: n for n, pk in enumerate(ids)}
    rows = results.indicator_progress(
        period=period, indicators=Indicator.objects.filter(pk__in=ids)
    )
    return sorted(rows, key=lambda row: place[row["indicator"].pk])


def needing_attention(
    period: MandatePeriod, projects: QuerySet[Project], limit: int
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """How many of these projects' indicators stand each way in the period (as
    `progress_counts`), and the rows (`indicator_progress`'s) of up to ``limit`` that need
    attention, in `attention_first`'s order.

    Two queries of the standings, and those of `indicator_progress` for the rows shown
    (none when no indicator needs attention), however many indicators there are.
    """
    kept = kept_in(period, projects)
    ids = list(attention_first(kept).values_list("indicator_id", flat=True)[:limit])
    return standing_counts(kept), measured(period, ids)


# Following the writes -------------------------------------------------------------------------


def _noted(selector: tuple[str, int], since: datetime.date | None = None) -> None:
    from . import summary  # the summary notes the standings with its own keys

    noted: Noted = {}
    note(noted, selector, since)
    summary.note(standings_noted=noted)


def _indicator_saved(sender, instance: Indicator, raw: bool = False, **kwargs) -> None:
    if not raw:
        _noted(("indicator", instance.pk))


def _deleting_indicators(origin) -> bool:
    """Whether a deletion that began with ``origin`` (the signals' argument: the record or
    queryset deleted) takes indicators with it: an indicator's or a project's (which only a
    project without activities allows). The values and targets it deletes before them then
    measure nothing on their way out: that would write standings for indicators about to
    go."""
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return model in (Indicator, Project)


def _categories_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        _noted(("indicator", instance.pk))
    elif action == "post_clear":
        # A category's indicators, all cleared: rare (a category deleted); every standing.
        _noted(EVERYTHING)
    else:
        for pk in pk_set or ():
            _noted(("indicator", pk))


def _measure_changed(sender, instance, raw: bool = False, origin=None, **kwargs) -> None:
    """A value or target: its indicator, from its period on."""
    if raw or _deleting_indicators(origin):
        return
    start = MandatePeriod.objects.filter(pk=instance.period_id).values_list("start", flat=True)
    _noted(("indicator", instance.indicator_id), start.first())


def _project_before_save(sender, instance: Project, raw: bool = False, **kwargs) -> None:
    instance._standings_start_moved = False
    if instance.pk and not instance._state.adding and not raw:
        saved = Project.objects.filter(pk=instance.pk).values_list("start", flat=True).first()
        instance._standings_start_moved = saved is not None and saved != instance.start


def _project_saved(sender, instance: Project, **kwargs) -> None:
    if getattr(instance, "_standings_start_moved", False):
        instance._standings_start_moved = False
        _noted(("project", instance.pk))


def _period_before_save(sender, instance: MandatePeriod, raw: bool = False, **kwargs) -> None:
    saved = (
        MandatePeriod.objects.filter(pk=instance.pk).values_list("start", "end").first()
        if instance.pk and not instance._state.adding
        else None
    )
    # A new period, or its dates moved; not its lock, its letter's texts.
    instance._standings_moved = not raw and saved != (instance.start, instance.end)


def _period_saved(sender, instance: MandatePeriod, **kwargs) -> None:
    if getattr(instance, "_standings_moved", False):
        instance._standings_moved = False
        _noted(EVERYTHING)


def _everything_moved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        _noted(EVERYTHING)


def _after_migrate(sender, using: str = "default", **kwargs) -> None:
    """After `migrate`: the standings written when missing (the table new to a database,
    or a backup restored from before it), measured with the code as it is now."""
    if using != "default":
        return
    expected = Indicator.objects.count() * MandatePeriod.objects.count()
    if IndicatorStanding.objects.count() != expected:
        rebuild()


def watch_writes() -> None:
    """Connect the signals that keep the standings (once, from programs/portal.py)."""
    uid = "programs.standings."
    post_save.connect(_indicator_saved, sender=Indicator, dispatch_uid=uid + "indicator")
    m2m_changed.connect(
        _categories_changed,
        sender=Indicator.rule_categories.through,
        dispatch_uid=uid + "categories",
    )
    for model in (IndicatorValue, IndicatorTarget):
        name = model._meta.model_name
        post_save.connect(_measure_changed, sender=model, dispatch_uid=uid + name + "-save")
        post_delete.connect(_measure_changed, sender=model, dispatch_uid=uid + name + "-del")
    pre_save.connect(_project_before_save, sender=Project, dispatch_uid=uid + "project-pre")
    post_save.connect(_project_saved, sender=Project, dispatch_uid=uid + "project-save")
    pre_save.connect(_period_before_save, sender=MandatePeriod, dispatch_uid=uid + "period-pre")
    post_save.connect(_period_saved, sender=MandatePeriod, dispatch_uid=uid + "period-save")
    post_delete.connect(_everything_moved, sender=MandatePeriod, dispatch_uid=uid + "period-del")
    post_save.connect(_everything_moved, sender=AgeBand, dispatch_uid=uid + "band-save")
    post_delete.connect(_everything_moved, sender=AgeBand, dispatch_uid=uid + "band-del")
    post_migrate.connect(
        _after_migrate, sender=apps.get_app_config("programs"), dispatch_uid=uid + "migrate"
    )
