"""The account page's form that makes an API token."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

VALIDITY_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("a year")),
    ("", _("until I revoke it")),
]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “country team dashboard”."),
    )
    valid_days = forms.ChoiceField(
        label=_("Valid for"), choices=VALIDITY_CHOICES, required=False, initial="90"
    )

    def clean_valid_days(self) -> int | None:
        value = self.cleaned_data["valid_days"]
        return int(value) if value else None
