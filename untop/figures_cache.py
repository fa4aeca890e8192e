"""The cache of summed figures: sums over the whole data, kept until the data changes.

The pages' figures (the dashboard's, the cascade's, the tracker's: `cached_figures`) are kept
in Django's cache under a version key that any change of the data they sum replaces, so that
a change shows at once. Each app names the models whose records the figures sum with
`register_figure_models` (from its AppConfig.ready); saves and deletes of those records
replace the version, and code writing in bulk (which sends no signal) calls
`figures_changed`. Several processes need a shared cache (DJANGO_CACHE_URL) for a change in
one to reach all.

The core names no app here: what counts as figure data is what the apps registered.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

from untop.registry import Registry

logger = logging.getLogger(__name__)

FIGURES_CACHE_SECONDS = 600
# scripts/restore.sh deletes this key after a restore: keep the two in step.
VERSION_KEY = "untop:figures:version"

# Figure data -----------------------------------------------------------------------------

# Per app whose records the figures sum: the names of its models that change no figure
# (a user's last sign-in, evidence files, confidential notes and their log).
_figure_apps: Registry = Registry("app whose records are figures")


def register_figure_models(app_label: str, *, except_models: Iterable[str] = ()) -> None:
    """Declare that the cached figures sum the records of `app_label`'s models.

    Every model of the app counts (a model added later too), but those named in
    `except_models` (model names, any case) and the tables Django makes for their
    many-to-many fields. Declared once, in the app's portal module.
    """
    _figure_apps.register(app_label, frozenset(name.lower() for name in except_models))
    _watch_figure_data()


def _changes_figures(sender: Any) -> bool:
    """Whether a save or delete of `sender`'s records (any model: a proxy, a m2m table) may
    change a cached figure."""
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in _figure_apps:
        return False
    return meta.model_name not in _figure_apps[meta.app_label]


def counts_as_figures(model: type) -> bool:
    """Whether saves and deletes of `model`'s records replace the figures' version, so that
    what is cached of them under it is current."""
    return _changes_figures(model)


def _figure_models() -> list[type]:
    """The models whose tables hold figure data, each table once (no proxies)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_label not in _figure_apps or meta.proxy or not meta.managed:
            continue
        excepted = _figure_apps[meta.app_label]
        owner = meta.auto_created._meta.model_name if meta.auto_created else None
        if meta.model_name in excepted or owner in excepted:
            continue
        found.append(model)
    return found


# The version ------------------------------------------------------------------------------


def _figures_version() -> str | None:
    """The figures' current version; None while the cache cannot be reached."""
    version = _cache_call("get", VERSION_KEY)
    if version is None:
        if _cache_skipped():
            return None
        _cache_call("add", VERSION_KEY, uuid.uuid4().hex, None)
        version = _cache_call("get", VERSION_KEY)
        if version is not None:
            _cache_call("add", _check_key(version), (None, _clock()), _CHECK_RECORD_SECONDS)
    return version


def figures_changed() -> None:
    """Forget every cached figure: the data they sum has changed.

    A new random version rather than a counter, so that a key is never used twice, even
    after the cache is cleared. Never fails: with the cache unreachable nothing is cached.
    """
    version = uuid.uuid4().hex
    if _cache_call("set", VERSION_KEY, version, None, default=False) is not False:
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
        _cache_call("set", _figures_key(name, version, parts), figures, FIGURES_CACHE_SECONDS)
    return figures


def _figures_key(name: str, version: str, parts: tuple) -> str:
    return ":".join((name, version, *(str(part) for part in parts)))


def query_digest(queryset: QuerySet) -> str | None:
    """A digest of a queryset's SQL and parameters, to key its figures by; None when empty."""
    try:
        sql, params = queryset.query.sql_with_params()
    except (EmptyResultSet, FullResultSet):
        return None
    return hashlib.sha256(repr((sql, params)).encode()).hexdigest()


# A cache that cannot be reached ------------------------------------------------------------

# The cache may be unreachable (Redis restarting, stopped, a full disk under a file cache):
# the pages then sum their figures from the database. The fault is logged once; the cache is
# tried again after CACHE_RETRY_SECONDS, not on every request (a request would otherwise wait
# for the connection to fail each time), and its return is logged too.
CACHE_RETRY_SECONDS = 30
_cache_fault: dict[str, float | None] = {"retry_at": None}
# What else the cache keeps under a version of its own (untop.security.permission_cache):
# each is called to replace that version when the cache answers again after a fault.
_versions_to_replace_on_return: list[Callable[[], None]] = []


def on_cache_return(replace_version: Callable[[], None]) -> None:
    """Have `replace_version()` called whenever the cache answers again after a fault: the
    changes saved meanwhile replaced no version, so what it kept from before is not current."""
    if replace_version not in _versions_to_replace_on_return:
        _versions_to_replace_on_return.append(replace_version)


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
        figures_changed()
        for replace_version in _versions_to_replace_on_return:
            replace_version()
        return default
    return result


# The data itself ---------------------------------------------------------------------------

# A check of the data itself, at most once a minute (FIGURES_CHECK_SECONDS) while figures are
# read from the cache: it catches what sends no signal and calls no `figures_changed` (a
# restored backup, a bulk write in a shell). The check is one query: per table of the
# figures, its highest id, its row count (SQLite) and its latest `updated_at`; on PostgreSQL,
# instead of counting, its rows inserted, updated and deleted (pg_stat_user_tables, which
# follows the writes within seconds). A version whose data was never checked is summed again
# at its first check.
FIGURES_CHECK_SECONDS = 60
_CHECK_RECORD_SECONDS = 3600
_clock = time.time


def _check_key(version: str) -> str:
    return f"untop:figures:checked:{version}"


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
    _cache_call("set", VERSION_KEY, new, None)
    _cache_call("set", _check_key(new), (stamp, now), _CHECK_RECORD_SECONDS)
    return False


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


# Saves and deletes -------------------------------------------------------------------------


def _data_changed(sender, **kwargs) -> None:
    if not _changes_figures(sender):
        return
    # Now, for this process's next reads, and again once the transaction commits: a page
    # summing between the two would otherwise cache figures without the change.
    figures_changed()
    if transaction.get_connection().in_atomic_block and not any(
        callback[1] is figures_changed for callback in transaction.get_connection().run_on_commit
    ):
        transaction.on_commit(figures_changed)


def _watch_figure_data() -> None:
    """Connect the signals that replace the figures' version (once, whoever registers)."""
    for name, signal in (
        ("post_save", post_save),
        ("post_delete", post_delete),
        ("m2m_changed", m2m_changed),
    ):
        signal.connect(_data_changed, dispatch_uid=f"untop.figures_cache.{name}")
    from untop.imports.engine import records_imported

    records_imported.connect(_data_changed, dispatch_uid="untop.figures_cache.records_imported")
