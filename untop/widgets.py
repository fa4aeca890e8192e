"""Dates typed as the portal's language writes them.

A browser's own date field (``<input type="date">``) shows and takes dates in the computer's
locale, whatever language the portal speaks: an office computer set up in American English
shows 10/04/2005 for 4 October beside pages that say "4 Oct 2005". So the portal's date
fields are text, written and read in the language's first input format (24/09/2007 in
English, 24.09.2007 in Russian and Tajik: untop/formats/), with that format shown under the
field; ISO dates (2007-09-24) are read in every language. A date that cannot be read is
refused with a message naming the field and the format.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy, pgettext

#: The day every hint writes as its example: a day past the 12th cannot be read as a month.
EXAMPLE_DAY = datetime.date(2007, 9, 24)


def date_format() -> str:
    """The active language's first date input format, e.g. "%d.%m.%Y"."""
    return get_format("DATE_INPUT_FORMATS")[0]


def date_pattern() -> str:
    """The format as a person reads it: "dd/mm/yyyy", "дд.мм.гггг"."""
    parts = {
        "%d": pgettext("date pattern", "dd"),
        "%m": pgettext("date pattern", "mm"),
        "%Y": pgettext("date pattern", "yyyy"),
        "%y": pgettext("date pattern", "yy"),
    }
    pattern = date_format()
    for code, text in parts.items():
        pattern = pattern.replace(code, text)
    return pattern


def date_hint() -> str:
    """What the field says under it: the format and an example in it."""
    return gettext("Day, month, year: %(pattern)s, e.g. %(example)s") % {
        "pattern": date_pattern(),
        "example": EXAMPLE_DAY.strftime(date_format()),
    }


date_hint_lazy = lazy(date_hint, str)
date_pattern_lazy = lazy(date_pattern, str)


class DateInput(forms.DateInput):
    """A date as text in the language's format (the value is written in it too)."""

    input_type = "text"

    def __init__(self, attrs=None):
        # No format given: Django writes the value in the active language's first
        # DATE_INPUT_FORMATS, the one the hint shows.
        super().__init__(attrs={"autocomplete": "off", "size": 12, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", date_pattern())
        return context


class DateField(forms.DateField):
    """A date typed in the language's format (or ISO), with the format as its help text and
    a refusal that names the field, what was typed and the format."""

    widget = DateInput

    def __init__(self, *, help_text="", **kwargs):
        super().__init__(help_text=help_text or date_hint_lazy(), **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "invalid":
                raise
            raise ValidationError(
                gettext(
                    "%(field)s: “%(value)s” is not a date. Write it as %(pattern)s, "
                    "e.g. %(example)s."
                )
                % {
                    "field": self.label or gettext("Date"),
                    "value": str(value).strip(),
                    "pattern": date_pattern(),
                    "example": EXAMPLE_DAY.strftime(date_format()),
                },
                code="invalid",
            ) from None


class DateFilter(django_filters.DateFilter):
    """A list's date filter, typed and refused as the forms' dates are."""

    field_class = DateField


#: A select the browser makes searchable among its options (static/js/selects.js), and what
#: it says when nothing matches what was typed.
SEARCHABLE = {"data-search": "", "data-no-results": gettext_lazy("Nothing matches")}

#: A list of records longer than this is searched as the user types (SearchableSelect).
SEARCHABLE_SELECT_LIMIT = 100
#: Records offered for one search (`options_response`): the select lists the first of them.
OPTIONS_OFFERED = 20


class SearchableSelect(forms.Select):
    """A select of records that stays short however many there are.

    Up to SEARCHABLE_SELECT_LIMIT records it is the plain select, with every record. Past
    that the page holds only the empty choice and the chosen record, and the field is
    searched as the user types: static/js/selects.js (Tom Select, vendored) asks
    ``options_url`` (a URL name whose view answers ``?q=`` with `options_response` of the same
    field) for the records matching what is typed. A list's filter of an office with two
    thousand projects then writes two options, not two thousand, and a session's page one
    trainee, not fifty thousand. Without JavaScript such a field offers only what is chosen:
    in a list's filter a link or the address sets it; a form needs the script past the limit.
    """

    def __init__(self, options_url: str, attrs=None):
        super().__init__(attrs)
        self.options_url = options_url
        self.searched = False

    def optgroups(self, name, value, attrs=None):
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if queryset is None:  # not a model's records
            return super().optgroups(name, value, attrs)
        # The first records, to know whether there are more: from the figures cache when the
        # choices come from it (untop.choices), else read once here (a model field's iterator
        # would read them all again).
        if hasattr(iterator, "first"):
            choices = iterator.first(SEARCHABLE_SELECT_LIMIT + 1)
        else:
            records = queryset[: SEARCHABLE_SELECT_LIMIT + 1]
            choices = [iterator.choice(record) for record in records]
        self.searched = len(choices) > SEARCHABLE_SELECT_LIMIT
        if self.searched:
            key = iterator.field.to_field_name or "pk"
            choices = [iterator.choice(record) for record in self._chosen(queryset, key, value)]
        empty = [("", iterator.field.empty_label)] if iterator.field.empty_label is not None else []
        self.choices = empty + choices
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = iterator

    @staticmethod
    def _chosen(queryset, key: str, value) -> list:
        chosen = [item for item in value if item not in (None, "")]
        if not chosen:
            return []
        try:
            return list(queryset.filter(**{f"{key}__in": chosen}))
        except (TypeError, ValueError, ValidationError):  # not a record's key: none chosen
            return []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.searched:
            context["widget"]["attrs"].update(
                {
                    "data-search": "",
                    "data-options-url": reverse(self.options_url),
                    "data-no-results": gettext("Nothing matches"),
                    "data-type-to-search": gettext("Type to search"),
                }
            )
        return context


class SearchableSelectMultiple(SearchableSelect, forms.SelectMultiple):
    """`SearchableSelect` for a field of several records (a session's trainers): past the
    limit the page holds only the records chosen, and more are found by typing."""


def options_response(request: HttpRequest, field: forms.ModelChoiceField) -> JsonResponse:
    """What a `SearchableSelect` offers for ``?q=``: the first `OPTIONS_OFFERED` records of
    `field`'s own queryset that its ``search(text)`` finds, valued and labelled as the field
    writes them (``{"results": [{"value": "12", "text": "…"}]}``, Tom Select's names).

    The caller builds the field as its form does for the same user, so the search offers
    exactly what the form accepts: a centre's staff find only their centre's activities.
    """
    text = request.GET.get("q", "").strip()[:100]
    records = field.queryset
    if text:
        records = records.search(text)
    return JsonResponse(
        {
            "results": [
                {
                    "value": str(field.prepare_value(record)),
                    "text": str(field.label_from_instance(record)),
                }
                for record in records[:OPTIONS_OFFERED]
            ]
        }
    )
