"""The widgets of the portal's import files: how a cell becomes a value, and back.

django-import-export's widgets, with the office's formats (dates as 14.03.2006, amounts
with a decimal comma, yes/no in three languages) and messages a user can act on. A widget
raises ValueError; the resource reports it against the row and the column.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from import_export import widgets

from .reading import cell_text


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def looks_like_formula(value: str) -> bool:
    """Text a spreadsheet would run: =…, @…, or + and - before anything but a number."""
    if not value:
        return False
    if value[0] in "=@\t\r":
        return True
    return value[0] in "+-" and len(value) > 1 and not (value[1].isdigit() or value[1] in " .")


class TextWidget(widgets.CharWidget):
    """Text of at most ``max_length`` characters that a spreadsheet would not run."""

    def __init__(self, max_length: int, *, upper: bool = False):
        super().__init__(allow_blank=True)
        self.max_length, self.upper = max_length, upper

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            return None
        text = cell_text(value) if not isinstance(value, str) else value.strip(" \n")
        if looks_like_formula(text):
            raise ValueError(
                f"“{text[:40]}” starts like a spreadsheet formula; the portal keeps no "
                "formulas: remove the leading sign."
            )
        if len(text) > self.max_length:
            raise ValueError(f"The text is {len(text)} characters long; at most {self.max_length}.")
        return text.upper() if self.upper else text


_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


class DateWidget(widgets.DateWidget):
    """A date in ISO (2006-03-14), as written in the region (14.03.2006), or a date cell.
    A file's dates repeat (one day, many rows): each text is read once."""

    def __init__(self):
        super().__init__()
        self.read: dict[str, datetime.date] = {}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str) and value in self.read:
            return self.read[value]
        if blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        try:
            if "-" in text:
                day = datetime.date.fromisoformat(text[:10] if "T" in text else text)
            elif match := _DMY.match(text):
                day = datetime.date(*(int(part) for part in reversed(match.groups())))
            else:
                raise ValueError(text)
        except ValueError:
            raise ValueError(f"“{text}” is not a date: write 2006-03-14 or 14.03.2006.") from None
        if isinstance(value, str):
            self.read[value] = day
        return day

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else value.isoformat()


class CountWidget(widgets.IntegerWidget):
    """A number of people: a whole number, zero or more."""

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            return None
        text = cell_text(value).replace(" ", "").replace("\u00a0", "")
        try:
            number = int(text)
        except ValueError:
            raise ValueError(f"“{text}” is not a whole number.") from None
        if number < 0:
            raise ValueError(f"{number} is negative: a count is zero or more.")
        return number


class ScoreWidget(CountWidget):
    """A test score, 0–100."""

    def clean(self, value, row=None, **kwargs):
        try:
            score = super().clean(value)
        except ValueError:
            score = -1
        if score is not None and not 0 <= score <= 100:
            raise ValueError(f"“{cell_text(value)}” is not a score: a whole number from 0 to 100.")
        return score


class MoneyWidget(widgets.DecimalWidget):
    """An amount above zero, with a point or a comma before the cents (1 000,50 or 1,000.50)."""

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            return None
        text = cell_text(value).replace(" ", "").replace("\u00a0", "")
        comma_is_decimal = "," in text and "." not in text
        text = text.replace(",", ".") if comma_is_decimal else text.replace(",", "")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{text}” is not an amount.") from None
        if not amount.is_finite() or amount <= 0:
            raise ValueError(f"{text} is not an amount above zero.")
        return amount.quantize(Decimal("0.01"))


class YesNoWidget(widgets.BooleanWidget):
    """yes or no, in English, Russian or Tajik (and 1/0, x)."""

    TRUE_VALUES = ["yes", "y", "true", "1", "x", "да", "ҳа"]
    FALSE_VALUES = ["no", "n", "false", "0", "нет", "не"]

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            return None
        text = cell_text(value).lower()
        if text in self.TRUE_VALUES:
            return True
        if text in self.FALSE_VALUES:
            return False
        raise ValueError(f"“{text}” is not yes or no.")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else ("yes" if value else "no")


class ChoiceWidget(widgets.Widget):
    """One of a field's choices, by its code or its label (any case)."""

    def __init__(self, choices):
        super().__init__()
        self.choices = list(choices)
        self.by_text = {}
        for code, label in self.choices:
            self.by_text[str(code).lower()] = code
            self.by_text[str(label).lower()] = code

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            return None
        text = cell_text(value)
        try:
            return self.by_text[text.lower()]
        except KeyError:
            allowed = ", ".join(str(code) for code, _ in self.choices)
            raise ValueError(f"“{text}” is not one of: {allowed}.") from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class CachedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A record named by its natural key (a code, or a code or a name), from a map of the
    records by key loaded in one query on first use: an import of 100,000 rows that names
    30 projects asks the database once. Keys compare without case.

    Resources are built per import, and their widgets with them, so the map is never stale.
    """

    def __init__(self, model, field="code", *, also: tuple[str, ...] = (), label="", queryset=None):
        super().__init__(model, field=field)
        self.keys = (field, *also)
        self.label = label or model._meta.verbose_name
        self.queryset = queryset
        self._by_key: dict[str, Any] | None = None

    def load(self) -> dict[str, Any]:
        if self._by_key is None:
            self._by_key = {}
            records = self.queryset if self.queryset is not None else self.model.objects.all()
            for record in records:
                for key in self.keys:
                    value = getattr(record, key)
                    if value not in (None, ""):
                        self._by_key.setdefault(str(value).strip().lower(), record)
        return self._by_key

    def clean(self, value, row=None, **kwargs):
        if blank(value):
            return None
        text = cell_text(value)
        try:
            return self.load()[text.lower()]
        except KeyError:
            raise ValueError(
                f"No {self.label} has the {self.field.replace('_', ' ')} “{text}”."
            ) from None
