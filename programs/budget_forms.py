"""The budget pages' filters and the form that revises a project's budget.

The revision form is a grid: one amount a year of the project and a category of
expenditure (``line-<year>-<category>``), in the project's currency, with the date of the
revision, its reason and the number of the revision the user started from (``based_on``).
The checks of the lines, the date and the reason are ``programs.budgets.budget_revise``'s:
the form only reads what was typed, so that the page, the back office and the import refuse
the same budget with the same words.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from untop.widgets import DateField

from .budgets import CATEGORIES, LineInput
from .filters import ListFilter
from .models import Donor, MandateArea, Project
from .models.budgets import BudgetLine


class BudgetFilter(ListFilter):
    """The budget page's filters: the projects' mandate area and a donor that funds them."""

    area = django_filters.ChoiceFilter(
        label=_("Mandate area"), choices=MandateArea.choices, empty_label=_("All areas")
    )
    donor = django_filters.ModelChoiceFilter(
        queryset=Donor.objects.all(),
        label=_("Donor"),
        empty_label=_("All donors"),
        help_text=_("The projects this donor pledged to."),
        method="funded_by",
    )

    class Meta:
        model = Project
        fields: list[str] = []

    def funded_by(self, projects, name, donor):
        from .budgets import donor_projects

        return projects.filter(pk__in=donor_projects(donor).values("pk"))


def cell_name(year: int, category: str) -> str:
    return f"line-{year}-{category}"


def line_name(year: int, category: str) -> str:
    """A line as the budget's messages name it: "2006 Travel"."""
    return f"{year} {CATEGORIES.get(category, category)}"


class BudgetReviseForm(forms.Form):
    """A whole budget: an amount for each year of the project and category (empty: none)."""

    made_on = DateField(
        label=_("Date of the revision"),
        help_text=_("The day it was agreed; its month's UN rate converts it to US$."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why the budget changes, e.g. the donor's letter agreeing to it."),
    )
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.years = list(range(project.start.year, project.end.year + 1))
        self.line_errors: list[str] = []
        for year in self.years:
            for code in CATEGORIES:
                name = line_name(year, code)
                self.fields[cell_name(year, code)] = forms.DecimalField(
                    label=name,
                    required=False,
                    max_digits=14,
                    decimal_places=2,
                    localize=True,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 10}),
                    error_messages={
                        "invalid": _("%(line)s: enter an amount, such as 12500.00.")
                        % {"line": name},
                        "max_decimal_places": _("%(line)s: at most two decimals (cents).")
                        % {"line": name},
                        "max_digits": _("%(line)s: the amount is too large.") % {"line": name},
                        "max_whole_digits": _("%(line)s: the amount is too large.")
                        % {"line": name},
                    },
                )

    @staticmethod
    def initial_from(lines: list[BudgetLine], based_on: int | None) -> dict:
        """The form's values from a revision's lines."""
        initial: dict = {cell_name(line.year, line.category): line.amount for line in lines}
        initial["based_on"] = based_on
        return initial

    def grid(self) -> list[dict]:
        """The cells by year: each year's bound fields, one a category."""
        return [
            {
                "year": year,
                "cells": [
                    {"category": label, "field": self[cell_name(year, code)]}
                    for code, label in CATEGORIES.items()
                ],
            }
            for year in self.years
        ]

    def lines(self) -> list[LineInput]:
        """What was typed, as the budget service takes it (empty cells left out)."""
        return [
            LineInput(year=year, category=code, amount=amount)
            for year in self.years
            for code in CATEGORIES
            if (amount := self.cleaned_data.get(cell_name(year, code))) is not None
        ]

    def add_service_errors(self, errors: dict[str, list]) -> None:
        """budget_revise's refusal, each message at its field; the lines' above the grid, and
        each cell a message names marked."""
        for name, messages in errors.items():
            if name == "lines":
                self.line_errors += [str(message) for message in messages]
                for year in self.years:
                    for code in CATEGORIES:
                        named = line_name(year, code)
                        if any(str(m).startswith(named + ":") for m in messages) or any(
                            str(m).startswith(named + " ") for m in messages
                        ):
                            cell = cell_name(year, code)
                            self.fields[cell].widget.attrs["aria-invalid"] = "true"
                            self.fields[cell].widget.attrs["class"] = "cell-error"
            elif name in self.fields:
                self.add_error(name, messages)
            else:
                self.add_error(None, messages)

    def same_as(self, revision, lines: list[BudgetLine]) -> bool:
        """Whether ``revision`` (with its ``lines``) is exactly what this form holds: the form
        sent a second time."""
        data = self.cleaned_data
        typed = {
            (line.year, line.category): line.amount for line in self.lines() if line.amount != 0
        }
        saved = {(line.year, line.category): line.amount for line in lines}
        return (
            revision.made_on == data.get("made_on")
            and revision.reason == (data.get("reason") or "").strip()
            and typed == saved
        )
