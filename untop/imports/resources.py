"""The base of every import: a django-import-export ``ModelResource`` with the office's rules.

A file is imported in one transaction, every row or none: rows are read through their
fields' widgets, checked (the model's rules, the office's rules, duplicates, keys taken),
and saved in bulk (``use_bulk``, ``batch_size``, ``skip_diff``) with an audit entry per
record created or changed, as the importing user. The back office, the import page and the
background jobs all run these resources.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import models, transaction
from django.db.models.fields import NOT_PROVIDED
from django.db.models.functions import Lower
from django.dispatch import Signal
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.instance_loaders import BaseInstanceLoader
from openpyxl.utils import get_column_letter

from untop.audit.bulk import audit_changed, audit_created, audit_values, changed_fields
from untop.audit.context import acting_as
from untop.collector import cyclic_collector_paused

from .reading import ImportRefused, cell_text, limit
from .widgets import TextWidget

# Sent (sender: the imported model) once an import has committed: its rows were written in
# bulk, without post_save, so caches of sums over them (the dashboard's) must be told.
records_imported = Signal()
BATCH = 2000


class Field(fields.Field):
    """A column of an import file, with what its blank template says of it."""

    def __init__(
        self,
        attribute=None,
        column_name=None,
        widget=None,
        *,
        required=True,
        help_text="",
        example="",
        **kwargs,
    ):
        super().__init__(attribute=attribute, column_name=column_name, widget=widget, **kwargs)
        self.required, self.help_text, self.example = required, help_text, example
        self.read: dict[tuple, Any] = {}

    def clean(self, row, **kwargs):
        # A file's cells repeat (a project code, a centre, a day, a count on many rows):
        # each distinct cell is read once, and its value kept for the rest of the file.
        # Keyed by type and value, so that 1, 1.0 and True stay apart; a refused cell is
        # not kept, and is refused again on each row.
        cell = row[self.column_name]
        try:
            return self.read[cell.__class__, cell]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell: read every time
            return self._clean(cell, row, **kwargs)
        value = self.read[cell.__class__, cell] = self._clean(cell, row, **kwargs)
        return value

    def _clean(self, cell, row, **kwargs):
        value = self.widget.clean(cell, row=row, **kwargs)
        if value is None or (value.__class__ is str and not value):
            if self.required:
                raise ValueError("This column must be filled in.")
            if self.default is not NOT_PROVIDED:
                return self.default
        return value


def optional_text(attribute: str, length: int, help_text: str, *, example: str = "") -> Field:
    """A column of text that may be left empty (saved as ""), at most ``length`` long: the
    names in Russian and Tajik, descriptions."""
    return Field(
        attribute,
        widget=TextWidget(length),
        required=False,
        default="",
        help_text=help_text,
        example=example,
    )


def _assigner(model: type[models.Model], attribute: str | None):
    """How a cell's value is set on a record: ``setattr``, except for a foreign key to the
    related table's primary key, whose value the widget has read as a record of that table.
    For these the id and the cached record are set as Django's descriptor sets them, without
    its checks for a record of another type or another database (the widget gives the one
    type; the portal has one database): the descriptor took a tenth of a sign-in sheet's
    import, two foreign keys on every row."""
    try:
        field = model._meta.get_field(attribute or "")
    except FieldDoesNotExist:
        return setattr
    if not (field.many_to_one and field.concrete) or field.target_field.primary_key is False:
        return setattr
    attname, cache_name = field.attname, field.cache_name
    related = field.related_model

    def assign(instance, _attribute, value):
        if value.__class__ is not related:  # None, or anything unexpected: Django's way
            setattr(instance, _attribute, value)
            return
        instance.__dict__[attname] = value.pk
        instance._state.fields_cache[cache_name] = value

    return assign


def key_part(value: Any) -> Any:
    """A part of a natural key as it compares: records by id, text without case."""
    if value.__class__ is str:
        return value.strip().lower()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        return value.strip().lower()
    return value


class NaturalKeyLoader(BaseInstanceLoader):
    """The saved records the file's rows name by their natural key (``import_id_fields``),
    loaded in one query; codes compare without case ("nor" finds NOR). The library's
    CachedInstanceLoader takes one exact key; the portal's keys are several, and any case."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.saved = {}
        if resource.key_fields() and not resource._meta.force_init_instance:
            keys = {resource.natural_key(row) for row in dataset.dict} - {None}
            self.saved = resource.saved_by_key(keys) if keys else {}

    def get_instance(self, row):
        key = self.resource.natural_key(row)
        return None if key is None else self.saved.get(key)


class PortalResource(resources.ModelResource):
    """What every import shares. A subclass declares its fields and Meta, and may add
    ``prepare`` (what its rules read, once per file) and ``row_errors`` (its rules per row)."""

    key: str = ""
    label: str = ""
    description: str = ""
    permission: str = ""
    #: the columns whose values, together, name one record: repeated in a file, a row is a
    #: duplicate; without ``import_id_fields``, a row equal to a saved record is refused
    key_columns: tuple[str, ...] = ()

    class Meta:
        use_bulk = True
        batch_size = BATCH
        skip_diff = True
        use_transactions = True
        instance_loader_class = NaturalKeyLoader

    def __init__(self, *, acting_user=None, user=None, max_rows: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.acting_user = acting_user or user
        self.max_rows = max_rows
        # Asked for every row: worked out once.
        self.import_fields = self.get_import_fields()
        # Each cell's column, reader and attribute, looked up once rather than per cell.
        self.cell_plan = [
            (
                field.column_name,
                field.clean,
                None if not field.attribute or field.readonly else field.attribute,
                field.saves_null_values,
                _assigner(self._meta.model, field.attribute),
            )
            for field in self.import_fields
        ]
        self.natural_key_columns = self.key_fields()
        self.duplicate_columns = self.key_columns or self.natural_key_columns
        self.progress = lambda percent, step: None

    @classmethod
    def get_display_name(cls):
        return cls.label

    @classmethod
    def may_import(cls, user) -> bool:
        return bool(user and user.has_perm(cls.permission))

    # -- the whole file --------------------------------------------------------------
    def import_data(self, dataset, **kwargs):
        """Every row or none (a bad row rolls back the rest), as the acting user."""
        kwargs.setdefault("rollback_on_validation_errors", True)
        self.dry_run = kwargs.get("dry_run", False)
        self.acting_user = kwargs.get("user") or self.acting_user
        with acting_as(self.acting_user), cyclic_collector_paused():
            return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        """The file as a whole: who may import it, its columns, its size; then what the
        rules read, once. A refused file's rows are not read."""
        try:
            self._begin(dataset)
        except Exception:
            del dataset[:]
            raise

    def _begin(self, dataset) -> None:
        if not self.may_import(self.acting_user):
            raise PermissionDenied(
                _("You may not import %(lower)s.") % {"lower": self.label.lower()}
            )
        self._check_columns(dataset.headers or [])
        if not len(dataset):
            raise ImportRefused("The file has its header row but no data rows.")
        if self.max_rows is not None and len(dataset) > self.max_rows:
            raise ImportRefused(
                f"The file has {len(dataset):,} rows: send it on the import page "
                f"({reverse('imports:index')}), which imports large files in the "
                "background and shows the progress."
            )
        for name in self.key_fields():  # an optional key column left out: every row is new
            if name not in dataset.headers:
                dataset.append_col([None] * len(dataset), header=name)
        self.row_numbers = getattr(dataset, "row_numbers", None) or range(2, len(dataset) + 2)
        self.created = self.updated = 0
        self.written: list[models.Model] = []
        self._changes: list[tuple[models.Model, dict]] = []
        self._before: dict[int, Any] = {}
        self._first_seen: dict[tuple, int] = {}
        self._preview = len(dataset) <= limit("BACKGROUND_ROWS")
        self._taken = self._unique_values_taken(dataset)
        self._saved_keys = self._saved_key_columns(dataset)
        self.prepare(dataset)

    def _check_columns(self, headers: list[str]) -> None:
        """Unknown, repeated or missing columns refuse the file, naming them."""
        known = {field.column_name for field in self.import_fields}
        seen: dict[str, int] = {}
        unknown = []
        for position, header in enumerate(headers, start=1):
            if not header:
                continue
            if header in seen:
                raise ImportRefused(
                    f"The column “{header}” appears twice (columns "
                    f"{get_column_letter(seen[header])} and {get_column_letter(position)})."
                )
            seen[header] = position
            if header not in known:
                unknown.append(f"“{header}” (column {get_column_letter(position)})")
        expected = ", ".join(f"“{field.column_name}”" for field in self.import_fields)
        if unknown:
            raise ImportRefused(
                f"Unknown column {', '.join(unknown)}: the columns of this file are {expected}."
            )
        missing = [
            f"“{field.column_name}”"
            for field in self.import_fields
            if getattr(field, "required", False) and field.column_name not in seen
        ]
        if missing:
            raise ImportRefused(
                f"Missing column {', '.join(missing)}. The columns of this file are "
                f"{expected}; download the template to see them."
            )

    def column_values(self, dataset, column: str) -> set:
        """The values of a column that its widget reads (those it refuses are reported by
        their row)."""
        field, found = self.fields[column], set()
        if column not in dataset.headers:
            return found
        for cell in set(dataset[column]):
            try:
                found.add(field.widget.clean(cell))
            except ValueError:
                continue
        return found - {None, ""}

    def prepare(self, dataset) -> None:
        """What the rules of this kind of records read, once for the file."""

    # -- finding saved records -------------------------------------------------------
    def get_import_order(self):
        return self._meta.fields

    def get_export_order(self):
        return self._meta.fields

    def key_fields(self) -> tuple[str, ...]:
        """The columns of the natural key (``import_id_fields``; none when left at "id")."""
        names = tuple(self.get_import_id_fields())
        return () if names == ("id",) else names

    def get_instance(self, instance_loader, row):
        return instance_loader.get_instance(row)

    def natural_key(self, row) -> tuple | None:
        """The row's natural key, or None when a part is blank or unreadable (a new record)."""
        names = self.key_fields()
        if not names:
            return None
        try:
            parts = tuple(key_part(self.fields[name].clean(row)) for name in names)
        except (ValueError, KeyError):
            return None
        return None if any(part in (None, "") for part in parts) else parts

    def saved_by_key(self, keys: set[tuple]) -> dict[tuple, models.Model]:
        """The saved records with these natural keys, in one query."""
        meta = self._meta.model._meta
        names = [self.fields[name].attribute for name in self.key_fields()]
        attnames = [meta.get_field(name).attname for name in names]
        first = {key[0] for key in keys}
        records = self._meta.model._default_manager.all()
        if all(isinstance(value, str) for value in first):
            records = records.alias(_key=Lower(names[0])).filter(_key__in=first)
        else:
            records = records.filter(**{f"{attnames[0]}__in": first})
        return {
            tuple(key_part(getattr(record, name)) for name in attnames): record
            for record in records
        }

    # -- each row ----------------------------------------------------------------------
    def before_import_row(self, row, **kwargs):
        self.number = self.row_numbers[kwargs["row_number"] - 1]

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            self._before[id(instance)] = (audit_values(instance), self.saved_state(instance))

    def import_instance(self, instance, row, **kwargs):
        """Each cell through its field's widget. Errors name the file's column (the library
        keys them by model attribute, and skips columns that set no attribute, which here
        name a related record); a saved record keeps its key as saved ("nor" found NOR)."""
        errors = {}
        self.values = values = {}
        keys = self.natural_key_columns if instance.pk else ()
        for column, clean, attribute, saves_null, assign in self.cell_plan:
            if column not in row:
                continue
            try:
                values[column] = value = clean(row)
            except ValueError as error:
                errors[column] = [str(error)]
                continue
            if attribute is None or column in keys:
                continue
            if value is not None or saves_null:
                assign(instance, attribute, value)
        if not errors:
            for column, message in self.complete(instance, values):
                errors.setdefault(column or NON_FIELD_ERRORS, []).append(message)
        if errors:
            raise ValidationError(errors)

    def complete(self, instance, values: dict):
        """Set what the row names through several columns or loaded records (a session by
        its course, day and centre); yields (column, message) for what cannot be found."""
        return ()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The cells, then the model's rules and the office's, by column. Unique values are
        checked against those loaded for the file (``validate_unique`` would ask per row)."""
        if import_validation_errors:
            raise ValidationError(import_validation_errors)
        errors: dict[str, list[str]] = {}
        try:
            if self._meta.clean_model_instances:
                instance.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            column_of = {f.attribute: f.column_name for f in self.import_fields}
            for name, messages in error.message_dict.items():
                column = column_of.get(name, NON_FIELD_ERRORS if name == "__all__" else name)
                errors.setdefault(column, []).extend(messages)
        for column, message in self._row_errors(instance):
            errors.setdefault(column or NON_FIELD_ERRORS, []).append(message)
        if errors:
            raise ValidationError(errors)

    def _row_errors(self, instance):
        yield from self._duplicate(instance)
        yield from self._unique_conflicts(instance)
        yield from self.row_errors(instance, self.values)

    def row_errors(self, instance, values: dict):
        """(column, message) for each rule of the office this row's record breaks."""
        return ()

    def saved_state(self, instance) -> Any:
        """What ``row_errors`` needs to know of a saved record before the row changes it."""
        return None

    def _duplicate(self, instance):
        columns = self.duplicate_columns
        if not columns:
            return
        # Kept for the resource's own rules, which compare rows by (a part of) it too.
        key = self.row_key = tuple(map(key_part, map(self.values.get, columns)))
        if None in key or "" in key:
            return
        first = self._first_seen.setdefault(key, self.number)
        if first != self.number:
            names = ", ".join(f"“{name}”" for name in columns)
            yield "", f"The row repeats row {first} (same {names})."
        elif key in self._saved_keys:
            yield (
                "",
                (
                    f"The same {self._meta.model._meta.verbose_name} is already recorded: "
                    "was this file imported before?"
                ),
            )

    def _unique_values_taken(self, dataset) -> dict:
        """For each unique field the file fills: its values already used, and by which record."""
        taken = {}
        for field in self.import_fields:
            try:
                model_field = self._meta.model._meta.get_field(field.attribute or "")
            except FieldDoesNotExist:
                continue
            if model_field.unique and not model_field.primary_key:
                values = self.column_values(dataset, field.column_name)
                taken[field.column_name] = (
                    model_field.attname,
                    dict(
                        self._meta.model._default_manager.filter(
                            **{f"{model_field.attname}__in": values}
                        ).values_list(model_field.attname, "pk")
                    ),
                )
        return taken

    def _unique_conflicts(self, instance):
        kind = self._meta.model._meta.verbose_name
        for column, (attname, used) in self._taken.items():
            value = getattr(instance, attname)
            if value in used and used[value] != instance.pk:
                yield column, f"“{value}” is already used by another {kind}."

    def _saved_key_columns(self, dataset) -> set[tuple]:
        """For records without a natural key (money): the saved ones equal on
        ``key_columns``, so that a file sent twice is refused."""
        if self.key_fields() or not self.key_columns:
            return set()
        try:
            attributes = [self.fields[name].attribute for name in self.key_columns]
            attnames = [self._meta.model._meta.get_field(name).attname for name in attributes]
        except FieldDoesNotExist:  # a key column that is no field of the model (a count)
            return set()
        first = self.column_values(dataset, self.key_columns[0])
        saved = self._meta.model._default_manager.filter(**{f"{attributes[0]}__in": first})
        return {tuple(map(key_part, values)) for values in saved.values_list(*attnames)}

    # -- saving in bulk --------------------------------------------------------------
    def save_instance(self, instance, is_create, row, **kwargs):
        """Queue the record for the bulk save; a saved record the row leaves as it was is
        not written (``skip_diff`` leaves the comparison to the resource)."""
        if not is_create:
            before = self._before.get(id(instance), (None, None))[0]
            after = audit_values(instance)
            difference = changed_fields(before, after) if before is not None else {"": 1}
            if not difference:
                return
            if not self.acting_user.has_perm(
                f"{self._meta.model._meta.app_label}.change_{self._meta.model._meta.model_name}"
            ):
                raise ValidationError(
                    f"This {self._meta.model._meta.verbose_name} exists already and you may "
                    "not change it."
                )
            if before is not None:
                self._changes.append((instance, difference))
        self.created += is_create
        self.updated += not is_create
        self.written.append(instance)
        super().save_instance(instance, is_create, row, **kwargs)

    def _nothing_to_keep(self, result) -> bool:
        return result is not None and (result.has_errors() or result.has_validation_errors())

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """The library's bulk insert, with the "created" audit entries; nothing of a file
        with a bad row is written (it would be rolled back)."""
        instances = list(self.create_instances)
        if self._nothing_to_keep(result):
            self.create_instances.clear()
            return
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size, result)
        if not self._nothing_to_keep(result):
            audit_created(instances)

    def get_bulk_update_fields(self):
        """The model fields the file's columns set (by attribute, not column name)."""
        names = {field.name for field in self._meta.model._meta.concrete_fields}
        return sorted(
            {field.attribute for field in self.import_fields}
            & names - {self.fields[name].attribute for name in self.key_fields()}
        )

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """The library's bulk update, with the "changed" audit entries."""
        if self._nothing_to_keep(result):
            self.update_instances.clear()
            return
        super().bulk_update(using_transactions, dry_run, raise_errors, batch_size, result)
        if not self._nothing_to_keep(result):
            audit_changed(self._changes)
        self._changes = []

    def after_import_row(self, row, row_result, **kwargs):
        number = kwargs["row_number"]
        if self._preview:  # the preview shows the cells as the file has them
            row_result.diff = [cell_text(row.get(f.column_name)) for f in self.import_fields]
        if number == len(self.row_numbers):  # the last batch is saved next
            self.progress(40, f"Checked {number:,} rows")
        elif number % 5000 == 0:
            self.progress(5 + int(35 * number / len(self.row_numbers)), f"Read {number:,} rows")

    def after_import(self, dataset, result, **kwargs):
        """Rows named by their spreadsheet number; once every row is saved, what depends on
        the saved records, and the figures cache told."""
        for invalid in result.invalid_rows:
            invalid.number = self.row_numbers[invalid.number - 1]
        result.row_errors_numbered = [
            (self.row_numbers[number - 1], errors) for number, errors in result.row_errors()
        ]
        if self._nothing_to_keep(result) or not hasattr(self, "written"):
            return
        self.after_save()
        # Bulk writes send no post_save: tell whoever caches sums over these records.
        model = self._meta.model
        transaction.on_commit(lambda: records_imported.send(sender=model))
        verb, changed = ("would add", "would change") if self.dry_run else ("added", "changed")
        result.summary = (
            f"{len(dataset):,} rows read: {verb} {self.created:,}, {changed} {self.updated:,}."
        )

    def after_save(self) -> None:
        """Records that need the saved rows' keys (many-to-many links, certificates)."""
