"""The options of a select and a widget's attributes, written in Python
(templates/django/forms/widgets/select.html and input.html).

Django's own select template includes a template per option, and that include another for
the option's attributes: two template renders per option. A list's filter with the 200
projects of a large office spent more time there than in all its queries. ``optgroups_html``
writes in one pass what ``select.html``'s loop, its ``select_option.html`` and their
``attrs.html`` write, with the same escaping; ``attributes_html`` writes a widget's own
attributes as ``attrs.html`` would, which every input and select included, a template
render per field of every form. No maintained library renders Django's widgets another way;
an option whose widget names a template of its own is still rendered by it.
"""

import html

from django import template
from django.template.loader import get_template
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeData, SafeString, mark_safe

register = template.Library()

OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _text(value) -> str:
    # The "stringformat:'s'" filter: a value marked safe stays unescaped.
    return value if isinstance(value, SafeData) else str(value)


def _attributes(attrs: dict) -> SafeString:
    # attrs.html: a True value is written bare, a False one left out, the rest quoted.
    written = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            written.append(format_html(" {}", name))
        else:
            written.append(format_html(' {}="{}"', name, _text(value)))
    return format_html_join("", "{}", ((piece,) for piece in written))


def _escaped(text) -> str:
    # conditional_escape() without its checks, for the text of every option.
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


def _option(option: dict) -> str:
    if option["template_name"] != OPTION_TEMPLATE:
        return get_template(option["template_name"]).render({"widget": option})
    attrs = option["attrs"]
    # Most options have no attribute, or only "selected".
    if not attrs:
        written = ""
    elif attrs == _SELECTED:
        written = " selected"
    else:
        written = _attributes(attrs)
    value = _escaped(_text(option["value"]))
    return f'<option value="{value}"{written}>{_escaped(localize(option["label"]))}</option>'


_SELECTED = {"selected": True}


@register.filter
def optgroups_html(optgroups: list) -> SafeString:
    """A select's options and groups of options (``widget.optgroups``), spaced as Django's
    templates space them (its option template ends with a line break)."""
    written = []
    for group_name, options, _index in optgroups:
        if group_name:
            written.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        written.extend(f"\n  {_option(option)}\n" for option in options)
        if group_name:
            written.append("\n  </optgroup>")
    return mark_safe("".join(written))  # noqa: S308 (every text in it escaped above)


@register.filter
def attributes_html(attrs: dict) -> str:
    """A widget's attributes, as ``django/forms/widgets/attrs.html`` writes them."""
    return _attributes(attrs)
