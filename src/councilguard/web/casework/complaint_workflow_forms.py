"""The Monitoring Officer's steps on a complaint: assessment and outcome."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.utils import timezone

from councilguard.web.names import refuse_bidi_controls

from .complaint_models import Complaint


class AssessmentForm(forms.Form):
    ip_name = forms.CharField(
        validators=[refuse_bidi_controls],
        label="Name of the Independent Person",
        max_length=200,
        error_messages={"required": "Enter the name of the Independent Person you consulted"},
    )
    ip_consulted_on = DateInputField(
        label="When they gave their view", help_text="For example, 27 3 2026", require_all_fields=False
    )
    ip_view = forms.CharField(
        label="The Independent Person's view",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the Independent Person's view"},
    )
    assessment = forms.ChoiceField(
        label="Your initial assessment",
        choices=Complaint.Assessment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select your initial assessment"},
    )
    assessment_reasons = forms.CharField(
        label="Reasons for the assessment",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="These go into the letters to the complainant and the councillor.",
        error_messages={"required": "Enter the reasons for your assessment"},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["ip_consulted_on"]
        field.error_messages.update(
            required="Enter the date the Independent Person gave their view",
            incomplete="Enter the date the Independent Person gave their view as a day, month and year",
            invalid="The date the Independent Person gave their view must be a real date",
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                Field.text("ip_name"),
                Field("ip_consulted_on"),
                Field.textarea("ip_view"),
                legend="The Independent Person",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("assessment", legend_size=Size.SMALL),
                Field.textarea("assessment_reasons"),
                legend="Initial assessment",
                legend_size=Size.MEDIUM,
            ),
            Submit("save", "Save the assessment"),
        )

    def clean_ip_consulted_on(self) -> Any:
        day = self.cleaned_data.get("ip_consulted_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date the Independent Person gave their view must be today or in the past")
        return day


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Complaint.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    outcome_notes = forms.CharField(
        label="Reasons for the outcome",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Investigation and a hearing keep the complaint open; every other outcome closes it.",
        error_messages={"required": "Enter the reasons for the outcome"},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.textarea("outcome_notes"),
            Submit("save", "Record the outcome"),
        )
