"""The options of a select and a widget's attributes, written in Python
(templates/django/forms/widgets/select.html and input.html).

Django's own select template includes a template per option, and that include another for
the option's attributes: two template renders per option. A list's filter with the 200
projects of a large office spent more time there than in all its queries. ``options_html``
writes the same HTML as ``django/forms/widgets/select_option.html`` and its ``attrs.html``,
option by option, with the same escaping; ``attributes_html`` writes a widget's own
attributes as ``attrs.html`` would, which every input and select included, a template
render per field of every form. No maintained library renders Django's widgets another way;
an option whose widget names a template of its own is still rendered by it.
"""

from django import template
from django.template.loader import get_template
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, SafeString

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


def _option(option: dict) -> str:
    if option["template_name"] != OPTION_TEMPLATE:
        return get_template(option["template_name"]).render({"widget": option})
    return format_html(
        '<option value="{}"{}>{}</option>',
        _text(option["value"]),
        _attributes(option["attrs"]),
        localize(option["label"]),
    )


@register.filter
def options_html(options: list[dict]) -> str:
    """The options of one group of a select, spaced as Django's templates space them (its
    option template ends with a line break)."""
    return format_html_join("", "\n  {}\n", ((_option(option),) for option in options))


@register.filter
def attributes_html(attrs: dict) -> str:
    """A widget's attributes, as ``django/forms/widgets/attrs.html`` writes them."""
    return _attributes(attrs)
