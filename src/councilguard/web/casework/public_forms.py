"""The public complaint form (no account): who, what, when, and the evidence."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from councilguard.web.names import refuse_bidi_controls
from councilguard.web.register.models import Member

from .casefiles import MAX_FILES, CheckedImage, NotAnImage, check_image


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ScreenshotsField(forms.FileField):
    """Any number of screenshots (none is fine), each checked to be a real image."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CheckedImage]:
        files = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Upload at most {MAX_FILES} screenshots")
        checked, problems = [], []
        for upload in files:
            try:
                checked.append(check_image(upload))
            except NotAnImage as exc:
                problems.append(str(exc))
        if problems:
            raise forms.ValidationError(problems)
        return checked


class _MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return f"Councillor {obj.full_name}" + (f" ({obj.ward})" if obj.ward_id else "")


def _date_field(label: str, help_text: str, required: bool = True) -> DateInputField:
    field = DateInputField(label=label, help_text=help_text, required=required, require_all_fields=False)
    field.error_messages["required"] = f"Enter {label[0].lower() + label[1:]}"
    field.error_messages["incomplete"] = f"Enter {label[0].lower() + label[1:]} as a day, month and year"
    field.error_messages["invalid"] = f"{label} must be a real date"
    return field


class PublicComplaintForm(forms.Form):
    complainant_name = forms.CharField(
        label="Your full name",
        max_length=200,
        validators=[refuse_bidi_controls],
        error_messages={"required": "Enter your full name"},
    )
    complainant_contact = forms.CharField(
        label="Your e-mail address or postal address",
        max_length=300,
        help_text="We will write to you here to acknowledge the complaint and tell you the outcome.",
        error_messages={"required": "Enter an e-mail address or postal address we can write to"},
    )
    member = _MemberChoice(
        queryset=Member.objects.filter(active=True).select_related("ward").order_by("full_name"),
        label="Which councillor is your complaint about?",
        empty_label="Select the councillor",
        error_messages={
            "required": "Select the councillor you are complaining about",
            "invalid_choice": "Select a councillor from the list",
        },
    )
    summary = forms.CharField(
        label="What did the councillor do?",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Say what happened and why you think it breached the Code of Conduct.",
        error_messages={"required": "Say what the councillor did"},
    )
    conduct_on = _date_field("When it happened", "For example, 27 3 2026. If it went on over days, the last day.")
    evidence_links = forms.CharField(
        label="Links to the posts or pages (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One link on each line.",
    )
    evidence_text = forms.CharField(
        label="The words the councillor used (optional)",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Copy the post or e-mail exactly, so the Monitoring Officer can check it against the Code.",
    )
    screenshots = ScreenshotsField(
        label="Screenshots (optional)",
        help_text="PNG, JPEG, GIF or WebP images, up to 10, each 10 MB or smaller.",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                Field.text("complainant_name", field_width=20),
                Field.text("complainant_contact"),
                legend="About you",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.select("member"),
                Field.textarea("summary"),
                Field("conduct_on"),
                legend="Your complaint",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("evidence_links"),
                Field.textarea("evidence_text"),
                Field("screenshots"),
                legend="Your evidence",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean_conduct_on(self) -> Any:
        day = self.cleaned_data.get("conduct_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError("When it happened must be today or in the past")
        return day
