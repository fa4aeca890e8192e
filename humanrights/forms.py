"""Forms of the human-rights pages: an implementation action, a note, a share."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from programs.models import Activity, Project
from untop.concurrency_forms import versioned
from untop.widgets import SEARCHABLE, DateField, DateInput, SearchableSelectMultiple

from .models import (
    ImplementationAction,
    MonitoringNote,
)


class ActivityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, activity: Activity) -> str:
        day = date_format(activity.start, "SHORT_DATE_FORMAT")
        return f"{day} · {activity.project.code} · {activity.title}"


class ImplementationActionForm(forms.ModelForm):
    activities = ActivityChoiceField(
        queryset=Activity.objects.none(),
        required=False,
        label=_("Office activities"),
        help_text=_("Held activities of the human-rights projects; their participants count once."),
        # Searched as the user types past a hundred (the human-rights projects hold
        # thousands of activities), among the activities this form accepts.
        widget=SearchableSelectMultiple(
            "humanrights:action_activity_options", attrs={"size": 8, **SEARCHABLE}
        ),
    )

    class Meta:
        model = ImplementationAction
        fields = ["taken_on", "description", "taken_by", "evidence", "activities", "new_status"]
        field_classes = {"taken_on": DateField}
        widgets = {
            "taken_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = (
            Activity.objects.held()
            .filter(project__area=Project.Area.HUMAN_RIGHTS)
            .select_related("project")
            .order_by("-start", "-id")
        )


@versioned  # two officers editing one note: the second sees both versions
class MonitoringNoteForm(forms.ModelForm):
    class Meta:
        model = MonitoringNote
        fields = ["observed_on", "region", "topic", "summary", "sources", "sensitivity", "advice"]
        field_classes = {"observed_on": DateField}
        widgets = {
            "observed_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "sources": forms.Textarea(attrs={"rows": 2}),
            "advice": forms.Textarea(attrs={"rows": 3}),
        }


class NoteSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the notes"), required=False, max_length=100)


class NoteShareForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        label=_("Share with"),
    )
