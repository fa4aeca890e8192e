"""Forms of the sign-in security pages."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from untop.audit.accounts import account_event
from untop.audit.models import AccountEvent


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Type the six digits your app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


class SecondFactorForm(forms.Form):
    """The sign-in step's code: six digits from the app, or one of the user's recovery codes."""

    token = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if re.fullmatch(r"\d{6}", token):
            self.recovery = False
            return token
        code = "".join(token.split()).replace("-", "").lower()
        if re.fullmatch(r"[a-z2-7]{8}", code):
            self.recovery = True
            return code
        raise forms.ValidationError(
            _("Type the six digits your app shows, or one of your recovery codes.")
        )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class EmailChangeForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].label = _("New e-mail address")


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form, recording each link it sends on the account it goes to."""

    request = None

    def save(self, *args, request=None, **kwargs):
        self.request = request
        return super().save(*args, request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
        # The link's own e-mail tells the holder: the event is recorded without a second one.
        account_event(
            kind=AccountEvent.Kind.PASSWORD_RESET_SENT,
            account=context["user"],
            request=self.request,
            notify=False,
        )
