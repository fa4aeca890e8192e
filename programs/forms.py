"""Forms of the programme pages: an activity, who took part, its evidence."""

from __future__ import annotations

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from untop.widgets import DateField, DateInput

from .models import (
    Activity,
    Centre,
    District,
    Evidence,
    ParticipantCount,
    Partner,
    Project,
)

# A select the browser makes searchable (static/js/selects.js), and what it says when
# nothing matches what was typed.
SEARCHABLE = {"data-search": "", "data-no-results": _("Nothing matches")}


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
        field_classes = {"start": DateField, "end": DateField}
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "narrative": forms.Textarea(attrs={"rows": 4}),
            # Long lists: searchable as one types (static/js/selects.js).
            "project": forms.Select(attrs=SEARCHABLE),
            "district": forms.Select(attrs=SEARCHABLE),
            "partners": forms.SelectMultiple(attrs={"size": 5, **SEARCHABLE}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        projects = Project.objects.exclude(status=Project.Status.CLOSED)
        if self.instance.pk and self.instance.project_id:
            # Keep the current project selectable even after it has closed.
            projects = projects | Project.objects.filter(pk=self.instance.project_id)
        self.fields["project"].queryset = projects.distinct()
        self.fields["project"].empty_label = _("Choose a project")
        self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.local_title}"
        self.fields["kind"].choices = [("", _("Choose a type")), *Activity.Kind.choices]
        self.fields["district"].queryset = District.objects.select_related("region").order_by(
            "region__name_en", "name_en"
        )
        self.fields["district"].empty_label = _("The centre's own town")
        self.fields["district"].label_from_instance = lambda d: (
            f"{d.local_name} ({d.region.local_name})"
        )
        self.fields["partners"].queryset = Partner.objects.all()
        self.fields["partners"].label_from_instance = lambda p: p.local_name
        self.fields["partners"].help_text = _("Type to find a partner; choose all who took part.")
        self.fields["centre"].empty_label = _("Choose a centre")
        if not user.has_perm("programs.change_activity_any_centre"):
            self.fields["centre"].queryset = Centre.objects.filter(pk=user.home_centre_id)
            self.fields["centre"].empty_label = None


class ParticipantCountForm(forms.ModelForm):
    class Meta:
        model = ParticipantCount
        fields = ["category", "women", "men"]
        widgets = {
            "women": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "men": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].empty_label = _("Choose a category")

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
