"""The activity list's filters and its export's columns.

Every list of the portal declares its filters here, in its app's filters.py, as a django-filter
FilterSet that the list's page and its export both use, and the columns of its export next to
them (the files are written by untop/exports.py). The filters' query parameters are those the
reports' links and the users' bookmarks carry:
``/programs/activities/?area=…&kind=meeting&counted=on&start_from=…&start_to=…&centre=…&category=…``
"""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from untop.choices import cache_record_choices
from untop.exports import Column, ListExport
from untop.widgets import DateFilter, DateInput, SearchableSelect

from .models import (
    Activity,
    Centre,
    Indicator,
    MandateArea,
    ParticipantCategory,
    ParticipantCount,
    Project,
)


class ListFilter(django_filters.FilterSet):
    """A list's filters. A bad value is shown on its field and the list shows no rows, so
    that nobody takes an unfiltered list for the one they asked for."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            # Its selects of records read them from the figures cache, not on every page.
            cache_record_choices(super().form)
        return super().form

    @property
    def qs(self):
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs

    def value(self, name: str):
        """A filter's valid value, or None (no value, or a bad one)."""
        return self.form.cleaned_data.get(name) if self.is_valid() else None


class CheckboxFilter(django_filters.BooleanFilter):
    """A tick box: ``name=on`` when ticked (django-filter's own is a yes/no/unknown list)."""

    field_class = forms.BooleanField


class ActivityFilterForm(forms.Form):
    """The check across the activity filters: a date range that ends before it starts."""

    def clean(self):
        data = super().clean()
        start_from, start_to = data.get("start_from"), data.get("start_to")
        if start_from and start_to and start_to < start_from:
            self.add_error("start_to", _("The end of the range is before its start."))
        return data


def _area_filter() -> django_filters.ChoiceFilter:
    """The mandate area of a record's project (``?area=…``), for the lists of project records."""
    return django_filters.ChoiceFilter(
        field_name="project__area",
        label=_("Mandate area"),
        choices=MandateArea.choices,
        empty_label=_("All areas"),
    )


def _project_filter() -> django_filters.ModelChoiceFilter:
    """A record's project (``?project=<id>``)."""
    return django_filters.ModelChoiceFilter(
        queryset=Project.objects.all(),
        label=_("Project"),
        empty_label=_("All projects"),
        widget=SearchableSelect("programs:project_options"),
    )


class ActivityFilter(ListFilter):
    """The activity list's filters; every one is optional."""

    q = django_filters.CharFilter(label=_("Search"), max_length=100, method="search")
    area = _area_filter()
    centre = django_filters.ModelChoiceFilter(
        queryset=Centre.objects.all(), label=_("Centre"), empty_label=_("All centres")
    )
    project = _project_filter()
    gender_marker = django_filters.ChoiceFilter(
        field_name="project__gender_marker",
        choices=Project.GenderMarker.choices,
        label=_("Gender marker"),
        empty_label=_("Any gender marker"),
        help_text=_("Activities of the projects with this marker."),
    )
    status = django_filters.ChoiceFilter(
        choices=Activity.Status.choices, label=_("Status"), empty_label=_("Any status")
    )
    approval = django_filters.ChoiceFilter(
        choices=Activity.Approval.choices, label=_("Approval"), empty_label=_("Any approval")
    )
    start_from = DateFilter(
        field_name="start", lookup_expr="gte", label=_("From"), widget=DateInput()
    )
    start_to = DateFilter(field_name="start", lookup_expr="lte", label=_("To"), widget=DateInput())
    kind = django_filters.ChoiceFilter(
        choices=Activity.Kind.choices, label=_("Type"), empty_label=_("Any type")
    )
    category = django_filters.ModelChoiceFilter(
        queryset=ParticipantCategory.objects.all(),
        to_field_name="code",
        label=_("Participants"),
        empty_label=_("All participants"),
        help_text=_("Activities with participants of this category; the totals count only them."),
        method="with_participants_of",
    )
    counted = CheckboxFilter(
        label=_("Only what reports count"),
        help_text=_("Held and approved activities."),
        method="only_counted",
    )

    class Meta:
        model = Activity
        fields: list[str] = []
        form = ActivityFilterForm

    def search(self, activities, name, text):
        return activities.search(text)

    def with_participants_of(self, activities, name, category):
        return activities.filter(
            pk__in=ParticipantCount.objects.filter(category=category).values("activity_id")
        )

    def only_counted(self, activities, name, ticked):
        # Held and approved: the one definition (programs.rules.counted) every figure uses.
        return activities.counted() if ticked else activities


class IndicatorFilter(ListFilter):
    """The indicators page's filters: the projects' area, a project, and how each indicator
    stands against its target in the period (worked out from the period's figures, so the
    page applies it to the rows; here it is only checked)."""

    area = _area_filter()
    project = _project_filter()
    standing = django_filters.ChoiceFilter(
        label=_("Standing"),
        choices=[
            ("attention", _("Needs attention")),
            ("behind", _("Behind target")),
            ("met", _("Target met")),
            ("unmeasured", _("No target or no value yet")),
        ],
        empty_label=_("Any standing"),
        method="left_to_the_rows",
    )

    class Meta:
        model = Indicator
        fields: list[str] = []

    def left_to_the_rows(self, indicators, name, value):
        return indicators


#: The activity list's export: exactly the rows filtered, in one query (see activity_export
#: for the columns of the people by age band and disability). Its HXL tags: the participants
#: are people an activity reached (#reached; #affected counts people hit by an emergency);
#: the mandate area, type and status are written as their codes; the region by its ISO 3166-2
#: code. The approval has no HXL hashtag of its own and stays untagged.
ACTIVITY_EXPORT = ListExport(
    stem="activities",
    title="Activities",
    columns=[
        Column("Start", "start", hxl="#date+start"),
        Column("End", "end", hxl="#date+end"),
        Column("Title", "title", hxl="#activity+name"),
        Column("Type", "kind", hxl="#activity+type"),
        Column("Project", "project__code", hxl="#activity+project+code"),
        Column("Mandate area", "project__area", hxl="#sector+code"),
        Column("Centre", "centre__name", hxl="#loc+name"),
        Column("Region", "centre__region__code", hxl="#adm1+code"),
        Column("District", "district__name_en", hxl="#adm2+name"),
        Column("Status", "status", hxl="#status+code"),
        Column("Approval", "approval"),
        Column("Women", "women_total", hxl="#reached+f"),
        Column("Men", "men_total", hxl="#reached+m"),
        Column("Total", "participant_total", hxl="#reached"),
    ],
)


def activity_export(bands) -> ListExport:
    """ACTIVITY_EXPORT with the people of each age band (``bands``, the office's, in order)
    and by disability, as ``ActivityQuerySet.with_breakdown_totals`` annotates them. These
    columns carry no HXL tag: HXL 1.1 has only loose age groups (+children, +adults…) that the
    office's bands do not match, and no attribute for disability."""
    return ListExport(
        stem=ACTIVITY_EXPORT.stem,
        title=ACTIVITY_EXPORT.title,
        columns=[
            *ACTIVITY_EXPORT.columns,
            *(Column(f"Age {band.name}", f"band_{band.pk}") for band in bands),
            Column("Age not recorded", "age_not_recorded"),
            Column("With a disability", "disability_yes"),
            Column("Without a disability", "disability_no"),
            Column("Disability not recorded", "disability_not_recorded"),
        ],
    )
