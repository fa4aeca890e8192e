"""Forms of the programme pages: an activity, who took part, its evidence."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from untop.widgets import SEARCHABLE, DateField, DateInput

from .models import (
    Activity,
    AgeBand,
    Centre,
    Disability,
    District,
    Evidence,
    ParticipantCount,
    ParticipantGroup,
    Partner,
    Project,
    Sex,
)
from .models.groups import AGE_NOT_RECORDED


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
            # Every open project, searched in the browser: the form is kept for offline
            # entry (programs/offline.py), where the portal cannot be asked.
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


#: The breakdown grid's columns, in the order the office's sign-in sheets have them: the
#: women with a disability, without, not recorded; then the men the same way.
GRID_COLUMNS = [
    (sex, disability)
    for sex in (Sex.WOMEN, Sex.MEN)
    for disability in (Disability.YES, Disability.NO, Disability.NOT_RECORDED)
]
# What a screen reader says for a cell of the grid ("Women, 18–24, with a disability").
GRID_CELL_WORDS = {
    Disability.YES: _("with a disability"),
    Disability.NO: _("without a disability"),
    Disability.NOT_RECORDED: _("disability not recorded"),
}


class GridLine:
    """One line of a row's breakdown grid: an age band (or none) and its six cells."""

    def __init__(self, band: AgeBand | None, cells: list):
        self.band = band
        self.label = band if band is not None else AGE_NOT_RECORDED
        self.cells = cells


class ParticipantCountForm(forms.ModelForm):
    """A category's women and men, and, for a centre that records more, how many of them were
    of each age band and with a disability or without (the row's breakdown grid). An empty grid
    is no breakdown: everyone "not recorded". A grid with numbers must add up to the row's
    women and men (ParticipantCount.clean, programs/rules.py ``breakdown``)."""

    class Meta:
        model = ParticipantCount
        fields = ["category", "women", "men"]
        widgets = {
            "women": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "men": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }

    def __init__(
        self,
        *args,
        bands: list[AgeBand] | None = None,
        categories: list[tuple[int, str]] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["category"].empty_label = _("Choose a category")
        if categories is not None:
            # The formset reads the categories once for all its rows' lists.
            self.fields["category"].choices = [("", _("Choose a category")), *categories]
        # The formset reads the bands once for all its rows; a form on its own reads them.
        bands = list(AgeBand.objects.all()) if bands is None else bands
        saved = {}
        if self.instance.pk is not None:
            # Prefetched by the formset: no query per row.
            saved = {
                (g.sex, g.age_band_id, g.disability): g.number for g in self.instance.groups.all()
            }
        number = ParticipantGroup._meta.get_field("number")
        # The model's own limits (not negative, what the database holds): any input is an
        # answer, never a server error.
        largest = min(
            (v.limit_value for v in number.validators if isinstance(v, MaxValueValidator)),
            default=None,
        )
        self.groups: list[dict] = []  # the grid's groups, once the form is cleaned
        self._grid: list[tuple[str, str, AgeBand | None, str]] = []
        self.grid_lines: list[GridLine] = []
        for band in [*bands, None]:
            names = []
            for sex, disability in GRID_COLUMNS:
                name = f"grid_{sex}_{band.pk if band else 'none'}_{disability}"
                words = {
                    "sex": Sex(sex).label,
                    "age": band if band is not None else AGE_NOT_RECORDED.lower(),
                    "disability": GRID_CELL_WORDS[disability],
                }
                self.fields[name] = number.formfield(
                    required=False,
                    max_value=largest,
                    label=_("%(sex)s, %(age)s, %(disability)s") % words,
                    initial=saved.get((sex, band.pk if band else None, disability)),
                    widget=forms.NumberInput(
                        attrs={"min": 0, "inputmode": "numeric", "data-sex": sex}
                    ),
                )
                self._grid.append((name, sex, band, disability))
                names.append(name)
            self.grid_lines.append(GridLine(band, names))

    @property
    def grid(self) -> list[GridLine]:
        """The grid's lines with their bound fields, for the template."""
        return [
            GridLine(line.band, [self[name] for name in line.cells]) for line in self.grid_lines
        ]

    @property
    def has_breakdown(self) -> bool:
        """Whether the grid holds any number (as typed, or as saved when the form opened)."""
        for name, *_rest in self._grid:
            value = self[name].value()
            if value not in (None, "", "0", 0):
                return True
        return False

    def has_changed(self) -> bool:
        # A new row with no category, no one counted and an empty grid is a row left empty,
        # not an error.
        if self.instance.pk is None and self.is_bound:
            category = self.data.get(self.add_prefix("category"))
            names = ["women", "men", *(name for name, *_rest in self._grid)]
            counts = [self.data.get(self.add_prefix(name)) for name in names]
            if not category and all(value in (None, "", "0") for value in counts):
                return False
        return super().has_changed()

    def clean(self):
        cleaned = super().clean()
        self.groups = [
            {"sex": sex, "age_band": band, "disability": disability, "number": cleaned[name]}
            for name, sex, band, disability in self._grid
            if cleaned.get(name)
        ]
        grid_read = all(name in cleaned for name, *_rest in self._grid)
        if grid_read and "women" in cleaned and "men" in cleaned:
            # The model checks this grid, not the saved breakdown, adds up to the row's women
            # and men (its message names the category and the sex, at this row).
            self.instance.pending_groups = [(g["sex"], g["number"]) for g in self.groups]
        else:
            # A number the row could not read is marked already: no second message about sums.
            self.instance.pending_groups = []
        return cleaned


class BaseParticipantFormSet(BaseInlineFormSet):
    def __init__(self, *args, queryset=None, **kwargs):
        # Each row's saved breakdown is read in one query for all rows; the age bands and the
        # categories' list once: a page with more rows costs no more queries to show.
        if queryset is None:
            queryset = ParticipantCount.objects.prefetch_related("groups")
        super().__init__(*args, queryset=queryset, **kwargs)
        self.bands = list(AgeBand.objects.all())
        # A fresh query: the class's field (and its queryset) outlives the request.
        field = self.form.base_fields["category"]
        self.categories = [(c.pk, field.label_from_instance(c)) for c in field.queryset.all()]

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "bands": self.bands,
            "categories": self.categories,
        }

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


# A row per participant category: an activity never counts more than this many. Django
# builds every form a post announces (up to 1,000 past max_num by default), each with its
# breakdown grid, before it can refuse them: a forged count would cost seconds of the server.
MAX_PARTICIPANT_ROWS = 100

ParticipantFormSet = inlineformset_factory(
    Activity,
    ParticipantCount,
    form=ParticipantCountForm,
    formset=BaseParticipantFormSet,
    extra=3,
    can_delete=True,
    max_num=MAX_PARTICIPANT_ROWS,
    absolute_max=MAX_PARTICIPANT_ROWS,
    validate_max=True,
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
