"""Choices, read fast: a record's choice labels, and the lists of records a filter offers.

Django does neither once: ``get_FOO_display()`` builds a dictionary of the field's choices on
every call (a list of 25 activities asks 75 times), and a form's select of records reads its
records, as model instances, on every page that shows the form. No maintained library keeps
either; these are the two small pieces the lists need.
"""

from __future__ import annotations

from django.db import models
from django.forms.models import ModelChoiceField, ModelChoiceIterator
from django.utils.choices import BaseChoiceIterator, flatten_choices
from django.utils.encoding import force_str
from django.utils.translation import get_language

from .figures_cache import cached_figures, counts_as_figures, query_digest

# Each field's labels by value, for fields whose choices are fixed in the code (None for
# those whose choices are a callable's, read each time, or have values no dict can key).
_labels: dict[models.Field, dict | None] = {}


def _labels_of(field: models.Field) -> dict | None:
    if field not in _labels:
        labels = None
        if not isinstance(field.choices, BaseChoiceIterator):
            try:
                labels = dict(flatten_choices(field.choices))
            except TypeError:
                labels = None
        _labels[field] = labels
    return _labels[field]


class ChoiceLabels(models.Model):
    """``get_FOO_display()`` from a dictionary of the field's labels made once: the same
    label (translated when read) as Django's, which makes the dictionary on every call."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        labels = _labels_of(field)
        if labels is not None:
            value = getattr(self, field.attname)
            try:
                return force_str(labels.get(value, value), strings_only=True)
            except TypeError:  # an unhashable value: Django's own way below
                pass
        return super()._get_FIELD_display(field)


def record_choices(field: ModelChoiceField, limit: int | None = None) -> list[tuple]:
    """The (value, label) of each record `field` offers (the first `limit`), as the field
    writes them. Records of the portal's figure data are read once per change of the data,
    language and query (untop.figures_cache); others every time."""
    queryset = field.queryset if limit is None else field.queryset[:limit]

    def read() -> list[tuple]:
        # A copy: the field's queryset keeps no records read once (as Django's iterator).
        return [
            (field.prepare_value(record), str(field.label_from_instance(record)))
            for record in queryset.all()
        ]

    digest = query_digest(queryset) if counts_as_figures(queryset.model) else None
    if digest is None:
        return read()
    kind = f"{type(field).__module__}.{type(field).__qualname__}"
    return cached_figures("choices", read, digest, get_language(), kind)


class CachedRecordChoices(ModelChoiceIterator):
    """A record field's choices from `record_choices`: the values are the records' keys (a
    select writes and compares only those), not the records themselves."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from record_choices(self.field)

    def first(self, limit: int) -> list[tuple]:
        """The first `limit` records' choices, without the empty one."""
        return record_choices(self.field, limit)


def cache_record_choices(form) -> None:
    """Have the form's selects of records offer them through `record_choices`."""
    for field in form.fields.values():
        if isinstance(field, ModelChoiceField):
            field.widget.choices = CachedRecordChoices(field)
