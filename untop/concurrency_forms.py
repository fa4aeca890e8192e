"""Forms that know the state they were opened at, and the merge page shown when it moved.

Used by the back office (every PortalAdmin form) and by the portal's own edit pages: the
form renders a hidden fingerprint of the record as loaded (untop.concurrency); when it is
posted after someone else saved the record, it is refused with both versions of each field
that differs, and posted again it merges: the user's values, except where they ticked
"Take theirs".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from .concurrency import OPENED_FIELD, TAKE_THEIRS_FIELD, editable_fields, fingerprint, state_of


@dataclass
class ConflictRow:
    name: str
    label: str
    theirs: str
    mine: str


def shown(record, name: str, value: Any) -> str:
    """A field's value as a person reads it on the merge page."""
    field = record._meta.get_field(name)
    if field.many_to_many:
        objects = field.related_model._base_manager.filter(pk__in=value)
        return ", ".join(sorted(str(o) for o in objects)) or "—"
    if value is None or value == "":
        return "—"
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if hasattr(value, "isoformat"):
        return date_format(value, "j M Y") if not hasattr(value, "hour") else date_format(value)
    if isinstance(value, int | float) or hasattr(value, "as_tuple"):
        return number_format(value, force_grouping=True)
    return str(value)


def _as_state(field, value: Any) -> Any:
    """A cleaned form value in the shape state_of() gives (keys for relations)."""
    if field.many_to_many:
        return sorted(obj.pk for obj in value) if value is not None else []
    if field.is_relation:
        return value.pk if value is not None else None
    return value


def versioned(form_class: type[forms.ModelForm]) -> type[forms.ModelForm]:
    """`form_class` carrying the state its record was opened at (see the module)."""

    class VersionedForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.conflict: list[ConflictRow] = []
            self.edited_meanwhile = False
            self.versioned_fields = editable_fields(self._meta.model, list(self.fields))
            # The record as loaded for this request: before binding writes into it.
            self.loaded_state = state_of(self.instance, self.versioned_fields)
            self.opened_now = fingerprint(self.loaded_state) if self.instance.pk is not None else ""
            self.fields[OPENED_FIELD] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=self.opened_now
            )

        def clean(self):
            data = super().clean()
            if self.instance.pk is None:
                return data
            key = self.add_prefix(TAKE_THEIRS_FIELD)
            taken = set(self.data.getlist(key)) if hasattr(self.data, "getlist") else set()
            for name in self.versioned_fields:
                if name in taken:
                    data[name] = self._saved_value(name)
            opened = data.get(OPENED_FIELD)
            if opened and opened != self.opened_now:
                self.edited_meanwhile = True
                self.conflict = self._conflict_rows(data)
                # Posted again, this page merges at the state saved now.
                self.data = self.data.copy()
                self.data[self.add_prefix(OPENED_FIELD)] = self.opened_now
                raise ValidationError(
                    _(
                        "Someone saved this record after you opened it, so nothing was saved. "
                        "Below are their saved values and yours: tick “Take theirs” where "
                        "theirs should stay, then save again."
                    ),
                    code="edited_meanwhile",
                )
            return data

        def _saved_value(self, name: str) -> Any:
            field = self._meta.model._meta.get_field(name)
            if field.many_to_many:
                return field.related_model._base_manager.filter(pk__in=self.loaded_state[name])
            return getattr(self.instance, name)

        def _conflict_rows(self, data) -> list[ConflictRow]:
            rows = []
            for name in self.versioned_fields:
                if name not in data:
                    continue
                field = self._meta.model._meta.get_field(name)
                theirs, mine = self.loaded_state[name], _as_state(field, data[name])
                if theirs != mine:
                    rows.append(
                        ConflictRow(
                            name,
                            str(self.fields[name].label or field.verbose_name),
                            shown(self.instance, name, theirs),
                            shown(self.instance, name, mine),
                        )
                    )
            return rows

    VersionedForm.__name__ = form_class.__name__
    VersionedForm.__qualname__ = form_class.__qualname__
    return VersionedForm
