"""Reads for the staff dashboard and the national dialogue page, every figure summed in SQL.

Only held and approved activities count (`ActivityQuerySet.counted`). An activity's region is
that of the district it was held in, when one is named, else that of its centre. Each selector
runs a fixed number of queries whatever the amount of data; Python only arranges the grouped
rows the database returns (it never adds up activities or participants itself).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection, transaction
from django.db.models import (
    Count,
    DecimalField,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncQuarter, TruncYear
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext

from .models import (
    Activity,
    Centre,
    Contribution,
    Donor,
    MandateArea,
    MandatePeriod,
    ParticipantCount,
    Pledge,
    Project,
    Region,
)
from .querysets import ActivityQuerySet
from .results import indicator_progress

logger = logging.getLogger(__name__)

# Where an activity took place: the district's region when it names one, else its centre's.
ACTIVITY_REGION = Coalesce("district__region__code", "centre__region__code")

# The dialogue page shows participant categories per quarter, or per year past this span.
LONG_RANGE_QUARTERS = 12

MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=MONEY)


def _people(prefix: str = "participants__") -> dict[str, Any]:
    """Sum expressions of women, men and all participants, zero rather than NULL."""
    return {
        "women": Coalesce(Sum(f"{prefix}women"), 0),
        "men": Coalesce(Sum(f"{prefix}men"), 0),
        "total": Coalesce(Sum(F(f"{prefix}women") + F(f"{prefix}men")), 0),
    }


def _activity_figures() -> dict[str, Any]:
    """Activities and participants of grouped activity rows (joined with their counts)."""
    return {"activities": Count("id", distinct=True), **_people()}


# Mandate periods -------------------------------------------------------------------------


def mandate_periods() -> list[MandatePeriod]:
    """Every mandate period, latest first (a handful: one a year). One query."""
    return list(MandatePeriod.objects.order_by("-start"))


def dashboard_period(
    *, periods: list[MandatePeriod], period_id: str | None, today: datetime.date
) -> MandatePeriod | None:
    """The period the dashboard shows, chosen among `periods` (latest first) without a query.

    The one named by `period_id` when given; else the period containing today, else the latest.
    None when there are no periods. Raises MandatePeriod.DoesNotExist for an unknown id.
    """
    if period_id:
        try:
            wanted = int(period_id)
        except ValueError:
            raise MandatePeriod.DoesNotExist(f"No mandate period {period_id!r}.") from None
        for period in periods:
            if period.pk == wanted:
                return period
        raise MandatePeriod.DoesNotExist(f"No mandate period {wanted}.")
    for period in periods:
        if period.contains(today):
            return period
    return periods[0] if periods else None


# Shared groupings --------------------------------------------------------------------------


def participants_by_region(activities: ActivityQuerySet) -> list[dict[str, Any]]:
    """Activities and participants per region, every region listed, by name. Two queries."""
    rows = {
        row["region_code"]: row
        for row in activities.annotate(region_code=ACTIVITY_REGION)
        .values("region_code")
        .annotate(**_activity_figures())
        .order_by()
    }
    empty = {"activities": 0, "women": 0, "men": 0, "total": 0}
    return [
        {
            "code": region["code"],
            "name": region["name_en"],
            "name_ru": region["name_ru"],
            "name_tg": region["name_tg"],
            **{key: rows.get(region["code"], empty)[key] for key in empty},
        }
        for region in Region.objects.order_by("name_en").values(
            "code", "name_en", "name_ru", "name_tg"
        )
    ]


# The dashboard -----------------------------------------------------------------------------


def counted_activities_in(period: MandatePeriod) -> ActivityQuerySet:
    """Held and approved activities that began in the mandate period."""
    return Activity.objects.counted().in_period(period.start, period.end)


def participants_by_area(activities: ActivityQuerySet) -> list[dict[str, Any]]:
    """Activities and participants per mandate area, every area listed in its order. One query."""
    rows = {
        row["project__area"]: row
        for row in activities.values("project__area").annotate(**_activity_figures()).order_by()
    }
    empty = {"activities": 0, "women": 0, "men": 0, "total": 0}
    return [
        {"code": code, "name": label, **{key: rows.get(code, empty)[key] for key in empty}}
        for code, label in MandateArea.choices
    ]


def participants_by_centre(activities: ActivityQuerySet) -> list[dict[str, Any]]:
    """Activities and participants per centre, every centre listed, busiest first. One query."""
    counted = Q(activities__in=activities.values("id"))
    return list(
        Centre.objects.annotate(
            activities_n=Count("activities", filter=counted, distinct=True),
            women=Coalesce(Sum("activities__participants__women", filter=counted), 0),
            men=Coalesce(Sum("activities__participants__men", filter=counted), 0),
            total=Coalesce(
                Sum(
                    F("activities__participants__women") + F("activities__participants__men"),
                    filter=counted,
                ),
                0,
            ),
        )
        .values(
            "id",
            "name",
            "name_ru",
            "name_tg",
            "region__code",
            "activities_n",
            "women",
            "men",
            "total",
        )
        .order_by("-total", "-activities_n", "name")
    )


def funding_by_donor(period: MandatePeriod) -> tuple[list[dict[str, Any]], dict[str, Decimal]]:
    """US$ pledged and received in the period, per donor with either, and in all. Three queries.

    Pledged counts pledges made in the period; received counts contributions that arrived in
    it (whenever they were pledged). Per donor, subqueries keep the two sums from multiplying
    each other, as a join of pledges and contributions would.
    """
    pledges = Pledge.objects.filter(pledged_on__range=(period.start, period.end))
    contributions = Contribution.objects.filter(received_on__range=(period.start, period.end))

    def per_donor(rows: QuerySet) -> Coalesce:
        usd = rows.filter(donor=OuterRef("pk")).order_by().values("donor")
        usd = usd.annotate(usd=Sum("amount_usd")).values("usd")
        return Coalesce(Subquery(usd, output_field=MONEY), ZERO, output_field=MONEY)

    donors = list(
        Donor.objects.annotate(pledged=per_donor(pledges), received=per_donor(contributions))
        .filter(Q(pledged__gt=0) | Q(received__gt=0))
        .values("id", "code", "name", "pledged", "received")
        .order_by("-pledged", "-received", "name")
    )
    in_all = Coalesce(Sum("amount_usd"), ZERO, output_field=MONEY)
    totals = {
        "pledged": pledges.aggregate(usd=in_all)["usd"],
        "received": contributions.aggregate(usd=in_all)["usd"],
    }
    return donors, totals


def dashboard_figures(*, period: MandatePeriod, include_funding: bool = True) -> dict[str, Any]:
    """Every figure of the dashboard for a mandate period.

    Queries: one for the totals, one per mandate area, one per centre, two per region, three
    for funding (none when `include_funding` is false) and those of `indicator_progress` (six,
    or one when no indicator exists): fourteen in all.
    """
    activities = counted_activities_in(period)
    totals = activities.aggregate(**_activity_figures())
    figures: dict[str, Any] = {
        "period": period,
        "totals": totals,
        "by_area": participants_by_area(activities),
        "by_centre": participants_by_centre(activities),
        "by_region": participants_by_region(activities),
        # Only the projects that ran during the period: the others have nothing to measure.
        "indicators": indicator_progress(
            period=period,
            projects=Project.objects.filter(start__lte=period.end, end__gte=period.start),
        ),
        "funding": None,
    }
    if include_funding:
        donors, funding_totals = funding_by_donor(period)
        figures["funding"] = {"donors": donors, **funding_totals}
    return figures


# The national dialogue page ----------------------------------------------------------------


def dialogue_meetings() -> ActivityQuerySet:
    """Held and approved meetings of national dialogue projects, over the whole history."""
    return Activity.objects.counted().filter(
        project__area=MandateArea.NATIONAL_DIALOGUE, kind=Activity.Kind.MEETING
    )


def _quarter(day: datetime.date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def _buckets(first: datetime.date, last: datetime.date, per_year: bool) -> list[datetime.date]:
    """The first day of every quarter (or year) from first to last, empty ones included."""
    if per_year:
        return [datetime.date(year, 1, 1) for year in range(first.year, last.year + 1)]
    return [
        datetime.date(quarter // 4, quarter % 4 * 3 + 1, 1)
        for quarter in range(_quarter(first), _quarter(last) + 1)
    ]


def _bucket_label(day: datetime.date, per_year: bool) -> str:
    return str(day.year) if per_year else f"{day.year} Q{(day.month - 1) // 3 + 1}"


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    # Trunc of a date column gives a date; some backends hand back a datetime.
    return value.date() if isinstance(value, datetime.datetime) else value


def category_mix(
    meetings: ActivityQuerySet, first: datetime.date | None, last: datetime.date | None
) -> dict[str, Any]:
    """Participants per category in each quarter (each year past LONG_RANGE_QUARTERS).

    Three queries: the cells (bucket × category), the bucket totals and the category totals.
    Returns the buckets (empty ones included), the categories (largest first) and a row per
    bucket with its cells in category order and its total.
    """
    per_year = bool(first and last) and (_quarter(last) - _quarter(first) + 1 > LONG_RANGE_QUARTERS)
    trunc = TruncYear if per_year else TruncQuarter
    counts = ParticipantCount.objects.filter(activity__in=meetings.values("id")).annotate(
        bucket=trunc("activity__start")
    )
    people = Sum(F("women") + F("men"))
    cells = {
        (_as_date(row["bucket"]), row["category_id"]): row["people"]
        for row in counts.values("bucket", "category_id").annotate(people=people).order_by()
    }
    bucket_totals = {
        _as_date(row["bucket"]): row["people"]
        for row in counts.values("bucket").annotate(people=people).order_by()
    }
    categories = list(
        counts.values("category_id", "category__name")
        .annotate(people=people)
        .filter(people__gt=0)
        .order_by("-people", "category__name")
    )
    buckets = _buckets(first, last, per_year) if first and last else []
    return {
        "per_year": per_year,
        "categories": [
            {"id": c["category_id"], "name": c["category__name"], "total": c["people"]}
            for c in categories
        ],
        "rows": [
            {
                "start": bucket,
                "label": _bucket_label(bucket, per_year),
                "cells": [cells.get((bucket, c["category_id"]), 0) for c in categories],
                "total": bucket_totals.get(bucket, 0),
            }
            for bucket in buckets
        ],
    }


def dialogue_figures() -> dict[str, Any]:
    """The national dialogue page: meetings and participants in all, per region, and the mix
    of participant categories over time. Six queries.
    """
    meetings = dialogue_meetings()
    totals = meetings.aggregate(
        meetings=Count("id", distinct=True),
        regions=Count(ACTIVITY_REGION, distinct=True),
        first=Min("start"),
        last=Max("start"),
        **_people(),
    )
    return {
        "totals": totals,
        "by_region": participants_by_region(meetings),
        "mix": category_mix(meetings, totals["first"], totals["last"]),
    }


# Chart data for the pages' JavaScript -----------------------------------------------------


def _number(value: Decimal | int | None) -> float | int:
    """A figure as JSON can carry it (json_script would turn a Decimal into a string)."""
    if value is None:
        return 0
    return float(value) if isinstance(value, Decimal) else value


def _sex_bars(rows: list[dict[str, Any]], label_key: str = "name") -> dict[str, Any]:
    return {
        "type": "bar",
        "stacked": True,
        "labels": [row[label_key] for row in rows],
        "datasets": [
            {"label": gettext("Women"), "colour": "women", "data": [row["women"] for row in rows]},
            {"label": gettext("Men"), "colour": "men", "data": [row["men"] for row in rows]},
        ],
    }


def region_map_data(rows: list[dict[str, Any]], *, count_label: str) -> dict[str, Any]:
    """Participants per region keyed by ISO 3166-2 code, for the choropleth map."""
    return {
        "countLabel": count_label,
        "regions": {
            row["code"]: {"name": row["name"], "total": row["total"], "count": row["activities"]}
            for row in rows
        },
    }


def dashboard_chart_data(figures: dict[str, Any]) -> dict[str, Any]:
    """The dashboard's figures shaped for dashboard.js (charts and map); no query."""
    totals = figures["totals"]
    centres = [row for row in figures["by_centre"] if row["activities_n"]]
    charts: dict[str, Any] = {
        "sex": {
            "type": "doughnut",
            "labels": [gettext("Women"), gettext("Men")],
            "datasets": [
                {
                    "label": gettext("Participants"),
                    "colours": ["women", "men"],
                    "data": [totals["women"], totals["men"]],
                }
            ],
        },
        "areas": {**_sex_bars(figures["by_area"]), "horizontal": True},
        "centres": {**_sex_bars(centres), "horizontal": True},
    }
    funding = figures.get("funding")
    if funding:
        charts["funding"] = {
            "type": "bar",
            "money": True,
            "horizontal": True,
            "labels": [row["name"] for row in funding["donors"]],
            "datasets": [
                {
                    "label": gettext("Pledged (US$)"),
                    "colour": "pledged",
                    "data": [_number(row["pledged"]) for row in funding["donors"]],
                },
                {
                    "label": gettext("Received (US$)"),
                    "colour": "received",
                    "data": [_number(row["received"]) for row in funding["donors"]],
                },
            ],
        }
    return {
        "charts": charts,
        "map": region_map_data(figures["by_region"], count_label=gettext("activities")),
    }


def dialogue_chart_data(figures: dict[str, Any]) -> dict[str, Any]:
    """The dialogue page's figures shaped for dashboard.js; no query."""
    mix = figures["mix"]
    return {
        "charts": {
            "regions": {**_sex_bars(figures["by_region"]), "horizontal": True},
            "mix": {
                "type": "bar",
                "stacked": True,
                "share": True,
                "labels": [row["label"] for row in mix["rows"]],
                "totals": [row["total"] for row in mix["rows"]],
                "datasets": [
                    {
                        "label": category["name"],
                        "colour": index,
                        "data": [row["cells"][index] for row in mix["rows"]],
                    }
                    for index, category in enumerate(mix["categories"])
                ],
            },
        },
        "map": region_map_data(figures["by_region"], count_label=gettext("meetings")),
    }


# Cached figures ---------------------------------------------------------------------------

# The dashboard's figures (and other sums over the whole data: `cached_figures`) are cached
# in Django's cache under a version key that any change of the portal's data replaces, so a
# change shows at once: `watch_dashboard_data` connects the signals, and code writing in bulk
# (which sends none) calls `dashboard_figures_changed`. Several processes need a shared cache
# (DJANGO_CACHE_URL) for a change in one to reach all.
DASHBOARD_CACHE_SECONDS = 600
_VERSION_KEY = "programs:dashboard:version"
# The apps whose records the cached figures sum, and records of theirs that change no figure
# (a user's last sign-in, evidence files, the confidential notes and their log).
_FIGURE_APPS = {"programs", "training", "humanrights", "elections"}
_NOT_FIGURES = {"user", "evidence", "monitoringnote", "noteshare", "notelog"}


def _figures_version() -> str | None:
    """The figures' current version; None while the cache cannot be reached."""
    version = _cache_call("get", _VERSION_KEY)
    if version is None:
        if _cache_skipped():
            return None
        _cache_call("add", _VERSION_KEY, uuid.uuid4().hex, None)
        version = _cache_call("get", _VERSION_KEY)
        if version is not None:
            _cache_call("add", _check_key(version), (None, _clock()), _CHECK_RECORD_SECONDS)
    return version


def dashboard_figures_changed() -> None:
    """Forget every cached dashboard figure: the data they sum has changed.

    A new random version rather than a counter, so that a key is never used twice, even
    after the cache is cleared. Never fails: with the cache unreachable nothing is cached.
    """
    version = uuid.uuid4().hex
    if _cache_call("set", _VERSION_KEY, version, None, default=False) is not False:
        _cache_call("set", _check_key(version), (None, _clock()), _CHECK_RECORD_SECONDS)


def cached_figures(name: str, compute: Callable[[], Any], *parts: object) -> Any:
    """`compute()`, from the cache while the portal's data has not changed since.

    `name` and `parts` (printable values: ids, flags, a digest) tell apart the figures cached.
    With the cache unreachable, the figures are summed from the database every time.
    """
    version = _figures_version()
    if version is None:
        return compute()
    figures = _cache_call("get", _figures_key(name, version, parts))
    if figures is not None and not _data_unchanged_since(version):
        figures = None
        version = _figures_version()
        if version is None:
            return compute()
    if figures is None:
        figures = compute()
        _cache_call("set", _figures_key(name, version, parts), figures, DASHBOARD_CACHE_SECONDS)
    return figures


def _figures_key(name: str, version: str, parts: tuple) -> str:
    return ":".join((name, version, *(str(part) for part in parts)))


# The cache may be unreachable (Redis restarting, stopped, a full disk under a file cache):
# the pages then sum their figures from the database. The fault is logged once; the cache is
# tried again after CACHE_RETRY_SECONDS, not on every request (a request would otherwise wait
# for the connection to fail each time), and its return is logged too.
CACHE_RETRY_SECONDS = 30
_cache_fault: dict[str, float | None] = {"retry_at": None}


def _cache_skipped() -> bool:
    retry_at = _cache_fault["retry_at"]
    return retry_at is not None and time.monotonic() < retry_at


def _cache_call(operation: str, *args: Any, default: Any = None) -> Any:
    """`cache.<operation>(*args)`, or `default` when the cache cannot be reached."""
    if _cache_skipped():
        return default
    try:
        result = getattr(cache, operation)(*args)
    except Exception as error:  # any fault of the cache's server or disk: never a page's
        if _cache_fault["retry_at"] is None:
            logger.error(
                "The figures cache cannot be reached (%s: %s); pages sum their figures from "
                "the database until it answers again.",
                type(error).__name__,
                error,
            )
        _cache_fault["retry_at"] = time.monotonic() + CACHE_RETRY_SECONDS
        return default
    if _cache_fault["retry_at"] is not None:
        _cache_fault["retry_at"] = None
        logger.warning("The figures cache answers again.")
        # Changes saved while it was unreachable replaced no version: start a new one, and
        # take nothing this call read (figures of the old version) as current.
        dashboard_figures_changed()
        return default
    return result


# A check of the data itself, at most once a minute (FIGURES_CHECK_SECONDS) while figures are
# read from the cache: it catches what sends no signal and calls no `dashboard_figures_changed`
# (a restored backup, a bulk write in a shell). The check is one query: per table of the
# figures, its highest id, its row count (SQLite) and its latest `updated_at`; on PostgreSQL,
# instead of counting, its rows inserted, updated and deleted (pg_stat_user_tables, which
# follows the writes within seconds). A version whose data was never checked is summed again
# at its first check.
FIGURES_CHECK_SECONDS = 60
_CHECK_RECORD_SECONDS = 3600
_clock = time.time


def _check_key(version: str) -> str:
    return f"programs:dashboard:checked:{version}"


def _data_unchanged_since(version: str) -> bool:
    """Whether the data still is as it was when `version`'s figures were summed.

    False (and a new version, checked now) when it changed, or was never checked.
    """
    record = _cache_call("get", _check_key(version))
    now = _clock()
    if record is not None and now - record[1] < FIGURES_CHECK_SECONDS:
        return True
    stamp = data_stamp()
    if record is not None and record[0] == stamp:
        _cache_call("set", _check_key(version), (stamp, now), _CHECK_RECORD_SECONDS)
        return True
    new = uuid.uuid4().hex
    _cache_call("set", _VERSION_KEY, new, None)
    _cache_call("set", _check_key(new), (stamp, now), _CHECK_RECORD_SECONDS)
    return False


def _figure_models() -> list[type]:
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label not in _FIGURE_APPS or meta.proxy or not meta.managed:
            continue
        if meta.model_name in _NOT_FIGURES or meta.model_name.startswith("user_"):
            continue
        found.append(model)
    return found


def data_stamp() -> str:
    """A digest of the figure tables' state, which any write changes. One query."""
    quote = connection.ops.quote_name
    postgresql = connection.vendor == "postgresql"
    columns, tables = [], []
    for model in _figure_models():
        table = quote(model._meta.db_table)
        tables.append(model._meta.db_table)
        # Names from the models' own metadata, quoted: no outside input in this SQL.
        columns.append(f"(SELECT MAX({quote(model._meta.pk.column)}) FROM {table})")  # noqa: S608
        if not postgresql:
            columns.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608
        for field in model._meta.concrete_fields:
            if field.name == "updated_at":
                columns.append(f"(SELECT MAX({quote(field.column)}) FROM {table})")  # noqa: S608
    params: list[Any] = []
    if postgresql:
        columns.append(
            "(SELECT string_agg(relid::text || ':' || n_tup_ins || ':' || n_tup_upd || ':' "
            "|| n_tup_del, ',' ORDER BY relid) FROM pg_stat_user_tables "
            "WHERE schemaname = current_schema() AND relname = ANY(%s))"
        )
        params.append(tables)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()


def query_digest(queryset: QuerySet) -> str | None:
    """A digest of a queryset's SQL and parameters, to key its figures by; None when empty."""
    try:
        sql, params = queryset.query.sql_with_params()
    except (EmptyResultSet, FullResultSet):
        return None
    return hashlib.sha256(repr((sql, params)).encode()).hexdigest()


def cached_participant_totals(counts: QuerySet) -> dict[str, int]:
    """`counts.totals()` of participant rows, cached like the dashboard's figures."""
    digest = query_digest(counts)
    if digest is None:
        return counts.totals()
    return cached_figures("programs:participant-totals", counts.totals, digest)


def cached_dashboard_figures(
    *, period: MandatePeriod, include_funding: bool = True
) -> dict[str, Any]:
    """`dashboard_figures`, from the cache when the data has not changed since they were summed.

    Queries: none when cached, else those of `dashboard_figures`.
    """
    figures = cached_figures(
        "programs:dashboard",
        lambda: dashboard_figures(period=period, include_funding=include_funding),
        period.pk,
        period.start.isoformat(),
        period.end.isoformat(),
        "funding" if include_funding else "no-funding",
    )
    return {**figures, "period": period}


def _data_changed(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in _FIGURE_APPS or meta.model_name in _NOT_FIGURES:
        return
    # Now, for this process's next reads, and again once the transaction commits: a page
    # summing between the two would otherwise cache figures without the change.
    dashboard_figures_changed()
    if transaction.get_connection().in_atomic_block and not any(
        callback[1] is dashboard_figures_changed
        for callback in transaction.get_connection().run_on_commit
    ):
        transaction.on_commit(dashboard_figures_changed)


def watch_dashboard_data() -> None:
    """Connect the signals that replace the cached figures' version (from AppConfig.ready)."""
    for name, signal in (
        ("post_save", post_save),
        ("post_delete", post_delete),
        ("m2m_changed", m2m_changed),
    ):
        signal.connect(_data_changed, dispatch_uid=f"programs.dashboard.{name}")
    from untop.imports.engine import records_imported

    records_imported.connect(_data_changed, dispatch_uid="programs.dashboard.records_imported")
