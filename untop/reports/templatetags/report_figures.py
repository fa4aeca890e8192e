"""Template helpers of the reports: figures that link to their records, names per language."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language, gettext

register = template.Library()


@register.simple_tag(takes_context=True)
def traced(context, value: Any, url_name: str, **filters: Any) -> str:
    """A figure; in the web preview of a report, a link to the filtered records it sums.

    The PDF has no links: its figures are traced through the preview and the snapshot time
    printed on every page.
    """
    text = conditional_escape(value)
    if not context.get("preview"):
        return text
    query = urlencode({name: v for name, v in filters.items() if v not in (None, "", False)})
    href = reverse(url_name) + (f"?{query}" if query else "")
    return format_html(
        '<a class="trace" href="{}" title="{}">{}</a>',
        href,
        gettext("The records this figure sums"),
        text,
    )


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
