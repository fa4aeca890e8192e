"""The activity form as a browser posts it, for the tests of its breakdown grids and of two
people editing one activity."""

from __future__ import annotations

import lxml.html
from django.urls import reverse

from programs.models import AgeBand


def grid_cell(row: int, sex: str, band: AgeBand | None, disability: str) -> str:
    """The name a grid's input posts under: row, sex, age band (none: not recorded),
    disability."""
    return f"participants-{row}-grid_{sex}_{band.pk if band else 'none'}_{disability}"


def edit_form_data(client, activity) -> dict:
    """The edit form as its page fills it in (what the browser would post), grids included,
    ready to change."""
    page = client.get(reverse("programs:activity_edit", args=[activity.pk])).text
    (form,) = lxml.html.fromstring(page).xpath("//form[contains(@class, 'activity-form')]")
    data: dict = {}
    for name, value in form.form_values():
        if "__prefix__" not in name:  # the new row's template, not a row
            data.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}
