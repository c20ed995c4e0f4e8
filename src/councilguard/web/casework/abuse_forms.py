"""A councillor's report of abuse received, and Members' Services' follow-up."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.utils import timezone

from councilguard.web.names import refuse_bidi_controls

from .abuse_models import PLATFORM_CHOICES, AbuseReport
from .public_forms import ScreenshotsField


class AbuseReportForm(forms.Form):
    platform = forms.ChoiceField(
        label="Where did you receive it?",
        choices=PLATFORM_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where you received the message"},
    )
    sender_handle = forms.CharField(
        validators=[refuse_bidi_controls],
        label="Who sent it",
        max_length=200,
        help_text="Their handle (@name), profile name, e-mail address or phone number, exactly as shown.",
        error_messages={"required": "Enter who sent the message"},
    )
    received_on = DateInputField(
        label="When you received it", help_text="For example, 27 3 2026", require_all_fields=False
    )
    text = forms.CharField(
        label="What the message said",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Copy it word for word, however offensive: it is kept only for this report.",
        error_messages={"required": "Enter what the message said"},
    )
    impersonation = forms.BooleanField(label="The sender is pretending to be me", required=False)
    screenshots = ScreenshotsField(
        label="Screenshots (optional)",
        help_text="PNG, JPEG, GIF or WebP images, up to 10, each 10 MB or smaller.",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["received_on"]
        field.error_messages.update(
            required="Enter the date you received the message",
            incomplete="Enter the date you received the message as a day, month and year",
            invalid="The date you received the message must be a real date",
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("platform", legend_size=Size.SMALL, small=True),
            Field.text("sender_handle"),
            Field("received_on"),
            Field.textarea("text"),
            Field.checkbox("impersonation", small=True),
            Field("screenshots"),
            Submit("send", "Send the report"),
        )

    def clean_received_on(self) -> Any:
        day = self.cleaned_data.get("received_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date you received the message must be today or in the past")
        return day


class PoliceForm(forms.Form):
    police_reference = forms.CharField(
        label="Police reference number",
        max_length=60,
        help_text="The crime or incident number the Police gave you, e.g. CAD 1234/27MAR26.",
        error_messages={"required": "Enter the reference number the Police gave"},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("police_reference", field_width=20), Submit("save", "Record the Police report")
        )


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(
        label="State of the report",
        choices=AbuseReport.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the state of the report"},
    )
    notes = forms.CharField(label="Notes", max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field.textarea("notes"),
            Submit("save", "Save"),
        )
