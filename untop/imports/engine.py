"""The registry of importers, and importing a file outside the back office (the import page,
the background jobs, commands): the resource's ``import_data`` in a transaction, its result
turned into the import's outcome or the problems found, by row and column."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from untop.collector import cyclic_collector_paused
from untop.registry import Registry

from .reading import ImportRefused, Table, table_dataset
from .resources import PortalResource, records_imported

__all__ = ["records_imported", "run_import", "register_importer", "get_importer"]

MAX_ERRORS = 100
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


@dataclass
class ImportOutcome:
    """What an import did (or, in a dry run, would do)."""

    importer: str
    source: str
    rows: int
    created: int
    updated: int
    summary: str
    dry_run: bool = False


_registry: Registry = Registry("importer")


def register_importer(resource: type[PortalResource]) -> None:
    """Make a kind of import available to the import page, the background jobs and the back
    office (an app's portal.py calls it), once per key."""
    _registry.register(resource.key, resource)


def get_importer(key: str) -> type[PortalResource]:
    return _registry[key]


def registered_importers() -> list[type[PortalResource]]:
    return sorted(_registry.values(), key=lambda resource: resource.label)


def _messages(error) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def problems(result) -> list[RowError]:
    """The problems of an import's result, by spreadsheet row and column; raises the file's
    refusal (ImportRefused, PermissionDenied) as it is."""
    found = []
    for base in result.base_errors:
        if isinstance(base.error, ImportRefused | PermissionDenied):
            raise base.error
        found.append(
            RowError(
                0,
                "",
                f"The database refused the rows ({type(base.error).__name__}): "
                f"{_messages(base.error)}",
            )
        )
    for number, errors in getattr(result, "row_errors_numbered", result.row_errors()):
        found.extend(RowError(number, "", _messages(error.error)) for error in errors)
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            column = "" if column == NON_FIELD_ERRORS else column
            found.extend(RowError(invalid.number, column, message) for message in messages)
    return sorted(found, key=lambda error: error.row)[:MAX_ERRORS]


def run_import(
    resource: PortalResource,
    table: Table | tablib.Dataset,
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
    if not resource.may_import(acting_user):
        raise PermissionDenied(
            _("You may not import %(lower)s.") % {"lower": resource.label.lower()}
        )
    with cyclic_collector_paused():  # the rows' copies too (the resource pauses it itself)
        dataset = table_dataset(table) if isinstance(table, Table) else table
    resource.progress = progress
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=dry_run, user=acting_user)
        found = problems(result)
        if found:
            raise ImportInvalid(found)
        outcome = ImportOutcome(
            importer=resource.key,
            source=dataset.title or "",
            rows=len(dataset),
            created=resource.created,
            updated=resource.updated,
            summary=result.summary,
            dry_run=dry_run,
        )
        if before_commit is not None and not dry_run:
            before_commit(outcome)
    progress(100, outcome.summary)
    return outcome
