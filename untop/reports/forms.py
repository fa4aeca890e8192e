"""Form parts every kind of report shares."""

from django import forms
from django.utils.translation import gettext_lazy as _

REPORT_LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]


def report_language_field() -> forms.ChoiceField:
    """The language the PDF is written in: English or Russian, as the office's documents."""
    return forms.ChoiceField(
        label=_("Language of the report"),
        choices=REPORT_LANGUAGES,
        initial="en",
        required=False,
        error_messages={"invalid_choice": _("Reports are written in English or Russian.")},
    )


class NarrativeForm(forms.Form):
    """One section's narrative: saved as a draft, or published for the next build."""

    section = forms.ChoiceField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text; an empty line starts a new paragraph."),
    )
    publish = forms.BooleanField(label=_("Publish"), required=False)
    # The section's latest revision when the form was opened (0: none): a save since
    # refuses this one and shows both texts (untop.reports.narratives.narrative_save).
    opened_revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, slots: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = slots
        self.fields["section"].error_messages["invalid_choice"] = _(
            "This report has no such section."
        )
