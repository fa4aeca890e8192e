"""Dates typed in the portal's language: the field shows and reads the language's format
(24/09/2007, 24.09.2007), reads ISO dates in every language, says its format under it, and
refuses what it cannot read naming the field, what was typed and the format."""

from __future__ import annotations

import datetime
import re

import pytest
from django import forms
from django.utils import translation

from untop.widgets import DateField

DAY = datetime.date(2005, 10, 4)


class MeetingForm(forms.Form):
    start = DateField(label="Start")


@pytest.mark.parametrize(
    "language,typed",
    [
        ("en", "04/10/2005"),
        ("en", "4/10/2005"),
        ("en", "4 Oct 2005"),
        ("en", "4 October 2005"),
        ("en", "04.10.2005"),
        ("ru", "04.10.2005"),
        ("ru", "4.10.05"),
        ("tg", "04.10.2005"),
        ("en", "2005-10-04"),
        ("ru", "2005-10-04"),
        ("tg", "2005-10-04"),
    ],
)
def test_a_date_is_read_as_the_language_writes_it(language, typed):
    with translation.override(language):
        form = MeetingForm({"start": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["start"] == DAY


@pytest.mark.parametrize(
    "language,shown,pattern,hint",
    [
        ("en", "04/10/2005", "dd/mm/yyyy", "Day, month, year: dd/mm/yyyy, e.g. 24/09/2007"),
        # The letters of the pattern are the language's own (translated); the order is fixed.
        ("ru", "04.10.2005", r"\w\w\.\w\w\.\w{4}", "24.09.2007"),
        ("tg", "04.10.2005", r"\w\w\.\w\w\.\w{4}", "24.09.2007"),
    ],
)
def test_the_field_shows_its_value_format_and_hint_in_the_language(language, shown, pattern, hint):
    with translation.override(language):
        html = str(MeetingForm(initial={"start": DAY})["start"])
        help_text = str(MeetingForm.base_fields["start"].help_text)
    assert 'type="text"' in html and 'type="date"' not in html
    assert f'value="{shown}"' in html
    assert re.search(f'placeholder="{pattern}"', html), html
    assert hint in help_text


def test_the_american_month_first_is_not_read_as_a_day_first_date():
    """10/25/2006 is no date day first; 04/10/2005 is 4 October, never 10 April."""
    with translation.override("en"):
        assert not MeetingForm({"start": "10/25/2006"}).is_valid()
        form = MeetingForm({"start": "04/10/2005"})
        assert form.is_valid() and form.cleaned_data["start"].month == 10


@pytest.mark.parametrize(
    "language,typed,message",
    [
        (
            "en",
            "31/02/2006",
            "Start: “31/02/2006” is not a date. Write it as dd/mm/yyyy, e.g. 24/09/2007.",
        ),
        ("en", "next Tuesday", "Start: “next Tuesday” is not a date."),
        ("ru", "31.02.2006", "«31.02.2006» — не дата"),
    ],
)
def test_a_date_that_cannot_be_read_is_refused_naming_the_field(language, typed, message):
    with translation.override(language):
        form = MeetingForm({"start": typed})
        assert not form.is_valid()
        [error] = form.errors["start"]
    assert message in error
    assert error.startswith("Start: ")


def test_a_required_date_left_empty_says_so():
    form = MeetingForm({"start": ""})
    assert not form.is_valid()
    assert form.errors["start"] == ["This field is required."]
