"""Importing a table: check its columns, read every row, then save all rows or none.

Rows are read and checked in memory first (natural keys from caches, no query per row);
only a file without a single problem reaches the database, in one transaction, as the
importing user, with an audit entry per record created or changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from untop.audit.context import acting_as
from untop.registry import Registry

from .columns import CellError, Column, normalise_header
from .reading import ImportRefused, Table, cell_text, limit

MAX_ERRORS = 100
# Sent (sender: the imported model) once an import has committed: its rows were written in
# bulk, without post_save, so caches of sums over them (the dashboard's) must be told.
records_imported = Signal()
Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class RowError:
    """A problem with one row (and one column, when it is about one cell)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return f"Row {self.row}, column “{self.column}”: {self.message}"
        return f"Row {self.row}: {self.message}"


class ImportInvalid(Exception):
    """Some rows are wrong: nothing was saved. ``errors`` names each row and column."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        more = "" if len(errors) < MAX_ERRORS else f" (the first {MAX_ERRORS} are listed)"
        noun = "problem" if len(errors) == 1 else "problems"
        super().__init__(
            f"Nothing was imported: the file has {len(errors)} {noun}{more}. "
            + " ".join(str(error) for error in errors[:5])
        )


@dataclass(slots=True)
class ParsedRow:
    """A data row: its spreadsheet row number, its values by column, and its cells as text
    (kept for files small enough to preview: a large file's rows would double in memory)."""

    number: int
    values: dict[str, Any]
    cells: dict[str, str]
    action: str = "new"
    record: Any = None


@dataclass
class ImportOutcome:
    """What an import did (or, in a dry run, would do)."""

    importer: str
    source: str
    headers: list[str]
    rows: list[ParsedRow] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    dry_run: bool = False

    @property
    def summary(self) -> str:
        verb = "would add" if self.dry_run else "added"
        changed = "would change" if self.dry_run else "changed"
        return f"{len(self.rows):,} rows read: {verb} {self.created:,}, {changed} {self.updated:,}."


class Importer:
    """How one kind of record is imported and exported. Subclasses set the class attributes
    and implement ``save`` (and ``check`` for rules across rows)."""

    key: str = ""
    label: str = ""
    model: type[models.Model]
    permission: str = ""
    description: str = ""
    #: columns whose values, together, name one record: repeated in a file, a row is a duplicate
    key_columns: tuple[str, ...] = ()
    #: the columns the file has (set when it is read); a column left out changes nothing
    present_columns: frozenset[str] = frozenset()

    def __init__(self, *, acting_user=None):
        self.acting_user = acting_user

    # -- describing the file ------------------------------------------------------------
    def get_columns(self) -> list[Column]:
        raise NotImplementedError

    def may_import(self, user) -> bool:
        return bool(user and user.has_perm(self.permission))

    def may_export(self, user) -> bool:
        app_label, model_name = self.model._meta.app_label, self.model._meta.model_name
        return bool(user and user.has_perm(f"{app_label}.view_{model_name}"))

    # -- importing ------------------------------------------------------------------
    def before_save(self, rows: list[ParsedRow]) -> None:
        """Inside the import's transaction, before its rows are written: read again what may
        have changed since ``check`` (a mandate period locked meanwhile) and raise
        ImportInvalid if the rows no longer hold."""

    def check(self, rows: list[ParsedRow]) -> Iterable[RowError]:
        """Rules that need the whole file or the database (loaded once, not per row)."""
        return ()

    def save(self, rows: list[ParsedRow], progress: Progress) -> tuple[int, int]:
        """Write the checked rows; returns (created, updated). Runs inside the transaction,
        as the acting user. Raise ImportInvalid for a row the database refuses."""
        raise NotImplementedError

    # -- exporting ------------------------------------------------------------------
    def export_queryset(self, user) -> models.QuerySet:
        """The records the user may export (what their list shows)."""
        return self.model._default_manager.all()

    def export_rows(self, queryset) -> Iterable[list]:
        """One list of cells per record, in the order of ``get_columns()``."""
        raise NotImplementedError

    def header_row(self) -> list[str]:
        return [column.header for column in self.get_columns()]


_registry: Registry = Registry("importer")


def register_importer(importer: type[Importer]) -> None:
    """Make a kind of import available to the import pages, the background jobs and the
    back office (an app's portal.py calls it), once per key."""
    _registry.register(importer.key, importer)


def get_importer(key: str) -> type[Importer]:
    return _registry[key]


def registered_importers() -> list[type[Importer]]:
    return sorted(_registry.values(), key=lambda importer: importer.label)


def _match_columns(table: Table, columns: list[Column]) -> list[Column | None]:
    """The column of each header of the file; missing or unknown columns are refused."""
    by_header = {normalise_header(column.header): column for column in columns}
    matched: list[Column | None] = []
    seen: dict[str, int] = {}
    unknown = []
    for position, header in enumerate(table.headers, start=1):
        name = normalise_header(header)
        if not name:
            matched.append(None)
            continue
        if name in seen:
            raise ImportRefused(
                f"The column “{header}” appears twice (columns {get_column_letter(seen[name])} "
                f"and {get_column_letter(position)})."
            )
        seen[name] = position
        column = by_header.get(name)
        if column is None:
            unknown.append(f"“{header}” (column {get_column_letter(position)})")
        matched.append(column)
    expected = ", ".join(f"“{column.header}”" for column in columns)
    if unknown:
        raise ImportRefused(
            f"Unknown column {', '.join(unknown)}: the columns of this file are {expected}."
        )
    missing = [c.header for c in columns if c.required and normalise_header(c.header) not in seen]
    if missing:
        raise ImportRefused(
            "Missing column " + ", ".join(f"“{name}”" for name in missing) + ". "
            f"The columns of this file are {expected}; download the template to see them."
        )
    return matched


def read_rows(importer: Importer, table: Table, progress: Progress) -> list[ParsedRow]:
    """Every row of the table read through its columns; ImportInvalid lists the problems."""
    columns = importer.get_columns()
    matched = _match_columns(table, columns)
    absent = [column for column in columns if column not in matched]
    importer.present_columns = frozenset(column.header for column in matched if column)
    keep_cells = len(table.rows) <= limit("BACKGROUND_ROWS")
    errors: list[RowError] = []
    rows: list[ParsedRow] = []
    first_seen: dict[tuple, int] = {}
    total = len(table.rows) or 1
    for index, cells in enumerate(table.rows):
        number = table.first_row + index
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        if len(cells) > len(matched) and any(cell_text(c) for c in cells[len(matched) :]):
            errors.append(RowError(number, "", "The row has more cells than the file has columns."))
            continue
        values: dict[str, Any] = {}
        shown: dict[str, str] = {}
        for column, raw in zip(matched, cells, strict=False):
            if column is None:
                continue
            if keep_cells:
                shown[column.header] = cell_text(raw)
            try:
                values[column.header] = column.read(raw)
            except CellError as error:
                errors.append(RowError(number, column.header, str(error)))
        for column in absent:
            values[column.header] = None
        for column in matched[len(cells) :]:
            if column is not None:
                try:
                    values[column.header] = column.read(None)
                except CellError as error:
                    errors.append(RowError(number, column.header, str(error)))
        if importer.key_columns and all(
            values.get(name) is not None for name in importer.key_columns
        ):
            key = tuple(_comparable(values[name]) for name in importer.key_columns)
            if key in first_seen:
                names = ", ".join(f"“{name}”" for name in importer.key_columns)
                errors.append(
                    RowError(number, "", f"The row repeats row {first_seen[key]} (same {names}).")
                )
            else:
                first_seen[key] = number
        rows.append(ParsedRow(number=number, values=values, cells=shown))
        if len(errors) >= MAX_ERRORS:
            break
        if index % 5000 == 4999:
            progress(5 + int(35 * index / total), f"Read {index + 1:,} rows")
    if not errors:
        errors.extend(importer.check(rows))
    if errors:
        raise ImportInvalid(sorted(errors, key=lambda e: e.row)[:MAX_ERRORS])
    if not rows:
        raise ImportRefused("The file has its header row but no data rows.")
    return rows


def _comparable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return (type(value), value.pk)
    if isinstance(value, str):
        return value.strip().lower()
    return value


def run_import(
    importer: Importer,
    table: Table,
    *,
    acting_user,
    dry_run: bool = False,
    progress: Progress | None = None,
    before_commit: Callable[[ImportOutcome], None] | None = None,
) -> ImportOutcome:
    """Import the table as the acting user: every row or, at the first problem, none.

    ``dry_run`` saves and then rolls back, so a preview meets every rule the database holds.
    ``before_commit`` is called with the outcome in the rows' transaction, once they are
    saved: what it writes (a background job marked done) is committed with them or not at
    all, and what it raises undoes the import.
    """
    progress = progress or (lambda percent, step: None)
    if not importer.may_import(acting_user):
        raise PermissionDenied(
            _("You may not import %(lower)s.") % {"lower": importer.label.lower()}
        )
    importer.acting_user = acting_user
    rows = read_rows(importer, table, progress)
    outcome = ImportOutcome(
        importer=importer.key,
        source=table.source,
        headers=[column.header for column in importer.get_columns()],
        rows=rows,
        dry_run=dry_run,
    )
    progress(40, f"Checked {len(rows):,} rows")
    try:
        with transaction.atomic(), acting_as(acting_user):
            importer.before_save(rows)
            outcome.created, outcome.updated = importer.save(rows, progress)
            if dry_run:
                transaction.set_rollback(True)
            else:
                if before_commit is not None:
                    before_commit(outcome)
                # Bulk writes send no post_save: tell whoever caches sums over these records.
                transaction.on_commit(lambda: records_imported.send(sender=importer.model))
    except ValidationError as error:
        raise ImportInvalid([RowError(0, "", " ".join(error.messages))]) from None
    except DatabaseError as error:
        raise ImportInvalid(
            [RowError(0, "", f"The database refused the rows ({type(error).__name__}): {error}")]
        ) from None
    progress(100, outcome.summary)
    return outcome


def validation_errors(
    error: ValidationError, number: int, column_of: dict[str, str]
) -> list[RowError]:
    """A model's ValidationError as row errors, each naming the file's column."""
    if not hasattr(error, "error_dict"):
        return [RowError(number, "", message) for message in error.messages]
    found = []
    for name, messages in error.message_dict.items():
        column = column_of.get(name, "" if name == "__all__" else name)
        found.extend(RowError(number, column, message) for message in messages)
    return found
