"""Forms that know the state they were opened at, and the merge page shown when it moved.

Used by the back office (every PortalAdmin form) and by the portal's own edit pages: the
form renders a hidden fingerprint of the record as loaded (untop.concurrency); when it is
posted after someone else saved the record, it is refused with both versions of each field
that differs, and posted again it merges: the user's values, except where they ticked
"Take theirs".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
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
        if hasattr(value, "hour"):
            return date_format(value)
        return date_format(value, "SHORT_DATE_FORMAT")
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


def _digest(value: Any) -> str:
    """A short digest of one field's value (as state_of() or _as_state() give it); equal
    numbers written differently (0 and 0.00) digest alike."""
    if isinstance(value, Decimal):
        value = value.normalize()
    return fingerprint({"": value})[:12]


def _opened(posted: str) -> tuple[str, dict[str, str]]:
    """The posted opened state: the record's fingerprint and each field's digest."""
    try:
        opened = json.loads(posted)
        return str(opened["f"]), {str(k): str(v) for k, v in dict(opened["h"]).items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return "", {}


def versioned(form_class: type[forms.ModelForm]) -> type[forms.ModelForm]:
    """`form_class` carrying the state its record was opened at (see the module).

    The hidden field holds the record's fingerprint and a digest of each field as opened, so
    that a post tells the fields the user changed from those they left alone. A field the
    user left alone keeps whatever is saved now (another's change included); a field both
    changed differently is shown side by side, and nothing is saved until the user decides.
    """

    class VersionedForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.conflict: list[ConflictRow] = []
            self.edited_meanwhile = False
            self.versioned_fields = editable_fields(self._meta.model, list(self.fields))
            # The record as loaded for this request: before binding writes into it.
            self.loaded_state = state_of(self.instance, self.versioned_fields)
            self.opened_now = fingerprint(self.loaded_state) if self.instance.pk is not None else ""
            digests = {name: _digest(value) for name, value in self.loaded_state.items()}
            self.fields[OPENED_FIELD] = forms.CharField(
                widget=forms.HiddenInput,
                required=False,
                initial=json.dumps({"f": self.opened_now, "h": digests}) if self.opened_now else "",
            )

        def clean(self):
            data = super().clean()
            if self.instance.pk is None:
                return data
            _fingerprint, opened_fields = _opened(data.get(OPENED_FIELD) or "")
            key = self.add_prefix(TAKE_THEIRS_FIELD)
            taken = set(self.data.getlist(key)) if hasattr(self.data, "getlist") else set()
            kept_theirs, rows = [], []
            for name in self.versioned_fields:
                if name not in data:
                    continue
                field = self._meta.model._meta.get_field(name)
                theirs, mine = self.loaded_state[name], _as_state(field, data[name])
                if name in taken:
                    data[name] = self._saved_value(name)
                elif theirs == mine:
                    continue
                elif name in opened_fields and opened_fields[name] == _digest(mine):
                    # Left as opened by this user, changed by another since: theirs stays.
                    data[name] = self._saved_value(name)
                    kept_theirs.append(name)
                elif opened_fields.get(name, _digest(theirs)) != _digest(theirs):
                    # Changed by both, differently: the user decides.
                    rows.append(
                        ConflictRow(
                            name,
                            str(self.fields[name].label or field.verbose_name),
                            shown(self.instance, name, theirs),
                            shown(self.instance, name, mine),
                        )
                    )
            if rows:
                self.edited_meanwhile = True
                self.conflict = rows
                # Posted again, the page merges at the state saved now: the user has seen
                # theirs of the fields shown, so what is posted there is the user's choice;
                # the fields the user left alone keep their digests as first opened (and
                # show the saved values), so they keep the saved values.
                self.data = self.data.copy()
                seen = {row.name: _digest(self.loaded_state[row.name]) for row in rows}
                self.data[self.add_prefix(OPENED_FIELD)] = json.dumps(
                    {"f": self.opened_now, "h": {**opened_fields, **seen}}
                )
                for name in kept_theirs:
                    self._show_saved_value(name)
                raise ValidationError(
                    _(
                        "Someone saved this record after you opened it, so nothing was saved. "
                        "Below are their saved values and yours where you both changed them: "
                        "tick “Take theirs” where theirs should stay, then save again. Their "
                        "other changes are kept."
                    ),
                    code="edited_meanwhile",
                )
            return data

        def _saved_value(self, name: str) -> Any:
            field = self._meta.model._meta.get_field(name)
            if field.many_to_many:
                return field.related_model._base_manager.filter(pk__in=self.loaded_state[name])
            return getattr(self.instance, name)

        def _show_saved_value(self, name: str) -> None:
            """Put the saved value in the page's input, as the form will save it."""
            key, value = self.add_prefix(name), self.loaded_state[name]
            widget = self.fields[name].widget
            if isinstance(widget, forms.CheckboxInput):
                if value:
                    self.data[key] = "on"
                else:
                    self.data.pop(key, None)
            elif isinstance(value, list):
                self.data.setlist(key, [str(v) for v in value])
            else:
                self.data[key] = "" if value is None else str(value)

    VersionedForm.__name__ = form_class.__name__
    VersionedForm.__qualname__ = form_class.__qualname__
    return VersionedForm
