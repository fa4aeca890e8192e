"""The columns of an import file and how each cell is read: dates, counts, codes, choices.

Each parser takes the cell (text from CSV; text, number or date from XLSX) and returns the
value or raises ``CellError`` with a message a user can act on.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .reading import cell_text


class CellError(ValueError):
    """The cell's value cannot be used; the message says why and what would be right."""


@dataclass(frozen=True)
class Column:
    """One column of a file: its header, whether it must be filled, how it is read."""

    header: str
    description: str
    parse: Callable[[Any], Any]
    required: bool = True
    example: str = ""

    def read(self, raw: Any) -> Any:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if self.required:
                raise CellError("This column must be filled in.")
            return None
        return self.parse(raw)


def normalise_header(header: str) -> str:
    """Headers compare without case, surrounding spaces or a stray BOM."""
    return " ".join(str(header).replace("\ufeff", "").strip().lower().split())


_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def date_value(raw: Any) -> datetime.date:
    """A date in ISO (2006-03-14) or as written in the region (14.03.2006)."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = cell_text(raw)
    try:
        if "-" in text:
            return datetime.date.fromisoformat(text[:10] if "T" in text else text)
        match = _DMY.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        pass
    raise CellError(f"“{text}” is not a date: write 2006-03-14 or 14.03.2006.")


def count(raw: Any) -> int:
    """A number of people: a whole number, zero or more."""
    text = cell_text(raw).replace(" ", "").replace("\u00a0", "")
    try:
        value = int(text)
    except ValueError:
        raise CellError(f"“{text}” is not a whole number.") from None
    if value < 0:
        raise CellError(f"{value} is negative: a count is zero or more.")
    return value


def money(raw: Any) -> Decimal:
    """An amount above zero, with a point or a comma before the cents."""
    text = cell_text(raw).replace(" ", "").replace("\u00a0", "")
    # 1 000,50 (a decimal comma) or 1,000.50 (a thousands comma)
    comma_is_decimal = "," in text and "." not in text
    text = text.replace(",", ".") if comma_is_decimal else text.replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CellError(f"“{text}” is not an amount.") from None
    if not value.is_finite() or value <= 0:
        raise CellError(f"{text} is not an amount above zero.")
    return value.quantize(Decimal("0.01"))


def looks_like_formula(value: str) -> bool:
    """Text a spreadsheet would run: =…, @…, or + and - before anything but a number."""
    if not value:
        return False
    if value[0] in "=@\t\r":
        return True
    return value[0] in "+-" and len(value) > 1 and not (value[1].isdigit() or value[1] in " .")


def text(max_length: int) -> Callable[[Any], str]:
    def parse(raw: Any) -> str:
        value = cell_text(raw) if not isinstance(raw, str) else raw.strip(" \n")
        if looks_like_formula(value):
            raise CellError(
                f"“{value[:40]}” starts like a spreadsheet formula; the portal keeps no "
                "formulas: remove the leading sign."
            )
        if len(value) > max_length:
            raise CellError(f"The text is {len(value)} characters long; at most {max_length}.")
        return value

    return parse


_TRUE = {"yes", "y", "true", "1", "x", "да", "ҳа"}
_FALSE = {"no", "n", "false", "0", "нет", "не"}


def yes_no(raw: Any) -> bool:
    value = cell_text(raw).lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError(f"“{value}” is not yes or no.")


def choice(choices: Iterable[tuple[str, str]]) -> Callable[[Any], str]:
    """One of a field's choices, by its code or its label (any case)."""
    choices = list(choices)
    by_text = {}
    for value, label in choices:
        by_text[str(value).lower()] = value
        by_text[str(label).lower()] = value

    def parse(raw: Any) -> str:
        value = cell_text(raw)
        try:
            return by_text[value.lower()]
        except KeyError:
            allowed = ", ".join(str(value) for value, _ in choices)
            raise CellError(f"“{value}” is not one of: {allowed}.") from None

    return parse


class KeyCache:
    """Records of one model by their natural key, loaded in one query on first use.

    An import of 100,000 rows that names 30 projects asks the database once, not 100,000
    times. Keys compare without case; ``get`` returns the model instance.
    """

    def __init__(self, queryset, key: str | tuple[str, ...], label: str):
        self.keys = (key,) if isinstance(key, str) else key
        self.queryset, self.key, self.label = queryset, self.keys[0], label
        self._by_key: dict[str, Any] | None = None

    def load(self) -> dict[str, Any]:
        """Every record by each of its keys (a category by its code and by its name)."""
        if self._by_key is None:
            self._by_key = {}
            for record in self.queryset:
                for key in self.keys:
                    value = getattr(record, key)
                    if value not in (None, ""):
                        self._by_key.setdefault(str(value).strip().lower(), record)
        return self._by_key

    def get(self, raw: Any) -> Any:
        value = cell_text(raw)
        try:
            return self.load()[value.lower()]
        except KeyError:
            field = self.key.replace("_", " ")
            raise CellError(f"No {self.label} has the {field} “{value}”.") from None

    def __call__(self, raw: Any) -> Any:
        return self.get(raw)

    def add(self, key: str, record: Any) -> None:
        self.load()[key.strip().lower()] = record
