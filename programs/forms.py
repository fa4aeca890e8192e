"""Forms of the programme pages: an activity, who took part, its evidence, and list filters."""

from __future__ import annotations

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from .models import (
    Activity,
    Centre,
    District,
    Evidence,
    MandateArea,
    ParticipantCategory,
    ParticipantCount,
    Partner,
    Project,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ActivityForm(forms.ModelForm):
    """An activity; staff may only choose their own centre. ``version`` is the activity's
    version when the form was opened (a save made since is shown, not overwritten)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activity
        fields = [
            "project",
            "kind",
            "title",
            "start",
            "end",
            "centre",
            "district",
            "status",
            "partners",
            "narrative",
        ]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "narrative": forms.Textarea(attrs={"rows": 4}),
            "partners": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        projects = Project.objects.exclude(status=Project.Status.CLOSED)
        if self.instance.pk and self.instance.project_id:
            # Keep the current project selectable even after it has closed.
            projects = projects | Project.objects.filter(pk=self.instance.project_id)
        self.fields["project"].queryset = projects.distinct()
        self.fields["district"].queryset = District.objects.select_related("region").order_by(
            "region__name_en", "name_en"
        )
        self.fields["district"].label_from_instance = lambda d: f"{d.name_en} ({d.region})"
        self.fields["partners"].queryset = Partner.objects.all()
        self.fields["partners"].help_text = _("Hold Ctrl (or ⌘) to choose several.")
        if not user.has_perm("programs.change_activity_any_centre"):
            self.fields["centre"].queryset = Centre.objects.filter(pk=user.home_centre_id)
            self.fields["centre"].empty_label = None


class ParticipantCountForm(forms.ModelForm):
    class Meta:
        model = ParticipantCount
        fields = ["category", "women", "men"]
        widgets = {
            "women": forms.NumberInput(attrs={"min": 0}),
            "men": forms.NumberInput(attrs={"min": 0}),
        }

    def has_changed(self) -> bool:
        # A new row with no category and no one counted is a row left empty, not an error.
        if self.instance.pk is None and self.is_bound:
            category = self.data.get(self.add_prefix("category"))
            counts = [self.data.get(self.add_prefix(name)) for name in ("women", "men")]
            if not category and all(value in (None, "", "0") for value in counts):
                return False
        return super().has_changed()


class BaseParticipantFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        # Name the repeated row before the formset's generic "duplicate data" message.
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            category = form.cleaned_data.get("category")
            if category is None:
                continue
            if category in seen:
                form.add_error("category", "This category is already counted above.")
            seen.add(category)
        super().clean()


ParticipantFormSet = inlineformset_factory(
    Activity,
    ParticipantCount,
    form=ParticipantCountForm,
    formset=BaseParticipantFormSet,
    extra=3,
    can_delete=True,
)


class EvidenceForm(forms.ModelForm):
    MAX_BYTES = 5 * 1024 * 1024

    class Meta:
        model = Evidence
        fields = ["file", "description"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ActivityFilterForm(forms.Form):
    """The activity list's filters; every field is optional and bad values are reported."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    area = forms.ChoiceField(
        label=_("Mandate area"),
        required=False,
        choices=[("", _("All areas")), *MandateArea.choices],
    )
    centre = forms.ModelChoiceField(
        queryset=Centre.objects.all(), required=False, empty_label=_("All centres")
    )
    project = forms.ModelChoiceField(
        queryset=Project.objects.all(), required=False, empty_label=_("All projects")
    )
    status = forms.ChoiceField(
        required=False, choices=[("", _("Any status")), *Activity.Status.choices]
    )
    approval = forms.ChoiceField(
        required=False, choices=[("", _("Any approval")), *Activity.Approval.choices]
    )
    start_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    start_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any type")), *Activity.Kind.choices]
    )
    category = forms.ModelChoiceField(
        label=_("Participants"),
        queryset=ParticipantCategory.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All participants"),
        help_text=_("Activities with participants of this category; the totals count only them."),
    )
    counted = forms.BooleanField(
        label=_("Only what reports count"),
        required=False,
        help_text=_("Held and approved activities."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("start_from")
            and data.get("start_to")
            and data["start_to"] < data["start_from"]
        ):
            self.add_error("start_to", "The end of the range is before its start.")
        return data

    def filter(self, activities):
        """The activities that match the valid filters."""
        data = self.cleaned_data
        if data.get("q"):
            activities = activities.search(data["q"])
        if data.get("area"):
            activities = activities.filter(project__area=data["area"])
        for name in ("centre", "project", "status", "approval", "kind"):
            if data.get(name):
                activities = activities.filter(**{name: data[name]})
        if data.get("category"):
            activities = activities.filter(
                pk__in=ParticipantCount.objects.filter(category=data["category"]).values(
                    "activity_id"
                )
            )
        if data.get("counted"):
            activities = activities.counted()
        if data.get("start_from"):
            activities = activities.filter(start__gte=data["start_from"])
        if data.get("start_to"):
            activities = activities.filter(start__lte=data["start_to"])
        return activities
