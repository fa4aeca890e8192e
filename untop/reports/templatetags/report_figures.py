"""Template helpers of the reports: figures that link to their records, names per language."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

register = template.Library()


def trace_link(text: Any, url_name: str, *, args: Any = (), filters: dict | None = None) -> str:
    """A figure as a link to the records it sums: the list ``url_name`` (with ``args``)
    filtered by ``filters`` (blank filters left out). The one shape of every traced figure
    of a report's web preview."""
    query = urlencode(
        {name: v for name, v in (filters or {}).items() if v not in (None, "", False)}
    )
    return format_html(
        '<a class="trace" href="{}" title="{}">{}</a>',
        reverse(url_name, args=args or ()) + (f"?{query}" if query else ""),
        gettext("The records this figure sums"),
        conditional_escape(text),
    )


@register.simple_tag(takes_context=True)
def traced(context, value: Any, url_name: str, **filters: Any) -> str:
    """A figure; in the web preview of a report, a link to the filtered records it sums.

    The PDF has no links: its figures are traced through the preview and the snapshot time
    printed on every page.
    """
    if not context.get("preview"):
        return conditional_escape(value)
    return trace_link(value, url_name, filters=filters)


@register.simple_tag(takes_context=True)
def traced_to(context, value: Any, trace: dict[str, Any] | str | None, *args: Any) -> str:
    """A figure whose records the report worked out: in the web preview, a link to them.

    ``trace`` is ``{"url_name": …, "args": […], "filters": {…}}`` (``args`` and ``filters``
    optional), e.g. the back office's pledges of a donor, or a URL name and its arguments
    (``"programs:activity_detail" activity.pk``: one record's page); None where no list
    shows exactly what the figure sums, and the figure is printed plain.
    """
    if not context.get("preview") or not trace:
        return conditional_escape(value)
    if isinstance(trace, str):
        trace = {"url_name": trace, "args": args}
    return trace_link(
        value, trace["url_name"], args=trace.get("args"), filters=trace.get("filters")
    )


@register.simple_tag(takes_context=True)
def traced_words(
    context, pattern: str, figures: dict[str, Any], trace: dict[str, Any] | None
) -> str:
    """Words the report composed (``pattern``, with ``%(name)s`` for each of ``figures``, e.g.
    "through %(spelled)s seminars with %(people)s participants"), each figure, in the web
    preview, a link to the records ``trace`` names (see ``traced_to``)."""
    values = {name: traced_to(context, value, trace) for name, value in figures.items()}
    return mark_safe(conditional_escape(pattern) % values)  # noqa: S308 (each part escaped)


@register.filter
def localized(row: Any, field: str) -> str:
    """A row's name in the report's language (``field_ru``, ``field_tg``), else in English."""
    language = (get_language() or "en")[:2]

    def read(name: str) -> Any:
        return row.get(name) if isinstance(row, dict) else getattr(row, name, None)

    if language != "en":
        translated = read(f"{field}_{language}")
        if translated:
            return translated
    return read(field) or ""


@register.simple_tag
def list_words(items: list[Any]) -> str:
    """'a, b and c' in the active language."""
    words = [str(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    return gettext("%(list)s and %(last)s") % {"list": ", ".join(words[:-1]), "last": words[-1]}


# -- figures in a letter's prose --------------------------------------------------------------
# The Secretariat writes counts from one to nine in words and rounds large figures in the
# prose ("over 500", "over US$ 2 million"), leaving the exact ones to the annex. The rule:
#   below 100, and any number already round: exact;
#   100 to 9,999: rounded down to its first digit (546 -> over 500, 1,045 -> over 1,000);
#   10,000 and more: rounded down to its first two digits (26,406 -> over 26,000);
#   money: from US$ 2 million rounded down to the million, from 1 million to a tenth of a
#   million, below that to its first digit (450,000 -> over US$ 400,000).
# A report asks for "exact" figures instead in its parameters (prose = "exact").
_WORDS = {
    "en": ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
    "ru": ["один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"],
    "tg": ["як", "ду", "се", "чор", "панҷ", "шаш", "ҳафт", "ҳашт", "нӯҳ"],
}
_RUSSIAN_FEMININE = {1: "одна", 2: "две"}


def _language() -> str:
    return (get_language() or "en")[:2]


def _grouped(number: int) -> str:
    from django.contrib.humanize.templatetags.humanize import intcomma

    return str(intcomma(number))


def _rounded_down(number: int, digits: int) -> int:
    scale = 10 ** max(len(str(number)) - digits, 0)
    return number // scale * scale


@register.filter
def spelled(value: Any, gender: str = "") -> str:
    """A count in prose: one to nine in words (Russian "одна", "две" with gender "f"),
    other numbers in figures."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return conditional_escape(value)
    if 1 <= number <= 9:
        language = _language()
        if language == "ru" and gender == "f" and number in _RUSSIAN_FEMININE:
            return _RUSSIAN_FEMININE[number]
        return _WORDS.get(language, _WORDS["en"])[number - 1]
    return _grouped(number)


@register.filter
def about(value: Any, prose: str = "rounded") -> str:
    """A count of people in prose: "over 500" for 546 when the report rounds (see above)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return conditional_escape(value)
    if number < 10:
        return spelled(number)
    if prose == "exact" or number < 100:
        return _grouped(number)
    rounded = _rounded_down(number, 1 if number < 10_000 else 2)
    if rounded == number:
        return _grouped(number)
    return gettext("over %(number)s") % {"number": _grouped(rounded)}


@register.filter
def about_usd(value: Any, prose: str = "rounded") -> str:
    """An amount in US dollars in prose: "over US$ 2 million" for 2,222,660 (see above)."""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return conditional_escape(value)
    if prose == "exact" or amount < 1000:
        return gettext("US$ %(amount)s") % {"amount": _grouped(amount)}
    if amount >= 1_000_000:
        tenths = amount // 100_000 if amount < 2_000_000 else amount // 1_000_000 * 10
        millions = f"{tenths // 10}" if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}"
        if _language() != "en":
            millions = millions.replace(".", ",")
        text = gettext("US$ %(millions)s million") % {"millions": millions}
        exact = tenths * 100_000 == amount
    else:
        rounded = _rounded_down(amount, 1)
        text = gettext("US$ %(amount)s") % {"amount": _grouped(rounded)}
        exact = rounded == amount
    return text if exact else gettext("over %(number)s") % {"number": text}
