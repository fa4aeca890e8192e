"""Forms of the training pages: a session, enrolments and results, trainees, merging."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from programs.models import Activity, User
from untop.widgets import (
    SEARCHABLE,
    DateField,
    DateInput,
    SearchableSelect,
    SearchableSelectMultiple,
)

from .models import Course, Session, StudyVisit, Trainee
from .models.courses import SESSION_KINDS


def trainee_label(trainee: Trainee) -> str:
    """A trainee as the selects offer them: the name, then what tells two of one name apart
    (the organisation and personnel number the trainee list shows beside it)."""
    return " · ".join(
        part for part in (str(trainee), trainee.organisation, trainee.personnel_number) if part
    )


class TraineeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, trainee: Trainee) -> str:
        return trainee_label(trainee)


class TraineesChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, trainee: Trainee) -> str:
        return trainee_label(trainee)


class CourseLabels:
    """A choice of courses labelled by their titles in the reader's language: the session
    form's select and its search (training.views.course_options), and the session list's
    filter."""

    def label_from_instance(self, course: Course) -> str:
        return course.local_title


class CourseChoiceField(CourseLabels, forms.ModelChoiceField):
    """A course, named in the reader's language."""


class SessionActivityField(forms.ModelChoiceField):
    def label_from_instance(self, activity: Activity) -> str:
        # The day and the centre: two activities of one title are told apart.
        day = date_format(activity.start, "SHORT_DATE_FORMAT")
        return f"{day} · {activity.centre} · {activity.title}"


class SessionForm(forms.Form):
    """Hold a course as one of the user's training or seminar activities.

    An office holds thousands of activities and trains thousands of people: past a hundred,
    the activity, the course and the trainers are searched as the user types
    (SearchableSelect), among the same records this form accepts (training.views' options).
    """

    activity = SessionActivityField(
        label=_("Activity"),
        queryset=Activity.objects.none(),
        help_text=_("A training or seminar activity of your centre that is not a session yet."),
        widget=SearchableSelect("training:session_activity_options", attrs=SEARCHABLE),
    )
    course = CourseChoiceField(
        label=_("Course"),
        queryset=Course.objects.all(),
        widget=SearchableSelect("training:course_options", attrs=SEARCHABLE),
    )
    trainers = TraineesChoiceField(
        label=_("Trainers"),
        queryset=Trainee.objects.instructors(),
        required=False,
        help_text=_("Certified instructors who taught it."),
        widget=SearchableSelectMultiple("training:instructor_options", attrs=SEARCHABLE),
    )
    other_trainers = forms.CharField(label=_("Other trainers"), max_length=300, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "Not a session or a study visit yet" as NOT EXISTS: written as Django's outer joins
        # with IS NULL, PostgreSQL took the activities left for one row and sorted every
        # training and seminar of the office (130 ms of 100,000 activities), where walking
        # the latest first (activity_start_id) stops at the hundred the select asks for.
        self.fields["activity"].queryset = (
            Activity.objects.editable_by(user)
            .filter(kind__in=SESSION_KINDS)
            .filter(
                ~Exists(Session.objects.filter(activity=OuterRef("pk"))),
                ~Exists(StudyVisit.objects.filter(activity=OuterRef("pk"))),
            )
            .select_related("centre")
            .order_by("-start", "-id")
        )
        # In the order of the titles the select shows, those of the reader's language.
        self.fields["course"].queryset = Course.objects.in_reading_order()


class EnrolForm(forms.Form):
    trainee = TraineeChoiceField(
        label=_("Trainee"),
        queryset=Trainee.objects.all(),
        widget=SearchableSelect("training:trainee_options", attrs=SEARCHABLE),
    )


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
