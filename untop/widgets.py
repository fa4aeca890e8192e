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
from django.utils.formats import get_format
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext

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
