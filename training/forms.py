"""Forms of the training pages: a session, enrolments and results, trainees, merging."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.models import Activity, User
from untop.widgets import DateField, DateInput

from .models import Course, Trainee
from .models.courses import SESSION_KINDS


class SessionForm(forms.Form):
    """Hold a course as one of the user's training or seminar activities."""

    activity = forms.ModelChoiceField(
        label=_("Activity"),
        queryset=Activity.objects.none(),
        help_text=_("A training or seminar activity of your centre that is not a session yet."),
    )
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.all())
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"),
        queryset=Trainee.objects.instructors(),
        required=False,
        help_text=_("Certified instructors who taught it."),
    )
    other_trainers = forms.CharField(label=_("Other trainers"), max_length=300, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = (
            Activity.objects.editable_by(user)
            .filter(kind__in=SESSION_KINDS, training_session__isnull=True)
            .filter(Q(study_visit__isnull=True))
            .select_related("centre")
            .order_by("-start")
        )


class EnrolForm(forms.Form):
    trainee = forms.ModelChoiceField(label=_("Trainee"), queryset=Trainee.objects.all())


class ResultForm(forms.Form):
    """One enrolment's attendance, completion and scores in the session's bulk form."""

    enrolment = forms.IntegerField(widget=forms.HiddenInput)
    # The row's results when the page was opened (training.services.results_state).
    opened_state = forms.CharField(widget=forms.HiddenInput, required=False)
    attended = forms.BooleanField(label=_("Attended"), required=False)
    completed = forms.BooleanField(label=_("Completed"), required=False)
    pre_score = forms.IntegerField(
        label=_("Pre-test score"),
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("A score is out of 100: enter a number from 0 to 100."),
            "max_value": _("A score is out of 100: enter a number from 0 to 100."),
        },
    )
    post_score = forms.IntegerField(
        label=_("Post-test score"),
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("A score is out of 100: enter a number from 0 to 100."),
            "max_value": _("A score is out of 100: enter a number from 0 to 100."),
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("completed") and not data.get("attended"):
            self.add_error("completed", "A trainee who did not attend cannot complete the course.")
        return data


ResultFormSet = forms.formset_factory(ResultForm, extra=0)


class TraineeForm(forms.ModelForm):
    class Meta:
        model = Trainee
        fields = [
            "family_name",
            "given_name",
            "sex",
            "date_of_birth",
            "organisation",
            "unit",
            "position",
            "region",
            "personnel_number",
        ]
        field_classes = {"date_of_birth": DateField}
        widgets = {"date_of_birth": DateInput()}


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(queryset=Trainee.objects.all(), widget=forms.HiddenInput)
    duplicate = forms.ModelChoiceField(queryset=Trainee.objects.all(), widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("keep") and data.get("keep") == data.get("duplicate"):
            raise forms.ValidationError(_("Choose two different records to merge."))
        return data
