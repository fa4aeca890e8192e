"""Forms of the elections pages: a briefing, a follow-up, a milestone's day."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import Centre, Project
from untop.widgets import SEARCHABLE, DateField, DateInput, SearchableSelect

from .models import Milestone, Ministry, Recommendation

NEGATIVE = {"min_value": "A count cannot be negative."}


class BriefingForm(forms.Form):
    """A press briefing held by a ministry; staff may only choose their own centre.

    The office's rules (an open project whose dates hold the day, no locked period) are
    applied by ``briefing_record``, whose messages the page shows on these fields.
    """

    ministry = forms.ModelChoiceField(
        label=_("Ministry"), queryset=Ministry.objects.select_related("partner")
    )
    day = DateField(label=_("date"))
    topic = forms.CharField(label=_("Topic"), max_length=200)
    journalists_women = forms.IntegerField(
        label=_("journalists present: women"), min_value=0, initial=0, error_messages=NEGATIVE
    )
    journalists_men = forms.IntegerField(
        label=_("journalists present: men"), min_value=0, initial=0, error_messages=NEGATIVE
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.filter(area=Project.Area.ELECTIONS),
        help_text=_("The elections project the briefing belongs to."),
        # Searched as one types past a hundred, among the elections projects.
        widget=SearchableSelect("elections:briefing_project_options", attrs=SEARCHABLE),
    )
    centre = forms.ModelChoiceField(label=_("Centre"), queryset=Centre.objects.all())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Named as the activity form names projects: in the reader's language.
        self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.local_title}"
        if not user.has_perm("programs.change_activity_any_centre"):
            self.fields["centre"].queryset = Centre.objects.filter(pk=user.home_centre_id)
        self.fields["centre"].initial = user.home_centre_id


class CalendarYearForm(forms.Form):
    """The year a ministry's calendar shows (``?year=``), one of those it has briefings in."""

    year = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        error_messages={
            "invalid_choice": _(
                "The ministry planned and held no briefing in %(value)s: choose one of the "
                "years listed."
            )
        },
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["follow_up", "follow_up_note"]
        widgets = {"follow_up_note": forms.Textarea(attrs={"rows": 2})}


class MilestoneActualForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["actual"]
        field_classes = {"actual": DateField}
        widgets = {"actual": DateInput()}
