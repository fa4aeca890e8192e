"""The donor report: a donor and a period in, what the donor's money did out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms

from untop.reports.registry import ReportKind

from .models import Donor, Project
from .selectors import donor_report_figures


class DonorReportForm(forms.Form):
    """A donor and a period; the same rules on the report page and on the command line."""

    donor = forms.ModelChoiceField(
        queryset=Donor.objects.all(),
        to_field_name="code",
        error_messages={"invalid_choice": "There is no donor with that code."},
    )
    start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The period cannot end before it starts.")
        return data

    def to_parameters(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "donor": data["donor"].code,
            "start": data["start"].isoformat(),
            "end": data["end"].isoformat(),
        }


@dataclass(frozen=True)
class DonorScope:
    """What a donor report covers: the donor, the period and the projects it funded."""

    donor: Donor
    start: datetime.date
    end: datetime.date

    @property
    def projects(self):
        """The projects the donor pledged to, as a queryset (used as a subquery)."""
        return Project.objects.filter(pledges__donor=self.donor).distinct()


def donor_scope(parameters: dict[str, Any]) -> DonorScope:
    """The scope of a donor report from its parameters; area sections start from it."""
    return DonorScope(
        donor=Donor.objects.get(code=parameters["donor"]),
        start=datetime.date.fromisoformat(parameters["start"]),
        end=datetime.date.fromisoformat(parameters["end"]),
    )


def _build_context(parameters: dict[str, Any]) -> dict[str, Any]:
    scope = donor_scope(parameters)
    return donor_report_figures(donor=scope.donor, start=scope.start, end=scope.end)


def _describe(parameters: dict[str, Any]) -> str:
    name = Donor.objects.filter(code=parameters["donor"]).values_list("name", flat=True).first()
    return (
        f"Donor report: {name or parameters['donor']}, {parameters['start']} to {parameters['end']}"
    )


DONOR_REPORT = ReportKind(
    code="donor",
    label="Donor report",
    template_name="programs/reports/donor_report.html",
    form_class=DonorReportForm,
    build_context=_build_context,
    describe=_describe,
)
