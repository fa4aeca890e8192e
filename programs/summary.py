"""The summary rows (programs/models/summary.py): kept right on every write, rebuilt on demand.

Every figure of a mandate period is a sum over months, so the pages read a few hundred
summary rows instead of every activity and participant row of the period
(programs/figures.py, programs/dialogue.py).

How they stay right
-------------------
A write that changes a counted figure (an activity created, changed, submitted, approved,
returned or deleted; a participant row saved or deleted) touches one or two keys (month,
mandate area, type). The rows of those keys are deleted and summed again from the source
with one INSERT … SELECT … GROUP BY per table, in the write's own transaction, after the
write: the figures are never stale, and a rollback takes the refresh with it.

- Saves and deletes through the ORM (services, the back office, factories, a shell) are
  followed by signals: inside `summaries_kept()` (the services, imports, the loaders) the
  keys are noted and refreshed once when the block ends; elsewhere at once.
- Writes in bulk, which send no signal (COPY, bulk_create), call `refresh_activities(ids)`
  or `rebuild()` themselves.
- `manage.py rebuild_summaries` sums everything again; `--check` compares the rows with
  the source and names the months that differ.

Two writers at once (PostgreSQL, READ COMMITTED)
------------------------------------------------
Recomputing from the source is right only if each refresh sees every write committed
before it. Two approvals in one month, in two transactions, would otherwise each sum
without the other's (uncommitted) approval, and the second DELETE would not see the
first's new rows: one approval lost, or two copies of a row. So a refresh first takes a
transaction-level advisory lock per month it touches (`pg_advisory_xact_lock`, held until
commit, taken in month order so two writers never wait for each other crosswise): the
second writer waits until the first commits, and its statements, each with a fresh
snapshot under READ COMMITTED, then see the first's rows and approval. Row locks on the
summary rows alone would not do: a key with no row yet has nothing to lock. SQLite writes
one transaction at a time, so it needs no lock.
"""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from . import standings
from .models import (
    Activity,
    ActivitySummary,
    Centre,
    District,
    GroupSummary,
    ParticipantCount,
    ParticipantGroup,
    ParticipantSummary,
    Project,
    ProjectParticipantSummary,
    ProjectSummary,
)
from .rules import counted

# (first day of the month, mandate area, type of activity)
Key = tuple[datetime.date, str, str]
# A key, the activity's project and whether it counts: what a write of it touches.
Mark = tuple[datetime.date, str, str, int, bool]

# Past this many keys in one refresh, whole months are summed again (one short condition
# instead of hundreds of OR'ed ones; the same result).
MANY_KEYS = 40
# The advisory locks' first number: the summaries' own, apart from any other lock's.
LOCK_CLASS = zlib.crc32(b"programs.summary") & 0x7FFFFFFF


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def whole_months(start: datetime.date, end: datetime.date) -> bool:
    """Whether [start, end] is whole months (the summary answers only for those)."""
    return start.day == 1 and (end + datetime.timedelta(days=1)).day == 1


# The sums ---------------------------------------------------------------------------------


def _months_condition(months: Iterable[datetime.date], field: str) -> Q:
    """The days of these months, as ranges of consecutive months (index-friendly)."""
    condition, ranges = Q(pk__in=[]), []
    for month in sorted(set(months)):
        if ranges and ranges[-1][1] == month:
            ranges[-1][1] = next_month(month)
        else:
            ranges.append([month, next_month(month)])
    for first, after in ranges:
        condition |= Q(**{f"{field}__gte": first, f"{field}__lt": after})
    return condition


def _conditions(keys: list[Key], prefix: str = "", by_kind: bool = True) -> tuple[Q, Q]:
    """The keys' rows of a summary table, and the keys' source activities (`prefix`: the
    path from the source's model to the activity). A table without types (`by_kind` false)
    is refreshed for the keys' whole mandate areas in their months.

    A key with no area ("") stands for its whole month; past MANY_KEYS keys, every key does.
    """
    months = {month for month, area, _ in keys if not area}
    specific = sorted(
        {(month, area, kind if by_kind else "") for month, area, kind in keys if area}
    )
    specific = [key for key in specific if key[0] not in months]
    if len(specific) > MANY_KEYS:
        months |= {month for month, _, _ in specific}
        specific = []
    summary = Q(month__in=months) if months else Q(pk__in=[])
    source = _months_condition(months, f"{prefix}start")
    for month, area, kind in specific:
        in_key = {
            f"{prefix}start__gte": month,
            f"{prefix}start__lt": next_month(month),
            f"{prefix}project__area": area,
        }
        if by_kind:
            summary |= Q(month=month, area=area, kind=kind)
            source |= Q(**in_key, **{f"{prefix}kind": kind})
        else:
            summary |= Q(month=month, area=area)
            source |= Q(**in_key)
    return summary, source


def activity_rows(source: Q) -> QuerySet:
    """ActivitySummary's rows summed from the counted activities matching `source`."""
    return (
        Activity.objects.filter(counted(), source)
        .annotate(
            s_month=TruncMonth("start"),
            s_centre=F("centre_id"),
            s_region=Coalesce("district__region", "centre__region"),
            s_area=F("project__area"),
            s_kind=F("kind"),
        )
        .values("s_month", "s_centre", "s_region", "s_area", "s_kind")
        .annotate(
            s_activities=Count("id", distinct=True),
            s_women=Coalesce(Sum("participants__women"), 0),
            s_men=Coalesce(Sum("participants__men"), 0),
            s_first=Min("start"),
            s_last=Max("start"),
        )
        .order_by()
    )


ACTIVITY_COLUMNS = {
    "month": "s_month",
    "centre_id": "s_centre",
    "region_id": "s_region",
    "area": "s_area",
    "kind": "s_kind",
    "activities": "s_activities",
    "women": "s_women",
    "men": "s_men",
    "first_start": "s_first",
    "last_start": "s_last",
}


def participant_rows(source: Q) -> QuerySet:
    """ParticipantSummary's rows summed from the participant rows of counted activities
    matching `source` (a condition on the activity, prefixed `activity__`)."""
    return (
        ParticipantCount.objects.filter(counted("activity__"), source)
        .annotate(
            s_month=TruncMonth("activity__start"),
            s_area=F("activity__project__area"),
            s_kind=F("activity__kind"),
            s_category=F("category_id"),
        )
        .values("s_month", "s_area", "s_kind", "s_category")
        .annotate(s_women=Sum("women"), s_men=Sum("men"))
        .order_by()
    )


PARTICIPANT_COLUMNS = {
    "month": "s_month",
    "area": "s_area",
    "kind": "s_kind",
    "category_id": "s_category",
    "women": "s_women",
    "men": "s_men",
}


def project_rows(source: Q) -> QuerySet:
    """ProjectSummary's rows summed from the counted activities matching `source`."""
    return (
        Activity.objects.filter(counted(), source)
        .annotate(
            s_month=TruncMonth("start"),
            s_project=F("project_id"),
            s_area=F("project__area"),
            s_kind=F("kind"),
        )
        .values("s_month", "s_project", "s_area", "s_kind")
        .annotate(
            s_activities=Count("id", distinct=True),
            s_women=Coalesce(Sum("participants__women"), 0),
            s_men=Coalesce(Sum("participants__men"), 0),
        )
        .order_by()
    )


PROJECT_COLUMNS = {
    "month": "s_month",
    "project_id": "s_project",
    "area": "s_area",
    "kind": "s_kind",
    "activities": "s_activities",
    "women": "s_women",
    "men": "s_men",
}


def project_participant_rows(source: Q) -> QuerySet:
    """ProjectParticipantSummary's rows summed from the participant rows of counted
    activities matching `source` (prefixed `activity__`)."""
    return (
        ParticipantCount.objects.filter(counted("activity__"), source)
        .annotate(
            s_month=TruncMonth("activity__start"),
            s_project=F("activity__project_id"),
            s_area=F("activity__project__area"),
            s_category=F("category_id"),
        )
        .values("s_month", "s_project", "s_area", "s_category")
        .annotate(s_women=Sum("women"), s_men=Sum("men"))
        .order_by()
    )


PROJECT_PARTICIPANT_COLUMNS = {
    "month": "s_month",
    "project_id": "s_project",
    "area": "s_area",
    "category_id": "s_category",
    "women": "s_women",
    "men": "s_men",
}


def group_rows(source: Q) -> QuerySet:
    """GroupSummary's rows summed from the breakdowns of counted activities' participant
    rows matching `source` (prefixed `count__activity__`)."""
    return (
        ParticipantGroup.objects.filter(counted("count__activity__"), source)
        .annotate(
            s_month=TruncMonth("count__activity__start"),
            s_area=F("count__activity__project__area"),
            s_kind=F("count__activity__kind"),
            s_sex=F("sex"),
            s_band=F("age_band_id"),
            s_disability=F("disability"),
        )
        .values("s_month", "s_area", "s_kind", "s_sex", "s_band", "s_disability")
        .annotate(s_number=Sum("number"))
        .order_by()
    )


GROUP_COLUMNS = {
    "month": "s_month",
    "area": "s_area",
    "kind": "s_kind",
    "sex": "s_sex",
    "age_band_id": "s_band",
    "disability": "s_disability",
    "number": "s_number",
}


@dataclass(frozen=True)
class Table:
    """A summary table: its model, its columns (model field: alias in `rows`), the rows
    summed from the source for a condition, and the source's path to the activity."""

    name: str
    model: type
    columns: dict[str, str]
    rows: Callable[[Q], QuerySet]
    prefix: str = ""
    by_kind: bool = True


TABLES = (
    Table("activities", ActivitySummary, ACTIVITY_COLUMNS, activity_rows),
    Table(
        "participants",
        ParticipantSummary,
        PARTICIPANT_COLUMNS,
        participant_rows,
        prefix="activity__",
    ),
    Table("projects", ProjectSummary, PROJECT_COLUMNS, project_rows),
    Table(
        "project participants",
        ProjectParticipantSummary,
        PROJECT_PARTICIPANT_COLUMNS,
        project_participant_rows,
        prefix="activity__",
        by_kind=False,
    ),
    Table(
        "participant groups", GroupSummary, GROUP_COLUMNS, group_rows, prefix="count__activity__"
    ),
)


def _insert_from(model, columns: dict[str, str], rows: QuerySet) -> None:
    """INSERT INTO the model's table SELECT … the grouped rows: one statement, the sums
    never leave the database. Django has no INSERT … SELECT; its own SQL of `rows` is
    wrapped, its columns taken by their aliases (so their order in it does not matter)."""
    quote = connection.ops.quote_name
    sql, params = rows.query.sql_with_params()
    targets = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    sources = ", ".join(quote(alias) for alias in columns.values())
    with connection.cursor() as cursor:
        # Names from the models' metadata and fixed aliases; the values are parameters.
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({targets}) "  # noqa: S608
            f"SELECT {sources} FROM ({sql}) AS summed",
            params,
        )


def _lock_months(months: Iterable[datetime.date]) -> None:
    """Hold each month's advisory lock until the transaction ends (see the module's notes)."""
    if connection.vendor != "postgresql":
        return
    ids = sorted({month.year * 12 + month.month for month in months})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, month) FROM unnest(%s::integer[]) "
            "WITH ORDINALITY AS months(month, n) ORDER BY n",
            [LOCK_CLASS, ids],
        )


def refresh(keys: Iterable[Key]) -> None:
    """Sum the rows of these keys again from the source, in the caller's transaction (in one
    of their own when there is none). Nine queries on PostgreSQL, eight elsewhere."""
    keys = sorted(set(keys))
    if not keys:
        return
    with transaction.atomic(savepoint=False):
        _lock_months(month for month, _, _ in keys)
        for table in TABLES:
            summary, source = _conditions(keys, table.prefix, table.by_kind)
            # A plain DELETE: the rows have no relations, and `delete()` would read them and
            # send a signal per row (the figures cache listens to every model's deletes).
            table.model.objects.filter(summary)._raw_delete(connection.alias)
            _insert_from(table.model, table.columns, table.rows(source))


def rebuild() -> None:
    """Sum every row again (the command, the loaders, and writes in bulk over many months)."""
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            # The whole tables: no refresh of a month may run meanwhile.
            names = ", ".join(connection.ops.quote_name(t.model._meta.db_table) for t in TABLES)
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")
        for table in TABLES:
            table.model.objects.all()._raw_delete(connection.alias)
            _insert_from(table.model, table.columns, table.rows(Q()))
        standings.rebuild()


def marks_of(activities: QuerySet) -> set[Mark]:
    """The keys of these activities as saved now, with their projects and whether they
    count. One query."""
    return set(
        activities.annotate(
            s_month=TruncMonth("start"),
            s_counted=ExpressionWrapper(counted(), output_field=BooleanField()),
        )
        .values_list("s_month", "project__area", "kind", "project_id", "s_counted")
        .distinct()
        .order_by()
    )


def keys_of(activities: QuerySet) -> set[Key]:
    """The keys of these activities as saved now. One query."""
    return {mark[:3] for mark in marks_of(activities)}


def refresh_activities(ids: Iterable[int]) -> None:
    """After a write in bulk of these activities (or their participant rows): their keys,
    and the standings of their projects' indicators."""
    ids = list(ids)
    if ids:
        refresh_marks(marks_of(Activity.objects.filter(pk__in=ids)))


def refresh_marks(marks: Iterable[Mark]) -> None:
    """After a write in bulk of activities with these marks: the summary rows of their keys,
    then the standings of their counted ones' projects' indicators."""
    marks = set(marks)
    refresh({mark[:3] for mark in marks})
    standings.refresh_noted(_standings_of(marks))


def differences() -> list[tuple[str, datetime.date]]:
    """The (table, month) pairs where the summary differs from the source; none when right.

    Compares whole rows, both ways, in Python: a check run by hand, not by pages.
    """

    def as_rows(queryset: QuerySet, columns: dict[str, str], summed: bool) -> set[tuple]:
        names = list(columns.values()) if summed else list(columns)
        return set(queryset.values_list(*names))

    found: set[tuple[str, datetime.date]] = set()
    for table in TABLES:
        kept = as_rows(table.model.objects.all(), table.columns, summed=False)
        summed = as_rows(table.rows(Q()), table.columns, summed=True)
        found |= {(table.name, row[0]) for row in kept ^ summed}
    return sorted(found)


# Following the writes ----------------------------------------------------------------------

# The keys and activities noted inside `summaries_kept()`; None outside it.
_pending: ContextVar[dict | None] = ContextVar("programs_summary_pending", default=None)


@contextmanager
def summaries_kept() -> Iterator[None]:
    """Within it, saves and deletes of activities and participant rows only note what they
    touch; at its end the summary of all of it is summed again, once. Used by the services
    (inside their transaction) and by writes of many records."""
    if _pending.get() is not None:  # already kept by an enclosing block
        yield
        return
    pending: dict = {"keys": set(), "activities": set(), "counts": set(), "standings": {}}
    token = _pending.set(pending)
    try:
        yield
    except BaseException:
        _pending.reset(token)
        _refresh_after_failure(pending)
        raise
    _pending.reset(token)
    _flush(pending)


def _standings_of(marks: Iterable[Mark]) -> dict:
    """The standings a write of activities with these marks may move: those of the
    projects of the counted ones, from the month they began (standings.refresh_noted)."""
    noted: dict = {}
    for month, _, _, project, is_counted in marks:
        if is_counted:
            standings.note(noted, ("project", project), month)
    return noted


def _flush(pending: dict) -> None:
    keys = set(pending["keys"])
    marks: set[Mark] = set()
    if pending["activities"]:
        marks |= marks_of(Activity.objects.filter(pk__in=pending["activities"]))
    if pending.get("counts"):
        # Breakdowns changed: their rows' activities, read now (a row deleted since was
        # noted by its own signal, with its activity).
        marks |= marks_of(Activity.objects.filter(participants__pk__in=pending["counts"]))
    keys |= {mark[:3] for mark in marks}
    refresh(keys)
    # After the summary rows, which the standings' computed indicators read.
    noted = dict(pending.get("standings", {}))
    for selector, since in _standings_of(marks).items():
        standings.note(noted, selector, since)
    standings.refresh_noted(noted)


def _refresh_after_failure(pending: dict) -> None:
    """A block that failed may have written some records for good (outside a transaction,
    or under a savepoint its caller keeps): refresh them too, unless the transaction is
    failed already and will be rolled back with whatever it wrote."""
    if connection.needs_rollback:
        return
    try:
        with transaction.atomic():
            _flush(pending)
    except DatabaseError:
        pass


def note(
    *,
    keys: Iterable[Key] = (),
    activities: Iterable[int] = (),
    counts: Iterable[int] = (),
    standings_noted: dict | None = None,
) -> None:
    """What a write touched: summed again at the end of the enclosing `summaries_kept()`,
    else at once. `standings_noted` is programs/standings.py's (`standings.note`)."""
    pending = _pending.get()
    if pending is not None:
        pending["keys"].update(keys)
        pending["activities"].update(activities)
        pending["counts"].update(counts)
        for selector, since in (standings_noted or {}).items():
            standings.note(pending["standings"], selector, since)
    else:
        _flush(
            {
                "keys": set(keys),
                "activities": set(activities),
                "counts": set(counts),
                "standings": dict(standings_noted or {}),
            }
        )


def _activity_before_save(sender, instance: Activity, raw: bool = False, **kwargs) -> None:
    # The keys it had, which a change of date, type or project leaves.
    instance._summary_marks_before = (
        marks_of(Activity.objects.filter(pk=instance.pk))
        if instance.pk and not instance._state.adding
        else set()
    )


def _noted_before(instance: Activity) -> tuple[set[Key], dict]:
    marks = getattr(instance, "_summary_marks_before", ())
    instance._summary_marks_before = set()
    return {mark[:3] for mark in marks}, _standings_of(marks)


def _activity_saved(sender, instance: Activity, **kwargs) -> None:
    keys, noted = _noted_before(instance)
    note(keys=keys, activities=[instance.pk], standings_noted=noted)


def _activity_before_delete(sender, instance: Activity, **kwargs) -> None:
    # Its keys while it is there; summed again once it is gone.
    instance._summary_marks_before = marks_of(Activity.objects.filter(pk=instance.pk))


def _activity_deleted(sender, instance: Activity, **kwargs) -> None:
    keys, noted = _noted_before(instance)
    note(keys=keys, standings_noted=noted)


def _count_changed(sender, instance: ParticipantCount, **kwargs) -> None:
    note(activities=[instance.activity_id])


def _group_changed(sender, instance: ParticipantGroup, **kwargs) -> None:
    note(counts=[instance.count_id])


# Reference data whose change moves activities to other keys or rows: a project's mandate
# area, a centre's or district's region. Rare (the back office), so every month of their
# activities is summed again.
_MOVED_BY = {
    Project: ("area", "project"),
    Centre: ("region_id", "centre"),
    District: ("region_id", "district"),
}


def _reference_before_save(sender, instance, raw: bool = False, **kwargs) -> None:
    field, _ = _MOVED_BY[sender]
    instance._summary_moved = False
    if instance.pk and not instance._state.adding:
        saved = sender.objects.filter(pk=instance.pk).values_list(field, flat=True).first()
        instance._summary_moved = saved is not None and saved != getattr(instance, field)


def _reference_saved(sender, instance, **kwargs) -> None:
    if getattr(instance, "_summary_moved", False):
        _, relation = _MOVED_BY[sender]
        months = Activity.objects.filter(**{relation: instance}).annotate(m=TruncMonth("start"))
        # Whole months (no area): the rows the activities left are summed again too.
        note(keys={(month, "", "") for month in months.values_list("m", flat=True).distinct()})


def watch_writes() -> None:
    """Connect the signals that keep the summary (once, from programs/portal.py)."""
    uid = "programs.summary."
    pre_save.connect(_activity_before_save, sender=Activity, dispatch_uid=uid + "a-pre")
    post_save.connect(_activity_saved, sender=Activity, dispatch_uid=uid + "a-save")
    pre_delete.connect(_activity_before_delete, sender=Activity, dispatch_uid=uid + "a-pre-del")
    post_delete.connect(_activity_deleted, sender=Activity, dispatch_uid=uid + "a-del")
    post_save.connect(_count_changed, sender=ParticipantCount, dispatch_uid=uid + "c-save")
    post_delete.connect(_count_changed, sender=ParticipantCount, dispatch_uid=uid + "c-del")
    post_save.connect(_group_changed, sender=ParticipantGroup, dispatch_uid=uid + "g-save")
    post_delete.connect(_group_changed, sender=ParticipantGroup, dispatch_uid=uid + "g-del")
    for model in _MOVED_BY:
        name = model._meta.model_name
        pre_save.connect(_reference_before_save, sender=model, dispatch_uid=uid + name + "-pre")
        post_save.connect(_reference_saved, sender=model, dispatch_uid=uid + name + "-save")


# Reads per project (the results framework) ----------------------------------------------------


def people_by_project_and_category(
    start: datetime.date, end: datetime.date, projects: Iterable[int]
) -> QuerySet | None:
    """Rows of project_id, category_id, women and men of the counted activities that began
    in [start, end], from the summary; None when that is not whole months."""
    if not whole_months(start, end):
        return None
    return (
        ProjectParticipantSummary.objects.filter(
            month__gte=start, month__lte=end, project_id__in=projects
        )
        .values("project_id", "category_id")
        .annotate(women=Sum("women"), men=Sum("men"))
        .order_by()
    )


def activities_by_project_and_kind(
    start: datetime.date, end: datetime.date, projects: Iterable[int]
) -> QuerySet | None:
    """Rows of project_id, kind and n (counted activities that began in [start, end]), from
    the summary; None when that is not whole months."""
    if not whole_months(start, end):
        return None
    return (
        ProjectSummary.objects.filter(month__gte=start, month__lte=end, project_id__in=projects)
        .values("project_id", "kind")
        .annotate(n=Sum("activities"))
        .order_by()
    )


def projects_in(start: datetime.date, end: datetime.date) -> QuerySet | None:
    """ProjectSummary rows of the counted activities that began in [start, end]; None when
    that is not whole months."""
    if not whole_months(start, end):
        return None
    return ProjectSummary.objects.filter(month__gte=start, month__lte=end)
