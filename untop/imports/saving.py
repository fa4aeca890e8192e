"""Saving imported rows in bulk, with the audit entries the signals would have written.

``bulk_create`` and ``bulk_update`` send no signals (untop/audit/tracking.py says so): an
import writes its own entries through untop/audit/bulk.py, naming the acting user.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from untop.audit.bulk import (
    audit_changed,
    audit_created,
    audit_values,
    changed_fields,
    created_entry_rows,
)

from .columns import Column
from .engine import Importer, ImportInvalid, ParsedRow, Progress, RowError, validation_errors

BATCH = 2000


class ModelImporter(Importer):
    """Rows that map one to one onto records of a model: added, or changed when a record
    with the same natural key (``match_on``) exists. Models without a natural key
    (money records) are only added; a row identical to a saved record is refused."""

    #: the file's column → the model field it fills
    field_of: dict[str, str] = {}
    #: the columns that find an existing record to change; empty: rows only add records
    match_on: tuple[str, ...] = ()
    #: False when ``check`` applies the model's clean() rules to the whole file (a clean()
    #: that queries would otherwise run one query per row)
    model_clean: bool = True
    #: related records the export reads with each row (select_related), so it runs one query
    export_related: tuple[str, ...] = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.key_columns = self.key_columns or self.match_on

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def get_columns(self) -> list[Column]:
        if not hasattr(self, "_columns"):
            self._columns = self.columns()
        return self._columns

    def attributes(self, row: ParsedRow) -> dict[str, Any]:
        """The model attributes a row sets (columns left out of the file are not set)."""
        return {
            self.field_of[header]: value
            for header, value in row.values.items()
            if header in self.field_of and header in self.present_columns
        }

    def existing(self, rows: list[ParsedRow]) -> dict[tuple, models.Model]:
        """Saved records that rows name by their natural key, in one query."""
        if not self.match_on:
            return {}
        first = self.field_of[self.match_on[0]]
        wanted = {row.values[self.match_on[0]] for row in rows} - {None, ""}
        found = {}
        attnames = [
            self.model._meta.get_field(self.field_of[name]).attname for name in self.match_on
        ]
        records = self.model._default_manager.all()
        if all(isinstance(value, str) for value in wanted):
            # Codes compare without case, as the key caches do: "nor" finds NOR.
            records = records.alias(_key=Lower(first)).filter(
                _key__in={value.strip().lower() for value in wanted}
            )
        else:
            records = records.filter(**{f"{first}__in": wanted})
        for record in records:
            found[tuple(_key_part(getattr(record, name)) for name in attnames)] = record
        return found

    def _unique_conflicts(self, rows: list[ParsedRow], records: list) -> list[RowError]:
        """Single-field unique values already used by another record, in one query each."""
        errors = []
        column_of = {field: column for column, field in self.field_of.items()}
        for field in self.model._meta.concrete_fields:
            if not field.unique or field.primary_key or field.name not in column_of:
                continue
            mine = {
                getattr(record, field.attname): (row, record)
                for row, record in zip(rows, records, strict=True)
            }
            taken = self.model._default_manager.filter(**{f"{field.attname}__in": list(mine)})
            for pk, value in taken.values_list("pk", field.attname):
                row, record = mine[value]
                if record.pk != pk:
                    errors.append(
                        RowError(
                            row.number,
                            column_of[field.name],
                            f"“{value}” is already used by another "
                            f"{self.model._meta.verbose_name}.",
                        )
                    )
        return errors

    def _already_saved(self, rows: list[ParsedRow]) -> list[RowError]:
        """Rows identical (on ``key_columns``) to a saved record: an import sent twice."""
        fields = [self.field_of[name] for name in self.key_columns]
        wanted = {
            tuple(_key_part(row.values[name]) for name in self.key_columns): row for row in rows
        }
        saved = self.model._default_manager.filter(
            **{f"{fields[0]}__in": {row.values[self.key_columns[0]] for row in rows}}
        )
        errors = []
        attnames = [self.model._meta.get_field(field).attname for field in fields]
        for values in saved.values_list(*attnames):
            row = wanted.get(tuple(_key_part(value) for value in values))
            if row is not None:
                errors.append(
                    RowError(
                        row.number,
                        "",
                        f"The same {self.model._meta.verbose_name} is already recorded: "
                        "was this file imported before?",
                    )
                )
        return errors

    def save(self, rows: list[ParsedRow], progress: Progress) -> tuple[int, int]:
        existing = self.existing(rows)
        column_of = {field: column for column, field in self.field_of.items()}
        errors: list[RowError] = []
        created, changed, records = [], [], []
        for row in rows:
            key = tuple(_key_part(row.values[name]) for name in self.match_on)
            blank = any(part in (None, "") for part in key)
            record = existing.get(key) if self.match_on and not blank else None
            before = audit_values(record) if record is not None else None
            saved_state = self.saved_state(record) if record is not None else None
            if record is None:
                record = self.model(**self.attributes(row))
                row.action = "new"
            else:
                keys = {self.field_of[name] for name in self.match_on}
                for name, value in self.attributes(row).items():
                    if name in keys:
                        continue  # the record keeps its key as saved ("nor" found NOR)
                    setattr(record, name, value)
            try:
                if self.model_clean:
                    record.full_clean(validate_unique=False, validate_constraints=False)
                else:
                    record.clean_fields()
            except ValidationError as error:
                errors.extend(validation_errors(error, row.number, column_of))
            errors.extend(self.record_errors(row, record, saved_state))
            records.append(record)
            row.record = record
            if record.pk is None:
                created.append(record)
            else:
                after = audit_values(record)
                difference = changed_fields(before, after) if before is not None else {"": 1}
                row.action = "update" if difference else "skip"
                if difference:
                    changed.append((record, difference))
        errors.extend(self._unique_conflicts(rows, records))
        if not self.match_on and self.key_columns:
            errors.extend(self._already_saved(rows))
        if changed and not self.acting_user.has_perm(
            f"{self.model._meta.app_label}.change_{self.model._meta.model_name}"
        ):
            errors.append(
                RowError(
                    next(row.number for row in rows if row.action == "update"),
                    "",
                    f"This {self.model._meta.verbose_name} exists already and you may not "
                    "change it.",
                )
            )
        if errors:
            raise ImportInvalid(sorted(errors, key=lambda e: e.row))
        self.model._default_manager.bulk_create(created, batch_size=BATCH)
        audit_created(created)
        progress(70, f"Added {len(created):,} records")
        if changed:
            names = {f.attname for f in self.model._meta.concrete_fields if not f.primary_key}
            fields = sorted({name for _, diff in changed for name in diff} & names)
            self.model._default_manager.bulk_update(
                [record for record, _ in changed], fields, batch_size=BATCH
            )
            audit_changed(changed)
        self.after_save(rows)
        return len(created), len(changed)

    def saved_state(self, record: models.Model) -> Any:
        """What ``record_errors`` needs to know of a saved record before the row changes it."""
        return None

    def record_errors(self, row: ParsedRow, record: models.Model, saved_state: Any) -> list:
        """Rules of the record's app that the row's record breaks (RowErrors); the apps'
        rules live in the apps, which the core does not import."""
        return []

    def after_save(self, rows: list[ParsedRow]) -> None:
        """Many-to-many links and other records that need the saved rows' keys."""

    def export_rows(self, queryset):
        """The cells of each record; a column whose value is a record shows its natural key."""
        columns = self.get_columns()
        if self.export_related:
            queryset = queryset.select_related(*self.export_related)
        for record in queryset:
            yield [self.export_cell(record, column.header) for column in columns]

    def export_cell(self, record, header: str):
        value = getattr(record, self.field_of[header])
        if isinstance(value, models.Model):
            return self.natural_key_of(value)
        return value

    def natural_key_of(self, record: models.Model) -> str:
        for name in ("code", "symbol", "name_en", "name"):
            if hasattr(record, name):
                return getattr(record, name)
        return str(record)


def _key_part(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        return value.strip().lower()
    return value


# -- PostgreSQL: COPY instead of INSERT for large imports ----------------------------------
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    # COPY's text format: \N for NULL, backslash escapes; PostgreSQL reads True/False.
    return "\\N" if value is None else str(value).translate(_COPY_ESCAPES)


def copy_rows(model: type[models.Model], columns: list[str], rows) -> None:
    """Write rows (tuples in the order of ``columns``, attnames) with PostgreSQL's COPY."""
    import io

    from django.db import connection

    buffer = io.StringIO()
    write = buffer.write
    for row in rows:
        write("\t".join(map(_copy_text, row)))
        write("\n")
    buffer.seek(0)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN", buffer
        )


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys from the table's sequence, in one query."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_audit_created(model: type[models.Model], records: list[dict], label) -> None:
    """The "created" audit entries of records written by COPY (``records``: plain values by
    attname; ``label(record)``: their str()), written by COPY too."""
    entries = created_entry_rows(model, records, label)
    if entries is not None:
        copy_rows(*entries)
