"""``{% form_key %}``: a hidden field with a key of its own for each form a page renders.

A built-in tag (settings.TEMPLATES "builtins"), so a template needs no ``{% load %}``.
``SentOnceMiddleware`` uses it to save a form's post once.
"""

from __future__ import annotations

import uuid

from django import template
from django.utils.html import format_html

register = template.Library()

FIELD = "form_key"


@register.simple_tag
def form_key() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, uuid.uuid4().hex)
