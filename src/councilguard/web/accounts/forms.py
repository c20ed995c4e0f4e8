"""Sign-in and second-factor forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms

from ..forms import GovukFormMixin


class SignInForm(GovukFormMixin, forms.Form):
    submit_label = "Sign in"

    username = forms.CharField(
        label="User name",
        max_length=150,
        error_messages={"required": "Enter your user name"},
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        max_length=4096,
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(GovukFormMixin, forms.Form):
    submit_label = "Continue"

    token = forms.RegexField(
        label="Security code",
        help_text="The 6-digit code your authenticator app shows for CouncilGuard",
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={
            "required": "Enter the 6-digit security code",
            "invalid": "The security code must be 6 digits",
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


class PasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    submit_label = "Change password"
